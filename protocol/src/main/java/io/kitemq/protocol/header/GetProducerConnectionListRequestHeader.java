package io.kitemq.protocol.header;

import java.util.Map;
import java.util.Objects;

/**
 * Custom header of {@code GET_PRODUCER_CONNECTION_LIST} (204), admin to broker.
 *
 * <p>Required keys: {@code producerGroup}.
 *
 * <p>Immutable and thread-safe.
 */
public record GetProducerConnectionListRequestHeader(String producerGroup) implements CommandCustomHeader {

    public GetProducerConnectionListRequestHeader {
        Objects.requireNonNull(producerGroup, "producerGroup");
    }

    /**
     * Reads the header from a command's extFields; unknown keys (such as the 5.x base fields) are ignored.
     *
     * @throws MissingHeaderFieldException if a required field is absent or not a number
     */
    public static GetProducerConnectionListRequestHeader decode(Map<String, String> extFields) {
        ExtFieldReader r = new ExtFieldReader(extFields, "GetProducerConnectionListRequestHeader");
        return new GetProducerConnectionListRequestHeader(r.requiredString("producerGroup"));
    }

    @Override
    public void encodeTo(Map<String, String> extFields) {
        extFields.put("producerGroup", producerGroup);
    }
}
