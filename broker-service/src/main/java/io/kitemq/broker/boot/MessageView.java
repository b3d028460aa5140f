package io.kitemq.broker.boot;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.kitemq.protocol.message.MessageExt;
import io.kitemq.protocol.message.PropertyKeys;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A stored message as the REST API shows it. The body is {@code body} (text) when it is valid UTF-8,
 * else {@code bodyBase64}; {@code tags}, {@code keys} and the client's id ({@code msgId}, the {@code
 * UNIQ_KEY} property — the broker's {@code offsetMsgId} when the sender set none) have their own fields
 * and are left out of {@code properties}.
 *
 * <p>Immutable and thread-safe.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record MessageView(
        String msgId,
        String offsetMsgId,
        String topic,
        int queueId,
        long queueOffset,
        long commitLogOffset,
        String tags,
        List<String> keys,
        Map<String, String> properties,
        long bornTimestamp,
        String bornHost,
        long storeTimestamp,
        String storeHost,
        int reconsumeTimes,
        int bodySize,
        String body,
        String bodyBase64) {

    static MessageView of(MessageExt m) {
        Map<String, String> properties = new LinkedHashMap<>(m.getProperties());
        properties.remove(PropertyKeys.PROPERTY_TAGS);
        properties.remove(PropertyKeys.PROPERTY_KEYS);
        String uniqueKey = properties.remove(PropertyKeys.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX);
        byte[] body = m.getBody() == null ? new byte[0] : m.getBody();
        String text = utf8(body);
        return new MessageView(
                uniqueKey != null ? uniqueKey : m.getMsgId(),
                m.getMsgId(),
                m.getTopic(),
                m.getQueueId(),
                m.getQueueOffset(),
                m.getCommitLogOffset(),
                m.getTags(),
                m.getKeyList(),
                properties,
                m.getBornTimestamp(),
                host(m.getBornHost()),
                m.getStoreTimestamp(),
                host(m.getStoreHost()),
                m.getReconsumeTimes(),
                body.length,
                text,
                text == null ? Base64.getEncoder().encodeToString(body) : null);
    }

    private static String host(InetSocketAddress a) {
        if (a == null) {
            return null;
        }
        return (a.getAddress() == null ? a.getHostString() : a.getAddress().getHostAddress()) + ":" + a.getPort();
    }

    /** The body as text if it is well-formed UTF-8, else null. */
    private static String utf8(byte[] body) {
        try {
            CharBuffer chars = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body));
            return chars.toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
