package io.kitemq.protocol.header;

import java.util.Map;

/**
 * Custom header of the response to {@code QUERY_DATA_VERSION}: whether the name server's copy differs.
 *
 * <p>Required keys: {@code changed}.
 *
 * <p>Immutable and thread-safe.
 */
public record QueryDataVersionResponseHeader(boolean changed) implements CommandCustomHeader {

    /**
     * Reads the header from a command's extFields; unknown keys (such as the 5.x base fields) are ignored.
     *
     * @throws MissingHeaderFieldException if a required field is absent or not a number
     */
    public static QueryDataVersionResponseHeader decode(Map<String, String> extFields) {
        ExtFieldReader r = new ExtFieldReader(extFields, "QueryDataVersionResponseHeader");
        return new QueryDataVersionResponseHeader(r.requiredBoolean("changed"));
    }

    @Override
    public void encodeTo(Map<String, String> extFields) {
        extFields.put("changed", Boolean.toString(changed));
    }
}
