package io.kitemq.protocol.header;

import java.util.Map;

/**
 * Custom header of the response to {@code SEARCH_OFFSET_BY_TIMESTAMP}.
 *
 * <p>Required keys: {@code offset}.
 *
 * <p>Immutable and thread-safe.
 */
public record SearchOffsetResponseHeader(long offset) implements CommandCustomHeader {

    /**
     * Reads the header from a command's extFields; unknown keys (such as the 5.x base fields) are ignored.
     *
     * @throws MissingHeaderFieldException if a required field is absent or not a number
     */
    public static SearchOffsetResponseHeader decode(Map<String, String> extFields) {
        ExtFieldReader r = new ExtFieldReader(extFields, "SearchOffsetResponseHeader");
        return new SearchOffsetResponseHeader(r.requiredLong("offset"));
    }

    @Override
    public void encodeTo(Map<String, String> extFields) {
        extFields.put("offset", Long.toString(offset));
    }
}
