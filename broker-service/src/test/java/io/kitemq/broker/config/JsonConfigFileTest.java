package io.kitemq.broker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Saving and loading one config file: round trips, backups, interrupted saves, corrupt files. */
class JsonConfigFileTest {

    record Sample(String name, List<Integer> values) {}

    @TempDir
    Path dir;

    Path path() {
        return dir.resolve("config").resolve("sample.json");
    }

    JsonConfigFile<Sample> file() {
        return JsonConfigFile.of(path(), Sample.class);
    }

    Path sibling(String suffix) {
        return path().resolveSibling("sample.json" + suffix);
    }

    @Test
    void aMissingFileLoadsAsEmpty() {
        assertThat(file().load()).isEmpty();
        assertThat(file().loadOrBackup()).isEmpty();
    }

    @Test
    void savedValueIsReadBackByAFreshInstanceAndThePreviousVersionIsKeptAsBackup() throws IOException {
        file().save(new Sample("v1", List.of(1)));
        assertThat(Files.exists(sibling(".bak"))).isFalse();
        file().save(new Sample("v2", List.of(1, 2)));

        assertThat(file().load()).contains(new Sample("v2", List.of(1, 2)));
        assertThat(Files.readString(sibling(".bak"))).contains("\"v1\"");
        assertThat(Files.exists(sibling(".tmp"))).isFalse();

        file().save(new Sample("v3", List.of()));
        assertThat(Files.readString(sibling(".bak"))).contains("\"v2\"");
        assertThat(file().load()).contains(new Sample("v3", List.of()));
    }

    @Test
    void aSaveInterruptedBeforeTheRenameLeavesThePreviousVersion() throws IOException {
        file().save(new Sample("v1", List.of(1)));
        // died while writing the temp file: a torn new version
        Files.writeString(sibling(".tmp"), "{\"name\":\"v2\",\"val");
        assertThat(file().load()).contains(new Sample("v1", List.of(1)));
        assertThat(Files.exists(sibling(".tmp"))).isFalse();

        // died after the temp file was complete and the backup linked, before the rename
        Files.copy(path(), sibling(".bak"));
        Files.writeString(sibling(".tmp"), "{\"name\":\"v2\",\"values\":[]}");
        assertThat(file().loadOrBackup()).contains(new Sample("v1", List.of(1)));
        assertThat(Files.exists(sibling(".tmp"))).isFalse();
    }

    @Test
    void aCorruptFileWithoutBackupIsAClearErrorNamingTheFile() throws IOException {
        Files.createDirectories(path().getParent());
        Files.writeString(path(), "{\"name\": ");

        assertThatThrownBy(() -> file().load())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(path().toString())
                .hasMessageContaining("no valid backup");
        assertThatThrownBy(() -> file().loadOrBackup())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(path().toString());
        assertThat(Files.readString(path())).isEqualTo("{\"name\": ");
    }

    @Test
    void anEmptyFileIsCorrupt() throws IOException {
        Files.createDirectories(path().getParent());
        Files.write(path(), new byte[0]);
        assertThatThrownBy(() -> file().load())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(path().toString());
    }

    @Test
    void aCorruptFileWithAValidBackupNamesTheBackupOrLoadsIt() throws IOException {
        file().save(new Sample("v1", List.of(1)));
        file().save(new Sample("v2", List.of(2)));
        Files.writeString(path(), "garbage");

        assertThatThrownBy(() -> file().load())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(path().toString())
                .hasMessageContaining(sibling(".bak").toString());
        assertThat(Files.readString(path())).isEqualTo("garbage");

        assertThat(file().loadOrBackup()).contains(new Sample("v1", List.of(1)));
        assertThat(Files.readString(sibling(".corrupt"))).isEqualTo("garbage");
        assertThat(Files.exists(path())).isFalse();

        // the next save must not replace the good backup with the broken file
        file().save(new Sample("v3", List.of(3)));
        assertThat(file().load()).contains(new Sample("v3", List.of(3)));
        assertThat(Files.readString(sibling(".bak"))).contains("\"v1\"");
    }

    @Test
    void aMissingFileWithABackupLoadsTheBackup() throws IOException {
        file().save(new Sample("v1", List.of(1)));
        file().save(new Sample("v2", List.of(2)));
        Files.delete(path());
        assertThat(file().load()).contains(new Sample("v1", List.of(1)));
    }

    @Test
    void aFileTruncatedAtARandomOffsetFallsBackToTheBackup() throws IOException {
        long seed = System.nanoTime();
        System.out.println("JsonConfigFileTest truncation seed " + seed);
        Random random = new Random(seed);
        file().save(new Sample("v1", List.of(1, 2, 3)));
        file().save(new Sample("v2", List.of(4, 5, 6)));
        byte[] bytes = Files.readAllBytes(path());
        int cut = random.nextInt(bytes.length);
        Files.write(path(), java.util.Arrays.copyOf(bytes, cut));

        assertThatThrownBy(() -> file().load())
                .as("cut at %d of %s", cut, new String(bytes, StandardCharsets.UTF_8))
                .isInstanceOf(IllegalStateException.class);
        assertThat(file().loadOrBackup()).contains(new Sample("v1", List.of(1, 2, 3)));
    }
}
