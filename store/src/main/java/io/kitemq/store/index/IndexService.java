package io.kitemq.store.index;

import io.kitemq.protocol.message.PropertyKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The directory of index files ({@code <storeDir>/index/}): finds messages by topic and key (each of
 * a message's KEYS and its UNIQ_KEY) within a time range. Derived from the CommitLog by the
 * dispatcher and always rebuildable from it.
 *
 * <p>Files are oldest first; only the newest is written. A message's keys go into one file (the service
 * rolls before a message that does not fit, unless it has more keys than an empty file holds).
 *
 * <p>Re-indexing contract: {@link #maxPhyOffset()} is the CommitLog offset of the newest message
 * indexed (0 if none), a message boundary. After recovery the dispatcher re-dispatches from there; a
 * put at or below it is ignored, so re-dispatch is idempotent. At open the newest message's entries
 * are removed (the format cannot tell whether a crash came between two of its keys), so it is indexed
 * again whole: {@code maxPhyOffset()} is one message lower after a reopen.
 *
 * <p>Thread-safety: one writer (the dispatcher; also {@link #truncateAfter}, {@link #deleteBefore},
 * {@link #close}, serialized on this object); {@link #query}, {@link #flush} and the accessors run
 * concurrently without locks over an immutable snapshot of the file list.
 */
public final class IndexService implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(IndexService.class);

    private static final char KEY_SEPARATOR = PropertyKeys.KEY_SEPARATOR.charAt(0);

    private final Path dir;
    private final int maxHashSlots;
    private final int maxIndexes;
    private final InstantSource clock;

    /** Oldest first, every file non-empty; replaced whole by the writer. */
    private volatile List<IndexFile> files = List.of();

    private long lastFileMillis = Long.MIN_VALUE;
    private boolean closed;

    private IndexService(Path dir, int maxHashSlots, int maxIndexes, InstantSource clock) {
        this.dir = dir;
        this.maxHashSlots = maxHashSlots;
        this.maxIndexes = maxIndexes;
        this.clock = clock;
    }

    /**
     * Opens (creating if needed) the index directory and recovers its files. A corrupt or unreadable file
     * is deleted with a WARN, together with every newer one, so that {@link #maxPhyOffset()} falls to
     * where the dispatcher rebuilds what they held.
     *
     * @throws UncheckedIOException if the directory cannot be listed or a bad file cannot be deleted
     */
    public static IndexService open(Path dir, int maxHashSlots, int maxIndexes, InstantSource clock) {
        if (maxHashSlots < 1 || maxIndexes < 2 || IndexFormat.fileSize(maxHashSlots, maxIndexes) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                    "bad index layout: " + maxHashSlots + " slots, " + maxIndexes + " entries");
        }
        IndexService service = new IndexService(dir, maxHashSlots, maxIndexes, clock);
        service.recover(listFiles(dir));
        return service;
    }

    private static List<Path> listFiles(Path dir) {
        try {
            Files.createDirectories(dir);
            try (Stream<Path> s = Files.list(dir)) {
                List<Path> all = s.sorted().toList();
                List<Path> ours = new ArrayList<>();
                for (Path p : all) {
                    if (fileMillis(p) != null) {
                        ours.add(p);
                    } else {
                        log.warn("index {}: ignoring {}, which is not named like an index file", dir, p.getFileName());
                    }
                }
                return ours;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list index directory " + dir, e);
        }
    }

    /**
     * Loads the files oldest first and keeps the longest good run: the first file that is corrupt, out
     * of order, or had entries cut ends the run, and every file after it is deleted. Then removes the
     * newest message's entries (see class doc).
     */
    private synchronized void recover(List<Path> paths) {
        List<IndexFile> loaded = new ArrayList<>();
        int cutEntries = 0;
        for (int i = 0; i < paths.size(); i++) {
            Path p = paths.get(i);
            lastFileMillis = Math.max(lastFileMillis, fileMillis(p));
            IndexFile f;
            int cut;
            try {
                f = IndexFile.open(p, maxHashSlots, maxIndexes);
                cut = f.recover();
                IndexFile previous = loaded.isEmpty() ? null : loaded.get(loaded.size() - 1);
                if (previous != null && !f.isEmpty() && f.beginPhyOffset() < previous.endPhyOffset()) {
                    throw new CorruptIndexException(
                            p,
                            "begins at offset " + f.beginPhyOffset() + ", before the previous file ends ("
                                    + previous.endPhyOffset() + ")");
                }
            } catch (CorruptIndexException | UncheckedIOException e) {
                deleteFrom(paths, i, e.getMessage(), loaded);
                break;
            }
            cutEntries += cut;
            if (f.isEmpty()) {
                log.info("index {}: deleting empty index file {}", dir, p.getFileName());
                f.delete();
            } else {
                loaded.add(f);
            }
            if (cut > 0 && i + 1 < paths.size()) {
                deleteFrom(paths, i + 1, p.getFileName() + " lost entries", loaded);
                break;
            }
        }
        files = List.copyOf(loaded);
        int dropped = removeFrom(maxPhyOffset());
        log.info(
                "index {}: {} files recovered ({} torn or corrupt entries cut, {} entries of the last message"
                        + " dropped); re-index from CommitLog offset {}",
                dir,
                files.size(),
                cutEntries,
                dropped,
                maxPhyOffset());
    }

    private void deleteFrom(List<Path> paths, int from, String reason, List<IndexFile> kept) {
        long reindexFrom = kept.isEmpty() ? 0 : kept.get(kept.size() - 1).endPhyOffset();
        log.warn(
                "index {}: {}; deleting {} index files from {} on, to be rebuilt from CommitLog offset {}",
                dir,
                reason,
                paths.size() - from,
                paths.get(from).getFileName(),
                reindexFrom);
        for (int i = from; i < paths.size(); i++) {
            try {
                Files.deleteIfExists(paths.get(i));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete index file " + paths.get(i), e);
            }
        }
    }

    /**
     * Indexes a message under each of its keys: {@code uniqKey} and every non-empty word of {@code keys}
     * (space-separated KEYS property); either may be null.
     *
     * @return the number of entries written; 0 if the message was already indexed
     *     ({@code phyOffset <= maxPhyOffset()} with something indexed) or has no keys
     */
    public synchronized int put(String topic, String keys, String uniqKey, long phyOffset, long storeTimestampMs) {
        if (closed) {
            throw new IllegalStateException("index " + dir + " is closed");
        }
        List<IndexFile> snapshot = files;
        IndexFile current = snapshot.isEmpty() ? null : snapshot.get(snapshot.size() - 1);
        if (current != null && phyOffset <= current.endPhyOffset()) {
            return 0;
        }
        int needed = keyCount(keys) + (uniqKey == null || uniqKey.isEmpty() ? 0 : 1);
        if (needed == 0) {
            return 0;
        }
        if (current != null && current.freeEntries() < needed && needed < maxIndexes) {
            current = null; // roll now rather than split this message's keys across two files
        }
        if (uniqKey != null && !uniqKey.isEmpty()) {
            current = putKey(current, IndexKey.hash(topic, uniqKey), phyOffset, storeTimestampMs);
        }
        if (keys != null) {
            int from = 0;
            while (from <= keys.length()) {
                int to = keys.indexOf(KEY_SEPARATOR, from);
                to = to < 0 ? keys.length() : to;
                if (to > from) {
                    current = putKey(current, IndexKey.hash(topic, keys, from, to), phyOffset, storeTimestampMs);
                }
                from = to + 1;
            }
        }
        return needed;
    }

    private static int keyCount(String keys) {
        if (keys == null) {
            return 0;
        }
        int n = 0;
        boolean inWord = false;
        for (int i = 0; i < keys.length(); i++) {
            boolean separator = keys.charAt(i) == KEY_SEPARATOR;
            if (!separator && !inWord) {
                n++;
            }
            inWord = !separator;
        }
        return n;
    }

    /** Puts into {@code f}, or into a new file if {@code f} is null or full; returns the file written. */
    private IndexFile putKey(IndexFile f, int keyHash, long phyOffset, long storeTimestampMs) {
        if (f != null && f.putHash(keyHash, phyOffset, storeTimestampMs)) {
            return f;
        }
        List<IndexFile> list = new ArrayList<>(files);
        IndexFile next = newFile(list.isEmpty() ? null : list.get(list.size() - 1));
        next.putHash(keyHash, phyOffset, storeTimestampMs);
        // published with its first entry, so the newest file in the list is never empty
        list.add(next);
        files = List.copyOf(list);
        return next;
    }

    private IndexFile newFile(IndexFile previous) {
        long millis = Math.max(clock.millis(), lastFileMillis + 1);
        lastFileMillis = millis;
        Path path = dir.resolve(IndexFormat.FILE_NAME.format(Instant.ofEpochMilli(millis)));
        IndexFile f = IndexFile.create(path, maxHashSlots, maxIndexes);
        if (previous == null) {
            log.info("index {}: new index file {}", dir, path.getFileName());
        } else {
            log.info(
                    "index {}: rolled to {} after {} entries in {}",
                    dir,
                    path.getFileName(),
                    previous.entryCount(),
                    previous.path().getFileName());
        }
        return f;
    }

    /**
     * Offsets of messages of {@code topic} with key {@code key} (a KEYS word or a UNIQ_KEY) stored within
     * {@code [beginMs, endMs]}, newest first, without repeats, at most {@code maxNum}. Entries are matched
     * by key hash with whole-second times, so callers check each message's keys and time.
     */
    public List<Long> query(String topic, String key, int maxNum, long beginMs, long endMs) {
        List<Long> out = new ArrayList<>(Math.max(0, Math.min(maxNum, 64)));
        if (maxNum <= 0 || beginMs > endMs) {
            return out;
        }
        int hash = IndexKey.hash(topic, key);
        List<IndexFile> snapshot = files;
        for (int i = snapshot.size() - 1; i >= 0 && out.size() < maxNum; i--) {
            IndexFile f = snapshot.get(i);
            if (f.overlaps(beginMs, endMs)) {
                f.queryHash(hash, beginMs, endMs, maxNum, out);
            }
        }
        return out;
    }

    /**
     * The CommitLog offset of the newest message indexed, or 0 if none: the dispatcher re-dispatches from
     * here (puts at or below an indexed offset are ignored).
     */
    public long maxPhyOffset() {
        List<IndexFile> snapshot = files;
        return snapshot.isEmpty() ? 0 : snapshot.get(snapshot.size() - 1).endPhyOffset();
    }

    /**
     * The CommitLog was cut at {@code commitLogEnd}: removes every entry of a message at or after it
     * (deleting files that hold nothing else).
     *
     * @return {@link #maxPhyOffset()} afterwards, where the dispatcher re-indexes from
     */
    public synchronized long truncateAfter(long commitLogEnd) {
        int removed = removeFrom(commitLogEnd);
        if (removed > 0) {
            log.info(
                    "index {}: removed {} entries of messages at or after CommitLog offset {}; re-index from {}",
                    dir,
                    removed,
                    commitLogEnd,
                    maxPhyOffset());
        }
        return maxPhyOffset();
    }

    /** Removes entries of messages at or after {@code phyOffset}, newest file first; returns how many. */
    private int removeFrom(long phyOffset) {
        List<IndexFile> list = new ArrayList<>(files);
        List<IndexFile> emptied = new ArrayList<>();
        int removed = 0;
        while (!list.isEmpty()) {
            IndexFile f = list.get(list.size() - 1);
            if (f.endPhyOffset() < phyOffset) {
                break;
            }
            if (f.beginPhyOffset() >= phyOffset) {
                removed += f.entryCount();
                emptied.add(list.remove(list.size() - 1));
                continue;
            }
            removed += f.truncateFrom(phyOffset);
            break;
        }
        files = List.copyOf(list);
        for (IndexFile f : emptied) {
            log.info(
                    "index {}: deleting {}, all its entries are at or after CommitLog offset {}",
                    dir,
                    f.path().getFileName(),
                    phyOffset);
            f.delete();
        }
        return removed;
    }

    /**
     * Retention: deletes the oldest files whose every message is below {@code minCommitLogOffset} (never
     * the newest file). Returns how many were deleted.
     */
    public synchronized int deleteBefore(long minCommitLogOffset) {
        List<IndexFile> list = new ArrayList<>(files);
        List<IndexFile> expired = new ArrayList<>();
        while (list.size() > 1 && list.get(0).endPhyOffset() < minCommitLogOffset) {
            expired.add(list.remove(0));
        }
        if (expired.isEmpty()) {
            return 0;
        }
        files = List.copyOf(list);
        for (IndexFile f : expired) {
            log.info(
                    "index {}: deleting {} (messages up to offset {}, CommitLog now starts at {})",
                    dir,
                    f.path().getFileName(),
                    f.endPhyOffset(),
                    minCommitLogOffset);
            f.delete();
        }
        return expired.size();
    }

    /** Forces every file changed since the last flush. Safe alongside the writer. */
    public void flush() {
        for (IndexFile f : files) {
            f.flush();
        }
    }

    /** Store time (ms) of the newest message indexed, 0 if none (QUERY_MESSAGE's indexLastUpdateTimestamp). */
    public long lastUpdateTimestamp() {
        List<IndexFile> snapshot = files;
        return snapshot.isEmpty() ? 0 : snapshot.get(snapshot.size() - 1).endTimestamp();
    }

    /** CommitLog offset of the newest message indexed, 0 if none (QUERY_MESSAGE's indexLastUpdatePhyoffset). */
    public long lastUpdatePhyOffset() {
        return maxPhyOffset();
    }

    /** The files, oldest first (a snapshot). */
    public List<IndexFile> files() {
        return files;
    }

    public Path dir() {
        return dir;
    }

    /** Flushes and closes every file; later puts throw, later queries find nothing. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<IndexFile> snapshot = files;
        files = List.of();
        for (IndexFile f : snapshot) {
            f.close();
        }
    }

    /** Creation time encoded in an index file's name, or null if it is not named like one. */
    private static Long fileMillis(Path p) {
        String name = p.getFileName().toString();
        if (name.length() != IndexFormat.FILE_NAME_LENGTH || !name.chars().allMatch(Character::isDigit)) {
            return null;
        }
        try {
            return LocalDateTime.parse(name, IndexFormat.FILE_NAME)
                    .toInstant(ZoneOffset.UTC)
                    .toEpochMilli();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
