package io.kitemq.protocol.message;

import java.util.Set;

/**
 * Rules for topic names, as RocketMQ's {@code TopicValidator}: 1 to 127 characters from
 * {@code [%|a-zA-Z0-9_-]}, plus the system topics and prefixes that users may not send to.
 *
 * <p>Stateless and thread-safe.
 */
public final class TopicName {

    public static final int MAX_LENGTH = 127;
    public static final String AUTO_CREATE_TOPIC_KEY = "TBW102";
    public static final String RETRY_PREFIX = "%RETRY%";
    public static final String DLQ_PREFIX = "%DLQ%";
    public static final String SYSTEM_PREFIX = "rmq_sys_";

    /** System topics that clients may not send to directly. */
    public static final Set<String> NOT_ALLOWED_TO_SEND = Set.of(
            AUTO_CREATE_TOPIC_KEY,
            "SCHEDULE_TOPIC_XXXX",
            "BenchmarkTest",
            "RMQ_SYS_TRANS_HALF_TOPIC",
            "RMQ_SYS_TRACE_TOPIC",
            "RMQ_SYS_TRANS_OP_HALF_TOPIC",
            "TRANS_CHECK_MAX_TIME_TOPIC",
            "SELF_TEST_TOPIC",
            "OFFSET_MOVED_EVENT");

    private TopicName() {}

    /** Null when {@code topic} is a valid name, else why not (for an error response). */
    public static String check(String topic) {
        if (topic == null || topic.isBlank()) {
            return "the topic name is blank";
        }
        if (topic.length() > MAX_LENGTH) {
            return "the topic name is longer than " + MAX_LENGTH + " characters: " + topic.length();
        }
        int bad = illegalCharAt(topic);
        if (bad >= 0) {
            return "the topic name '" + topic + "' contains an illegal character at " + bad
                    + " (allowed: letters, digits, %, |, _ and -)";
        }
        return null;
    }

    /**
     * The index of the first character outside RocketMQ's name charset {@code [%|a-zA-Z0-9_-]}, or -1 when
     * all are allowed. Topic and consumer group names share this charset.
     */
    public static int illegalCharAt(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '%'
                    || c == '|'
                    || c == '_'
                    || c == '-';
            if (!ok) {
                return i;
            }
        }
        return -1;
    }

    public static boolean isValid(String topic) {
        return check(topic) == null;
    }

    /** Whether clients may send to {@code topic} (valid and not a system topic). */
    public static boolean isSendable(String topic) {
        return isValid(topic) && !NOT_ALLOWED_TO_SEND.contains(topic) && !topic.startsWith(SYSTEM_PREFIX);
    }
}
