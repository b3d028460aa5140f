package io.kitemq.broker.schedule;

import io.kitemq.broker.config.JsonConfigFile;
import io.kitemq.protocol.body.DataVersion;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * How far the delay service has delivered each level's queue of {@code SCHEDULE_TOPIC_XXXX}: the queue
 * offset of the next parked message per level. Saved as {@code <storeDir>/config/delayOffsets.json} in
 * the JSON shape of RocketMQ's {@code delayOffset.json} ({@code {"offsetTable":{"1":12,...},
 * "dataVersion":{...}}}, keyed by level), atomically through {@link JsonConfigFile}.
 *
 * <p>Thread-safe: one writer per level (the delivery thread), any readers.
 */
public final class DelayOffsetTable {

    public static final String FILE_NAME = "delayOffsets.json";

    /** The file's JSON shape. */
    public record DelayOffsetFile(Map<Integer, Long> offsetTable, DataVersion dataVersion) {}

    private final AtomicLongArray offsets;

    private DelayOffsetTable(int levels) {
        this.offsets = new AtomicLongArray(levels + 1);
    }

    /** The saved offsets (levels beyond {@code maxLevel} are ignored), or zeros. */
    static DelayOffsetTable load(JsonConfigFile<DelayOffsetFile> file, int maxLevel) {
        DelayOffsetTable t = new DelayOffsetTable(maxLevel);
        file.loadOrBackup().ifPresent(f -> {
            if (f.offsetTable() != null) {
                f.offsetTable().forEach((level, offset) -> {
                    if (level != null && level >= 1 && level <= maxLevel && offset != null && offset >= 0) {
                        t.offsets.set(level, offset);
                    }
                });
            }
        });
        return t;
    }

    static Path path(Path configDir) {
        return configDir.resolve(FILE_NAME);
    }

    public int maxLevel() {
        return offsets.length() - 1;
    }

    public long offset(int level) {
        return offsets.get(level);
    }

    void set(int level, long offset) {
        offsets.set(level, offset);
    }

    /** Level to offset, levels in order. */
    public Map<Integer, Long> snapshot() {
        Map<Integer, Long> m = new TreeMap<>();
        for (int level = 1; level < offsets.length(); level++) {
            m.put(level, offsets.get(level));
        }
        return m;
    }

    DelayOffsetFile toFile(long nowMs) {
        return new DelayOffsetFile(snapshot(), DataVersion.startingAt(nowMs));
    }
}
