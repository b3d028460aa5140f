package io.kitemq.protocol.header;

import java.util.Map;
import java.util.Objects;

/**
 * Custom header of {@code WIPE_WRITE_PERM_OF_BROKER} (205), admin to name server.
 *
 * <p>Required keys: {@code brokerName}.
 *
 * <p>Immutable and thread-safe.
 */
public record WipeWritePermOfBrokerRequestHeader(String brokerName) implements CommandCustomHeader {

    public WipeWritePermOfBrokerRequestHeader {
        Objects.requireNonNull(brokerName, "brokerName");
    }

    /**
     * Reads the header from a command's extFields; unknown keys (such as the 5.x base fields) are ignored.
     *
     * @throws MissingHeaderFieldException if a required field is absent or not a number
     */
    public static WipeWritePermOfBrokerRequestHeader decode(Map<String, String> extFields) {
        ExtFieldReader r = new ExtFieldReader(extFields, "WipeWritePermOfBrokerRequestHeader");
        return new WipeWritePermOfBrokerRequestHeader(r.requiredString("brokerName"));
    }

    @Override
    public void encodeTo(Map<String, String> extFields) {
        extFields.put("brokerName", brokerName);
    }
}
