package io.kitemq.protocol.header;

import java.util.Map;

/**
 * Custom header of the response to {@code CHANGE_MESSAGE_INVISIBLETIME}.
 *
 * <p>Required keys: {@code popTime}, {@code invisibleTime}, {@code reviveQid}.
 *
 * <p>Immutable and thread-safe.
 */
public record ChangeInvisibleTimeResponseHeader(long popTime, long invisibleTime, int reviveQid)
        implements CommandCustomHeader {

    /**
     * Reads the header from a command's extFields; unknown keys (such as the 5.x base fields) are ignored.
     *
     * @throws MissingHeaderFieldException if a required field is absent or not a number
     */
    public static ChangeInvisibleTimeResponseHeader decode(Map<String, String> extFields) {
        ExtFieldReader r = new ExtFieldReader(extFields, "ChangeInvisibleTimeResponseHeader");
        return new ChangeInvisibleTimeResponseHeader(
                r.requiredLong("popTime"), r.requiredLong("invisibleTime"), r.requiredInt("reviveQid"));
    }

    @Override
    public void encodeTo(Map<String, String> extFields) {
        extFields.put("popTime", Long.toString(popTime));
        extFields.put("invisibleTime", Long.toString(invisibleTime));
        extFields.put("reviveQid", Integer.toString(reviveQid));
    }
}
