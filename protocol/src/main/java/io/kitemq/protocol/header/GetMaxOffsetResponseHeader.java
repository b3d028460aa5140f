package io.kitemq.protocol.header;

import java.util.Map;

/**
 * Custom header of the response to {@code GET_MAX_OFFSET}.
 *
 * <p>Required keys: {@code offset}.
 *
 * <p>Immutable and thread-safe.
 */
public record GetMaxOffsetResponseHeader(long offset) implements CommandCustomHeader {

    /**
     * Reads the header from a command's extFields; unknown keys (such as the 5.x base fields) are ignored.
     *
     * @throws MissingHeaderFieldException if a required field is absent or not a number
     */
    public static GetMaxOffsetResponseHeader decode(Map<String, String> extFields) {
        ExtFieldReader r = new ExtFieldReader(extFields, "GetMaxOffsetResponseHeader");
        return new GetMaxOffsetResponseHeader(r.requiredLong("offset"));
    }

    @Override
    public void encodeTo(Map<String, String> extFields) {
        extFields.put("offset", Long.toString(offset));
    }
}
