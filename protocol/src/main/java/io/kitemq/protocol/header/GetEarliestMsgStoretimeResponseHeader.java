package io.kitemq.protocol.header;

import java.util.Map;

/**
 * Custom header of the response to {@code GET_EARLIEST_MSG_STORETIME}: the store timestamp in ms.
 *
 * <p>Required keys: {@code timestamp}.
 *
 * <p>Immutable and thread-safe.
 */
public record GetEarliestMsgStoretimeResponseHeader(long timestamp) implements CommandCustomHeader {

    /**
     * Reads the header from a command's extFields; unknown keys (such as the 5.x base fields) are ignored.
     *
     * @throws MissingHeaderFieldException if a required field is absent or not a number
     */
    public static GetEarliestMsgStoretimeResponseHeader decode(Map<String, String> extFields) {
        ExtFieldReader r = new ExtFieldReader(extFields, "GetEarliestMsgStoretimeResponseHeader");
        return new GetEarliestMsgStoretimeResponseHeader(r.requiredLong("timestamp"));
    }

    @Override
    public void encodeTo(Map<String, String> extFields) {
        extFields.put("timestamp", Long.toString(timestamp));
    }
}
