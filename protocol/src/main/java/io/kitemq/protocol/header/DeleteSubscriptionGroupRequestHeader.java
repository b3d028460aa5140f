package io.kitemq.protocol.header;

import java.util.Map;
import java.util.Objects;

/**
 * Custom header of {@code DELETE_SUBSCRIPTIONGROUP} (207), admin to broker. {@link #cleanOffset} defaults to
 * {@code false}.
 *
 * <p>Required keys: {@code groupName}. Keys always written and defaulted when absent: {@code cleanOffset} (false).
 *
 * <p>Immutable and thread-safe.
 */
public record DeleteSubscriptionGroupRequestHeader(String groupName, boolean cleanOffset)
        implements CommandCustomHeader {

    public DeleteSubscriptionGroupRequestHeader {
        Objects.requireNonNull(groupName, "groupName");
    }

    /**
     * Reads the header from a command's extFields; unknown keys (such as the 5.x base fields) are ignored.
     *
     * @throws MissingHeaderFieldException if a required field is absent or not a number
     */
    public static DeleteSubscriptionGroupRequestHeader decode(Map<String, String> extFields) {
        ExtFieldReader r = new ExtFieldReader(extFields, "DeleteSubscriptionGroupRequestHeader");
        return new DeleteSubscriptionGroupRequestHeader(
                r.requiredString("groupName"), r.booleanOr("cleanOffset", false));
    }

    @Override
    public void encodeTo(Map<String, String> extFields) {
        extFields.put("groupName", groupName);
        extFields.put("cleanOffset", Boolean.toString(cleanOffset));
    }
}
