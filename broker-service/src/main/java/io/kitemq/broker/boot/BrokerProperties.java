package io.kitemq.broker.boot;

import io.kitemq.broker.BrokerConfig;
import io.kitemq.broker.schedule.DelayLevels;
import io.kitemq.broker.schedule.ScheduleConfig;
import io.kitemq.broker.transaction.TransactionConfig;
import io.kitemq.store.FlushMode;
import io.kitemq.store.StoreConfig;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code kitemq.broker.*}: the broker's settings, mapped onto {@link BrokerConfig} and {@link StoreConfig}.
 * The REST port is Spring's {@code server.port}.
 *
 * @param listenPort remoting port; 0 picks a free one (logged)
 * @param haPort the replication port (reserved; replication is not built yet)
 * @param bindAddress address the remoting port listens on
 * @param nameServerAddr NameServers, {@code host:port;host:port}
 * @param clusterName cluster the broker registers in
 * @param brokerName broker group name
 * @param brokerId 0 for a master
 * @param brokerIp address advertised to clients; empty: the first non-loopback IPv4 address
 * @param autoCreateTopicEnable create unknown topics on send from TBW102
 * @param autoCreateSubscriptionGroup create unknown consumer groups on first use
 * @param defaultTopicQueueNums queues of an auto-created topic
 * @param store the message store's settings
 * @param schedule delayed and timed delivery
 */
