package io.kitemq.protocol.header;

import java.util.Map;

/**
 * Custom header of the response to {@code REGISTER_BROKER}: the master's HA and broker addresses for a slave.
 *
 * <p>Required keys: none. Optional keys, omitted when null: {@code haServerAddr}, {@code masterAddr}.
 *
 * <p>Immutable and thread-safe.
 */
public record RegisterBrokerResponseHeader(String haServerAddr, String masterAddr) implements CommandCustomHeader {

    /**
     * Reads the header from a command's extFields; unknown keys (such as the 5.x base fields) are ignored.
     *
     * @throws MissingHeaderFieldException if a required field is absent or not a number
     */
    public static RegisterBrokerResponseHeader decode(Map<String, String> extFields) {
        ExtFieldReader r = new ExtFieldReader(extFields, "RegisterBrokerResponseHeader");
        return new RegisterBrokerResponseHeader(r.optionalString("haServerAddr"), r.optionalString("masterAddr"));
    }

    @Override
    public void encodeTo(Map<String, String> extFields) {
        ExtFieldWriter.putIfNotNull(extFields, "haServerAddr", haServerAddr);
        ExtFieldWriter.putIfNotNull(extFields, "masterAddr", masterAddr);
    }
}
