package io.kitemq.protocol.header;

import java.util.Map;
import java.util.Objects;

/**
 * Custom header of {@code UNREGISTER_BROKER} (104), broker to name server.
 *
 * <p>Required keys: {@code brokerName}, {@code brokerAddr}, {@code clusterName}, {@code brokerId}.
 *
 * <p>Immutable and thread-safe.
 */
public record UnRegisterBrokerRequestHeader(String brokerName, String brokerAddr, String clusterName, long brokerId)
        implements CommandCustomHeader {

    public UnRegisterBrokerRequestHeader {
        Objects.requireNonNull(brokerName, "brokerName");
        Objects.requireNonNull(brokerAddr, "brokerAddr");
        Objects.requireNonNull(clusterName, "clusterName");
    }

    /**
     * Reads the header from a command's extFields; unknown keys (such as the 5.x base fields) are ignored.
     *
     * @throws MissingHeaderFieldException if a required field is absent or not a number
     */
    public static UnRegisterBrokerRequestHeader decode(Map<String, String> extFields) {
        ExtFieldReader r = new ExtFieldReader(extFields, "UnRegisterBrokerRequestHeader");
        return new UnRegisterBrokerRequestHeader(
                r.requiredString("brokerName"),
                r.requiredString("brokerAddr"),
                r.requiredString("clusterName"),
                r.requiredLong("brokerId"));
    }

    @Override
    public void encodeTo(Map<String, String> extFields) {
        extFields.put("brokerName", brokerName);
        extFields.put("brokerAddr", brokerAddr);
        extFields.put("clusterName", clusterName);
        extFields.put("brokerId", Long.toString(brokerId));
    }
}