@ConfigurationProperties("kitemq.broker")
public record BrokerProperties(
        @DefaultValue("10911") int listenPort,
        @DefaultValue("10912") int haPort,
        @DefaultValue("0.0.0.0") String bindAddress,
        @DefaultValue("127.0.0.1:9876") String nameServerAddr,
        @DefaultValue("DefaultCluster") String clusterName,
        @DefaultValue("broker-a") String brokerName,
        @DefaultValue("0") long brokerId,
        @DefaultValue("") String brokerIp,
        @DefaultValue("true") boolean autoCreateTopicEnable,
        @DefaultValue("true") boolean autoCreateSubscriptionGroup,
        @DefaultValue("8") int defaultTopicQueueNums,
        @DefaultValue Store store,
        @DefaultValue Schedule schedule,
        @DefaultValue Transaction transaction) {

    /**
     * {@code kitemq.broker.transaction.*}: transactional (half) messages.
     *
     * @param timeout an undecided half message is first checked back this long after it was stored
     *     (RocketMQ's {@code transactionTimeOut})
     * @param checkInterval then it is checked again this often ({@code transactionCheckInterval})
     * @param maxChecks after this many unanswered checks it is parked in {@code TRANS_CHECK_MAX_TIME_TOPIC}
     *     ({@code transactionCheckMax})
     */
    public record Transaction(
            @DefaultValue("6s") Duration timeout,
            @DefaultValue("30s") Duration checkInterval,
            @DefaultValue("15") int maxChecks) {

        public TransactionConfig toConfig() {
            return new TransactionConfig(timeout, checkInterval, maxChecks);
        }
    }

    /**
     * {@code kitemq.broker.schedule.*}.
     *
     * @param messageDelayLevel the delays of the {@code DELAY} levels, RocketMQ's {@code messageDelayLevel}
     * @param timerMaxDelay the longest delay of a timed message (RocketMQ's {@code timerMaxDelaySec})
     * @param progressPersistInterval how often delivery progress ({@code delayOffsets.json},
     *     {@code timerCheckpoint.json}) is saved; bounds the re-deliveries after a crash
     */
    public record Schedule(
            @DefaultValue(DelayLevels.ROCKETMQ_LEVELS) String messageDelayLevel,
            @DefaultValue("3d") Duration timerMaxDelay,
            @DefaultValue("10s") Duration progressPersistInterval) {

        ScheduleConfig toConfig() {
            return new ScheduleConfig(DelayLevels.parse(messageDelayLevel), timerMaxDelay, progressPersistInterval);
        }
    }

    /**
     * {@code kitemq.broker.store.*}.
     *
     * @param dir data directory
     * @param flushMode ASYNC or SYNC acknowledgement
     * @param commitLogSegmentSize size of each CommitLog file
     * @param maxMessageSize largest message body accepted
     * @param fileReservedTime CommitLog files older than this are deleted at {@code deleteWhen}
     * @param deleteWhen hour of day (0-23) of the deletion
     * @param writeWindowSize ASYNC only: records are encoded straight into pre-faulted mapped windows of this
     *     size (default 64MB; the store's fastest path); 0 writes them with pwrite instead
     * @param groupCommitMaxWait SYNC only: the longest a group-commit fsync waits for the producers it expects
     *     back (adaptive, at most half the mean fsync time); 0 flushes at once
     * @param syncPrepareAhead SYNC only: how far ahead of the writer the CommitLog is kept allocated on disk
     *     (default 32MB, a multiple of 4KB); 0 appends into the sparse segment as it is
     * @param pageCacheWindow how much of the CommitLog behind its end stays in the page cache; older flushed
     *     pages are dropped so the next writes reuse their memory: {@code auto} (default: 40% of memory, at most
     *     1GB in a VM that reports free pages to its hypervisor), {@code 0} (the kernel decides) or a size of at
     *     least 64MB. Needs Linux and Java 22+; elsewhere the kernel decides
     */
    public record Store(
            @DefaultValue("./data/broker") Path dir,
            @DefaultValue("ASYNC") FlushMode flushMode,
            @DefaultValue("1GB") DataSize commitLogSegmentSize,
            @DefaultValue("4MB") DataSize maxMessageSize,
            @DefaultValue("72h") Duration fileReservedTime,
            @DefaultValue("4") int deleteWhen,
            @DefaultValue("64MB") DataSize writeWindowSize,
            @DefaultValue("1ms") Duration groupCommitMaxWait,
            @DefaultValue("32MB") DataSize syncPrepareAhead,
            @DefaultValue("auto") String pageCacheWindow) {

        /** {@link #pageCacheWindow} in bytes: {@link StoreConfig#PAGE_CACHE_WINDOW_AUTO}, 0 or a size. */
        long pageCacheWindowBytes() {
            String w = pageCacheWindow.trim();
            if (w.equalsIgnoreCase("auto")) {
                return StoreConfig.PAGE_CACHE_WINDOW_AUTO;
            }
            String problem = "kitemq.broker.store.page-cache-window must be auto, 0 or a size such as 1GB: " + w;
            long bytes;
            try {
                bytes = DataSize.parse(w).toBytes();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(problem, e);
            }
            if (bytes < 0) {
                throw new IllegalArgumentException(problem);
            }
            return bytes;
        }
    }

    BrokerConfig toConfig() {
        StoreConfig defaults = StoreConfig.defaults(store.dir());
        StoreConfig storeConfig = defaults.withSegmentBytes(
                        (int) store.commitLogSegmentSize().toBytes(), defaults.consumeQueueEntriesPerSegment())
                .withMaxMessageBytes((int) store.maxMessageSize().toBytes())
                .withFlushMode(store.flushMode())
                .withWriteWindows((int) store.writeWindowSize().toBytes())
                .withGroupCommitMaxWait(store.groupCommitMaxWait())
                .withSyncPrepareAhead((int) store.syncPrepareAhead().toBytes())
                .withPageCacheWindow(store.pageCacheWindowBytes())
                .withRetention(
                        store.fileReservedTime(),
                        store.deleteWhen(),
                        defaults.diskHighWaterPercent(),
                        defaults.diskReadOnlyPercent(),
                        defaults.retentionCheckInterval());
        List<String> nameServers = Arrays.stream(nameServerAddr.split(";"))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
        BrokerConfig base = BrokerConfig.defaults(storeConfig)
                .withIdentity(clusterName, brokerName, brokerId)
                .withListen(bindAddress, brokerIp.isBlank() ? firstNonLoopbackAddress() : brokerIp, listenPort)
                .withNameServers(nameServers);
        return new BrokerConfig(
                base.clusterName(),
                base.brokerName(),
                base.brokerId(),
                base.brokerIp(),
                base.bindAddress(),
                base.listenPort(),
                base.nameServerAddrs(),
                base.store(),
                autoCreateTopicEnable,
                autoCreateSubscriptionGroup,
                defaultTopicQueueNums,
                base.registerInterval(),
                base.longPollingEnable(),
                base.shortPollingTime(),
                base.clientExpiry(),
                base.queueLockExpiry(),
                schedule.toConfig());
    }

    /** The address RocketMQ advertises by default: the first non-loopback IPv4 address, else loopback. */
    static String firstNonLoopbackAddress() {
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback()) {
                    continue;
                }
                for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                    if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
                        return a.getHostAddress();
                    }
                }
            }
        } catch (SocketException e) {
            // fall through
        }
        return "127.0.0.1";
    }
}
