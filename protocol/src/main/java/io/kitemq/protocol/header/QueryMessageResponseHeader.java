package io.kitemq.protocol.header;

import java.util.Map;

/**
 * Custom header of the response to {@code QUERY_MESSAGE}: how fresh the index is; the body holds the messages.
 *
 * <p>Required keys: {@code indexLastUpdateTimestamp}, {@code indexLastUpdatePhyoffset}.
 *
 * <p>Immutable and thread-safe.
 */
public record QueryMessageResponseHeader(long indexLastUpdateTimestamp, long indexLastUpdatePhyoffset)
        implements CommandCustomHeader {

    /**
     * Reads the header from a command's extFields; unknown keys (such as the 5.x base fields) are ignored.
     *
     * @throws MissingHeaderFieldException if a required field is absent or not a number
     */
    public static QueryMessageResponseHeader decode(Map<String, String> extFields) {
        ExtFieldReader r = new ExtFieldReader(extFields, "QueryMessageResponseHeader");
        return new QueryMessageResponseHeader(
                r.requiredLong("indexLastUpdateTimestamp"), r.requiredLong("indexLastUpdatePhyoffset"));
    }

    @Override
    public void encodeTo(Map<String, String> extFields) {
        extFields.put("indexLastUpdateTimestamp", Long.toString(indexLastUpdateTimestamp));
        extFields.put("indexLastUpdatePhyoffset", Long.toString(indexLastUpdatePhyoffset));
    }
}
