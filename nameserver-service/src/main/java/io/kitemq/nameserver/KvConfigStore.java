package io.kitemq.nameserver;

import io.kitemq.protocol.ProtocolException;
import io.kitemq.protocol.body.BodyCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.core.type.TypeReference;

/**
 * The NameServer's KV configuration (namespace → key → value; e.g. {@code ORDER_TOPIC_CONFIG}), kept in
 * memory and persisted to {@code kvConfig.json} in the data directory on every change: written to a
 * temporary file, forced, then atomically renamed over the old one, so a crash leaves either version.
 * A file that cannot be parsed stops the NameServer at start with an error naming it (nothing is
 * overwritten).
 *
 * <p>File: {@code {"configTable": {"<namespace>": {"<key>": "<value>"}}}} (RocketMQ's layout).
 *
 * <p>Thread-safe: all methods are synchronized (changes are rare).
 */
public final class KvConfigStore {

    public static final String FILE_NAME = "kvConfig.json";

    private record Persisted(Map<String, Map<String, String>> configTable) {}

    private final Path file;
    private final Map<String, Map<String, String>> table = new TreeMap<>();

    private KvConfigStore(Path file) {
        this.file = file;
    }

    /** Loads {@code dir/kvConfig.json} (absent: empty). */
    public static KvConfigStore open(Path dir) {
        KvConfigStore store = new KvConfigStore(dir.resolve(FILE_NAME));
        try {
            Files.createDirectories(dir);
            if (Files.exists(store.file)) {
                byte[] bytes = Files.readAllBytes(store.file);
                Persisted p;
                try {
                    p = BodyCodec.decode(bytes, new TypeReference<Persisted>() {});
                } catch (ProtocolException e) {
                    throw new IllegalStateException(
                            "KV config file " + store.file + " is corrupt (" + e.getMessage()
                                    + "); fix or remove it to start",
                            e);
                }
                if (p.configTable() != null) {
                    p.configTable().forEach((ns, kv) -> store.table.put(ns, new TreeMap<>(kv)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + store.file, e);
        }
        return store;
    }

    public synchronized void put(String namespace, String key, String value) {
        table.computeIfAbsent(namespace, n -> new TreeMap<>()).put(key, value);
        persist();
    }

    public synchronized String get(String namespace, String key) {
        Map<String, String> kv = table.get(namespace);
        return kv == null ? null : kv.get(key);
    }

    /** Returns whether the key existed. */
    public synchronized boolean delete(String namespace, String key) {
        Map<String, String> kv = table.get(namespace);
        if (kv == null || kv.remove(key) == null) {
            return false;
        }
        if (kv.isEmpty()) {
            table.remove(namespace);
        }
        persist();
        return true;
    }

    /** A copy of one namespace, or null when it is empty. */
    public synchronized Map<String, String> namespace(String namespace) {
        Map<String, String> kv = table.get(namespace);
        return kv == null ? null : new TreeMap<>(kv);
    }

    /** A copy of everything. */
    public synchronized Map<String, Map<String, String>> all() {
        Map<String, Map<String, String>> copy = new TreeMap<>();
        table.forEach((ns, kv) -> copy.put(ns, new TreeMap<>(kv)));
        return copy;
    }

    private void persist() {
        byte[] json = BodyCodec.encode(new Persisted(table));
        Path tmp = file.resolveSibling(FILE_NAME + ".tmp");
        try (FileChannel ch = FileChannel.open(
                tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(java.nio.ByteBuffer.wrap(json));
            ch.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + tmp, e);
        }
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot replace " + file, e);
        }
    }
}
