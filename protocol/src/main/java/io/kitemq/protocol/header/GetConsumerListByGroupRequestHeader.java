package io.kitemq.protocol.header;

import java.util.Map;
import java.util.Objects;

/**
 * Custom header of {@code GET_CONSUMER_LIST_BY_GROUP} (38), consumer to broker; the answer is a body.
 *
 * <p>Required keys: {@code consumerGroup}.
 *
 * <p>Immutable and thread-safe.
 */
public record GetConsumerListByGroupRequestHeader(String consumerGroup) implements CommandCustomHeader {

    public GetConsumerListByGroupRequestHeader {
        Objects.requireNonNull(consumerGroup, "consumerGroup");
    }

    /**
     * Reads the header from a command's extFields; unknown keys (such as the 5.x base fields) are ignored.
     *
     * @throws MissingHeaderFieldException if a required field is absent or not a number
     */
    public static GetConsumerListByGroupRequestHeader decode(Map<String, String> extFields) {
        ExtFieldReader r = new ExtFieldReader(extFields, "GetConsumerListByGroupRequestHeader");
        return new GetConsumerListByGroupRequestHeader(r.requiredString("consumerGroup"));
    }

    @Override
    public void encodeTo(Map<String, String> extFields) {
        extFields.put("consumerGroup", consumerGroup);
    }
}
