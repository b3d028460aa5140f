package io.kitemq.broker.admin;

import io.kitemq.broker.BrokerConfig;
import io.kitemq.protocol.body.BodyCodec;
import io.kitemq.protocol.body.DataVersion;
import io.kitemq.protocol.command.RemotingCommand;
import io.kitemq.protocol.header.GetBrokerConfigResponseHeader;
import io.kitemq.remoting.RemotingPeer;
import io.kitemq.remoting.RequestHandler;
import io.kitemq.store.FlushMode;
import io.kitemq.store.StoreConfig;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * GET_BROKER_CONFIG (26, {@code mqadmin getBrokerConfig}): the broker's settings as RocketMQ's properties
 * text ({@code key=value} lines, sorted), under RocketMQ's {@code BrokerConfig}/{@code MessageStoreConfig}
 * names ({@code brokerClusterName}, {@code namesrvAddr}, {@code flushDiskType}, ...), and in the
 * {@code version} response header the JSON of the configuration's {@link DataVersion} (fixed at boot: the
 * settings cannot be changed at run time). Only settings KiteMQ has are listed.
 *
 * <p>Immutable and thread-safe.
 */
public final class GetBrokerConfigHandler implements RequestHandler {

    private final byte[] properties;
    private final String version;

    /**
     * @param listenPort the port the broker actually listens on (the configured one may be 0)
     * @param bootMillis when the broker started, the version's timestamp
     */
    public GetBrokerConfigHandler(BrokerConfig config, int listenPort, long bootMillis) {
        Objects.requireNonNull(config, "config");
        this.properties = propertiesText(config, listenPort).getBytes(StandardCharsets.UTF_8);
        this.version = new String(BodyCodec.encode(DataVersion.startingAt(bootMillis)), StandardCharsets.UTF_8);
    }

    @Override
    public RemotingCommand handle(RemotingPeer peer, RemotingCommand request) {
        return RemotingCommand.success()
                .header(new GetBrokerConfigResponseHeader(version))
                .body(properties);
    }

    /** The settings as {@code key=value} lines under RocketMQ's names, sorted by key. */
    static String propertiesText(BrokerConfig config, int listenPort) {
        Map<String, Object> p = new TreeMap<>();
        p.put("brokerClusterName", config.clusterName());
        p.put("brokerName", config.brokerName());
        p.put("brokerId", config.brokerId());
        p.put("brokerIP1", config.brokerIp());
        p.put("listenPort", listenPort);
        p.put("namesrvAddr", String.join(";", config.nameServerAddrs()));
        p.put("brokerRole", config.brokerId() == 0 ? "ASYNC_MASTER" : "SLAVE");
        p.put("brokerPermission", 6);
        p.put("autoCreateTopicEnable", config.autoCreateTopicEnable());
        p.put("autoCreateSubscriptionGroup", config.autoCreateSubscriptionGroup());
        p.put("defaultTopicQueueNums", config.defaultTopicQueueNums());
        p.put("registerNameServerPeriod", config.registerInterval().toMillis());
        p.put("longPollingEnable", config.longPollingEnable());
        p.put("shortPollingTimeMills", config.shortPollingTime().toMillis());
        p.put("channelExpiredTimeout", config.clientExpiry().toMillis());
        putStore(p, config.store());
        p.put("messageDelayLevel", config.schedule().delayLevels().text());
        p.put("timerWheelEnable", true);
        p.put("timerMaxDelaySec", config.schedule().timerMaxDelay().toSeconds());
        p.put("timerPrecisionMs", 1000);
        p.put(
                "flushDelayOffsetInterval",
                config.schedule().progressPersistInterval().toMillis());
        StringBuilder sb = new StringBuilder();
        p.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
        return sb.toString();
    }

    private static void putStore(Map<String, Object> p, StoreConfig s) {
        p.put("storePathRootDir", s.dir());
        p.put("storePathCommitLog", s.dir().resolve("commitlog"));
        p.put("mappedFileSizeCommitLog", s.commitLogSegmentBytes());
        p.put("mappedFileSizeConsumeQueue", (long) s.consumeQueueEntriesPerSegment() * 20);
        p.put("maxMessageSize", s.maxMessageBytes());
        p.put("flushDiskType", s.flushMode() == FlushMode.SYNC ? "SYNC_FLUSH" : "ASYNC_FLUSH");
        p.put("flushIntervalCommitLog", s.flushInterval().toMillis());
        p.put("syncFlushTimeout", s.syncFlushTimeout().toMillis());
        p.put("flushConsumeQueueThoroughInterval", s.checkpointInterval().toMillis());
        p.put("fileReservedTime", s.fileReservedTime().toHours());
        p.put("deleteWhen", String.format("%02d", s.deleteWhenHour()));
        p.put("diskMaxUsedSpaceRatio", s.diskHighWaterPercent());
        p.put("maxHashSlotNum", s.indexMaxHashSlots());
        p.put("maxIndexNum", s.indexMaxEntries());
    }
}
