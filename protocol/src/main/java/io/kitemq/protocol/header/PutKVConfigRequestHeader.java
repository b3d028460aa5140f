package io.kitemq.protocol.header;

import java.util.Map;
import java.util.Objects;

/**
 * Custom header of {@code PUT_KV_CONFIG} (100), to name server.
 *
 * <p>Required keys: {@code namespace}, {@code key}, {@code value}.
 *
 * <p>Immutable and thread-safe.
 */
public record PutKVConfigRequestHeader(String namespace, String key, String value) implements CommandCustomHeader {

    public PutKVConfigRequestHeader {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }

    /**
     * Reads the header from a command's extFields; unknown keys (such as the 5.x base fields) are ignored.
     *
     * @throws MissingHeaderFieldException if a required field is absent or not a number
     */
    public static PutKVConfigRequestHeader decode(Map<String, String> extFields) {
        ExtFieldReader r = new ExtFieldReader(extFields, "PutKVConfigRequestHeader");
        return new PutKVConfigRequestHeader(
                r.requiredString("namespace"), r.requiredString("key"), r.requiredString("value"));
    }

    @Override
    public void encodeTo(Map<String, String> extFields) {
        extFields.put("namespace", namespace);
        extFields.put("key", key);
        extFields.put("value", value);
    }
}
