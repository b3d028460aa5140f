package io.kitemq.store.checkpoint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Owns a store directory for one process (an OS file lock on {@code lock}) and the {@code abort}
 * marker: present while the store is open, removed by a clean shutdown — so finding it at open means
 * the previous run crashed.
 *
 * <p>Thread-safe for the single owner; methods are idempotent.
 */
public final class StoreLock implements AutoCloseable {

    public static final String LOCK_FILE = "lock";
    public static final String ABORT_FILE = "abort";

    private final Path dir;
    private final FileChannel channel;
    private final FileLock lock;
    private final boolean crashedBefore;

    private StoreLock(Path dir, FileChannel channel, FileLock lock, boolean crashedBefore) {
        this.dir = dir;
        this.channel = channel;
        this.lock = lock;
        this.crashedBefore = crashedBefore;
    }

    /** Locks {@code dir}; fails clearly when another process has it open. */
    public static StoreLock acquire(Path dir) {
        try {
            Files.createDirectories(dir);
            FileChannel ch =
                    FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                ch.close();
                throw new IllegalStateException("store directory " + dir + " is in use by another store");
            }
            return new StoreLock(dir, ch, lock, Files.exists(dir.resolve(ABORT_FILE)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock store directory " + dir, e);
        }
    }

    /** Whether the abort marker was present when the lock was taken (the last run did not shut down cleanly). */
    public boolean crashedBefore() {
        return crashedBefore;
    }

    /** Creates the abort marker (durably): from now on, a crash will be detected at the next open. */
    public void markRunning() {
        try (FileChannel ch =
                FileChannel.open(dir.resolve(ABORT_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            ch.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the abort marker in " + dir, e);
        }
    }

    /** Removes the abort marker: the store shut down cleanly. */
    public void markClean() {
        try {
            Files.deleteIfExists(dir.resolve(ABORT_FILE));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the abort marker in " + dir, e);
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot release the lock on " + dir, e);
        }
    }
}
