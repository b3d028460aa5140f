package io.kitemq.broker.schedule;

import static io.kitemq.broker.schedule.ScheduleFixture.T0;
import static io.kitemq.broker.schedule.ScheduleFixture.bodies;
import static org.assertj.core.api.Assertions.assertThat;

import io.kitemq.broker.config.JsonConfigFile;
import io.kitemq.broker.topic.SystemTopics;
import io.kitemq.protocol.message.MessageExt;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Delay-level and timer delivery on a real store with a clock the test moves; no threads. */
class ScheduledDeliveryTest {

    @TempDir
    Path dir;

    ScheduleFixture f;

    @BeforeEach
    void open() {
        f = new ScheduleFixture(dir);
    }

    @AfterEach
    void close() {
        f.close();
    }

    DelayDelivery delays() {
        JsonConfigFile<DelayOffsetTable.DelayOffsetFile> file =
                JsonConfigFile.of(DelayOffsetTable.path(f.configDir()), DelayOffsetTable.DelayOffsetFile.class);
        return new DelayDelivery(f.store, f.config.delayLevels(), DelayOffsetTable.load(file, 3), f.clock);
    }

    @Test
    void delayLevelsAreDeliveredWhenDueKeepingTheirIdAndProperties() {
        f.send("Orders", "a", Map.of("DELAY", "2", "KEYS", "k1"));
        f.send("Orders", "b", Map.of("DELAY", "1"));
        f.send("Orders", "c", Map.of("DELAY", "7")); // clamped to level 3
        DelayDelivery d = delays();

        f.now.set(T0 + 999);
        assertThat(d.runOnce()).isZero();
        assertThat(d.pending()).isEqualTo(3);
        f.now.set(T0 + 1000);
        assertThat(d.runOnce()).isEqualTo(1);
        f.now.set(T0 + 2000);
        d.runOnce();
        f.now.set(T0 + 3000);
        d.runOnce();

        var delivered = f.delivered("Orders");
        assertThat(bodies(delivered)).containsExactly("b", "a", "c");
        MessageExt a = delivered.get(1);
        assertThat(a.getProperties())
                .containsEntry("UNIQ_KEY", "ID-a")
                .containsEntry("KEYS", "k1")
                .containsEntry("REAL_TOPIC", "Orders")
                .doesNotContainKey("DELAY");
        assertThat(a.getStoreTimestamp()).isGreaterThanOrEqualTo(a.getBornTimestamp() + 2000);
        assertThat(d.offsets().snapshot()).isEqualTo(Map.of(1, 1L, 2, 1L, 3, 1L));
        assertThat(d.pending()).isZero();
        assertThat(d.delivered()).isEqualTo(3);
    }

    @Test
    void savedDelayOffsetsMakeARestartNeitherLoseNorRepeat() {
        JsonConfigFile<DelayOffsetTable.DelayOffsetFile> file =
                JsonConfigFile.of(DelayOffsetTable.path(f.configDir()), DelayOffsetTable.DelayOffsetFile.class);
        f.send("Orders", "a", Map.of("DELAY", "1"));
        f.send("Orders", "b", Map.of("DELAY", "1"));
        f.send("Orders", "c", Map.of("DELAY", "3"));
        DelayDelivery d = delays();
        f.now.set(T0 + 1500);
        d.runOnce();
        file.save(d.offsets().toFile(f.now.get()));
        f.close();

        f.open();
        DelayDelivery restarted = delays();
        assertThat(restarted.offsets().snapshot()).containsEntry(1, 2L).containsEntry(3, 0L);
        f.now.set(T0 + 3000);
        restarted.runOnce();

        assertThat(bodies(f.delivered("Orders"))).containsExactly("a", "b", "c");
    }

