package io.kitemq.broker.schedule;

import io.kitemq.broker.config.JsonConfigFile;
import io.kitemq.store.MessageStore;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Later delivery in a broker: the {@link ScheduleStaging} the send path parks delayed and timed messages
 * with, the {@link DelayDelivery} of the delay levels and the {@link TimerDelivery} of timed messages,
 * each on its own thread (every {@value #TICK_MS} ms), and their saved progress in the broker's config
 * directory: {@code delayOffsets.json} and {@code timerCheckpoint.json}, saved every
 * {@code progressPersistInterval} and on {@link #close}. A delivery counts once the store has its re-put:
 * in SYNC flush mode that is after the fsync, so saved progress never claims a delivery a power loss can
 * take back; in ASYNC mode the guarantee is the store's own (the page cache survives a process crash).
 *
 * <p>Thread-safe; {@link #start} and {@link #close} once each.
 */
public final class ScheduledDelivery implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ScheduledDelivery.class);
    static final long TICK_MS = 100;
    public static final String TIMER_CHECKPOINT_FILE = "timerCheckpoint.json";

    private final ScheduleConfig config;
    private final MessageStore store;
    private final InstantSource clock;
    private final ScheduleStaging staging;
    private final JsonConfigFile<DelayOffsetTable.DelayOffsetFile> delayFile;
    private final JsonConfigFile<TimerDelivery.Checkpoint> timerFile;
    private final DelayDelivery delays;
    private final TimerDelivery timers;
    private ScheduledExecutorService delayThread;
    private ScheduledExecutorService timerThread;

    public ScheduledDelivery(ScheduleConfig config, MessageStore store, Path configDir, InstantSource clock) {
        this.config = config;
        this.store = store;
        this.clock = clock;
        this.staging = new ScheduleStaging(config, clock);
        this.delayFile = JsonConfigFile.of(DelayOffsetTable.path(configDir), DelayOffsetTable.DelayOffsetFile.class);
        this.timerFile = JsonConfigFile.of(configDir.resolve(TIMER_CHECKPOINT_FILE), TimerDelivery.Checkpoint.class);
        DelayOffsetTable offsets =
                DelayOffsetTable.load(delayFile, config.delayLevels().maxLevel());
        this.delays = new DelayDelivery(store, config.delayLevels(), offsets, clock);
        this.timers = new TimerDelivery(store, clock);
    }

    /** Rebuilds the timer wheel and starts delivering. */
    public synchronized ScheduledDelivery start() {
        timers.recover(timerFile.loadOrBackup().orElse(null));
        delayThread = Executors.newSingleThreadScheduledExecutor(daemon("kitemq-delay-delivery"));
        timerThread = Executors.newSingleThreadScheduledExecutor(daemon("kitemq-timer-delivery"));
        delayThread.scheduleWithFixedDelay(() -> guard("delay", delays::runOnce), 0, TICK_MS, TimeUnit.MILLISECONDS);
        timerThread.scheduleWithFixedDelay(() -> guard("timer", timers::runOnce), 0, TICK_MS, TimeUnit.MILLISECONDS);
        long persistMs = config.progressPersistInterval().toMillis();
        delayThread.scheduleWithFixedDelay(this::persist, persistMs, persistMs, TimeUnit.MILLISECONDS);
        log.info(
                "scheduled delivery started: {} delay levels ({}), timers up to {}",
                config.delayLevels().maxLevel(),
                config.delayLevels().text(),
                config.timerMaxDelay());
        return this;
    }

    private static void guard(String what, Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            log.error("{} delivery failed; retrying", what, e);
        }
    }

    private void persist() {
        try {
            delayFile.save(delays.offsets().toFile(clock.millis()));
            TimerDelivery.Checkpoint c = timers.checkpoint();
            if (c != null) {
                timerFile.save(c);
            }
        } catch (RuntimeException e) {
            log.error("cannot save the delivery progress", e);
        }
    }

    /** Parks delayed and timed messages on the send path. */
    public ScheduleStaging staging() {
        return staging;
    }

    /** Per delay level, the queue offset of the next message to deliver (GET_ALL_DELAY_OFFSET). */
    public Map<Integer, Long> delayOffsets() {
        return delays.offsets().snapshot();
    }

    /** Messages waiting for their delay level. */
    public long pendingDelayed() {
        return delays.pending();
    }

    /** Timed messages waiting in the wheel. */
    public long pendingTimers() {
        return timers.pending();
    }

    /** Delayed and timed messages delivered since start. */
    public long delivered() {
        return delays.delivered() + timers.delivered();
    }

    /** Stops the threads (a delivery in progress completes) and saves the progress. */
    @Override
    public synchronized void close() {
        boolean started = delayThread != null;
        for (ScheduledExecutorService s : new ScheduledExecutorService[] {delayThread, timerThread}) {
            if (s != null) {
                s.shutdown();
                try {
                    s.awaitTermination(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        if (started) {
            persist();
        }
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
