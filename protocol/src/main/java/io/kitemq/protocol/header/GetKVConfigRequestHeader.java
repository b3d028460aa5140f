package io.kitemq.protocol.header;

import java.util.Map;
import java.util.Objects;

/**
 * Custom header of {@code GET_KV_CONFIG} (101), to name server.
 *
 * <p>Required keys: {@code namespace}, {@code key}.
 *
 * <p>Immutable and thread-safe.
 */
public record GetKVConfigRequestHeader(String namespace, String key) implements CommandCustomHeader {

    public GetKVConfigRequestHeader {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(key, "key");
    }

    /**
     * Reads the header from a command's extFields; unknown keys (such as the 5.x base fields) are ignored.
     *
     * @throws MissingHeaderFieldException if a required field is absent or not a number
     */
    public static GetKVConfigRequestHeader decode(Map<String, String> extFields) {
        ExtFieldReader r = new ExtFieldReader(extFields, "GetKVConfigRequestHeader");
        return new GetKVConfigRequestHeader(r.requiredString("namespace"), r.requiredString("key"));
    }

    @Override
    public void encodeTo(Map<String, String> extFields) {
        extFields.put("namespace", namespace);
        extFields.put("key", key);
    }
}
