package io.kitemq.store.dispatch;

import io.kitemq.protocol.message.MagicVersion;
import io.kitemq.protocol.message.MessageProperties;
import io.kitemq.protocol.message.PropertyKeys;
import io.kitemq.protocol.message.StoredMessageFormat;
import io.kitemq.protocol.message.TagHash;
import io.kitemq.protocol.message.TopicName;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Reads the fields the dispatcher needs from one stored record, by absolute index, without decoding
 * the body.
 *
 * <p>Stateless and thread-safe.
 */
final class RecordReader {

    private RecordReader() {}

    static DispatchRequest read(ByteBuffer b, int index, long commitLogOffset) {
        int size = b.getInt(index);
        MagicVersion version = MagicVersion.ofMagicCode(b.getInt(index + StoredMessageFormat.MAGIC_CODE_POSITION));
        int queueId = b.getInt(index + StoredMessageFormat.QUEUE_ID_POSITION);
        long queueOffset = b.getLong(index + StoredMessageFormat.QUEUE_OFFSET_POSITION);
        int sysFlag = b.getInt(index + StoredMessageFormat.SYS_FLAG_POSITION);
        long storeTimestamp = b.getLong(index + StoredMessageFormat.storeTimestampPosition(sysFlag));
        int bodyLengthAt = index + StoredMessageFormat.bodyLengthPosition(sysFlag);
        int topicLengthAt = bodyLengthAt + 4 + b.getInt(bodyLengthAt);
        int topicLength = version == MagicVersion.V1 ? b.get(topicLengthAt) & 0xFF : b.getShort(topicLengthAt) & 0xFFFF;
        int topicAt = topicLengthAt + version.topicLengthSize();
        String topic = string(b, topicAt, topicLength);
        int propertiesLengthAt = topicAt + topicLength;
        int propertiesLength = b.getShort(propertiesLengthAt);
        Map<String, String> properties =
                propertiesLength > 0 ? MessageProperties.decode(b, propertiesLengthAt + 2, propertiesLength) : Map.of();
        long tagHash = tagHash(topic, properties);
        return new DispatchRequest(
                topic, queueId, queueOffset, commitLogOffset, size, tagHash, storeTimestamp, sysFlag, properties);
    }

    /**
     * The TAGS hash; for a timed message parked in a system topic ({@code rmq_sys_*} with {@code TIMER_OUT_MS},
     * such as the broker's timer topic) its due time instead, so the timer index is rebuilt from the
     * ConsumeQueue alone, as RocketMQ puts a delayed message's deliver time in the tags code.
     */
    private static long tagHash(String topic, Map<String, String> properties) {
        String due = properties.get(PropertyKeys.PROPERTY_TIMER_OUT_MS);
        if (due != null && topic.startsWith(TopicName.SYSTEM_PREFIX)) {
            try {
                return Long.parseLong(due);
            } catch (NumberFormatException e) {
                return 0; // due at once
            }
        }
        return TagHash.of(properties.get(PropertyKeys.PROPERTY_TAGS));
    }

    private static String string(ByteBuffer b, int at, int length) {
        if (b.hasArray()) {
            return new String(b.array(), b.arrayOffset() + at, length, StandardCharsets.UTF_8);
        }
        byte[] bytes = new byte[length];
        b.get(at, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
