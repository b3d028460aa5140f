package io.kitemq.protocol.header;

import java.util.Map;
import java.util.Objects;

/**
 * Custom header of {@code GET_KVLIST_BY_NAMESPACE} (219), to name server; the answer is a body.
 *
 * <p>Required keys: {@code namespace}.
 *
 * <p>Immutable and thread-safe.
 */
public record GetKVListByNamespaceRequestHeader(String namespace) implements CommandCustomHeader {

    public GetKVListByNamespaceRequestHeader {
        Objects.requireNonNull(namespace, "namespace");
    }

    /**
     * Reads the header from a command's extFields; unknown keys (such as the 5.x base fields) are ignored.
     *
     * @throws MissingHeaderFieldException if a required field is absent or not a number
     */
    public static GetKVListByNamespaceRequestHeader decode(Map<String, String> extFields) {
        ExtFieldReader r = new ExtFieldReader(extFields, "GetKVListByNamespaceRequestHeader");
        return new GetKVListByNamespaceRequestHeader(r.requiredString("namespace"));
    }

    @Override
    public void encodeTo(Map<String, String> extFields) {
        extFields.put("namespace", namespace);
    }
}
