package io.kitemq.protocol.header;

import java.util.Map;
import java.util.Objects;

/**
 * Custom header of {@code GET_CONSUME_STATS} (208), admin to broker; {@link #topicList} is a comma-separated topic
 * list.
 *
 * <p>Required keys: {@code consumerGroup}. Optional keys, omitted when null: {@code topic}, {@code topicList}.
 *
 * <p>Immutable and thread-safe.
 */
public record GetConsumeStatsRequestHeader(String consumerGroup, String topic, String topicList)
        implements CommandCustomHeader {

    public GetConsumeStatsRequestHeader {
        Objects.requireNonNull(consumerGroup, "consumerGroup");
    }

    /**
     * Reads the header from a command's extFields; unknown keys (such as the 5.x base fields) are ignored.
     *
     * @throws MissingHeaderFieldException if a required field is absent or not a number
     */
    public static GetConsumeStatsRequestHeader decode(Map<String, String> extFields) {
        ExtFieldReader r = new ExtFieldReader(extFields, "GetConsumeStatsRequestHeader");
        return new GetConsumeStatsRequestHeader(
                r.requiredString("consumerGroup"), r.optionalString("topic"), r.optionalString("topicList"));
    }

    @Override
    public void encodeTo(Map<String, String> extFields) {
        extFields.put("consumerGroup", consumerGroup);
        ExtFieldWriter.putIfNotNull(extFields, "topic", topic);
        ExtFieldWriter.putIfNotNull(extFields, "topicList", topicList);
    }
}
