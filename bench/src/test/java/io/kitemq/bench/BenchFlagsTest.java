package io.kitemq.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BenchFlagsTest {

    @Test
    void takesValuesWithFullAndQuickDefaults() {
        BenchFlags full = BenchFlags.parse("--seconds=2.5", "--threads=1,4", "--keep-dir");
        assertThat(full.quick()).isFalse();
        assertThat(full.seconds("seconds", "10", "1")).isEqualTo(Duration.ofMillis(2500));
        assertThat(full.seconds("ramp", "10", "1")).isEqualTo(Duration.ofSeconds(10));
        assertThat(full.positiveInts("threads", "1")).containsExactly(1, 4);
        assertThat(full.bool("keep-dir")).isTrue();
        assertThat(full.path("dir", null)).isNull();
        full.requireAllTaken();

        BenchFlags quick = BenchFlags.parse("--quick", "--volume=64m", "--dir=/tmp/x");
        assertThat(quick.quick()).isTrue();
        assertThat(quick.size("volume", "1g", "16m")).isEqualTo(64L << 20);
        assertThat(quick.size("other", "1g", "16m")).isEqualTo(16L << 20);
        assertThat(quick.path("dir", null)).isEqualTo(Path.of("/tmp/x"));
        assertThat(quick.positiveInt("backlog", "1_000_000")).isEqualTo(1_000_000);
    }

    @Test
    void rejectsWhatItCannotUse() {
        assertThatThrownBy(() -> BenchFlags.parse("seconds=1")).hasMessageContaining("not a flag");
        assertThatThrownBy(() -> BenchFlags.parse("--a=1", "--a=2")).hasMessageContaining("given twice");
        assertThatThrownBy(() -> BenchFlags.parse("--n=0").positiveInt("n", "1"))
                .hasMessageContaining("--n must be positive");
        assertThatThrownBy(() -> BenchFlags.parse("--n=x").positiveInts("n", "1"))
                .hasMessageContaining("whole number");
        assertThatThrownBy(() -> BenchFlags.parse("--s=-1").seconds("s", "1", "1"))
                .hasMessageContaining("must not be negative");
        BenchFlags typo = BenchFlags.parse("--treads=4");
        typo.positiveInts("threads", "1");
        assertThatThrownBy(typo::requireAllTaken).hasMessageContaining("--treads");
    }

    @Test
    void optionClassesStillParseTheirDocumentedFlags() throws Exception {
        assertThat(BrokerBenchOptions.parse("--flush=sync", "--threads=2", "--quick").flush)
                .isEqualTo("SYNC");
        assertThat(StoreBenchOptions.parse("--quick", "--sync-writers=1,2").syncWriters)
                .containsExactly(1, 2);
        assertThat(NameServerBenchOptions.parse("--drivers=kitemq").drivers).containsExactly("kitemq");
        assertThatThrownBy(() -> StoreBenchOptions.parse("--bogus=1")).hasMessageContaining("--bogus");
        assertThat(StoreBenchOptions.parse("--sync-threads=platform").syncThreads)
                .containsExactly(AppendLoad.Threads.PLATFORM);
        assertThatThrownBy(() -> StoreBenchOptions.parse("--sync-threads=green"))
                .hasMessageContaining("platform, virtual, callback");
        if (Runtime.version().feature() >= 21) {
            assertThat(StoreBenchOptions.parse().syncThreads)
                    .containsExactly(
                            AppendLoad.Threads.PLATFORM, AppendLoad.Threads.VIRTUAL, AppendLoad.Threads.CALLBACK);
            Thread virtual = AppendLoad.Threads.VIRTUAL.create(() -> {}, "w");
            assertThat(Thread.class.getMethod("isVirtual").invoke(virtual)).isEqualTo(true); // Java 21 API
            assertThat(virtual.getName()).isEqualTo("w");
        } else {
            assertThat(StoreBenchOptions.parse().syncThreads)
                    .containsExactly(AppendLoad.Threads.PLATFORM, AppendLoad.Threads.CALLBACK);
            assertThatThrownBy(() -> StoreBenchOptions.parse("--sync-threads=virtual"))
                    .hasMessageContaining("Java 21+");
        }
    }
}
