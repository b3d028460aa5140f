package io.kitemq.protocol.header;

import java.util.Map;
import java.util.Objects;

/**
 * Custom header of {@code QUERY_MESSAGE} (12), to broker: messages by key (or by unique key when
 * {@link #uniqueKeyQuery} is {@code true}, sent as the extra key {@code _UNIQUE_KEY_QUERY}) between two store
 * timestamps.
 *
 * <p>Required keys: {@code topic}, {@code key}, {@code maxNum}, {@code beginTimestamp}, {@code endTimestamp}.
 * Optional keys, omitted when null: {@code indexType}, {@code lastKey}, {@code _UNIQUE_KEY_QUERY}. Components sent
 * under another key: {@code uniqueKeyQuery} as {@code _UNIQUE_KEY_QUERY}.
 *
 * <p>Immutable and thread-safe.
 */
public record QueryMessageRequestHeader(
        String topic,
        String key,
        int maxNum,
        long beginTimestamp,
        long endTimestamp,
        String indexType,
        String lastKey,
        Boolean uniqueKeyQuery)
        implements CommandCustomHeader {

    public QueryMessageRequestHeader {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(key, "key");
    }

    /**
     * Reads the header from a command's extFields; unknown keys (such as the 5.x base fields) are ignored.
     *
     * @throws MissingHeaderFieldException if a required field is absent or not a number
     */
    public static QueryMessageRequestHeader decode(Map<String, String> extFields) {
        ExtFieldReader r = new ExtFieldReader(extFields, "QueryMessageRequestHeader");
        return new QueryMessageRequestHeader(
                r.requiredString("topic"),
                r.requiredString("key"),
                r.requiredInt("maxNum"),
                r.requiredLong("beginTimestamp"),
                r.requiredLong("endTimestamp"),
                r.optionalString("indexType"),
                r.optionalString("lastKey"),
                r.optionalBoolean("_UNIQUE_KEY_QUERY"));
    }

    @Override
    public void encodeTo(Map<String, String> extFields) {
        extFields.put("topic", topic);
        extFields.put("key", key);
        extFields.put("maxNum", Integer.toString(maxNum));
        extFields.put("beginTimestamp", Long.toString(beginTimestamp));
        extFields.put("endTimestamp", Long.toString(endTimestamp));
        ExtFieldWriter.putIfNotNull(extFields, "indexType", indexType);
        ExtFieldWriter.putIfNotNull(extFields, "lastKey", lastKey);
        ExtFieldWriter.putIfNotNull(extFields, "_UNIQUE_KEY_QUERY", uniqueKeyQuery);
    }
}
