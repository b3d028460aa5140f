package io.kitemq.broker.config;

import io.kitemq.protocol.ProtocolException;
import io.kitemq.protocol.body.BodyCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One JSON configuration file of the broker (such as {@code <storeDir>/config/topics.json}), read and
 * written as a whole through {@link BodyCodec}, with its previous version kept beside it.
 *
 * <p>Files, for {@code topics.json}:
 *
 * <pre>
 * topics.json          the current version
 * topics.json.bak      the version before it (RocketMQ keeps the same file)
 * topics.json.tmp      a save in progress; never read, deleted on load
 * topics.json.corrupt  a current version that could not be parsed, set aside by {@link #loadOrBackup()}
 * </pre>
 *
 * <p>A save writes the new version to {@code .tmp} and forces it to disk, makes {@code .bak} a hard link
 * to (or, where links are unsupported, a copy of) the current version, then atomically renames
 * {@code .tmp} over the current version and forces the directory. The current file is never missing or
 * partly written: a crash before the rename leaves the old version (and a stray {@code .tmp}), a crash
 * after it leaves the new one.
 *
 * <p>Loading has two behaviours for a current file that cannot be parsed:
 *
 * <ul>
 *   <li>{@link #load()} refuses: an {@link IllegalStateException} names the file, the reason, and whether
 *       a valid backup exists. Nothing on disk is changed.
 *   <li>{@link #loadOrBackup()} logs an ERROR, sets the broken file aside as {@code .corrupt} and returns
 *       the backup (the version before the last save) — the choice of the broker's tables, because one
 *       save behind is far better than starting empty (lost topics, groups, offsets from zero). With no
 *       valid backup it refuses like {@link #load()}: the broker never silently starts empty.
 * </ul>
 *
 * A missing current file with a backup present (a crash inside RocketMQ's own save sequence, or a
 * hand-deleted file) loads the backup with a WARN; delete both files to start empty.
 *
 * <p>Thread-safe: loads and saves of one instance are serialized. Two instances must not share a file.
 *
 * @param <T> the JSON body type
 */
public final class JsonConfigFile<T> {

    private static final Logger log = LoggerFactory.getLogger(JsonConfigFile.class);

    private final Path file;
    private final Path backup;
    private final Path temp;
    private final Path corrupt;
    private final Class<T> type;

    private JsonConfigFile(Path file, Class<T> type) {
        this.file = file.toAbsolutePath();
        this.backup = sibling(".bak");
        this.temp = sibling(".tmp");
        this.corrupt = sibling(".corrupt");
        this.type = Objects.requireNonNull(type, "type");
    }

    /** The configuration file {@code file}, holding one {@code type} as JSON. Touches nothing on disk. */
    public static <T> JsonConfigFile<T> of(Path file, Class<T> type) {
        return new JsonConfigFile<>(Objects.requireNonNull(file, "file"), type);
    }

    public Path path() {
        return file;
    }

    public Path backupPath() {
        return backup;
    }

    /**
     * The saved value; empty when neither the file nor a backup exists.
     *
     * @throws IllegalStateException if the file cannot be parsed (the message names it and says whether
     *     a valid backup exists)
     * @throws UncheckedIOException if a file cannot be read
     */
    public synchronized Optional<T> load() {
        return read(false);
    }

    /**
     * Like {@link #load()}, but a file that cannot be parsed is set aside as {@code .corrupt} and the
     * backup is used, with an ERROR log naming both files.
     *
     * @throws IllegalStateException if the file cannot be parsed and no valid backup exists
     */
    public synchronized Optional<T> loadOrBackup() {
        return read(true);
    }

    /**
     * Replaces the saved value atomically, keeping the previous version as the backup.
     *
     * @throws UncheckedIOException if writing fails; the current file is then unchanged
     */
    public synchronized void save(T value) {
        byte[] json = BodyCodec.encode(value);
        try {
            Files.createDirectories(file.getParent());
            writeForced(temp, json);
            if (Files.exists(file)) {
                keepAsBackup();
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            forceDirectory();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save config file " + file + ": " + e.getMessage(), e);
        }
    }

    private Optional<T> read(boolean useBackup) {
        try {
            if (Files.deleteIfExists(temp)) {
                log.warn("Deleted {}, the remains of a save interrupted before it completed", temp);
            }
            if (!Files.exists(file)) {
                return readMissing();
            }
            try {
                return Optional.of(parse(file));
            } catch (ProtocolException e) {
                return readBroken(e, useBackup);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read config file " + file + ": " + e.getMessage(), e);
        }
    }

    private Optional<T> readMissing() throws IOException {
        if (!Files.exists(backup)) {
            return Optional.empty();
        }
        try {
            T value = parse(backup);
            log.warn("Config file {} is missing; loaded its backup {}", file, backup);
            return Optional.of(value);
        } catch (ProtocolException e) {
            throw new IllegalStateException(
                    "Config file " + file + " is missing and its backup " + backup + " cannot be parsed ("
                            + e.getMessage() + "); fix or remove the backup to start",
                    e);
        }
    }

    private Optional<T> readBroken(ProtocolException broken, boolean useBackup) throws IOException {
        T fromBackup = parseBackupQuietly();
        if (fromBackup == null) {
            throw new IllegalStateException(
                    "Config file " + file + " cannot be parsed (" + broken.getMessage()
                            + ") and there is no valid backup " + backup
                            + "; fix it, or remove it to start without its contents",
                    broken);
        }
        if (!useBackup) {
            throw new IllegalStateException(
                    "Config file " + file + " cannot be parsed (" + broken.getMessage() + "); a valid backup "
                            + backup + " (the version before the last save) exists: replace the file with it,"
                            + " or load with the backup behaviour",
                    broken);
        }
        Files.move(file, corrupt, StandardCopyOption.REPLACE_EXISTING);
        log.error(
                "Config file {} cannot be parsed ({}); moved it to {} and loaded the backup {},"
                        + " which lacks the last saved change",
                file,
                broken.getMessage(),
                corrupt,
                backup);
        return Optional.of(fromBackup);
    }

    private T parseBackupQuietly() throws IOException {
        if (!Files.exists(backup)) {
            return null;
        }
        try {
            return parse(backup);
        } catch (ProtocolException e) {
            log.warn("Backup {} cannot be parsed either: {}", backup, e.getMessage());
            return null;
        }
    }

    private T parse(Path path) throws IOException {
        return BodyCodec.decode(Files.readAllBytes(path), type);
    }

    /** {@code .bak} := the current version, by a hard link so it is never a torn copy. */
    private void keepAsBackup() throws IOException {
        Files.deleteIfExists(backup);
        try {
            Files.createLink(backup, file);
        } catch (UnsupportedOperationException | IOException e) {
            Files.copy(file, backup, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void writeForced(Path path, byte[] bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(
                path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
    }

    /** Makes the rename durable; not possible on every platform (Windows), where it is skipped. */
    private void forceDirectory() {
        try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            log.debug("Cannot force directory {}: {}", file.getParent(), e.getMessage());
        }
    }

    private Path sibling(String suffix) {
        return file.resolveSibling(file.getFileName() + suffix);
    }
}
