package io.kitemq.client.cli;

import io.kitemq.protocol.message.MessageExt;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A message as the CLI prints it: ids, where it is stored, when, tags, keys, properties and the body as
 * UTF-8 text. Immutable.
 *
 * <p>Thread-safe to share once built; the messages (or bytes) inside are not copied, so do not modify them.
 */
record MessageView(
        String msgId,
        String offsetMsgId,
        String topic,
        String brokerName,
        int queueId,
        long queueOffset,
        String tags,
        String keys,
        long bornTimestamp,
        long storeTimestamp,
        int reconsumeTimes,
        Map<String, String> properties,
        String body) {

    private static final int PREVIEW = 60;

    static MessageView of(MessageExt m) {
        return new MessageView(
                m.getUniqKey(),
                m.getMsgId(),
                m.getTopic(),
                m.getBrokerName(),
                m.getQueueId(),
                m.getQueueOffset(),
                m.getTags(),
                m.getKeys(),
                m.getBornTimestamp(),
                m.getStoreTimestamp(),
                m.getReconsumeTimes(),
                Map.copyOf(m.getProperties()),
                m.getBody() == null ? "" : new String(m.getBody(), StandardCharsets.UTF_8));
    }

    String bodyPreview() {
        String oneLine = body.replace('\n', ' ').replace('\r', ' ');
        return oneLine.length() <= PREVIEW ? oneLine : oneLine.substring(0, PREVIEW - 3) + "...";
    }
}
