package io.kitemq.store.file;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ref.Cleaner;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One fixed-size file mapped into memory read-write: the building block of CommitLog, ConsumeQueue and
 * index segments. Writes go to the page cache through the mapping (a process crash loses nothing
 * written); {@link #force} makes a range durable.
 *
 * <p>Access is by absolute index only, so any number of threads may read ranges that a writer has
 * already published (the publishing protocol — a volatile write position — belongs to the owner).
 * {@link #slice} returns independent views for readers. The mapping is released by the garbage
 * collector once no view of it remains, so a reader holding a view of a deleted file never faults;
 * the price is that a deleted file's disk space and page cache return only after that collection, which
 * with a quiet heap can be many minutes away.
 *
 * <p>A file opened to be <b>unmapped at release</b> ({@link #open(Path, int, boolean)}) hands out no views
 * instead: {@link #release} and {@link #delete} unmap it at once (through {@link MappedRegion}), so a deleted
 * CommitLog segment gives its disk space back before retention measures the disk again. Its owner must not
 * touch {@link #buffer()} once it released the file; {@link #force} after the release does nothing. Should the
 * owner lose such a file without releasing it, it is unmapped once the file object is collected.
 *
 * <p>Besides the mapping, {@link #readAt} and {@link #writeAt} go through a file channel (pread/pwrite). They
 * reach the same page cache, so both views always agree, but pages touched only through the channel are not
 * mapped into this process: the CommitLog writes and reads its records that way, so that a broker's
 * resident memory does not grow with the data it has written and served. The channel is opened on first use
 * (files that never use it hold no descriptor) and reopened when an interrupted thread closed it — Java
 * closes a file channel for every user when one thread blocked in it is interrupted.
 *
 * <p>Thread-safe for absolute reads and for one writer at a time.
 */
public final class MappedFile {

    /** Unmaps the regions of files unmapped at release that their owner lost without releasing them. */
    private static final Cleaner LOST = Cleaner.create();

    private final Path path;
    private final int size;
    private final MappedByteBuffer map;
    /**
     * For a file unmapped at release, unmaps its region once: at release (under {@link #channelLock}), or when the
     * file object is collected unreleased; null for a file left to the collector.
     */
    private final Cleaner.Cleanable unmap;

    private final Object channelLock = new Object();
    private volatile FileChannel channel;
    private volatile boolean released;

    private MappedFile(Path path, int size, MappedByteBuffer map, MappedRegion region) {
        this.path = path;
        this.size = size;
        this.map = map;
        // the action holds the region, never this file, so an unreleased file can still be collected
        this.unmap = region == null ? null : LOST.register(this, region::close);
    }

    /**
     * Opens {@code path}, creating it if absent and extending it to {@code size} bytes (new bytes read
     * as zero), and maps all of it. A file longer than {@code size} is an error.
     */
    public static MappedFile open(Path path, int size) {
        return open(path, size, false);
    }

    /**
     * As {@link #open(Path, int)}; with {@code unmapAtRelease} the mapping goes at {@link #release} or
     * {@link #delete} rather than when the collector finds it unused, and {@link #slice} is refused (see the
     * class doc).
     */
    public static MappedFile open(Path path, int size, boolean unmapAtRelease) {
        try (FileChannel ch =
                FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long existing = ch.size();
            if (existing > size) {
                throw new IllegalStateException(
                        path + " is " + existing + " bytes, larger than the configured " + size);
            }
            if (existing < size) {
                // sparse extension: zero-filled, allocated as pages are touched
                ch.write(ByteBuffer.wrap(new byte[1]), size - 1L);
            }
            if (unmapAtRelease) {
                MappedRegion region = MappedRegion.map(ch, 0, size);
                if (region.buffer() instanceof MappedByteBuffer m) {
                    return new MappedFile(path, size, m, region);
                }
                region.close(); // not a file mapping we can force: fall back to the collector's unmapping
            }
            return new MappedFile(path, size, ch.map(FileChannel.MapMode.READ_WRITE, 0, size), null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot map " + path, e);
        }
    }

    public Path path() {
        return path;
    }

    public int size() {
        return size;
    }

    /** The shared mapping; use absolute get/put only (its position and limit are not yours to change). */
    public MappedByteBuffer buffer() {
        return map;
    }

    /** An independent view of {@code length} bytes at {@code index}, positioned at 0. */
    public ByteBuffer slice(int index, int length) {
        if (unmap != null) {
            throw new IllegalStateException(path + " is unmapped at release: it hands out no views");
        }
        return map.slice(index, length);
    }

    /** Copies {@code src}'s remaining bytes to {@code index} (src's position is not changed). */
    public void write(int index, ByteBuffer src) {
        map.put(index, src, src.position(), src.remaining());
    }

    /** Writes {@code length} bytes of {@code src} from {@code offset} to {@code index}. */
    public void write(int index, byte[] src, int offset, int length) {
        map.put(index, src, offset, length);
    }

    /**
     * Reads {@code dst.remaining()} bytes at {@code index} through the file channel (not the mapping).
     *
     * @return false when the file was deleted or released meanwhile (nothing to read any more)
     * @throws UncheckedIOException on an I/O error, or when the file ends before {@code dst} is full
     */
    public boolean readAt(int index, ByteBuffer dst) {
        return transfer(index, dst, false);
    }

    /**
     * Writes {@code src.remaining()} bytes to {@code index} through the file channel (into the page cache;
     * a process crash loses nothing written), advancing {@code src} to its limit.
     *
     * @throws UncheckedIOException on an I/O error (a full disk included) or when the file was deleted
     */
    public void writeAt(int index, ByteBuffer src) {
        if (!transfer(index, src, true)) {
            throw new UncheckedIOException(new ClosedChannelException() {
                @Override
                public String getMessage() {
                    return path + " was deleted or released";
                }
            });
        }
    }

    private boolean transfer(int index, ByteBuffer buf, boolean write) {
        int start = buf.position();
        boolean interrupted = false;
        try {
            for (int attempt = 0; ; attempt++) {
                FileChannel ch = channel();
                if (ch == null) {
                    return false;
                }
                try {
                    while (buf.hasRemaining()) {
                        long at = (long) index + (buf.position() - start);
                        int n = write ? ch.write(buf, at) : ch.read(buf, at);
                        if (n < 0) {
                            throw new IOException("end of " + path + " at " + at);
                        }
                    }
                    return true;
                } catch (AsynchronousCloseException e) { // ClosedByInterruptException included
                    // someone's interrupt closed the channel for everybody: reopen and go on
                    interrupted |= Thread.interrupted();
                    if (attempt >= 3) {
                        throw new UncheckedIOException("channel of " + path + " keeps being closed", e);
                    }
                } catch (ClosedChannelException e) {
                    if (released || attempt >= 3) {
                        return false;
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException((write ? "cannot write " : "cannot read ") + path, e);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Maps {@code [index, index + length)} of this file as a separate region that its owner unmaps
     * deterministically ({@link MappedRegion#close()}); the region stays valid if the file is released or
     * deleted meanwhile.
     *
     * @throws UncheckedIOException when the file was released or cannot be mapped
     */
    public MappedRegion mapRegion(int index, int length) {
        boolean interrupted = false;
        try {
            for (int attempt = 0; ; attempt++) {
                FileChannel ch = channel();
                if (ch == null) {
                    throw new ClosedChannelException();
                }
                try {
                    return MappedRegion.map(ch, index, length);
                } catch (UncheckedIOException e) {
                    if (!(e.getCause() instanceof AsynchronousCloseException) || attempt >= 3) {
                        throw e;
                    }
                    // an interrupt closed the channel for everybody (see the class doc): reopen and map again
                    interrupted |= Thread.interrupted();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot map " + length + " bytes at " + index + " of " + path, e);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The open channel, opening (or reopening) it when needed; null once the file was released. */
    private FileChannel channel() throws IOException {
        FileChannel ch = channel;
        if (ch != null && ch.isOpen()) {
            return ch;
        }
        synchronized (channelLock) {
            if (released) {
                return null;
            }
            ch = channel;
            if (ch == null || !ch.isOpen()) {
                ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
                channel = ch;
            }
            return ch;
        }
    }

    /**
     * Closes the file channel for good; later {@link #readAt} calls report the file as gone. The mapping stays
     * valid for holders of views, or is unmapped now if the file is unmapped at release. Idempotent.
     */
    public void release() {
        synchronized (channelLock) {
            released = true;
            FileChannel ch = channel;
            channel = null;
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException e) {
                    // closing a file channel only fails if the descriptor is already gone
                }
            }
            if (unmap != null) {
                unmap.clean(); // at most once, whoever comes first: this release or the collector
            }
        }
        Reference.reachabilityFence(this); // not collected (and unmapped by the cleaner) while releasing
    }

    /** True once {@link #release} or {@link #delete} ran. */
    public boolean released() {
        return released;
    }

    /** Makes bytes {@code [from, to)} durable (fsync of the range). */
    public void force(int from, int to) {
        if (to <= from) {
            return;
        }
        if (unmap == null) {
            map.force(from, to - from);
            return;
        }
        synchronized (channelLock) { // not while release() unmaps
            if (!released) {
                map.force(from, to - from);
            }
        }
        Reference.reachabilityFence(this); // nor while forcing: the cleaner would unmap under the msync
    }

    /** Makes the whole file durable. */
    public void force() {
        force(0, size);
    }

    /** Releases and deletes the file. The mapping stays valid for readers that still hold views (see class doc). */
    public void delete() {
        release();
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + path, e);
        }
    }

    @Override
    public String toString() {
        return "MappedFile[" + path + ", " + size + " B]";
    }
}
