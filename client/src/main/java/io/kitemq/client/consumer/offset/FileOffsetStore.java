package io.kitemq.client.consumer.offset;

import io.kitemq.client.FatalClientException;
import io.kitemq.protocol.ProtocolException;
import io.kitemq.protocol.body.BodyCodec;
import io.kitemq.protocol.message.MessageQueue;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Offsets of a broadcasting consumer, kept in one JSON file of this client (broadcasting clients each
 * consume everything, so the broker keeps no progress for them):
 *
 * <pre>{@code
 * {"group":"G","offsets":[{"brokerName":"broker-a","offset":42,"queueId":0,"topic":"T"}, ...]}
 * }</pre>
 *
 * <p>Writes are atomic: the new content goes to {@code <file>.tmp}, is forced to disk and then moved
 * over the file, so a crash leaves either the old or the new file. A file that exists but cannot be
 * read is an error ({@link FatalClientException} naming the file) rather than a silent restart from
 * scratch, which would re-deliver or skip everything.
 *
 * <p>Thread-safe: offsets in a concurrent map; file writes serialized on this object.
 */
public final class FileOffsetStore implements OffsetStore {

    private static final Logger log = LoggerFactory.getLogger(FileOffsetStore.class);

    /** The file's JSON shape. */
    record OffsetFile(String group, List<Entry> offsets) {}

    /** One queue's offset in the file. */
    record Entry(String topic, String brokerName, int queueId, long offset) {}

    private final String group;
    private final Path file;
    private final ConcurrentMap<MessageQueue, AtomicLong> offsets = new ConcurrentHashMap<>();

    /**
     * Opens the store and loads {@code file} if it exists.
     *
     * @throws FatalClientException if the file exists but is unreadable or not a valid offset file
     */
    public FileOffsetStore(String group, Path file) {
        this.group = Objects.requireNonNull(group, "group");
        this.file = Objects.requireNonNull(file, "file");
        load();
    }

    /** The conventional file: {@code <dir>/<clientId>/<group>/offsets.json}. */
    public static Path defaultFile(Path dir, String clientId, String group) {
        return dir.resolve(clientId.replace(':', '_')).resolve(group).resolve("offsets.json");
    }

    public Path file() {
        return file;
    }

    private void load() {
        if (!Files.exists(file)) {
            return;
        }
        OffsetFile content;
        try {
            content = BodyCodec.decode(Files.readAllBytes(file), OffsetFile.class);
        } catch (IOException e) {
            throw new FatalClientException("cannot read offset file " + file + " of group " + group, e);
        } catch (ProtocolException e) {
            throw new FatalClientException(
                    "offset file " + file + " of group " + group + " is corrupt (fix or delete it): " + e.getMessage(),
                    e);
        }
        if (content.offsets() == null) {
            throw new FatalClientException("offset file " + file + " of group " + group + " has no offsets list");
        }
        for (Entry e : content.offsets()) {
            if (e.topic() == null || e.brokerName() == null || e.offset() < 0) {
                throw new FatalClientException("offset file " + file + " has an invalid entry " + e);
            }
            offsets.put(new MessageQueue(e.topic(), e.brokerName(), e.queueId()), new AtomicLong(e.offset()));
        }
        log.info("group {}: loaded {} offsets from {}", group, offsets.size(), file);
    }

    @Override
    public long readLocal(MessageQueue queue) {
        AtomicLong offset = offsets.get(queue);
        return offset == null ? -1 : offset.get();
    }

    @Override
    public long readDurable(MessageQueue queue) {
        return readLocal(queue);
    }

    @Override
    public void update(MessageQueue queue, long offset, boolean increaseOnly) {
        AtomicLong current = offsets.computeIfAbsent(queue, q -> new AtomicLong(offset));
        if (increaseOnly) {
            current.accumulateAndGet(offset, Math::max);
        } else {
            current.set(offset);
        }
    }

    @Override
    public void persist(Set<MessageQueue> queues) {
        offsets.keySet().removeIf(q -> !queues.contains(q));
        write();
    }

    @Override
    public void persist(MessageQueue queue) {
        write();
    }

    @Override
    public void remove(MessageQueue queue) {
        offsets.remove(queue);
    }

    @Override
    public Map<MessageQueue, Long> snapshot() {
        Map<MessageQueue, Long> copy = new TreeMap<>();
        offsets.forEach((q, o) -> copy.put(q, o.get()));
        return copy;
    }

    private synchronized void write() {
        List<Entry> entries = new ArrayList<>();
        snapshot().forEach((q, o) -> entries.add(new Entry(q.topic(), q.brokerName(), q.queueId(), o)));
        byte[] json = BodyCodec.encode(new OffsetFile(group, entries));
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.createDirectories(file.getParent());
            try (FileChannel ch = FileChannel.open(
                    tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(json);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            log.warn("group {}: cannot write offset file {} (next persist retries): {}", group, file, e.toString());
        }
    }
}
