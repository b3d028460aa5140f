package io.kitemq.bench;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;

/**
 * What the disk under the store can do, measured with plain Java I/O in the same run as the store:
 * sequential write bandwidth (through the page cache, then forced; and with {@code O_DIRECT} where the
 * JDK and file system allow it) and the rate of small synchronous writes.
 *
 * <p>Every method creates its file and deletes it before returning. Not thread-safe (one test at a time).
 */
final class DiskBaseline {

    /** A sequential write: bytes, time until the last write returned, time including the final force. */
    record Write(long bytes, long writeNanos, long totalNanos, String unsupported) {

        static Write unsupported(String why) {
            return new Write(0, 0, 0, why);
        }

        double mbPerSecond() {
            return Units.mbPerSecond(bytes, totalNanos);
        }

        double writeOnlyMbPerSecond() {
            return Units.mbPerSecond(bytes, writeNanos);
        }
    }

    /** A loop of small writes, each made durable before the next. */
    record Fsyncs(long count, long nanos, long maxNanos) {

        double perSecond() {
            return Units.perSecond(count, nanos);
        }

        double meanMillis() {
            return count == 0 ? 0 : nanos / 1e6 / count;
        }
    }

    /** How a small durable write is made. */
    enum FsyncMode {
        /** 4 KiB appended to a growing file, then {@code force(false)} (fdatasync; the file size changes). */
        APPEND("append 4 KiB + fdatasync"),
        /** 4 KiB rewritten at offset 0, then {@code force(false)}: no allocation, no size change. */
        OVERWRITE("overwrite 4 KiB + fdatasync"),
        /**
         * 4 KiB put into a sparse mapped 64 MiB file, then {@code MappedByteBuffer.force(index, length)}
         * (msync): what the CommitLog's SYNC flush does.
         */
        MMAP("mmap 4 KiB + msync (as CommitLog)");

        final String label;

        FsyncMode(String label) {
            this.label = label;
        }
    }

    static final int SMALL_WRITE = 4096;
    private static final int MAPPED_FILE = 64 * 1024 * 1024;

    private DiskBaseline() {}

    /**
     * Writes {@code volume} bytes in {@code block}-sized writes to a new file, then forces it. With
     * {@code direct}, opens it with {@code O_DIRECT} and writes from a buffer aligned to the file store's
     * block size; returns {@link Write#unsupported} if that is refused.
     */
    static Write sequentialWrite(Path file, long volume, int block, boolean direct) throws IOException {
        return write(file, volume, block, direct, true);
    }

    /**
     * Writes {@code volume} bytes in {@code block}-sized buffered writes to a new file and deletes it without
     * forcing it: the rate at which this machine puts new data into its page cache. On a virtual machine that
     * returns free memory to its host, the first write into memory the host took back is much slower than a
     * write into memory freed a moment ago, and bounds any page-cache writer (the store's ASYNC appends too).
     * Deleting the file frees its pages, so a call right after another measures the recycled case.
     */
    static Write pageCacheWrite(Path file, long volume, int block) throws IOException {
        return write(file, volume, block, false, false);
    }

    private static Write write(Path file, long volume, int block, boolean direct, boolean force) throws IOException {
        int align = direct ? alignment(file.getParent()) : 1;
        if (direct && block % align != 0) {
            return Write.unsupported("block " + block + " is not a multiple of the alignment " + align);
        }
        ByteBuffer buffer = ByteBuffer.allocateDirect(block + align).alignedSlice(align);
        buffer.limit(block);
        byte[] random = new byte[block];
        new SplittableRandom(42).nextBytes(random);
        buffer.put(random).flip();
        long blocks = Math.max(1, volume / block);
        FileChannel ch;
        try {
            ch = FileChannel.open(file, options(direct));
        } catch (UnsupportedOperationException | IOException e) {
            Files.deleteIfExists(file);
            if (!direct) {
                throw e;
            }
            return Write.unsupported("O_DIRECT refused at open: " + e);
        }
        try (ch) {
            long start = System.nanoTime();
            for (long i = 0; i < blocks; i++) {
                buffer.clear().limit(block);
                while (buffer.hasRemaining()) {
                    ch.write(buffer);
                }
            }
            long written = System.nanoTime();
            if (force) {
                ch.force(false);
            }
            long end = System.nanoTime();
            return new Write(blocks * block, written - start, end - start, null);
        } catch (IOException e) {
            if (!direct) {
                throw e;
            }
            return Write.unsupported("O_DIRECT write failed: " + e);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static OpenOption[] options(boolean direct) {
        return direct
                ? new OpenOption[] {StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, ExtendedOpenOption.DIRECT}
                : new OpenOption[] {StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE};
    }

    private static int alignment(Path dir) throws IOException {
        long blockSize = Files.getFileStore(dir).getBlockSize();
        return (int) Math.max(512, Math.min(blockSize, 64 * 1024));
    }

    /** Makes {@value #SMALL_WRITE}-byte writes durable one after another for {@code durationNanos}. */
    static Fsyncs fsyncLoop(Path file, FsyncMode mode, long durationNanos) throws IOException {
        byte[] random = new byte[SMALL_WRITE];
        new SplittableRandom(7).nextBytes(random);
        try (FileChannel ch = FileChannel.open(
                file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            return mode == FsyncMode.MMAP
                    ? msyncLoop(ch, random, durationNanos)
                    : fdatasyncLoop(ch, mode, random, durationNanos);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static Fsyncs fdatasyncLoop(FileChannel ch, FsyncMode mode, byte[] data, long durationNanos)
            throws IOException {
        ByteBuffer buffer = ByteBuffer.allocateDirect(SMALL_WRITE);
        long count = 0;
        long max = 0;
        long start = System.nanoTime();
        long now = start;
        while (now - start < durationNanos) {
            buffer.clear();
            buffer.put(data).flip();
            data[0]++;
            long position = mode == FsyncMode.APPEND ? count * SMALL_WRITE : 0;
            while (buffer.hasRemaining()) {
                ch.write(buffer, position + buffer.position());
            }
            ch.force(false);
            long t = System.nanoTime();
            max = Math.max(max, t - now);
            now = t;
            count++;
        }
        return new Fsyncs(count, now - start, max);
    }

    private static Fsyncs msyncLoop(FileChannel ch, byte[] data, long durationNanos) throws IOException {
        ch.write(ByteBuffer.wrap(new byte[1]), MAPPED_FILE - 1L); // sparse, like a new CommitLog segment
        MappedByteBuffer map = ch.map(FileChannel.MapMode.READ_WRITE, 0, MAPPED_FILE);
        long count = 0;
        long max = 0;
        long start = System.nanoTime();
        long now = start;
        while (now - start < durationNanos) {
            int index = (int) ((count * SMALL_WRITE) % MAPPED_FILE);
            data[0]++;
            map.put(index, data);
            map.force(index, SMALL_WRITE);
            long t = System.nanoTime();
            max = Math.max(max, t - now);
            now = t;
            count++;
        }
        return new Fsyncs(count, now - start, max);
    }
}
