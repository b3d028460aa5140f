package io.kitemq.protocol.header;

import java.util.Map;

/**
 * Custom header of the response to {@code GET_KV_CONFIG}.
 *
 * <p>Required keys: none. Optional keys, omitted when null: {@code value}.
 *
 * <p>Immutable and thread-safe.
 */
public record GetKVConfigResponseHeader(String value) implements CommandCustomHeader {

    /**
     * Reads the header from a command's extFields; unknown keys (such as the 5.x base fields) are ignored.
     *
     * @throws MissingHeaderFieldException if a required field is absent or not a number
     */
    public static GetKVConfigResponseHeader decode(Map<String, String> extFields) {
        ExtFieldReader r = new ExtFieldReader(extFields, "GetKVConfigResponseHeader");
        return new GetKVConfigResponseHeader(r.optionalString("value"));
    }

    @Override
    public void encodeTo(Map<String, String> extFields) {
        ExtFieldWriter.putIfNotNull(extFields, "value", value);
    }
}