    @Test
    void timedMessagesAreDeliveredNoEarlierThanTheirTime() {
        f.send("Orders", "at", Map.of("TIMER_DELIVER_MS", Long.toString(T0 + 2500)));
        f.send("Orders", "sec", Map.of("TIMER_DELAY_SEC", "1"));
        f.send("Orders", "ms", Map.of("TIMER_DELAY_MS", "1500"));
        TimerDelivery t = new TimerDelivery(f.store, f.clock);
        t.recover(null);
        assertThat(t.pending()).isEqualTo(3);

        f.now.set(T0 + 999);
        assertThat(t.runOnce()).isZero();
        f.now.set(T0 + 1000);
        assertThat(t.runOnce()).isEqualTo(1);
        f.now.set(T0 + 1499);
        assertThat(t.runOnce()).isZero();
        f.now.set(T0 + 1500);
        assertThat(t.runOnce()).isEqualTo(1);
        f.now.set(T0 + 2499);
        assertThat(t.runOnce()).isZero();
        f.now.set(T0 + 2500);
        assertThat(t.runOnce()).isEqualTo(1);

        var delivered = f.delivered("Orders");
        assertThat(bodies(delivered)).containsExactly("sec", "ms", "at");
        assertThat(delivered.get(2).getProperties())
                .containsEntry("UNIQ_KEY", "ID-at")
                .containsEntry("TIMER_OUT_MS", Long.toString(T0 + 2500))
                .doesNotContainKey("TIMER_DELIVER_MS");
        assertThat(f.store.maxOffset(SystemTopics.SCHEDULE_TOPIC, 0)).isZero();
    }

    @Test
    void aRestartFromTheCheckpointRebuildsOnlyWhatIsPending() {
        f.send("Orders", "1", Map.of("TIMER_DELAY_SEC", "1"));
        f.send("Orders", "10", Map.of("TIMER_DELAY_SEC", "10"));
        f.send("Orders", "2", Map.of("TIMER_DELAY_SEC", "2"));
        TimerDelivery t = new TimerDelivery(f.store, f.clock);
        t.recover(null);
        f.now.set(T0 + 3000);
        t.runOnce();
        f.send("Orders", "5", Map.of("TIMER_DELAY_SEC", "3")); // read by no run before the "crash"
        TimerDelivery.Checkpoint saved = t.checkpoint();
        assertThat(saved.lowWatermark()).as("message '10' is still pending").isEqualTo(1);

        TimerDelivery restarted = new TimerDelivery(f.store, f.clock);
        restarted.recover(saved);
        assertThat(restarted.pending()).isEqualTo(2);
        f.now.set(T0 + 11_000);
        restarted.runOnce();

        assertThat(bodies(f.delivered("Orders"))).containsExactly("1", "2", "5", "10");
        assertThat(restarted.checkpoint().lowWatermark()).isEqualTo(4);
    }

    @Test
    void aCrashBeforeTheCheckpointDeliversAgainAtLeastOnce() {
        f.send("Orders", "1", Map.of("TIMER_DELAY_SEC", "1"));
        TimerDelivery t = new TimerDelivery(f.store, f.clock);
        t.recover(null);
        TimerDelivery.Checkpoint before = t.checkpoint();
        f.now.set(T0 + 1000);
        t.runOnce();

        TimerDelivery restarted = new TimerDelivery(f.store, f.clock);
        restarted.recover(before);
        restarted.runOnce();

        assertThat(bodies(f.delivered("Orders"))).containsExactly("1", "1");
    }

    @Test
    void messagesOfTheRunningSecondAreDeliveredAgainAfterACrash() {
        f.send("Orders", "soon", Map.of("TIMER_DELAY_MS", "300"));
        TimerDelivery t = new TimerDelivery(f.store, f.clock);
        t.recover(null);
        f.now.set(T0 + 400);
        t.runOnce();
        assertThat(t.pending()).isZero();

        TimerDelivery restarted = new TimerDelivery(f.store, f.clock);
        restarted.recover(t.checkpoint()); // its second was not over: not yet counted as delivered
        restarted.runOnce();

        assertThat(bodies(f.delivered("Orders"))).containsExactly("soon", "soon");
    }

    @Test
    void theServiceSavesItsProgressOnClose() throws Exception {
        f.send("Orders", "a", Map.of("DELAY", "1"));
        f.now.set(T0 + 1000);
        ScheduledDelivery s = new ScheduledDelivery(f.config, f.store, f.configDir(), f.clock).start();
        org.awaitility.Awaitility.await().until(() -> s.delivered() == 1);
        s.close();

        assertThat(java.nio.file.Files.readString(f.configDir().resolve("delayOffsets.json")))
                .contains("\"offsetTable\"");
        ScheduledDelivery again = new ScheduledDelivery(f.config, f.store, f.configDir(), f.clock);
        assertThat(again.delayOffsets()).containsEntry(1, 1L);
    }
}
