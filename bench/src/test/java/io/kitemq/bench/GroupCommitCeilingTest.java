package io.kitemq.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroupCommitCeilingTest {

    @TempDir
    Path dir;

    private static final long WARMUP = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long MEASURE = TimeUnit.MILLISECONDS.toNanos(300);

    @Test
    void cachedRegionAcknowledgesGroupsAndLeavesNoThreadsOrFile() throws Exception {
        Path file = dir.resolve("ceiling.dat");
        GroupCommitCeiling.Result r =
                GroupCommitCeiling.run(file, GroupCommitCeiling.Region.CACHED, 8, 1125, 0, WARMUP, MEASURE);
        assertThat(r.fsyncs()).isPositive();
        assertThat(r.acks()).isGreaterThanOrEqualTo(r.fsyncs());
        assertThat(r.perFsync()).isGreaterThanOrEqualTo(1.0);
        assertThat(r.wrapped()).isFalse(); // only a log can run out of room
        assertThat(Files.exists(file)).isFalse();
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(Thread.getAllStackTraces().keySet())
                        .noneMatch(t -> t.getName().startsWith("bench-ceiling-")));
    }

    @Test
    void aLogTooSmallForTheRunIsFlaggedAsWrapped() throws Exception {
        Path file = dir.resolve("ceiling.dat");
        GroupCommitCeiling.Result r;
        try {
            // 8 KiB holds 7 records: one writer passes its end at any fsync rate above ~20 per second
            r = GroupCommitCeiling.run(file, GroupCommitCeiling.Region.LOG, 1, 1125, 8 << 10, WARMUP, MEASURE);
        } catch (UnsupportedOperationException e) {
            Assumptions.abort("no O_DIRECT on the temp dir's file system: " + e.getMessage());
            return;
        }
        assertThat(r.acks()).isPositive();
        assertThat(r.wrapped()).isTrue();
    }
}
