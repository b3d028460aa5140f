package io.kitemq.store.queue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * All ConsumeQueues of a store: {@code <consumeQueueDir>/<topic>/<queueId>/} (layout in {@link
 * ConsumeQueueFormat}). Loads every queue directory at open, creates queues lazily on first use, and
 * fans store-wide operations (truncation, retention, flush) out to every queue.
 *
 * <p>Directory names are validated: a topic directory must be a RocketMQ topic name ({@code
 * ^[%|a-zA-Z0-9_-]+$}, at most 127 characters) and a queue directory a canonical non-negative int;
 * anything else is skipped with a WARN and left alone.
 *
 * <p>Thread-safe. Lookups ({@link #get}, the fast path of {@link #getOrCreate}) are lock-free; creating
 * and deleting queues is serialized by one lock. A queue removed by {@link #deleteTopic} while a
 * dispatcher still holds it refuses further puts (it is closed).
 */
public final class ConsumeQueueTable {

    private static final Logger log = LoggerFactory.getLogger(ConsumeQueueTable.class);

    private final Path root;
    private final int entriesPerSegment;
    private final ConcurrentHashMap<String, ConcurrentHashMap<Integer, ConsumeQueue>> topics =
            new ConcurrentHashMap<>();
    private final Object createLock = new Object();
    private final long bytesCutAtOpen;

    private ConsumeQueueTable(Path root, int entriesPerSegment) {
        this.root = root;
        this.entriesPerSegment = entriesPerSegment;
        this.bytesCutAtOpen = load();
    }

    /**
     * Opens the table rooted at {@code consumeQueueDir} (the store's {@code consumequeue/} directory; it
     * need not exist) and recovers every queue in it.
     */
    public static ConsumeQueueTable open(Path consumeQueueDir, int entriesPerSegment) {
        if (entriesPerSegment <= 0 || entriesPerSegment > ConsumeQueueFormat.MAX_ENTRIES_PER_SEGMENT) {
            throw new IllegalArgumentException("entriesPerSegment out of range: " + entriesPerSegment);
        }
        return new ConsumeQueueTable(consumeQueueDir, entriesPerSegment);
    }

    private long load() {
        if (!Files.isDirectory(root)) {
            log.info("ConsumeQueues: {} does not exist yet, starting empty", root);
            return 0;
        }
        int queues = 0;
        long entries = 0;
        long cut = 0;
        for (Path topicDir : list(root)) {
            String topic = topicDir.getFileName().toString();
            if (!Files.isDirectory(topicDir) || !ConsumeQueueFormat.isValidTopic(topic)) {
                log.warn("ConsumeQueues: ignoring {}: not a topic directory", topicDir);
                continue;
            }
            for (Path queueDir : list(topicDir)) {
                int queueId =
                        ConsumeQueueFormat.queueIdOf(queueDir.getFileName().toString());
                if (!Files.isDirectory(queueDir) || queueId < 0) {
                    log.warn("ConsumeQueues: ignoring {}: not a queue directory", queueDir);
                    continue;
                }
                ConsumeQueue queue = ConsumeQueue.open(queueDir, topic, queueId, entriesPerSegment);
                topics.computeIfAbsent(topic, t -> new ConcurrentHashMap<>()).put(queueId, queue);
                queues++;
                entries += queue.maxOffset() - queue.minOffset();
                cut += queue.bytesCutAtOpen();
            }
        }
        log.info(
                "ConsumeQueues: loaded {} queue(s) of {} topic(s) from {}: {} entries, cut {} bytes of torn tails",
                queues,
                topics.size(),
                root,
                entries,
                cut);
        return cut;
    }

    public Path dir() {
        return root;
    }

    /** The queue of (topic, queueId), or null if it does not exist. */
    public ConsumeQueue get(String topic, int queueId) {
        Map<Integer, ConsumeQueue> queues = topics.get(topic);
        return queues == null ? null : queues.get(queueId);
    }

    /**
     * The queue of (topic, queueId), created (empty, no file yet) if it does not exist.
     *
     * @throws IllegalArgumentException if {@code topic} is not a valid topic name or {@code queueId} is
     *     negative (they become directory names)
     */
    public ConsumeQueue getOrCreate(String topic, int queueId) {
        ConsumeQueue queue = get(topic, queueId);
        if (queue != null) {
            return queue;
        }
        if (!ConsumeQueueFormat.isValidTopic(topic) || queueId < 0) {
            throw new IllegalArgumentException("not a valid topic/queue: " + topic + "/" + queueId);
        }
        synchronized (createLock) {
            ConcurrentHashMap<Integer, ConsumeQueue> queues =
                    topics.computeIfAbsent(topic, t -> new ConcurrentHashMap<>());
            queue = queues.get(queueId);
            if (queue == null) {
                Path queueDir = root.resolve(topic).resolve(Integer.toString(queueId));
                queue = ConsumeQueue.open(queueDir, topic, queueId, entriesPerSegment);
                queues.put(queueId, queue);
            }
            return queue;
        }
    }

    /** Calls {@code action} for every queue (a weakly consistent snapshot). */
    public void forEach(Consumer<ConsumeQueue> action) {
        for (Map<Integer, ConsumeQueue> queues : topics.values()) {
            queues.values().forEach(action);
        }
    }

    /** The topics that have queues. */
    public Set<String> topics() {
        return Set.copyOf(topics.keySet());
    }

    /** Bytes of torn tails cut by recovery when the table was opened (0 after a clean shutdown). */
    public long bytesCutAtOpen() {
        return bytesCutAtOpen;
    }

    /**
     * The CommitLog offset from which the dispatcher re-dispatches after a restart: the <b>largest</b>
     * {@link ConsumeQueue#maxCommitLogEnd()} over all queues, -1 if no queue has an entry.
     *
     * <p>Why the largest and not the smallest: the dispatcher is one thread that writes the entries of
     * every queue in CommitLog order, and those writes land in the page cache at once. So whenever the
     * files saw the process stop — a clean shutdown, or a crash of the process alone — every record
     * below the largest end was already dispatched (an idle queue's small end says nothing is missing, it
     * only had no messages since), and re-dispatching from there completes every queue; {@link
     * ConsumeQueue#put} ignores the repeats. The smallest end would re-dispatch from the last message of
     * the most idle queue, possibly the whole CommitLog, on every restart.
     *
     * <p>That argument fails when the machine itself crashed: pages of different queue files reach the
     * disk independently, so one queue may have lost entries that another queue's later entries
     * outlived. After such a crash the store must resume from no later than its checkpoint (a CommitLog
     * offset it records only after {@link #flush} returned, so every queue is complete below it), i.e.
     * {@code min(maxCommitLogEnd(), checkpoint)}; {@link #minCommitLogEnd()} is the conservative bound
     * when there is no checkpoint.
     */
    public long maxCommitLogEnd() {
        long[] max = {-1};
        forEach(q -> max[0] = Math.max(max[0], q.maxCommitLogEnd()));
        return max[0];
    }

    /**
     * The smallest {@link ConsumeQueue#maxCommitLogEnd()} over the queues that have entries, -1 if none:
     * re-dispatching from here completes every queue that still has a file, whatever was lost.
     */
    public long minCommitLogEnd() {
        long[] min = {Long.MAX_VALUE};
        forEach(q -> {
            long end = q.maxCommitLogEnd();
            if (end >= 0) {
                min[0] = Math.min(min[0], end);
            }
        });
        return min[0] == Long.MAX_VALUE ? -1 : min[0];
    }

    /** {@link ConsumeQueue#truncateAfterCommitLog} on every queue; returns the offsets dropped in all. */
    public long truncateAfterCommitLog(long commitLogEnd) {
        long[] dropped = {0};
        forEach(q -> dropped[0] += q.truncateAfterCommitLog(commitLogEnd));
        return dropped[0];
    }

    /** {@link ConsumeQueue#deleteBefore} on every queue; returns the segments deleted in all. */
    public int deleteBefore(long minCommitLogOffset) {
        int[] deleted = {0};
        forEach(q -> deleted[0] += q.deleteBefore(minCommitLogOffset));
        return deleted[0];
    }

    /** Forces every queue's unflushed entries to disk. */
    public void flush() {
        forEach(ConsumeQueue::flush);
    }

    /** Flushes and closes every queue. */
    public void close() {
        forEach(ConsumeQueue::close);
        log.info("ConsumeQueues: closed {}", root);
    }

    /**
     * Destroys every queue of {@code topic} and deletes its directory, foreign files included. Returns
     * whether the topic had queues or a directory.
     */
    /**
     * Deletes one queue's files and forgets it (the next {@link #getOrCreate} starts it afresh): recovery
     * drops a damaged queue this way and rebuilds it from the CommitLog. Returns whether it existed.
     */
    public boolean dropQueue(String topic, int queueId) {
        synchronized (createLock) {
            Map<Integer, ConsumeQueue> queues = topics.get(topic);
            ConsumeQueue q = queues == null ? null : queues.remove(queueId);
            if (q == null) {
                return false;
            }
            q.destroy();
            log.warn("ConsumeQueues: dropped {}-{} to rebuild it from the CommitLog", topic, queueId);
            return true;
        }
    }

    public boolean deleteTopic(String topic) {
        if (!ConsumeQueueFormat.isValidTopic(topic)) {
            throw new IllegalArgumentException("not a valid topic: " + topic);
        }
        synchronized (createLock) {
            Map<Integer, ConsumeQueue> queues = topics.remove(topic);
            if (queues != null) {
                queues.values().forEach(ConsumeQueue::destroy);
            }
            Path topicDir = root.resolve(topic);
            boolean existed = queues != null || Files.exists(topicDir);
            deleteTree(topicDir);
            if (existed) {
                log.info("ConsumeQueues: deleted topic {} ({} queue(s))", topic, queues == null ? 0 : queues.size());
            }
            return existed;
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }

    private static Iterable<Path> list(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    @Override
    public String toString() {
        return "ConsumeQueueTable[" + root + ", " + topics.size() + " topics]";
    }
}
