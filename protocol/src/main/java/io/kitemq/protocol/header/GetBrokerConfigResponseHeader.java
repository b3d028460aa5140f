package io.kitemq.protocol.header;

import java.util.Map;
import java.util.Objects;

/**
 * Custom header of the response to {@code GET_BROKER_CONFIG} (26): the config's data version; the body holds the
 * properties.
 *
 * <p>Required keys: {@code version}.
 *
 * <p>Immutable and thread-safe.
 */
public record GetBrokerConfigResponseHeader(String version) implements CommandCustomHeader {

    public GetBrokerConfigResponseHeader {
        Objects.requireNonNull(version, "version");
    }

    /**
     * Reads the header from a command's extFields; unknown keys (such as the 5.x base fields) are ignored.
     *
     * @throws MissingHeaderFieldException if a required field is absent or not a number
     */
    public static GetBrokerConfigResponseHeader decode(Map<String, String> extFields) {
        ExtFieldReader r = new ExtFieldReader(extFields, "GetBrokerConfigResponseHeader");
        return new GetBrokerConfigResponseHeader(r.requiredString("version"));
    }

    @Override
    public void encodeTo(Map<String, String> extFields) {
        extFields.put("version", version);
    }
}
