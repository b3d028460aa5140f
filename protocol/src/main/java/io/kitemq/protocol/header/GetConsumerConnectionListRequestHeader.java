package io.kitemq.protocol.header;

import java.util.Map;
import java.util.Objects;

/**
 * Custom header of {@code GET_CONSUMER_CONNECTION_LIST} (203), admin to broker.
 *
 * <p>Required keys: {@code consumerGroup}.
 *
 * <p>Immutable and thread-safe.
 */
public record GetConsumerConnectionListRequestHeader(String consumerGroup) implements CommandCustomHeader {

    public GetConsumerConnectionListRequestHeader {
        Objects.requireNonNull(consumerGroup, "consumerGroup");
    }

    /**
     * Reads the header from a command's extFields; unknown keys (such as the 5.x base fields) are ignored.
     *
     * @throws MissingHeaderFieldException if a required field is absent or not a number
     */
    public static GetConsumerConnectionListRequestHeader decode(Map<String, String> extFields) {
        ExtFieldReader r = new ExtFieldReader(extFields, "GetConsumerConnectionListRequestHeader");
        return new GetConsumerConnectionListRequestHeader(r.requiredString("consumerGroup"));
    }

    @Override
    public void encodeTo(Map<String, String> extFields) {
        extFields.put("consumerGroup", consumerGroup);
    }
}
