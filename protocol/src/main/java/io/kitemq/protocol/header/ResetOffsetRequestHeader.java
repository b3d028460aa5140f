package io.kitemq.protocol.header;

import java.util.Map;
import java.util.Objects;

/**
 * Custom header of {@code INVOKE_BROKER_TO_RESET_OFFSET} (222, admin to broker) and
 * {@code RESET_CONSUMER_CLIENT_OFFSET} (220, broker to client). {@link #queueId} defaults to -1 (all queues);
 * {@link #force} travels under the key {@code isForce}; the 5.x base field {@code bname} is carried as
 * {@link #brokerName}.
 *
 * <p>Required keys: {@code group}, {@code topic}, {@code timestamp}, {@code isForce}. Optional keys, omitted when
 * null: {@code offset}, {@code bname}. Keys always written and defaulted when absent: {@code queueId} (-1).
 * Components sent under another key: {@code force} as {@code isForce}, {@code brokerName} as {@code bname}.
 *
 * <p>Immutable and thread-safe.
 */
public record ResetOffsetRequestHeader(
        String group, String topic, int queueId, Long offset, long timestamp, boolean force, String brokerName)
        implements CommandCustomHeader {

    public ResetOffsetRequestHeader {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(topic, "topic");
    }

    /**
     * Reads the header from a command's extFields; unknown keys (such as the 5.x base fields) are ignored.
     *
     * @throws MissingHeaderFieldException if a required field is absent or not a number
     */
    public static ResetOffsetRequestHeader decode(Map<String, String> extFields) {
        ExtFieldReader r = new ExtFieldReader(extFields, "ResetOffsetRequestHeader");
        return new ResetOffsetRequestHeader(
                r.requiredString("group"),
                r.requiredString("topic"),
                r.intOr("queueId", -1),
                r.optionalLong("offset"),
                r.requiredLong("timestamp"),
                r.requiredBoolean("isForce"),
                r.optionalString("bname"));
    }

    @Override
    public void encodeTo(Map<String, String> extFields) {
        extFields.put("group", group);
        extFields.put("topic", topic);
        extFields.put("queueId", Integer.toString(queueId));
        ExtFieldWriter.putIfNotNull(extFields, "offset", offset);
        extFields.put("timestamp", Long.toString(timestamp));
        extFields.put("isForce", Boolean.toString(force));
        ExtFieldWriter.putIfNotNull(extFields, "bname", brokerName);
    }
}
