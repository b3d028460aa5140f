package io.kitemq.protocol.header;

import java.util.Map;
import java.util.Objects;

/**
 * Custom header of {@code UNREGISTER_CLIENT} (35), client to broker. {@link #clientId} travels under the key
 * {@code clientID}.
 *
 * <p>Required keys: {@code clientID}. Optional keys, omitted when null: {@code producerGroup},
 * {@code consumerGroup}. Components sent under another key: {@code clientId} as {@code clientID}.
 *
 * <p>Immutable and thread-safe.
 */
public record UnregisterClientRequestHeader(String clientId, String producerGroup, String consumerGroup)
        implements CommandCustomHeader {

    public UnregisterClientRequestHeader {
        Objects.requireNonNull(clientId, "clientId");
    }

    /**
     * Reads the header from a command's extFields; unknown keys (such as the 5.x base fields) are ignored.
     *
     * @throws MissingHeaderFieldException if a required field is absent or not a number
     */
    public static UnregisterClientRequestHeader decode(Map<String, String> extFields) {
        ExtFieldReader r = new ExtFieldReader(extFields, "UnregisterClientRequestHeader");
        return new UnregisterClientRequestHeader(
                r.requiredString("clientID"), r.optionalString("producerGroup"), r.optionalString("consumerGroup"));
    }

    @Override
    public void encodeTo(Map<String, String> extFields) {
        extFields.put("clientID", clientId);
        ExtFieldWriter.putIfNotNull(extFields, "producerGroup", producerGroup);
        ExtFieldWriter.putIfNotNull(extFields, "consumerGroup", consumerGroup);
    }
}
