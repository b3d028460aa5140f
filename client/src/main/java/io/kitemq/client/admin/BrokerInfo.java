package io.kitemq.client.admin;

/**
 * One broker process as the NameServer lists it: its cluster, broker (group) name, id (0 = master) and
 * remoting address. Immutable.
 *
 * <p>Immutable; thread-safe.
 */
public record BrokerInfo(String cluster, String brokerName, long brokerId, String address) {

    public boolean isMaster() {
        return brokerId == 0;
    }
}
