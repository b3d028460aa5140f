package io.kitemq.protocol.header;

import java.util.List;
import java.util.Map;
import java.util.Random;

/** Random header field values by Java type, with the edge cases (empty and non-ASCII text, extreme numbers). */
final class RandomValues {

    private static final String[] TEXTS = {"", "T", "TBW102", "%RETRY%group", "a,b;c", "k\u0001v\u0002", "é中🙂", " x "};

    /** Fields whose RocketMQ class rejects other values in {@code checkFields}. */
    private static final Map<String, List<?>> ALLOWED = Map.of(
            "CreateTopicRequestHeader.topicFilterType", List.of("SINGLE_TAG", "MULTI_TAG"),
            "EndTransactionRequestHeader.commitOrRollback", List.of(0, 8, 12));

    private RandomValues() {}

    /** A random value for the field {@code key} of header {@code header}, valid for RocketMQ's checks. */
    static Object forField(String header, String key, Class<?> type, Random random) {
        List<?> allowed = ALLOWED.get(header + "." + key);
        return allowed == null ? of(type, random) : allowed.get(random.nextInt(allowed.size()));
    }

    static Object of(Class<?> type, Random random) {
        if (type == String.class) {
            return random.nextBoolean() ? TEXTS[random.nextInt(TEXTS.length)] : Long.toString(random.nextLong(), 36);
        }
        if (type == int.class || type == Integer.class) {
            return switch (random.nextInt(4)) {
                case 0 -> Integer.MIN_VALUE + random.nextInt(2);
                case 1 -> Integer.MAX_VALUE - random.nextInt(2);
                case 2 -> random.nextInt(33) - 1;
                default -> random.nextInt();
            };
        }
        if (type == long.class || type == Long.class) {
            return switch (random.nextInt(4)) {
                case 0 -> Long.MIN_VALUE;
                case 1 -> Long.MAX_VALUE;
                case 2 -> (long) random.nextInt(1000) - 1;
                default -> random.nextLong();
            };
        }
        if (type == boolean.class || type == Boolean.class) {
            return random.nextBoolean();
        }
        if (type.isEnum()) {
            Object[] constants = type.getEnumConstants();
            return constants[random.nextInt(constants.length)];
        }
        throw new IllegalArgumentException("no random values for " + type);
    }
}
