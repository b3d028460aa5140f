package io.kitemq.store.file;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A read-write mapping of part of a file that is unmapped when {@link #close()}d, not when the garbage
 * collector gets round to it. The CommitLog writes its records through a short sliding window of these,
 * so written pages stop counting as the process's resident memory as soon as the writer has moved on.
 *
 * <p>How the mapping is released depends on the runtime, found once by reflection so that the code still
 * compiles for Java 17: on Java 22 and later the region is mapped into its own shared
 * {@code java.lang.foreign.Arena}, and closing the arena unmaps it (a later access throws instead of
 * faulting); on older runtimes {@code sun.misc.Unsafe.invokeCleaner} unmaps it; if neither is available the
 * mapping is left to the garbage collector (correct, only less tidy).
 *
 * <p>Not thread-safe: one owner uses the buffer and closes it, and must not touch the buffer afterwards —
 * on Java 17 to 21 that would read unmapped memory.
 */
public final class MappedRegion implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MappedRegion.class);
    private static final Mapper MAPPER = Mapper.find();
    private static final VarHandle INT = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.nativeOrder());

    private final ByteBuffer buffer;
    private final long position;
    private final Object owner;
    private boolean closed;

    private MappedRegion(ByteBuffer buffer, long position, Object owner) {
        this.buffer = buffer;
        this.position = position;
        this.owner = owner;
    }

    /** Maps {@code size} bytes of {@code channel} from {@code position}, read-write. */
    public static MappedRegion map(FileChannel channel, long position, int size) {
        try {
            return MAPPER.map(channel, position, size);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot map " + size + " bytes at " + position, e);
        }
    }

    /** How this runtime releases regions: "arena", "cleaner" or "gc". */
    public static String releaseMethod() {
        return MAPPER.name;
    }

    /** The mapping; absolute access only. Invalid after {@link #close()}. */
    public ByteBuffer buffer() {
        return buffer;
    }

    /** File offset of the first mapped byte. */
    public long position() {
        return position;
    }

    public int size() {
        return buffer.capacity();
    }

    /**
     * Maps every page of the region into this process writable, so the owner's writes later take no page
     * faults: an atomic add of 0 to one int per page, which leaves the bytes as they are but is a real write
     * (a plain {@code put(i, get(i))} is not: the JIT drops a store of the value just loaded, then the unused
     * load, and the loop became a no-op once compiled). Only call it while nobody else writes the region's
     * pages through any path.
     */
    public void prefault() {
        int size = buffer.capacity();
        int first = (Integer.BYTES - buffer.alignmentOffset(0, Integer.BYTES)) % Integer.BYTES;
        for (int i = first; i + Integer.BYTES <= size; i += 4096) {
            INT.getAndAdd(buffer, i, 0);
        }
    }

    /** Unmaps the region; idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            MAPPER.release(this);
        } catch (Throwable t) { // an unmap that fails leaves the mapping to the collector; never fatal
            log.warn("could not unmap a {}-byte region at {}: {}", size(), position, t.toString());
        }
    }

    /** One way of mapping and unmapping. */
    private abstract static class Mapper {

        final String name;

        Mapper(String name) {
            this.name = name;
        }

        abstract MappedRegion map(FileChannel channel, long position, int size) throws IOException;

        abstract void release(MappedRegion region) throws Throwable;

        static Mapper find() {
            try {
                return new ArenaMapper();
            } catch (ReflectiveOperationException | RuntimeException e) {
                // before Java 22: no java.lang.foreign
            }
            try {
                return new CleanerMapper();
            } catch (ReflectiveOperationException | RuntimeException e) {
                log.warn("no way to unmap file regions on this runtime ({}); the collector will", e.toString());
                return new Mapper("gc") {
                    @Override
                    MappedRegion map(FileChannel channel, long position, int size) throws IOException {
                        return new MappedRegion(
                                channel.map(FileChannel.MapMode.READ_WRITE, position, size), position, null);
                    }

                    @Override
                    void release(MappedRegion region) {}
                };
            }
        }
    }

    /** Java 22+: {@code FileChannel.map(mode, position, size, Arena.ofShared())}; closing the arena unmaps. */
    private static final class ArenaMapper extends Mapper {

        private final MethodHandle ofShared;
        private final MethodHandle map;
        private final MethodHandle asByteBuffer;
        private final MethodHandle close;

        ArenaMapper() throws ReflectiveOperationException {
            super("arena");
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            Class<?> arena = Class.forName("java.lang.foreign.Arena");
            Class<?> segment = Class.forName("java.lang.foreign.MemorySegment");
            ofShared = lookup.findStatic(arena, "ofShared", MethodType.methodType(arena));
            map = lookup.findVirtual(
                    FileChannel.class,
                    "map",
                    MethodType.methodType(segment, FileChannel.MapMode.class, long.class, long.class, arena));
            asByteBuffer = lookup.findVirtual(segment, "asByteBuffer", MethodType.methodType(ByteBuffer.class));
            close = lookup.findVirtual(arena, "close", MethodType.methodType(void.class));
        }

        @Override
        MappedRegion map(FileChannel channel, long position, int size) throws IOException {
            Object arena = null;
            try {
                arena = ofShared.invoke();
                Object segment = map.invoke(channel, FileChannel.MapMode.READ_WRITE, position, (long) size, arena);
                return new MappedRegion((ByteBuffer) asByteBuffer.invoke(segment), position, arena);
            } catch (IOException | RuntimeException | Error e) {
                closeQuietly(arena);
                throw e;
            } catch (Throwable t) {
                closeQuietly(arena);
                throw new IOException("mapping through an arena failed", t);
            }
        }

        private void closeQuietly(Object arena) {
            if (arena != null) {
                try {
                    close.invoke(arena);
                } catch (Throwable ignored) {
                    // nothing was mapped into it
                }
            }
        }

        @Override
        void release(MappedRegion region) throws Throwable {
            close.invoke(region.owner);
        }
    }

    /** Java 17-21: a plain mapping, unmapped with {@code sun.misc.Unsafe.invokeCleaner}. */
    private static final class CleanerMapper extends Mapper {

        private final MethodHandle invokeCleaner;

        CleanerMapper() throws ReflectiveOperationException {
            super("cleaner");
            Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
            Field f = unsafeClass.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            Object unsafe = f.get(null);
            invokeCleaner = MethodHandles.publicLookup()
                    .findVirtual(unsafeClass, "invokeCleaner", MethodType.methodType(void.class, ByteBuffer.class))
                    .bindTo(unsafe);
        }

        @Override
        MappedRegion map(FileChannel channel, long position, int size) throws IOException {
            return new MappedRegion(channel.map(FileChannel.MapMode.READ_WRITE, position, size), position, null);
        }

        @Override
        void release(MappedRegion region) throws Throwable {
            invokeCleaner.invoke(region.buffer);
        }
    }
}
