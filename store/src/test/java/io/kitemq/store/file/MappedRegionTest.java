package io.kitemq.store.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A region writes into the file's page cache, keeps bytes through pre-faulting, and unmaps on close. */
class MappedRegionTest {

    @TempDir
    Path dir;

    @Test
    void writesReachTheFileAndSurviveUnmapping() throws IOException {
        Path file = dir.resolve("f");
        try (FileChannel ch =
                FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] {7}), 3 * 4096 + 10); // existing data the pre-fault must keep
            MappedRegion region = MappedRegion.map(ch, 4096, 3 * 4096);
            region.prefault();
            assertThat(region.position()).isEqualTo(4096);
            assertThat(region.size()).isEqualTo(3 * 4096);
            region.buffer().putLong(0, 0x0102030405060708L);
            region.close();
            region.close(); // idempotent

            ByteBuffer read = ByteBuffer.allocate(8);
            ch.read(read, 4096);
            assertThat(read.getLong(0)).isEqualTo(0x0102030405060708L);
        }
        byte[] all = Files.readAllBytes(file);
        assertThat(all[3 * 4096 + 10]).isEqualTo((byte) 7);
        assertThat(MappedRegion.releaseMethod()).isIn("arena", "cleaner");
    }

    /**
     * Once the JIT has compiled {@link MappedRegion#prefault()}, it must still map the pages writable: writing
     * every page afterwards takes (almost) no page faults. A compiled {@code put(i, get(i))} loop did nothing
     * on Java 25 (arena-mapped buffers; Java 17's C2 kept it): the CommitLog's writer took each fault itself,
     * zeroing whole large folios of a sparse segment under the writer lock (20 ms stalls every 8 MiB in the
     * broker).
     */
    @Test
    void prefaultStillMapsPagesOnceCompiled() throws IOException {
        Path stat = Path.of("/proc/thread-self/stat");
        assumeTrue(Files.isReadable(stat), "needs Linux /proc to count page faults");
        int pages = 512;
        try (FileChannel warm = sparse("warm", 16);
                FileChannel ch = sparse("cold", pages)) {
            MappedRegion small = MappedRegion.map(warm, 0, 16 * 4096);
            for (int i = 0; i < 50_000; i++) { // hot enough for C2, on- and off-stack
                small.prefault();
            }
            small.close();

            MappedRegion region = MappedRegion.map(ch, 0, pages * 4096);
            region.prefault();
            ByteBuffer b = region.buffer();
            long before = minorFaults(stat);
            for (int p = 0; p < pages; p++) {
                b.put(p * 4096 + 100, (byte) 1);
            }
            long faults = minorFaults(stat) - before;
            region.close();
            assertThat(faults)
                    .as("page faults writing %d pre-faulted pages", pages)
                    .isLessThan(pages / 8);
        }
    }

    private FileChannel sparse(String name, int pages) throws IOException {
        FileChannel ch = FileChannel.open(
                dir.resolve(name), StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        ch.write(ByteBuffer.wrap(new byte[] {0}), pages * 4096L - 1);
        return ch;
    }

    /** Field 10 of /proc/thread-self/stat (after the parenthesised command name): this thread's minor faults. */
    private static long minorFaults(Path stat) throws IOException {
        String s = Files.readString(stat);
        String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[7]);
    }
}
