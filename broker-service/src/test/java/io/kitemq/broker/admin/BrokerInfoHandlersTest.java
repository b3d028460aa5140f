package io.kitemq.broker.admin;

import static io.kitemq.broker.admin.AdminFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.kitemq.broker.BrokerConfig;
import io.kitemq.protocol.body.BodyCodec;
import io.kitemq.protocol.body.DataVersion;
import io.kitemq.protocol.body.KVTable;
import io.kitemq.protocol.code.RequestCode;
import io.kitemq.protocol.command.RemotingCommand;
import io.kitemq.protocol.header.GetBrokerConfigResponseHeader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GET_BROKER_RUNTIME_INFO and GET_BROKER_CONFIG. */
class BrokerInfoHandlersTest {

    /** The keys {@code mqadmin clusterList} (5.5.0) parses; a missing one fails the tool. */
    static final List<String> CLUSTER_LIST_KEYS = List.of(
            "msgPutTotalYesterdayMorning",
            "msgPutTotalTodayMorning",
            "msgPutTotalTodayNow",
            "msgGetTotalYesterdayMorning",
            "msgGetTotalTodayMorning",
            "msgGetTotalTodayNow",
            "brokerVersionDesc",
            "putTps",
            "getTransferredTps",
            "commitLogDiskRatio",
            "earliestMessageTimeStamp",
            "pageCacheLockTimeMills",
            "brokerActive",
            "sendThreadPoolQueueSize",
            "pullThreadPoolQueueSize",
            "ackThreadPoolQueueSize",
            "sendThreadPoolQueueHeadWaitTimeMills",
            "pullThreadPoolQueueHeadWaitTimeMills",
            "timerReadBehind",
            "timerOffsetBehind",
            "timerCongestNum",
            "timerEnqueueTps",
            "timerDequeueTps");

    @TempDir
    Path dir;

    AdminFixture f;
    PutStats puts;

    @BeforeEach
    void open() {
        f = new AdminFixture(dir);
        puts = new PutStats(f.clock, ZoneOffset.UTC);
        f.store.addDispatchListener(puts);
    }

    @AfterEach
    void close() {
        f.close();
    }

    Map<String, String> runtimeInfo(long bootMillis) throws Exception {
        BlockingQueue<Runnable> send = new ArrayBlockingQueue<>(10);
        send.add(() -> {});
        BrokerRuntimeInfo info = new BrokerRuntimeInfo(
                f.store, puts, f.clock, bootMillis, Map.of("send", send, "pull", new ArrayBlockingQueue<>(100)));
        RemotingCommand r =
                f.call(new GetBrokerRuntimeInfoHandler(info), RequestCode.GET_BROKER_RUNTIME_INFO.code(), null);
        return BodyCodec.decode(r.body(), KVTable.class).table();
    }

    @Test
    void runtimeInfoReportsTheStoreAndThePuts() throws Exception {
        long boot = T0 - 3_723_000; // 1 h 2 min 3 s before T0
        f.put("T", 0, "a");
        f.put("T", 1, "b");

        Map<String, String> kv = runtimeInfo(boot);

        assertThat(kv).containsKeys(CLUSTER_LIST_KEYS.toArray(String[]::new));
        assertThat(kv)
                .containsEntry("commitLogMinOffset", "0")
                .containsEntry("commitLogMaxOffset", Long.toString(f.store.commitLogMaxOffset()))
                .containsEntry("dispatchBehindBytes", "0")
                .containsEntry("msgPutTotalTodayNow", "2")
                .containsEntry("msgPutTotalTodayMorning", "0")
                .containsEntry("earliestMessageTimeStamp", Long.toString(T0))
                .containsEntry("bootTimestamp", Long.toString(boot))
                .containsEntry("runtime", "[ 0 days, 1 hours, 2 minutes, 3 seconds ]")
                .containsEntry("brokerVersionDesc", BrokerRuntimeInfo.VERSION_DESC)
                .containsEntry("sendThreadPoolQueueSize", "1")
                .containsEntry("sendThreadPoolQueueCapacity", "10")
                .containsEntry("pullThreadPoolQueueCapacity", "100");
        assertThat(Long.parseLong(kv.get("commitLogMaxOffset"))).isPositive();
        double ratio = Double.parseDouble(kv.get("commitLogDiskRatio"));
        assertThat(ratio).isBetween(0.0, 1.0);
        for (String tps : List.of("putTps", "getTransferredTps")) {
            assertThat(kv.get(tps).split(" ")).hasSize(3).allSatisfy(Double::parseDouble);
        }
        f.now.addAndGet(1000);
        assertThat(Double.parseDouble(runtimeInfo(boot).get("putTps").split(" ")[0]))
                .isEqualTo(0.2);
    }

    @Test
    void runtimeInfoOfAnEmptyStore() throws Exception {
        Map<String, String> kv = runtimeInfo(T0);

        assertThat(kv)
                .containsEntry("earliestMessageTimeStamp", "-1")
                .containsEntry("msgPutTotalTodayNow", "0")
                .containsEntry("putTps", "0.00 0.00 0.00")
                .containsEntry("remainHowManyDataToFlush", "0 B");
    }

    @Test
    void formats() {
        assertThat(BrokerRuntimeInfo.humanBytes(512)).isEqualTo("512 B");
        assertThat(BrokerRuntimeInfo.humanBytes(1536)).isEqualTo("1.5 KiB");
        assertThat(BrokerRuntimeInfo.humanBytes(3L << 30)).isEqualTo("3.0 GiB");
        assertThat(BrokerRuntimeInfo.uptimeText(90_061_000)).isEqualTo("[ 1 days, 1 hours, 1 minutes, 1 seconds ]");
    }

    @Test
    void brokerConfigAsPropertiesWithTheDataVersion() throws Exception {
        BrokerConfig config = BrokerConfig.defaults(f.store.config())
                .withIdentity("c1", "broker-b", 0)
                .withNameServers(List.of("10.0.0.1:9876", "10.0.0.2:9876"));

        RemotingCommand r =
                f.call(new GetBrokerConfigHandler(config, 10911, T0), RequestCode.GET_BROKER_CONFIG.code(), null);

        Properties p = new Properties();
        p.load(new StringReader(new String(r.body(), StandardCharsets.UTF_8)));
        assertThat(p)
                .containsEntry("brokerClusterName", "c1")
                .containsEntry("brokerName", "broker-b")
                .containsEntry("brokerId", "0")
                .containsEntry("listenPort", "10911")
                .containsEntry("namesrvAddr", "10.0.0.1:9876;10.0.0.2:9876")
                .containsEntry("flushDiskType", "ASYNC_FLUSH")
                .containsEntry("deleteWhen", "04")
                .containsEntry("fileReservedTime", "72")
                .containsEntry("mappedFileSizeCommitLog", Integer.toString(1 << 20))
                .containsEntry("storePathRootDir", f.store.config().dir().toString());
        String version = GetBrokerConfigResponseHeader.decode(r.extFields()).version();
        assertThat(BodyCodec.decode(version.getBytes(StandardCharsets.UTF_8), DataVersion.class))
                .isEqualTo(DataVersion.startingAt(T0));
    }
}
