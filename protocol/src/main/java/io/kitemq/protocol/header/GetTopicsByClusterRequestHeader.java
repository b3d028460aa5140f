package io.kitemq.protocol.header;

import java.util.Map;
import java.util.Objects;

/**
 * Custom header of {@code GET_TOPICS_BY_CLUSTER} (224), admin to name server.
 *
 * <p>Required keys: {@code cluster}.
 *
 * <p>Immutable and thread-safe.
 */
public record GetTopicsByClusterRequestHeader(String cluster) implements CommandCustomHeader {

    public GetTopicsByClusterRequestHeader {
        Objects.requireNonNull(cluster, "cluster");
    }

    /**
     * Reads the header from a command's extFields; unknown keys (such as the 5.x base fields) are ignored.
     *
     * @throws MissingHeaderFieldException if a required field is absent or not a number
     */
    public static GetTopicsByClusterRequestHeader decode(Map<String, String> extFields) {
        ExtFieldReader r = new ExtFieldReader(extFields, "GetTopicsByClusterRequestHeader");
        return new GetTopicsByClusterRequestHeader(r.requiredString("cluster"));
    }

    @Override
    public void encodeTo(Map<String, String> extFields) {
        extFields.put("cluster", cluster);
    }
}
