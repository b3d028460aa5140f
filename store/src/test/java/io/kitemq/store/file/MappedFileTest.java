package io.kitemq.store.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file unmapped at release gives its mapping back at once; one left to the collector keeps views valid. */
class MappedFileTest {

    @TempDir
    Path dir;

    @Test
    void aFileUnmappedAtReleaseLeavesNoMappingOnceDeleted() {
        assumeTrue(ProcessMaps.available(), "needs /proc/self/maps and a deterministic unmap");
        MappedFile f = MappedFile.open(dir.resolve("seg"), 1 << 20, true);
        f.writeAt(0, ByteBuffer.wrap(new byte[] {1, 2, 3}));
        assertThat(f.buffer().get(1)).isEqualTo((byte) 2);
        f.force(0, 4096);
        assertThat(ProcessMaps.mappedBytesUnder(dir, false)).isEqualTo(1 << 20);

        f.delete();

        assertThat(Files.exists(dir.resolve("seg"))).isFalse();
        assertThat(ProcessMaps.mappedBytesUnder(dir, false)).isZero();
        assertThat(f.released()).isTrue();
        f.force(0, 4096); // after the release: nothing to force, and no access to the unmapped memory
        f.force();
        assertThat(f.readAt(0, ByteBuffer.allocate(3))).isFalse();
        f.release(); // idempotent
    }

    @Test
    void aFileUnmappedAtReleaseHandsOutNoViews() {
        MappedFile f = MappedFile.open(dir.resolve("seg"), 4096, true);
        try {
            assertThatThrownBy(() -> f.slice(0, 16))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("hands out no views");
        } finally {
            f.release();
        }
    }

    @Test
    void aFileLeftToTheCollectorKeepsItsViewsValidAfterDeletion() {
        MappedFile f = MappedFile.open(dir.resolve("cq"), 4096);
        f.write(0, new byte[] {9, 8, 7}, 0, 3);
        ByteBuffer view = f.slice(0, 3);

        f.delete();

        assertThat(view.get(2)).isEqualTo((byte) 7);
        if (ProcessMaps.available()) {
            assertThat(ProcessMaps.mappedBytesUnder(dir, true)).isEqualTo(4096);
        }
    }
}
