package io.kitemq.broker;

import io.kitemq.broker.schedule.ScheduleConfig;
import io.kitemq.store.StoreConfig;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Settings of a {@link Broker}. Defaults (RocketMQ's) come from {@link #defaults(StoreConfig)}.
 *
 * @param clusterName cluster the broker registers in
 * @param brokerName broker group name (master and slaves share it)
 * @param brokerId 0 for a master
 * @param brokerIp address advertised to NameServers and clients (and written into message ids)
 * @param bindAddress address the remoting port listens on
 * @param listenPort remoting port (default 10911); 0 picks a free one
 * @param nameServerAddrs NameServers to register with
 * @param store the message store's settings
 * @param autoCreateTopicEnable create unknown topics on send from the TBW102 template
 * @param autoCreateSubscriptionGroup create unknown consumer groups on first use
 * @param defaultTopicQueueNums queues of an auto-created topic (at most the template's)
 * @param registerInterval how often to re-register with every NameServer (30 s)
 * @param longPollingEnable hold pulls that find nothing until a message arrives or the client's suspend time passes
 * @param shortPollingTime how long a pull is held when long polling is off (1 s)
 * @param clientExpiry a client silent this long is dropped (120 s)
 * @param queueLockExpiry an orderly consumer's queue lock expires after this (60 s)
 * @param schedule delay levels, timed delivery and retry settings
 */
public record BrokerConfig(
        String clusterName,
        String brokerName,
        long brokerId,
        String brokerIp,
        String bindAddress,
        int listenPort,
        List<String> nameServerAddrs,
        StoreConfig store,
        boolean autoCreateTopicEnable,
        boolean autoCreateSubscriptionGroup,
        int defaultTopicQueueNums,
        Duration registerInterval,
        boolean longPollingEnable,
        Duration shortPollingTime,
        Duration clientExpiry,
        Duration queueLockExpiry,
        ScheduleConfig schedule) {

    public BrokerConfig {
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(clusterName, "clusterName");
        Objects.requireNonNull(brokerName, "brokerName");
        Objects.requireNonNull(brokerIp, "brokerIp");
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(registerInterval, "registerInterval");
        Objects.requireNonNull(shortPollingTime, "shortPollingTime");
        Objects.requireNonNull(clientExpiry, "clientExpiry");
        Objects.requireNonNull(queueLockExpiry, "queueLockExpiry");
        nameServerAddrs = List.copyOf(nameServerAddrs);
        if (brokerId < 0) {
            throw new IllegalArgumentException("brokerId must be >= 0: " + brokerId);
        }
        if (listenPort < 0 || listenPort > 65535) {
            throw new IllegalArgumentException("listenPort must be 0..65535: " + listenPort);
        }
        if (defaultTopicQueueNums < 1) {
            throw new IllegalArgumentException("defaultTopicQueueNums must be >= 1: " + defaultTopicQueueNums);
        }
    }

    public static BrokerConfig defaults(StoreConfig store) {
        return new BrokerConfig(
                "DefaultCluster",
                "broker-a",
                0,
                "127.0.0.1",
                "0.0.0.0",
                10911,
                List.of("127.0.0.1:9876"),
                store,
                true,
                true,
                8,
                Duration.ofSeconds(30),
                true,
                Duration.ofSeconds(1),
                Duration.ofSeconds(120),
                Duration.ofSeconds(60),
                ScheduleConfig.defaults());
    }

    public BrokerConfig withListen(String bind, String advertisedIp, int port) {
        return edit(b -> {
            b.brokerIp = advertisedIp;
            b.bindAddress = bind;
            b.listenPort = port;
        });
    }

    public BrokerConfig withNameServers(List<String> addrs) {
        return edit(b -> b.nameServerAddrs = addrs);
    }

    public BrokerConfig withIdentity(String cluster, String name, long id) {
        return edit(b -> {
            b.clusterName = cluster;
            b.brokerName = name;
            b.brokerId = id;
        });
    }

    public BrokerConfig withRegisterInterval(Duration interval) {
        return edit(b -> b.registerInterval = interval);
    }

    public BrokerConfig withSchedule(ScheduleConfig newSchedule) {
        return edit(b -> b.schedule = newSchedule);
    }

    /** The address clients and NameServers reach this broker at. */
    public String advertisedAddress(int actualPort) {
        return brokerIp + ":" + actualPort;
    }

    /** A copy with {@code change} applied to its settings (validated again by the canonical constructor). */
    private BrokerConfig edit(java.util.function.Consumer<Settings> change) {
        Settings b = new Settings(this);
        change.accept(b);
        return b.build();
    }

    /** The record's components as mutable fields: what the {@code withX} methods change in a copy. */
    private static final class Settings {
        String clusterName;
        String brokerName;
        long brokerId;
        String brokerIp;
        String bindAddress;
        int listenPort;
        List<String> nameServerAddrs;
        StoreConfig store;
        boolean autoCreateTopicEnable;
        boolean autoCreateSubscriptionGroup;
        int defaultTopicQueueNums;
        Duration registerInterval;
        boolean longPollingEnable;
        Duration shortPollingTime;
        Duration clientExpiry;
        Duration queueLockExpiry;
        ScheduleConfig schedule;

        Settings(BrokerConfig c) {
            clusterName = c.clusterName;
            brokerName = c.brokerName;
            brokerId = c.brokerId;
            brokerIp = c.brokerIp;
            bindAddress = c.bindAddress;
            listenPort = c.listenPort;
            nameServerAddrs = c.nameServerAddrs;
            store = c.store;
            autoCreateTopicEnable = c.autoCreateTopicEnable;
            autoCreateSubscriptionGroup = c.autoCreateSubscriptionGroup;
            defaultTopicQueueNums = c.defaultTopicQueueNums;
            registerInterval = c.registerInterval;
            longPollingEnable = c.longPollingEnable;
            shortPollingTime = c.shortPollingTime;
            clientExpiry = c.clientExpiry;
            queueLockExpiry = c.queueLockExpiry;
            schedule = c.schedule;
        }

        BrokerConfig build() {
            return new BrokerConfig(
                    clusterName,
                    brokerName,
                    brokerId,
                    brokerIp,
                    bindAddress,
                    listenPort,
                    nameServerAddrs,
                    store,
                    autoCreateTopicEnable,
                    autoCreateSubscriptionGroup,
                    defaultTopicQueueNums,
                    registerInterval,
                    longPollingEnable,
                    shortPollingTime,
                    clientExpiry,
                    queueLockExpiry,
                    schedule);
        }
    }
}
