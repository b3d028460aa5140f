package io.kitemq.protocol.header;

import java.util.Map;

/**
 * Reads typed values out of a command's extFields for one header's {@code decode}, so that each decode is a plain
 * constructor call without reflection.
 *
 * <p>Parsing follows RocketMQ: numbers are {@link Integer#parseInt}/{@link Long#parseLong} text, booleans are
 * {@code true} exactly when the text equals {@code "true"} ignoring case. A required field that is absent or not a
 * number throws {@link MissingHeaderFieldException} naming the header and the key. An optional field that is not a
 * number reads as absent, as RocketMQ's own decoder leaves such a field unset.
 *
 * <p>Not thread-safe; create one per decode.
 */
final class ExtFieldReader {

    private final Map<String, String> extFields;
    private final String headerName;

    /** A reader over {@code extFields} (null reads as empty) for the header named {@code headerName}. */
    ExtFieldReader(Map<String, String> extFields, String headerName) {
        this.extFields = extFields == null ? Map.of() : extFields;
        this.headerName = headerName;
    }

    String requiredString(String key) {
        String value = extFields.get(key);
        if (value == null) {
            throw new MissingHeaderFieldException(headerName, key);
        }
        return value;
    }

    int requiredInt(String key) {
        try {
            return Integer.parseInt(requiredString(key));
        } catch (NumberFormatException e) {
            throw new MissingHeaderFieldException(headerName, key);
        }
    }

    long requiredLong(String key) {
        try {
            return Long.parseLong(requiredString(key));
        } catch (NumberFormatException e) {
            throw new MissingHeaderFieldException(headerName, key);
        }
    }

    boolean requiredBoolean(String key) {
        return Boolean.parseBoolean(requiredString(key));
    }

    String optionalString(String key) {
        return extFields.get(key);
    }

    Integer optionalInt(String key) {
        String value = extFields.get(key);
        if (value == null) {
            return null;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    Long optionalLong(String key) {
        String value = extFields.get(key);
        if (value == null) {
            return null;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    Boolean optionalBoolean(String key) {
        String value = extFields.get(key);
        return value == null ? null : Boolean.parseBoolean(value);
    }

    int intOr(String key, int defaultValue) {
        Integer value = optionalInt(key);
        return value == null ? defaultValue : value;
    }

    boolean booleanOr(String key, boolean defaultValue) {
        String value = extFields.get(key);
        return value == null ? defaultValue : Boolean.parseBoolean(value);
    }
}
