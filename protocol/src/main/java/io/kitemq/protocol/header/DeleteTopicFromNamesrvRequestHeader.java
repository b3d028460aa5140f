package io.kitemq.protocol.header;

import java.util.Map;
import java.util.Objects;

/**
 * Custom header of {@code DELETE_TOPIC_IN_NAMESRV} (216), admin to name server; {@link #clusterName} limits the
 * deletion to one cluster.
 *
 * <p>Required keys: {@code topic}. Optional keys, omitted when null: {@code clusterName}.
 *
 * <p>Immutable and thread-safe.
 */
public record DeleteTopicFromNamesrvRequestHeader(String topic, String clusterName) implements CommandCustomHeader {

    public DeleteTopicFromNamesrvRequestHeader {
        Objects.requireNonNull(topic, "topic");
    }

    /**
     * Reads the header from a command's extFields; unknown keys (such as the 5.x base fields) are ignored.
     *
     * @throws MissingHeaderFieldException if a required field is absent or not a number
     */
    public static DeleteTopicFromNamesrvRequestHeader decode(Map<String, String> extFields) {
        ExtFieldReader r = new ExtFieldReader(extFields, "DeleteTopicFromNamesrvRequestHeader");
        return new DeleteTopicFromNamesrvRequestHeader(r.requiredString("topic"), r.optionalString("clusterName"));
    }

    @Override
    public void encodeTo(Map<String, String> extFields) {
        extFields.put("topic", topic);
        ExtFieldWriter.putIfNotNull(extFields, "clusterName", clusterName);
    }
}
