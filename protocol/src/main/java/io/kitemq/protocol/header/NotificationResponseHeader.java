package io.kitemq.protocol.header;

import java.util.Map;

/**
 * Custom header of the response to {@code NOTIFICATION}. {@link #pollingFull} defaults to {@code false}.
 *
 * <p>Required keys: {@code hasMsg}. Keys always written and defaulted when absent: {@code pollingFull} (false).
 *
 * <p>Immutable and thread-safe.
 */
public record NotificationResponseHeader(boolean hasMsg, boolean pollingFull) implements CommandCustomHeader {

    /**
     * Reads the header from a command's extFields; unknown keys (such as the 5.x base fields) are ignored.
     *
     * @throws MissingHeaderFieldException if a required field is absent or not a number
     */
    public static NotificationResponseHeader decode(Map<String, String> extFields) {
        ExtFieldReader r = new ExtFieldReader(extFields, "NotificationResponseHeader");
        return new NotificationResponseHeader(r.requiredBoolean("hasMsg"), r.booleanOr("pollingFull", false));
    }

    @Override
    public void encodeTo(Map<String, String> extFields) {
        extFields.put("hasMsg", Boolean.toString(hasMsg));
        extFields.put("pollingFull", Boolean.toString(pollingFull));
    }
}
