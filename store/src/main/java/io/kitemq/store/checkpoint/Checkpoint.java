package io.kitemq.store.checkpoint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A checkpoint ({@link CheckpointFormat}): the CommitLog offsets below which the log and its derived
 * files are known durable. Recovery scans from here instead of from the beginning.
 *
 * <p>Immutable value; {@link #write} and {@link #read} are safe to call from one thread at a time per
 * directory.
 */
public record Checkpoint(long commitLogFlushed, long dispatched, long writtenAtMs) {

    private static final Logger log = LoggerFactory.getLogger(Checkpoint.class);

    /** Reads the checkpoint in {@code dir}; null when absent or corrupt (a corrupt one is logged). */
    public static Checkpoint read(Path dir) {
        Path file = dir.resolve(CheckpointFormat.FILE_NAME);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        if (bytes.length != CheckpointFormat.BYTES
                || b.getInt(0) != CheckpointFormat.MAGIC
                || b.getInt(4) != CheckpointFormat.VERSION) {
            log.warn("checkpoint {} is not a valid checkpoint ({} bytes); recovering without it", file, bytes.length);
            return null;
        }
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, CheckpointFormat.BYTES - 4);
        if ((int) crc.getValue() != b.getInt(CheckpointFormat.BYTES - 4)) {
            log.warn("checkpoint {} fails its CRC; recovering without it", file);
            return null;
        }
        return new Checkpoint(b.getLong(8), b.getLong(16), b.getLong(24));
    }

    /** Writes this checkpoint durably and atomically into {@code dir}. */
    public void write(Path dir) {
        ByteBuffer b = ByteBuffer.allocate(CheckpointFormat.BYTES);
        b.putInt(CheckpointFormat.MAGIC).putInt(CheckpointFormat.VERSION);
        b.putLong(commitLogFlushed).putLong(dispatched).putLong(writtenAtMs);
        CRC32 crc = new CRC32();
        crc.update(b.array(), 0, CheckpointFormat.BYTES - 4);
        b.putInt((int) crc.getValue());
        b.flip();
        Path tmp = dir.resolve(CheckpointFormat.FILE_NAME + ".tmp");
        try (FileChannel ch = FileChannel.open(
                tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + tmp, e);
        }
        try {
            Files.move(
                    tmp,
                    dir.resolve(CheckpointFormat.FILE_NAME),
                    StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot replace the checkpoint in " + dir, e);
        }
    }
}
