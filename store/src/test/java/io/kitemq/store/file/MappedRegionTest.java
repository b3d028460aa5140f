package io.kitemq.store.file;

import static org.assertj.core.api.Assertions.assertThat;

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
}
