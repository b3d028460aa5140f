package io.kitemq.store.retention;

import io.kitemq.store.StoreConfig;
import io.kitemq.store.StoreMetrics;
import io.kitemq.store.commitlog.CommitLog;
import io.kitemq.store.commitlog.Segment;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the store within its time and disk limits. Each run:
 * <ul>
 *   <li>measures disk use of the store's file system; above {@code diskReadOnlyPercent} the store is
 *       told to refuse appends (and told again when use falls back);</li>
 *   <li>deletes the oldest CommitLog segment while it is expired — every record in it older than
 *       {@code fileReservedTime}, judged by the first record of the next segment — and either the clock
 *       is in the {@code deleteWhenHour} or disk use is above {@code diskHighWaterPercent}; above the
 *       high-water mark the oldest segment goes even if not expired. The segment being written is never
 *       deleted;</li>
 *   <li>tells the store the new CommitLog minimum so ConsumeQueues and indexes follow.</li>
 * </ul>
 *
 * <p>Runs on the store's scheduler thread only; not thread-safe.
 */
public final class RetentionCleaner {

    private static final Logger log = LoggerFactory.getLogger(RetentionCleaner.class);
    /** Segments deleted per run at most, so one run never stalls the scheduler for long. */
    private static final int MAX_DELETES_PER_RUN = 10;

    private final StoreConfig config;
    private final InstantSource clock;
    private final CommitLog commitLog;
    private final LongConsumer minOffsetChanged;
    private final Consumer<String> readOnly;
    private final StoreMetrics metrics;
    private final ToIntFunction<Path> diskUsePercent;

    public RetentionCleaner(
            StoreConfig config,
            InstantSource clock,
            CommitLog commitLog,
            LongConsumer minOffsetChanged,
            Consumer<String> readOnly,
            StoreMetrics metrics) {
        this(config, clock, commitLog, minOffsetChanged, readOnly, metrics, RetentionCleaner::measureDiskUse);
    }

    /** For tests: with a disk-use measurement of their own. */
    public RetentionCleaner(
            StoreConfig config,
            InstantSource clock,
            CommitLog commitLog,
            LongConsumer minOffsetChanged,
            Consumer<String> readOnly,
            StoreMetrics metrics,
            ToIntFunction<Path> diskUsePercent) {
        this.config = config;
        this.clock = clock;
        this.commitLog = commitLog;
        this.minOffsetChanged = minOffsetChanged;
        this.readOnly = readOnly;
        this.metrics = metrics;
        this.diskUsePercent = diskUsePercent;
    }

    /**
     * Percent of the file system holding {@code dir} that is in use, as {@code df} reports it: used blocks
     * over used plus available ones. Blocks reserved for root (or held back by the platform) count as
     * neither, so a volume whose nominal size exceeds what it can really hold does not look fuller than it is.
     */
    public static int measureDiskUse(Path dir) {
        try {
            FileStore fs = Files.getFileStore(dir);
            long used = fs.getTotalSpace() - fs.getUnallocatedSpace();
            long capacity = used + fs.getUsableSpace();
            return capacity <= 0 ? 0 : (int) ((used * 100 + capacity - 1) / capacity);
        } catch (IOException e) {
            log.warn("cannot measure disk use of {}: {}", dir, e.toString());
            return 0;
        }
    }

    /** One retention pass; returns how many segments it deleted. Never throws. */
    public int runOnce() {
        try {
            int used = diskUsePercent.applyAsInt(config.dir());
            readOnly.accept(
                    used >= config.diskReadOnlyPercent()
                            ? "disk " + used + "% full (read-only mark " + config.diskReadOnlyPercent() + "%)"
                            : null);
            boolean pressure = used >= config.diskHighWaterPercent();
            boolean deleteHour = clock.instant().atZone(ZoneId.systemDefault()).getHour() == config.deleteWhenHour();
            int deleted = 0;
            while (deleted < MAX_DELETES_PER_RUN) {
                Segment oldest = commitLog.oldest();
                if (oldest == null || !(pressure || (deleteHour && expired(oldest)))) {
                    break;
                }
                Segment gone = commitLog.deleteOldestIfBelow(commitLog.writePosition());
                if (gone == null) {
                    break;
                }
                deleted++;
                metrics.segmentDeleted(gone.size());
                log.info(
                        "retention deleted CommitLog segment at {} ({})",
                        gone.base(),
                        pressure ? "disk " + used + "% used" : "expired");
                if (pressure) {
                    used = diskUsePercent.applyAsInt(config.dir());
                    pressure = used >= config.diskHighWaterPercent();
                }
            }
            if (deleted > 0) {
                minOffsetChanged.accept(commitLog.minOffset());
            }
            return deleted;
        } catch (RuntimeException e) {
            log.error("retention pass failed", e);
            return 0;
        }
    }

    private boolean expired(Segment oldest) {
        long newestInOldest = commitLog.storeTimestampAt(oldest.end());
        return newestInOldest >= 0
                && clock.millis() - newestInOldest > config.fileReservedTime().toMillis();
    }
}
