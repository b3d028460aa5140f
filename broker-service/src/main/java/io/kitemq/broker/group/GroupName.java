package io.kitemq.broker.group;

import io.kitemq.protocol.message.TopicName;

/**
 * Rules for consumer and producer group names, as RocketMQ's {@code TopicValidator.validateGroup}: 1 to
 * 120 characters from {@code [%|a-zA-Z0-9_-]}; and the reserved group names.
 *
 * <p>Stateless and thread-safe.
 */
public final class GroupName {

    public static final int MAX_LENGTH = 120;
    /** Groups with this prefix are the broker's own and are created on first use even without auto-creation. */
    public static final String SYSTEM_PREFIX = "CID_RMQ_SYS_";

    public static final String TOOLS_CONSUMER = "TOOLS_CONSUMER";
    public static final String FILTERSRV_CONSUMER = "FILTERSRV_CONSUMER";
    public static final String SELF_TEST_CONSUMER = "SELF_TEST_C_GROUP";
    public static final String ONS_HTTP_PROXY = "CID_ONS-HTTP-PROXY";
    public static final String ONSAPI_PULL = "CID_ONSAPI_PULL";
    public static final String ONSAPI_PERMISSION = "CID_ONSAPI_PERMISSION";
    public static final String ONSAPI_OWNER = "CID_ONSAPI_OWNER";
    public static final String SYS_TRANS = "CID_RMQ_SYS_TRANS";

    private GroupName() {}

    /** Null when {@code group} is a valid name, else why not (for an error response). */
    public static String check(String group) {
        if (group == null || group.isBlank()) {
            return "the group name is blank";
        }
        if (group.length() > MAX_LENGTH) {
            return "the group name is longer than " + MAX_LENGTH + " characters: " + group.length();
        }
        int bad = TopicName.illegalCharAt(group);
        if (bad >= 0) {
            return "the group name '" + group + "' contains an illegal character at " + bad
                    + " (allowed: letters, digits, %, |, _ and -)";
        }
        return null;
    }

    public static boolean isValid(String group) {
        return check(group) == null;
    }

    public static boolean isSystemGroup(String group) {
        return group != null && group.startsWith(SYSTEM_PREFIX);
    }
}
