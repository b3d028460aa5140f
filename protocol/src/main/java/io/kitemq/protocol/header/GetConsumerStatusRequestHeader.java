package io.kitemq.protocol.header;

import java.util.Map;
import java.util.Objects;

/**
 * Custom header of {@code GET_CONSUMER_STATUS_FROM_CLIENT} (221, broker to client) and
 * {@code INVOKE_BROKER_TO_GET_CONSUMER_STATUS} (223, admin to broker).
 *
 * <p>Required keys: {@code topic}, {@code group}. Optional keys, omitted when null: {@code clientAddr}.
 *
 * <p>Immutable and thread-safe.
 */
public record GetConsumerStatusRequestHeader(String topic, String group, String clientAddr)
        implements CommandCustomHeader {

    public GetConsumerStatusRequestHeader {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(group, "group");
    }

    /**
     * Reads the header from a command's extFields; unknown keys (such as the 5.x base fields) are ignored.
     *
     * @throws MissingHeaderFieldException if a required field is absent or not a number
     */
    public static GetConsumerStatusRequestHeader decode(Map<String, String> extFields) {
        ExtFieldReader r = new ExtFieldReader(extFields, "GetConsumerStatusRequestHeader");
        return new GetConsumerStatusRequestHeader(
                r.requiredString("topic"), r.requiredString("group"), r.optionalString("clientAddr"));
    }

    @Override
    public void encodeTo(Map<String, String> extFields) {
        extFields.put("topic", topic);
        extFields.put("group", group);
        ExtFieldWriter.putIfNotNull(extFields, "clientAddr", clientAddr);
    }
}
