package io.kitemq.protocol.header;

import java.util.Map;
import java.util.Objects;

/**
 * Custom header of {@code DELETE_TOPIC_IN_BROKER} (215), admin to broker.
 *
 * <p>Required keys: {@code topic}.
 *
 * <p>Immutable and thread-safe.
 */
public record DeleteTopicRequestHeader(String topic) implements CommandCustomHeader {

    public DeleteTopicRequestHeader {
        Objects.requireNonNull(topic, "topic");
    }

    /**
     * Reads the header from a command's extFields; unknown keys (such as the 5.x base fields) are ignored.
     *
     * @throws MissingHeaderFieldException if a required field is absent or not a number
     */
    public static DeleteTopicRequestHeader decode(Map<String, String> extFields) {
        ExtFieldReader r = new ExtFieldReader(extFields, "DeleteTopicRequestHeader");
        return new DeleteTopicRequestHeader(r.requiredString("topic"));
    }

    @Override
    public void encodeTo(Map<String, String> extFields) {
        extFields.put("topic", topic);
    }
}
