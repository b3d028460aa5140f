package io.kitemq.broker.admin;

import io.kitemq.store.MessageStore;
import java.io.File;
import java.nio.ByteBuffer;
import java.time.InstantSource;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;

/**
 * The broker's runtime status as GET_BROKER_RUNTIME_INFO reports it: the keys RocketMQ 5.5.0's broker puts
 * in its {@code KVTable} and that {@code mqadmin brokerStatus} prints and {@code mqadmin clusterList}
 * parses — CommitLog offsets and disk use, dispatch and flush backlog, put totals and rates
 * ({@link PutStats}), boot time and uptime, version, request queue sizes. Values are text in RocketMQ's
 * formats ({@code putTps} is {@code "10s 1min 10min"}, ratios are fractions, byte backlogs human-readable
 * where RocketMQ makes them so).
 *
 * <p>What KiteMQ does not track yet is reported as RocketMQ reports an idle or disabled feature, so the
 * tools parse it: get totals and rates 0, timer wheel 0, page-cache lock 0, transient pool unlimited.
 *
 * <p>Thread-safe: every call reads the live components.
 */
public final class BrokerRuntimeInfo {

    /** RocketMQ's name of protocol version 479 ({@code RemotingCommand.CURRENT_VERSION}), which we announce. */
    public static final String VERSION_DESC = "V5_3_3";

    private static final String ZERO_TPS = "0.00 0.00 0.00";
    private static final String[] OTHER_POOLS = {"litePull", "query", "ack"};

    private final MessageStore store;
    private final PutStats puts;
    private final InstantSource clock;
    private final long bootMillis;
    private final Map<String, BlockingQueue<Runnable>> requestQueues;

    /**
     * @param requestQueues the request executors' queues by RocketMQ's pool name ({@code send}, {@code pull})
     */
    public BrokerRuntimeInfo(
            MessageStore store,
            PutStats puts,
            InstantSource clock,
            long bootMillis,
            Map<String, BlockingQueue<Runnable>> requestQueues) {
        this.store = Objects.requireNonNull(store, "store");
        this.puts = Objects.requireNonNull(puts, "puts");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.bootMillis = bootMillis;
        this.requestQueues = Map.copyOf(requestQueues);
    }

    /** The current status, sorted by key. */
    public Map<String, String> snapshot() {
        Map<String, String> kv = new TreeMap<>();
        putStore(kv);
        putTraffic(kv);
        putQueues(kv);
        long now = clock.millis();
        kv.put("bootTimestamp", Long.toString(bootMillis));
        kv.put("runtime", uptimeText(now - bootMillis));
        kv.put("brokerVersionDesc", VERSION_DESC);
        kv.put("brokerVersion", "479");
        kv.put("brokerActive", "true");
        kv.put("startAcceptSendRequestTimeStamp", "0");
        kv.put("pageCacheLockTimeMills", "0");
        kv.put("remainTransientStoreBufferNumbs", Integer.toString(Integer.MAX_VALUE));
        for (String timer : new String[] {"timerReadBehind", "timerOffsetBehind", "timerCongestNum"}) {
            kv.put(timer, "0");
        }
        kv.put("timerEnqueueTps", "0.0");
        kv.put("timerDequeueTps", "0.0");
        return kv;
    }

    private void putStore(Map<String, String> kv) {
        long min = store.commitLogMinOffset();
        long max = store.commitLogMaxOffset();
        kv.put("commitLogMinOffset", Long.toString(min));
        kv.put("commitLogMaxOffset", Long.toString(max));
        kv.put("dispatchBehindBytes", Long.toString(Math.max(0, max - store.dispatchedOffset())));
        kv.put("remainHowManyDataToFlush", humanBytes(Math.max(0, max - store.flushedOffset())));
        kv.put("earliestMessageTimeStamp", Long.toString(earliestMessageTime(min, max)));
        File dir = store.config().dir().toFile();
        String ratio = Double.toString(usedRatio(dir));
        kv.put("commitLogDiskRatio", ratio);
        kv.put("commitLogDiskRatio_" + new File(dir, "commitlog").getPath(), ratio);
        kv.put("consumeQueueDiskRatio", ratio);
        kv.put(
                "commitLogDirCapacity",
                String.format(
                        Locale.ROOT,
                        "Total : %s, Free : %s.",
                        humanBytes(dir.getTotalSpace()),
                        humanBytes(dir.getFreeSpace())));
    }

