package io.kitemq.protocol.header;

import java.util.Map;
import java.util.Objects;

/**
 * Custom header of {@code GET_TOPIC_STATS_INFO} (202), admin to broker.
 *
 * <p>Required keys: {@code topic}.
 *
 * <p>Immutable and thread-safe.
 */
public record GetTopicStatsInfoRequestHeader(String topic) implements CommandCustomHeader {

    public GetTopicStatsInfoRequestHeader {
        Objects.requireNonNull(topic, "topic");
    }

    /**
     * Reads the header from a command's extFields; unknown keys (such as the 5.x base fields) are ignored.
     *
     * @throws MissingHeaderFieldException if a required field is absent or not a number
     */
    public static GetTopicStatsInfoRequestHeader decode(Map<String, String> extFields) {
        ExtFieldReader r = new ExtFieldReader(extFields, "GetTopicStatsInfoRequestHeader");
        return new GetTopicStatsInfoRequestHeader(r.requiredString("topic"));
    }

    @Override
    public void encodeTo(Map<String, String> extFields) {
        extFields.put("topic", topic);
    }
}
