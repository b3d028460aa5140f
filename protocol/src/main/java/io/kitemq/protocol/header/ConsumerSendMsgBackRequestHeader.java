package io.kitemq.protocol.header;

import java.util.Map;
import java.util.Objects;

/**
 * Custom header of {@code CONSUMER_SEND_MSG_BACK} (36), consumer to broker. {@link #offset} is the CommitLog
 * offset; {@link #delayLevel} 0 lets the broker pick, -1 sends straight to the DLQ. {@link #unitMode} defaults to
 * {@code false}.
 *
 * <p>Required keys: {@code offset}, {@code group}, {@code delayLevel}. Optional keys, omitted when null:
 * {@code originMsgId}, {@code originTopic}, {@code maxReconsumeTimes}. Keys always written and defaulted when
 * absent: {@code unitMode} (false).
 *
 * <p>Immutable and thread-safe.
 */
public record ConsumerSendMsgBackRequestHeader(
        long offset,
        String group,
        int delayLevel,
        String originMsgId,
        String originTopic,
        boolean unitMode,
        Integer maxReconsumeTimes)
        implements CommandCustomHeader {

    public ConsumerSendMsgBackRequestHeader {
        Objects.requireNonNull(group, "group");
    }

    /**
     * Reads the header from a command's extFields; unknown keys (such as the 5.x base fields) are ignored.
     *
     * @throws MissingHeaderFieldException if a required field is absent or not a number
     */
    public static ConsumerSendMsgBackRequestHeader decode(Map<String, String> extFields) {
        ExtFieldReader r = new ExtFieldReader(extFields, "ConsumerSendMsgBackRequestHeader");
        return new ConsumerSendMsgBackRequestHeader(
                r.requiredLong("offset"),
                r.requiredString("group"),
                r.requiredInt("delayLevel"),
                r.optionalString("originMsgId"),
                r.optionalString("originTopic"),
                r.booleanOr("unitMode", false),
                r.optionalInt("maxReconsumeTimes"));
    }

    @Override
    public void encodeTo(Map<String, String> extFields) {
        extFields.put("offset", Long.toString(offset));
        extFields.put("group", group);
        extFields.put("delayLevel", Integer.toString(delayLevel));
        ExtFieldWriter.putIfNotNull(extFields, "originMsgId", originMsgId);
        ExtFieldWriter.putIfNotNull(extFields, "originTopic", originTopic);
        extFields.put("unitMode", Boolean.toString(unitMode));
        ExtFieldWriter.putIfNotNull(extFields, "maxReconsumeTimes", maxReconsumeTimes);
    }
}
