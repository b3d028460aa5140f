package io.kitemq.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.kitemq.store.file.PageCache;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dropping CommitLog pages from the page cache, for real ({@link PageCacheScenarios}). Where this JVM cannot drop
 * pages (before Java 22) it says why, and the scenarios run in a Java 22+ child JVM if the machine has one.
 */
class PageCacheTest {

    @TempDir
    Path dir;

    @Test
    void saysWhyItCannotDropPagesWhereItCannot() {
        if (PageCache.available()) {
            assertThat(PageCache.unavailableReason()).isNull();
        } else {
            assertThat(PageCache.unavailableReason()).isNotBlank();
            assertThat(PageCache.drop(dir, 0, 4096)).isFalse();
        }
    }

    @Test
    void aDroppedRangeLeavesThePageCache() throws Exception {
        assumeTrue(PageCache.available(), () -> "cannot drop pages here: " + PageCache.unavailableReason());
        assumeTrue(PageCacheScenarios.fincoreAvailable(), "needs util-linux's fincore");
        PageCacheScenarios.aDroppedRangeLeavesThePageCache(dir);
    }

    @Test
    void aStoreDropsWhatIsBeyondItsWindowAndStillReadsEverything() throws Exception {
        assumeTrue(PageCache.available(), () -> "cannot drop pages here: " + PageCache.unavailableReason());
        assumeTrue(PageCacheScenarios.fincoreAvailable(), "needs util-linux's fincore");
        PageCacheScenarios.aStoreDropsWhatIsBeyondItsWindowAndStillReadsEverything(dir);
    }

    @Test
    void theScenariosPassInAJava22ChildJvmWhenThisOneIsOlder() throws Exception {
        assumeTrue(!PageCache.available(), "this JVM runs the scenarios itself");
        assumeTrue(PageCacheScenarios.fincoreAvailable(), "needs util-linux's fincore");
        Optional<Path> java = newerJava(Path.of(System.getProperty("java.home")).getParent());
        assumeTrue(java.isPresent(), "no Java 22+ next to this JVM");
        Process p = new ProcessBuilder(
                        java.get().toString(),
                        "-Xmx256m",
                        "--enable-native-access=ALL-UNNAMED",
                        "-cp",
                        System.getProperty("java.class.path"),
                        PageCacheScenarios.class.getName(),
                        dir.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("page cache scenarios passed");
    }

    /** The java launcher of a JDK 22+ installed beside {@code jvmDir}'s JDKs (as under /usr/lib/jvm). */
    static Optional<Path> newerJava(Path jvmDir) throws IOException {
        if (jvmDir == null || !Files.isDirectory(jvmDir)) {
            return Optional.empty();
        }
        Pattern version = Pattern.compile("^JAVA_VERSION=\"(\\d+)", Pattern.MULTILINE);
        try (DirectoryStream<Path> jdks = Files.newDirectoryStream(jvmDir)) {
            for (Path jdk : jdks) {
                Path release = jdk.resolve("release");
                Path launcher = jdk.resolve("bin/java");
                if (Files.isReadable(release) && Files.isExecutable(launcher)) {
                    Matcher m = version.matcher(Files.readString(release));
                    if (m.find() && Integer.parseInt(m.group(1)) >= 22) {
                        return Optional.of(launcher);
                    }
                }
            }
        }
        return Optional.empty();
    }
}
