package io.kitemq.broker.offset;

import io.kitemq.broker.config.JsonConfigFile;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The committed consume offsets of the consumer groups: (group, topic, queueId) → the next queue offset
 * the group will consume.
 *
 * <p>Persisted by {@link #persist()} — which the broker calls every 5 s and on shutdown — to
 * {@code <storeDir>/config/consumerOffsets.json} in RocketMQ's shape, keyed by {@code topic@group}:
 * {@code {"offsetTable": {"TopicA@group1": {"0": 12, "1": 40}}}}, through a {@link JsonConfigFile}. A
 * persist with no commit since the last one writes nothing. A file that cannot be parsed is replaced by
 * its backup (at most one persist interval old: the group re-consumes a little, which at-least-once
 * delivery allows), logged as ERROR; without a valid backup the table refuses to open.
 *
 * <p>Thread-safe without a global lock on the commit path: a concurrent map of concurrent maps, and a
 * striped change counter for the dirty check. A commit racing with {@link #removeGroup},
 * {@link #removeTopic} or {@link #resetTo} for the same group and topic may be lost, as in RocketMQ.
 */
public final class ConsumerOffsetTable {

    public static final String FILE_NAME = "consumerOffsets.json";
    public static final char TOPIC_GROUP_SEPARATOR = '@';
    /** What {@link #query} answers for a queue the group never committed. */
    public static final long NO_OFFSET = -1;

    private static final Logger log = LoggerFactory.getLogger(ConsumerOffsetTable.class);

    /** The file's JSON shape. */
    record Persisted(Map<String, Map<Integer, Long>> offsetTable) {}

    private final JsonConfigFile<Persisted> file;
    private final ConcurrentMap<String, ConcurrentMap<Integer, Long>> table = new ConcurrentHashMap<>();
    private final LongAdder changes = new LongAdder();
    private final Object persistLock = new Object();
    private long persistedChanges;

    private ConsumerOffsetTable(Path configDir) {
        this.file = JsonConfigFile.of(configDir.resolve(FILE_NAME), Persisted.class);
    }

    /**
     * Loads {@code configDir/consumerOffsets.json} (absent: no offsets).
     *
     * @throws IllegalStateException if the file and its backup cannot be parsed
     */
    public static ConsumerOffsetTable open(Path configDir) {
        ConsumerOffsetTable offsets = new ConsumerOffsetTable(configDir);
        Persisted saved = offsets.file.loadOrBackup().orElse(null);
        if (saved != null && saved.offsetTable() != null) {
            saved.offsetTable().forEach(offsets::restore);
        }
        log.info("Loaded committed offsets of {} topic@group pairs from {}", offsets.table.size(), offsets.file.path());
        return offsets;
    }

    /** RocketMQ's key of a group's offsets on a topic. */
    public static String key(String topic, String group) {
        return topic + TOPIC_GROUP_SEPARATOR + group;
    }

    /** Records that {@code group} will next consume {@code offset} on the queue. */
    public void commit(String group, String topic, int queueId, long offset) {
        ConcurrentMap<Integer, Long> queues = table.computeIfAbsent(key(topic, group), k -> new ConcurrentHashMap<>());
        Long previous = queues.put(queueId, offset);
        if (previous == null || previous != offset) {
            changes.increment();
        }
    }

    /** The group's committed offset on the queue, or {@link #NO_OFFSET} (-1) if none. */
    public long query(String group, String topic, int queueId) {
        Map<Integer, Long> queues = table.get(key(topic, group));
        Long offset = queues == null ? null : queues.get(queueId);
        return offset == null ? NO_OFFSET : offset;
    }

    /** The group's committed offsets on the topic by queue id, sorted; a copy, empty if none. */
    public Map<Integer, Long> offsets(String group, String topic) {
        Map<Integer, Long> queues = table.get(key(topic, group));
        return queues == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(queues));
    }

    /** The groups with offsets on the topic, sorted. */
    public Set<String> groupsOf(String topic) {
        Set<String> groups = new TreeSet<>();
        for (String key : table.keySet()) {
            int at = key.indexOf(TOPIC_GROUP_SEPARATOR);
            if (key.substring(0, at).equals(topic)) {
                groups.add(key.substring(at + 1));
            }
        }
        return Collections.unmodifiableSet(groups);
    }

    /** The topics the group has offsets on, sorted. */
    public Set<String> topicsOf(String group) {
        Set<String> topics = new TreeSet<>();
        for (String key : table.keySet()) {
            int at = key.indexOf(TOPIC_GROUP_SEPARATOR);
            if (key.substring(at + 1).equals(group)) {
                topics.add(key.substring(0, at));
            }
        }
        return Collections.unmodifiableSet(topics);
    }

    /** Forgets all offsets of the group; returns whether it had any. */
    public boolean removeGroup(String group) {
        return removeKeys(
                key -> key.substring(key.indexOf(TOPIC_GROUP_SEPARATOR) + 1).equals(group));
    }

    /** Forgets all offsets on the topic; returns whether there were any. */
    public boolean removeTopic(String topic) {
        return removeKeys(
                key -> key.substring(0, key.indexOf(TOPIC_GROUP_SEPARATOR)).equals(topic));
    }

    /** Replaces the group's offsets on the topic with {@code offsets} (queue id → offset); empty removes them. */
    public void resetTo(String group, String topic, Map<Integer, Long> offsets) {
        Objects.requireNonNull(offsets, "offsets");
        ConcurrentMap<Integer, Long> queues = new ConcurrentHashMap<>();
        offsets.forEach((queueId, offset) -> {
            if (queueId != null && offset != null) {
                queues.put(queueId, offset);
            }
        });
        if (queues.isEmpty()) {
            table.remove(key(topic, group));
        } else {
            table.put(key(topic, group), queues);
        }
        changes.increment();
    }

    /** All offsets keyed by {@code topic@group}, sorted; a copy (GET_ALL_CONSUMER_OFFSET, persistence). */
    public Map<String, Map<Integer, Long>> offsetTable() {
        Map<String, Map<Integer, Long>> copy = new TreeMap<>();
        table.forEach((key, queues) -> {
            if (!queues.isEmpty()) {
                copy.put(key, Collections.unmodifiableMap(new TreeMap<>(queues)));
            }
        });
        return Collections.unmodifiableMap(copy);
    }

    /**
     * Writes the offsets to the file if anything changed since the last persist.
     *
     * @return whether the file was written
     * @throws java.io.UncheckedIOException if writing fails (the next persist tries again)
     */
    public boolean persist() {
        synchronized (persistLock) {
            // read before the snapshot: a commit counted here is in the snapshot (counted after its put);
            // one not counted yet makes the next persist write again
            long seen = changes.sum();
            if (seen == persistedChanges) {
                return false;
            }
            file.save(new Persisted(offsetTable()));
            persistedChanges = seen;
            return true;
        }
    }

    private boolean removeKeys(Predicate<String> matches) {
        boolean removed = table.keySet().removeIf(matches);
        if (removed) {
            changes.increment();
        }
        return removed;
    }

    private void restore(String key, Map<Integer, Long> queues) {
        int at = key == null ? -1 : key.indexOf(TOPIC_GROUP_SEPARATOR);
        if (at <= 0 || at == key.length() - 1 || queues == null) {
            log.warn("Ignoring offset entry '{}' in {}: not a topic@group key with offsets", key, file.path());
            return;
        }
        ConcurrentMap<Integer, Long> restored = new ConcurrentHashMap<>();
        queues.forEach((queueId, offset) -> {
            if (queueId != null && offset != null) {
                restored.put(queueId, offset);
            }
        });
        table.put(key, restored);
    }
}
