package io.kitemq.protocol.header;

import java.util.Map;
import java.util.Objects;

/**
 * Custom header of {@code ADD_WRITE_PERM_OF_BROKER} (327), admin to name server.
 *
 * <p>Required keys: {@code brokerName}.
 *
 * <p>Immutable and thread-safe.
 */
public record AddWritePermOfBrokerRequestHeader(String brokerName) implements CommandCustomHeader {

    public AddWritePermOfBrokerRequestHeader {
        Objects.requireNonNull(brokerName, "brokerName");
    }

    /**
     * Reads the header from a command's extFields; unknown keys (such as the 5.x base fields) are ignored.
     *
     * @throws MissingHeaderFieldException if a required field is absent or not a number
     */
    public static AddWritePermOfBrokerRequestHeader decode(Map<String, String> extFields) {
        ExtFieldReader r = new ExtFieldReader(extFields, "AddWritePermOfBrokerRequestHeader");
        return new AddWritePermOfBrokerRequestHeader(r.requiredString("brokerName"));
    }

    @Override
    public void encodeTo(Map<String, String> extFields) {
        extFields.put("brokerName", brokerName);
    }
}
