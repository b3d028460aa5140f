package io.kitemq.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the automatic page-cache window is sized, from a fake sysfs and given memory sizes. */
class PageCacheWindowTest {

    static final long GIB = 1L << 30;

    @TempDir
    Path sys;

    @Test
    void takesFortyPercentOfMemoryAndAtMostOneGibInAVmThatReportsFreePages() {
        assertThat(PageCacheWindow.size(false, 10 * GIB)).isEqualTo(10 * GIB / 100 * 40);
        assertThat(PageCacheWindow.size(true, 10 * GIB)).isEqualTo(GIB);
        assertThat(PageCacheWindow.size(true, 2 * GIB)).isEqualTo(2 * GIB / 100 * 40);
        // never below the smallest window; unknown memory: 1 GiB where it matters, else the kernel decides
        assertThat(PageCacheWindow.size(false, 100L << 20)).isEqualTo(StoreConfig.MIN_PAGE_CACHE_WINDOW_BYTES);
        assertThat(PageCacheWindow.size(true, 0)).isEqualTo(GIB);
        assertThat(PageCacheWindow.size(false, 0)).isZero();
    }

    @Test
    void aBalloonDeviceReportsFreePagesWhenFeatureBitFiveIsSet() throws IOException {
        Path driver = sys.resolve("virtio_balloon");
        assertThat(PageCacheWindow.reportsFreePages(driver))
                .as("no balloon driver")
                .isFalse();
        Files.createDirectories(driver.resolve("virtio0"));
        Files.writeString(driver.resolve("virtio0/features"), "0110000000000000\n"); // stats, deflate on OOM
        assertThat(PageCacheWindow.reportsFreePages(driver)).isFalse();
        Files.createDirectories(driver.resolve("virtio3"));
        Files.writeString(driver.resolve("virtio3/features"), "0110010100000000000000000000000010000000\n");
        assertThat(PageCacheWindow.reportsFreePages(driver)).isTrue();
        Files.writeString(driver.resolve("virtio3/features"), "0110"); // too short to say
        assertThat(PageCacheWindow.reportsFreePages(driver)).isFalse();
    }

    @Test
    void describesSizesForTheLog() {
        assertThat(PageCacheWindow.describe(GIB)).isEqualTo("1 GiB");
        assertThat(PageCacheWindow.describe(3 * GIB)).isEqualTo("3 GiB");
        assertThat(PageCacheWindow.describe(GIB / 100 * 40)).isEqualTo("409 MiB");
        assertThat(PageCacheWindow.memoryBytes()).isPositive();
    }
}
