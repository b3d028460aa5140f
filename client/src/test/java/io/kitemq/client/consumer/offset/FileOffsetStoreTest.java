package io.kitemq.client.consumer.offset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kitemq.client.FatalClientException;
import io.kitemq.protocol.message.MessageQueue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileOffsetStoreTest {

    @TempDir
    Path dir;

    private final MessageQueue q0 = new MessageQueue("T", "b", 0);
    private final MessageQueue q1 = new MessageQueue("T", "b", 1);

    @Test
    void offsetsSurviveReopen() {
        Path file = FileOffsetStore.defaultFile(dir, "127.0.0.1@x", "G");
        FileOffsetStore store = new FileOffsetStore("G", file);
        store.update(q0, 5, false);
        store.update(q1, 7, false);
        store.update(q1, 3, true);
        store.persist(Set.of(q0, q1));
        assertThat(file.resolveSibling("offsets.json.tmp")).doesNotExist();

        FileOffsetStore reopened = new FileOffsetStore("G", file);
        assertThat(reopened.readDurable(q0)).isEqualTo(5);
        assertThat(reopened.readLocal(q1)).isEqualTo(7);
        assertThat(reopened.readLocal(new MessageQueue("T", "b", 2))).isEqualTo(-1);
    }

    @Test
    void corruptFileIsAClearError() throws Exception {
        Path file = dir.resolve("offsets.json");
        FileOffsetStore store = new FileOffsetStore("G", file);
        store.update(q0, 5, false);
        store.persist(Set.of(q0));
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length / 2));

        assertThatThrownBy(() -> new FileOffsetStore("G", file))
                .isInstanceOf(FatalClientException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("corrupt");
    }

    @Test
    void persistForgetsQueuesNoLongerOwned() {
        Path file = dir.resolve("offsets.json");
        FileOffsetStore store = new FileOffsetStore("G", file);
        store.update(q0, 5, false);
        store.update(q1, 6, false);
        store.persist(Set.of(q1));
        assertThat(new FileOffsetStore("G", file).snapshot()).containsOnlyKeys(q1);
    }
}
