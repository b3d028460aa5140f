package io.kitemq.protocol.header;

import java.util.Map;
import java.util.Objects;

/**
 * Custom header of {@code GET_ROUTEINFO_BY_TOPIC} (105), client to name server. {@link #acceptStandardJsonOnly}
 * asks for standard quoted-key JSON.
 *
 * <p>Required keys: {@code topic}. Optional keys, omitted when null: {@code acceptStandardJsonOnly}.
 *
 * <p>Immutable and thread-safe.
 */
public record GetRouteInfoRequestHeader(String topic, Boolean acceptStandardJsonOnly) implements CommandCustomHeader {

    public GetRouteInfoRequestHeader {
        Objects.requireNonNull(topic, "topic");
    }

    /**
     * Reads the header from a command's extFields; unknown keys (such as the 5.x base fields) are ignored.
     *
     * @throws MissingHeaderFieldException if a required field is absent or not a number
     */
    public static GetRouteInfoRequestHeader decode(Map<String, String> extFields) {
        ExtFieldReader r = new ExtFieldReader(extFields, "GetRouteInfoRequestHeader");
        return new GetRouteInfoRequestHeader(r.requiredString("topic"), r.optionalBoolean("acceptStandardJsonOnly"));
    }

    @Override
    public void encodeTo(Map<String, String> extFields) {
        extFields.put("topic", topic);
        ExtFieldWriter.putIfNotNull(extFields, "acceptStandardJsonOnly", acceptStandardJsonOnly);
    }
}