    private void putTraffic(Map<String, String> kv) {
        long total = puts.totalNow();
        kv.put("putTps", puts.tpsText());
        kv.put("putMessageTimesTotal", Long.toString(total));
        kv.put("msgPutTotalTodayNow", Long.toString(total));
        kv.put("msgPutTotalTodayMorning", Long.toString(puts.totalTodayMorning()));
        kv.put("msgPutTotalYesterdayMorning", Long.toString(puts.totalYesterdayMorning()));
        for (String key :
                new String[] {"msgGetTotalTodayNow", "msgGetTotalTodayMorning", "msgGetTotalYesterdayMorning"}) {
            kv.put(key, "0");
        }
        // 5.x tools read getTransferredTps, 4.x tools the misspelt getTransferedTps
        for (String key :
                new String[] {"getTransferredTps", "getTransferedTps", "getFoundTps", "getMissTps", "getTotalTps"}) {
            kv.put(key, ZERO_TPS);
        }
    }

    private void putQueues(Map<String, String> kv) {
        requestQueues.forEach((name, queue) -> {
            kv.put(name + "ThreadPoolQueueSize", Integer.toString(queue.size()));
            kv.put(name + "ThreadPoolQueueCapacity", Integer.toString(queue.size() + queue.remainingCapacity()));
            kv.put(name + "ThreadPoolQueueHeadWaitTimeMills", "0");
        });
        for (String name : OTHER_POOLS) {
            kv.putIfAbsent(name + "ThreadPoolQueueSize", "0");
            kv.putIfAbsent(name + "ThreadPoolQueueCapacity", "0");
            kv.putIfAbsent(name + "ThreadPoolQueueHeadWaitTimeMills", "0");
        }
        kv.put("EndTransactionQueueSize", "0");
        kv.put("EndTransactionThreadPoolQueueCapacity", "0");
    }

    /** The store time of the oldest message in the CommitLog, or -1 when it holds none. */
    private long earliestMessageTime(long min, long max) {
        if (min >= max) {
            return -1;
        }
        ByteBuffer record = store.readAt(min);
        return record == null ? -1 : MessageStore.storeTimestampOf(record);
    }

    /** RocketMQ's {@code getDiskPartitionSpaceUsedPercent}: used / (used + usable), rounded up to 1 %. */
    static double usedRatio(File dir) {
        long total = dir.getTotalSpace();
        if (total <= 0) {
            return -1;
        }
        long used = total - dir.getFreeSpace();
        long entire = used + dir.getUsableSpace();
        if (entire <= 0) {
            return -1;
        }
        long percent = used * 100 / entire + (used * 100 % entire != 0 ? 1 : 0);
        return percent / 100.0;
    }

    /** RocketMQ's {@code humanReadableByteCount(bytes, false)}: {@code "512 B"}, {@code "1.5 KiB"}. */
    static String humanBytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        int exp = (int) (Math.log(bytes) / Math.log(1024));
        return String.format(Locale.ROOT, "%.1f %siB", bytes / Math.pow(1024, exp), "KMGTPE".charAt(exp - 1));
    }

    /** RocketMQ's uptime text: {@code "[ 0 days, 1 hours, 2 minutes, 3 seconds ]"}. */
    static String uptimeText(long millis) {
        long s = Math.max(0, millis) / 1000;
        return String.format(
                Locale.ROOT,
                "[ %d days, %d hours, %d minutes, %d seconds ]",
                s / 86_400,
                s / 3600 % 24,
                s / 60 % 60,
                s % 60);
    }
}
