package io.kitemq.broker.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.kitemq.broker.admin.ConsumerLag.QueueLag;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lag = queue end offset − committed offset, for every committed (group, topic, queue). */
class ConsumerLagTest {

    @TempDir
    Path dir;

    AdminFixture f;
    ConsumerLag lag;

    @BeforeEach
    void open() {
        f = new AdminFixture(dir);
        lag = new ConsumerLag(f.offsets, f.store);
        for (int i = 0; i < 5; i++) {
            f.put("Orders", 0, "m" + i);
        }
        f.put("Orders", 1, "x");
    }

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void everyCommittedQueueInOrder() {
        f.offsets.commit("g2", "Orders", 0, 5);
        f.offsets.commit("g1", "Orders", 1, 0);
        f.offsets.commit("g1", "Orders", 0, 2);

        assertThat(lag.snapshot())
                .containsExactly(
                        new QueueLag("g1", "Orders", 0, 5, 2),
                        new QueueLag("g1", "Orders", 1, 1, 0),
                        new QueueLag("g2", "Orders", 0, 5, 5));
        assertThat(lag.snapshot()).extracting(QueueLag::lag).containsExactly(3L, 1L, 0L);
        assertThat(lag.totalByGroup()).isEqualTo(Map.of("g1", 4L, "g2", 0L));
    }

    @Test
    void oneQueueAndEdgeCases() {
        f.offsets.commit("g1", "Orders", 0, 2);
        f.offsets.commit("g1", "Gone", 0, 7); // a topic without messages: end offset 0

        assertThat(lag.lag("g1", "Orders", 0)).isEqualTo(3);
        assertThat(lag.lag("g1", "Orders", 1)).as("nothing committed").isEqualTo(-1);
        assertThat(lag.lag("g1", "Gone", 0)).as("never negative").isZero();
        assertThat(new ConsumerLag(f.offsets, f.store).snapshot()).hasSize(2);
    }
}
