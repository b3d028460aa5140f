package io.kitemq.store.file;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Array;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drops a file range's clean pages from the kernel's page cache ({@code posix_fadvise(POSIX_FADV_DONTNEED)}), so
 * that the memory returns to the free lists now rather than when the kernel next reclaims.
 *
 * <p><b>Why a store would.</b> A log written once and read mostly near its end fills the page cache with pages
 * few will read again. Letting them go early bounds the memory the log holds (which a container's memory limit
 * counts), and lets the writer's next pages come from memory just freed. On a virtual machine whose guest reports
 * free memory to the hypervisor (virtio-balloon free page reporting, as in Firecracker microVMs), that is the
 * difference between 2.1 GB/s and 0.45 GB/s of sequential buffered writes: every page the guest has not touched
 * recently costs a fault in the host on first use (measured on the development VM, 2026-11-26, see
 * docs/benchmarks.md).
 *
 * <p><b>Availability.</b> Linux on x86-64 or AArch64 with Java 22 or later: the calls go through
 * {@code java.lang.foreign}, found by reflection so that the store still compiles for Java 17. Elsewhere {@link
 * #available()} is false, {@link #unavailableReason()} says why, and {@link #drop} does nothing. On Java 22+ the JVM
 * warns once about native access unless it runs with {@code --enable-native-access=ALL-UNNAMED} (or the module).
 *
 * <p>Dropping never loses data: dirty pages are not dropped (the kernel only starts writing them back), and a
 * later read of a dropped page reads it from disk.
 *
 * <p>Thread-safe: stateless after class initialisation.
 */
public final class PageCache {

    private static final Logger log = LoggerFactory.getLogger(PageCache.class);

    /** {@code O_RDONLY | O_CLOEXEC} on Linux x86-64 and AArch64. */
    private static final int OPEN_FLAGS = 0x80000;
    /** {@code POSIX_FADV_DONTNEED} on Linux x86-64 and AArch64. */
    private static final int FADV_DONTNEED = 4;

    private static final Natives NATIVES;
    private static final String UNAVAILABLE;

    static {
        Natives natives = null;
        String reason = null;
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        if (!os.contains("linux")) {
            reason = "not Linux (" + os + ")";
        } else if (!arch.equals("amd64") && !arch.equals("x86_64") && !arch.equals("aarch64")) {
            reason = "an architecture whose fadvise constants are not known here (" + arch + ")";
        } else if (Runtime.version().feature() < 22) {
            // 21 has the linker as a preview API: do not even look it up (a restricted call would warn)
            reason = "Java " + Runtime.version().feature() + " (java.lang.foreign is final from Java 22)";
        } else {
            try {
                natives = new Natives();
            } catch (Throwable t) { // whatever goes wrong, the store runs on and the kernel decides
                reason = "cannot link posix_fadvise through java.lang.foreign: " + t;
            }
        }
        NATIVES = natives;
        UNAVAILABLE = reason;
    }

    private PageCache() {}

    /** Whether {@link #drop} can drop pages here. */
    public static boolean available() {
        return NATIVES != null;
    }

    /** Why {@link #drop} does nothing here, or null when it is {@link #available()}. */
    public static String unavailableReason() {
        return UNAVAILABLE;
    }

    /**
     * Drops the clean cached pages of {@code [offset, offset + length)} of the file at {@code path}. Returns false
     * if it could not (unavailable here, the file is gone, or the kernel refused); never throws for that, since
     * dropping is only advice.
     */
    public static boolean drop(Path path, long offset, long length) {
        Natives n = NATIVES;
        if (n == null || length <= 0) {
            return false;
        }
        try {
            return n.drop(path.toAbsolutePath().toString(), offset, length);
        } catch (Throwable t) {
            log.debug("could not drop the cached pages of {} [{}, +{}): {}", path, offset, length, t.toString());
            return false;
        }
    }

    /** The native calls, linked through {@code java.lang.foreign} by reflection. */
    private static final class Natives {

        private final MethodHandle ofConfined;
        private final MethodHandle allocateFrom;
        private final MethodHandle closeArena;
        private final MethodHandle open;
        private final MethodHandle fadvise;
        private final MethodHandle close;

        Natives() throws ReflectiveOperationException {
            try {
                MethodHandles.Lookup lookup = MethodHandles.lookup(); // full access: downcallHandle is caller-sensitive
                Class<?> linkerClass = Class.forName("java.lang.foreign.Linker");
                Class<?> optionClass = Class.forName("java.lang.foreign.Linker$Option");
                Class<?> lookupClass = Class.forName("java.lang.foreign.SymbolLookup");
                Class<?> segmentClass = Class.forName("java.lang.foreign.MemorySegment");
                Class<?> layoutClass = Class.forName("java.lang.foreign.MemoryLayout");
                Class<?> valueLayoutClass = Class.forName("java.lang.foreign.ValueLayout");
                Class<?> descriptorClass = Class.forName("java.lang.foreign.FunctionDescriptor");
                Class<?> arenaClass = Class.forName("java.lang.foreign.Arena");
                Class<?> allocatorClass = Class.forName("java.lang.foreign.SegmentAllocator");

                Object linker = lookup.findStatic(linkerClass, "nativeLinker", MethodType.methodType(linkerClass))
                        .invoke();
                Object libc = lookup.findVirtual(linkerClass, "defaultLookup", MethodType.methodType(lookupClass))
                        .invoke(linker);
                MethodHandle find =
                        lookup.findVirtual(lookupClass, "find", MethodType.methodType(Optional.class, String.class));
                Object intLayout = valueLayoutClass.getField("JAVA_INT").get(null);
                Object longLayout = valueLayoutClass.getField("JAVA_LONG").get(null);
                Object addressLayout = valueLayoutClass.getField("ADDRESS").get(null);
                MethodHandle descriptorOf = lookup.findStatic(
                                descriptorClass,
                                "of",
                                MethodType.methodType(descriptorClass, layoutClass, layoutClass.arrayType()))
                        .asFixedArity(); // the layouts are passed as one array
                MethodHandle downcall = lookup.findVirtual(
                                linkerClass,
                                "downcallHandle",
                                MethodType.methodType(
                                        MethodHandle.class, segmentClass, descriptorClass, optionClass.arrayType()))
                        .asFixedArity();
                MethodHandle firstVariadicArg = lookup.findStatic(
                        optionClass, "firstVariadicArg", MethodType.methodType(optionClass, int.class));
                Object noOptions = Array.newInstance(optionClass, 0);
                Object openOptions = Array.newInstance(optionClass, 1);
                Array.set(openOptions, 0, firstVariadicArg.invoke(2)); // open(path, flags, ...)

                Linking l = new Linking(downcall, linker, find, libc, descriptorOf, layoutClass);
                open = l.link("open", openOptions, intLayout, addressLayout, intLayout, intLayout);
                fadvise = l.link("posix_fadvise", noOptions, intLayout, intLayout, longLayout, longLayout, intLayout);
                close = l.link("close", noOptions, intLayout, intLayout);
                ofConfined = lookup.findStatic(arenaClass, "ofConfined", MethodType.methodType(arenaClass));
                allocateFrom = lookup.findVirtual(
                        allocatorClass, "allocateFrom", MethodType.methodType(segmentClass, String.class));
                closeArena = lookup.findVirtual(arenaClass, "close", MethodType.methodType(void.class));
            } catch (ReflectiveOperationException | RuntimeException | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException("cannot link the libc calls", t);
            }
        }

        /** What linking a libc function needs. */
        private record Linking(
                MethodHandle downcall,
                Object linker,
                MethodHandle find,
                Object libc,
                MethodHandle descriptorOf,
                Class<?> layoutClass) {

            MethodHandle link(String name, Object options, Object result, Object... args) throws Throwable {
                Optional<?> symbol = (Optional<?>) find.invoke(libc, name);
                if (symbol.isEmpty()) {
                    throw new IllegalStateException("libc has no " + name);
                }
                Object argLayouts = Array.newInstance(layoutClass, args.length);
                for (int i = 0; i < args.length; i++) {
                    Array.set(argLayouts, i, args[i]);
                }
                Object descriptor = descriptorOf.invoke(result, argLayouts);
                return (MethodHandle) downcall.invoke(linker, symbol.get(), descriptor, options);
            }
        }

        boolean drop(String path, long offset, long length) throws Throwable {
            Object arena = ofConfined.invoke();
            int fd;
            try {
                Object cPath = allocateFrom.invoke(arena, path);
                fd = (int) open.invoke(cPath, OPEN_FLAGS, 0);
            } finally {
                closeArena.invoke(arena);
            }
            if (fd < 0) {
                return false; // deleted meanwhile (retention), or not readable
            }
            try {
                return (int) fadvise.invoke(fd, offset, length, FADV_DONTNEED) == 0;
            } finally {
                close.invoke(fd);
            }
        }
    }
}
