package io.kitemq.protocol.header;

import java.util.Map;
import java.util.Objects;

/**
 * Custom header of {@code REGISTER_BROKER} (103), broker to name server. {@link #compressed} and {@link #bodyCrc32}
 * default to {@code false} and {@code 0} when absent, as in RocketMQ.
 *
 * <p>Required keys: {@code brokerName}, {@code brokerAddr}, {@code clusterName}, {@code haServerAddr},
 * {@code brokerId}. Optional keys, omitted when null: {@code heartbeatTimeoutMillis}, {@code enableActingMaster}.
 * Keys always written and defaulted when absent: {@code compressed} (false), {@code bodyCrc32} (0).
 *
 * <p>Immutable and thread-safe.
 */
public record RegisterBrokerRequestHeader(
        String brokerName,
        String brokerAddr,
        String clusterName,
        String haServerAddr,
        long brokerId,
        Long heartbeatTimeoutMillis,
        Boolean enableActingMaster,
        boolean compressed,
        int bodyCrc32)
        implements CommandCustomHeader {

    public RegisterBrokerRequestHeader {
        Objects.requireNonNull(brokerName, "brokerName");
        Objects.requireNonNull(brokerAddr, "brokerAddr");
        Objects.requireNonNull(clusterName, "clusterName");
        Objects.requireNonNull(haServerAddr, "haServerAddr");
    }

    /**
     * Reads the header from a command's extFields; unknown keys (such as the 5.x base fields) are ignored.
     *
     * @throws MissingHeaderFieldException if a required field is absent or not a number
     */
    public static RegisterBrokerRequestHeader decode(Map<String, String> extFields) {
        ExtFieldReader r = new ExtFieldReader(extFields, "RegisterBrokerRequestHeader");
        return new RegisterBrokerRequestHeader(
                r.requiredString("brokerName"),
                r.requiredString("brokerAddr"),
                r.requiredString("clusterName"),
                r.requiredString("haServerAddr"),
                r.requiredLong("brokerId"),
                r.optionalLong("heartbeatTimeoutMillis"),
                r.optionalBoolean("enableActingMaster"),
                r.booleanOr("compressed", false),
                r.intOr("bodyCrc32", 0));
    }

    @Override
    public void encodeTo(Map<String, String> extFields) {
        extFields.put("brokerName", brokerName);
        extFields.put("brokerAddr", brokerAddr);
        extFields.put("clusterName", clusterName);
        extFields.put("haServerAddr", haServerAddr);
        extFields.put("brokerId", Long.toString(brokerId));
        ExtFieldWriter.putIfNotNull(extFields, "heartbeatTimeoutMillis", heartbeatTimeoutMillis);
        ExtFieldWriter.putIfNotNull(extFields, "enableActingMaster", enableActingMaster);
        extFields.put("compressed", Boolean.toString(compressed));
        extFields.put("bodyCrc32", Integer.toString(bodyCrc32));
    }
}
