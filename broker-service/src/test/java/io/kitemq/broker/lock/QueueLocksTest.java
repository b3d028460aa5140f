package io.kitemq.broker.lock;

import static org.assertj.core.api.Assertions.assertThat;

import io.kitemq.protocol.message.MessageQueue;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Queue locks alone: contention, renewal, expiry on an injected clock, unlock, unlock on disconnect. */
class QueueLocksTest {

    final AtomicLong now = new AtomicLong(1_000_000);
    final InstantSource clock = () -> Instant.ofEpochMilli(now.get());
    final QueueLocks locks = new QueueLocks(clock);

    static final MessageQueue Q0 = new MessageQueue("T", "broker-a", 0);
    static final MessageQueue Q1 = new MessageQueue("T", "broker-a", 1);
    static final MessageQueue Q2 = new MessageQueue("T", "broker-a", 2);

    @Test
    void twoClientsContendAndTheFirstKeepsWhatItHolds() {
        assertThat(locks.tryLockBatch("G", Set.of(Q0, Q1), "A")).containsExactly(Q0, Q1);
        assertThat(locks.tryLockBatch("G", Set.of(Q1, Q2), "B")).containsExactly(Q2);

        assertThat(locks.isLockedBy("G", Q1, "A")).isTrue();
        assertThat(locks.isLockedBy("G", Q1, "B")).isFalse();
        assertThat(locks.owner("G", Q2)).isEqualTo("B");
        // another group locks independently
        assertThat(locks.tryLockBatch("H", Set.of(Q0), "B")).containsExactly(Q0);
    }

    @Test
    void lockingAgainRenewsTheLock() {
        locks.tryLockBatch("G", Set.of(Q0), "A");
        now.addAndGet(50_000);
        assertThat(locks.tryLockBatch("G", Set.of(Q0), "A")).containsExactly(Q0);
        now.addAndGet(50_000); // 100 s after the first lock, 50 s after the renewal
        assertThat(locks.tryLockBatch("G", Set.of(Q0), "B")).isEmpty();
        assertThat(locks.isLockedBy("G", Q0, "A")).isTrue();
    }

    @Test
    void anExpiredLockCanBeTakenOver() {
        locks.tryLockBatch("G", Set.of(Q0), "A");
        now.addAndGet(60_000);
        assertThat(locks.tryLockBatch("G", Set.of(Q0), "B"))
                .as("60 s exactly is still alive")
                .isEmpty();
        now.addAndGet(1);
        assertThat(locks.owner("G", Q0)).isNull();
        assertThat(locks.isLockedBy("G", Q0, "A")).isFalse();

        assertThat(locks.tryLockBatch("G", Set.of(Q0), "B")).containsExactly(Q0);
        assertThat(locks.owner("G", Q0)).isEqualTo("B");
        assertThat(locks.tryLockBatch("G", Set.of(Q0), "A")).isEmpty();
    }

    @Test
    void unlockReleasesOnlyTheCallersOwnLocks() {
        locks.tryLockBatch("G", Set.of(Q0, Q1), "A");
        assertThat(locks.unlockBatch("G", Set.of(Q0, Q1), "B")).isEmpty();
        assertThat(locks.unlockBatch("G", Set.of(Q0), "A")).containsExactly(Q0);
        assertThat(locks.owner("G", Q0)).isNull();
        assertThat(locks.owner("G", Q1)).isEqualTo("A");
        assertThat(locks.tryLockBatch("G", Set.of(Q0), "B")).containsExactly(Q0);
        assertThat(locks.unlockBatch("nope", Set.of(Q0), "A")).isEmpty();
    }

    @Test
    void unlockAllReleasesEveryGroupOfAClient() {
        locks.tryLockBatch("G", Set.of(Q0, Q1), "A");
        locks.tryLockBatch("H", Set.of(Q0), "A");
        locks.tryLockBatch("H", Set.of(Q2), "B");

        assertThat(locks.unlockAll("A")).isEqualTo(3);

        assertThat(locks.owner("G", Q0)).isNull();
        assertThat(locks.owner("H", Q0)).isNull();
        assertThat(locks.owner("H", Q2)).isEqualTo("B");
        assertThat(locks.tryLockBatch("G", Set.of(Q0, Q1), "B")).containsExactly(Q0, Q1);
        assertThat(locks.unlockAll("A")).isZero();
    }

    @Test
    void anEmptyRequestLocksNothing() {
        assertThat(locks.tryLockBatch("G", Set.of(), "A")).isEmpty();
        assertThat(locks.isLockedBy("G", Q0, null)).isFalse();
    }
}
