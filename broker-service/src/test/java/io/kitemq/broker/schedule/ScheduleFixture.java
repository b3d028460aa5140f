package io.kitemq.broker.schedule;

import static org.awaitility.Awaitility.await;

import io.kitemq.protocol.message.MessageExt;
import io.kitemq.protocol.message.StoredMessageCodec;
import io.kitemq.store.GetResult;
import io.kitemq.store.MessageFilter;
import io.kitemq.store.MessageStore;
import io.kitemq.store.StoreConfig;
import io.kitemq.store.StoreMetrics;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** A real store in a temp dir, a clock the test moves, and staging with short delay levels (1 s 2 s 3 s). */
final class ScheduleFixture implements AutoCloseable {

    static final long T0 = 1_700_000_000_000L;

    final AtomicLong now = new AtomicLong(T0);
    final InstantSource clock = new InstantSource() {
        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(now.get());
        }

        @Override
        public long millis() {
            return now.get();
        }
    };
    final Path dir;
    final ScheduleConfig config = ScheduleConfig.defaults().withDelayLevels(DelayLevels.parse("1s 2s 3s"));
    final ScheduleStaging staging = new ScheduleStaging(config, clock);
    MessageStore store;

    ScheduleFixture(Path dir) {
        this.dir = dir;
        open();
    }

    void open() {
        store = MessageStore.open(
                StoreConfig.defaults(dir.resolve("store")).withSegmentBytes(1 << 20, 1000), clock, StoreMetrics.NONE);
    }

    Path configDir() {
        return dir.resolve("store").resolve("config");
    }

    /** Sends {@code body} to {@code topic} queue 1 through staging, as the send path does, and waits for dispatch. */
    MessageExt send(String topic, String body, Map<String, String> properties) {
        MessageExt m = new MessageExt();
        m.setTopic(topic);
        m.setQueueId(1);
        m.setBody(body.getBytes(StandardCharsets.UTF_8));
        m.setProperties(properties);
        m.putProperty("UNIQ_KEY", "ID-" + body);
        m.setBornHost(new InetSocketAddress("127.0.0.1", 40000));
        m.setStoreHost(new InetSocketAddress("127.0.0.1", 10911));
        m.setBornTimestamp(now.get());
        if (staging.check(m) != null) {
            throw new IllegalArgumentException(staging.check(m));
        }
        staging.stage(m);
        store.append(m).join();
        dispatched();
        return m;
    }

    void dispatched() {
        await().atMost(Duration.ofSeconds(10)).until(() -> store.dispatchedOffset() == store.commitLogMaxOffset());
    }

    /** The bodies of queue 1 of {@code topic}, in order. */
    List<MessageExt> delivered(String topic) {
        dispatched();
        GetResult r = store.get(topic, 1, 0, 1000, 1 << 24, MessageFilter.ALL);
        List<MessageExt> out = new ArrayList<>();
        for (ByteBuffer b : r.records()) {
            out.add(StoredMessageCodec.decode(b, true, false));
        }
        return out;
    }

    static List<String> bodies(List<MessageExt> messages) {
        return messages.stream()
                .map(m -> new String(m.getBody(), StandardCharsets.UTF_8))
                .toList();
    }

    @Override
    public void close() {
        store.close();
    }
}
