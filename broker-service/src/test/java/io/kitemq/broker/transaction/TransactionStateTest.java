package io.kitemq.broker.transaction;

import static org.assertj.core.api.Assertions.assertThat;

import io.kitemq.broker.transaction.TransactionState.Pending;
import io.kitemq.broker.transaction.TransactionState.Resolution;
import org.junit.jupiter.api.Test;

class TransactionStateTest {

    final TransactionState state = new TransactionState();

    static Pending pending(long halfOffset, long firstCheckAt) {
        return new Pending(halfOffset, 1000 + halfOffset, "pg", 0, 0, firstCheckAt);
    }

    @Test
    void resolvesOnceAndOnlyOnce() {
        assertThat(state.added(pending(0, 100))).isTrue();
        assertThat(state.added(pending(1, 100))).isTrue();
        assertThat(state.pendingCount()).isEqualTo(2);

        assertThat(state.resolve(0)).isEqualTo(Resolution.RESOLVED);
        assertThat(state.resolve(0)).isEqualTo(Resolution.ALREADY_RESOLVED);
        assertThat(state.pendingCount()).isEqualTo(1);
        assertThat(state.added(pending(0, 100)))
                .as("a replayed dispatch of a seen half")
                .isFalse();
    }

    @Test
    void anEndBeforeTheDispatchWinsOverTheDispatch() {
        assertThat(state.resolve(5)).isEqualTo(Resolution.RESOLVED);
        assertThat(state.resolve(5)).isEqualTo(Resolution.ALREADY_RESOLVED);
        assertThat(state.added(pending(5, 100))).isFalse();
        assertThat(state.pendingCount()).isZero();
        assertThat(state.resolve(5)).isEqualTo(Resolution.ALREADY_RESOLVED);
    }

    @Test
    void aFailedCommitMakesTheHalfUndecidedAgain() {
        Pending p = pending(0, 100);
        state.added(p);
        state.resolve(0);
        state.unresolve(p);
        assertThat(state.get(0)).isEqualTo(p);
        assertThat(state.resolve(0)).isEqualTo(Resolution.RESOLVED);
    }

    @Test
    void checksComeDueAtTheirTimeAndAreCounted() {
        state.added(pending(0, 100));
        state.added(pending(1, 200));
        assertThat(state.due(99)).isEmpty();
        assertThat(state.due(100)).extracting(Pending::halfOffset).containsExactly(0L);
        assertThat(state.checked(0, 150)).isEqualTo(1);
        assertThat(state.due(149)).isEmpty();
        assertThat(state.due(200)).extracting(Pending::halfOffset).containsExactly(0L, 1L);
        assertThat(state.checked(0, 300)).isEqualTo(2);
        state.resolve(1);
        assertThat(state.checked(1, 300)).as("resolved meanwhile").isEqualTo(-1);
    }

    @Test
    void lowWatermarkStaysAtTheOldestUndecidedOrUnsettledHalf() {
        assertThat(state.lowWatermark()).isZero();
        state.added(pending(0, 100));
        state.added(pending(1, 100));
        state.added(pending(2, 100));
        assertThat(state.lowWatermark()).isZero();
        state.resolve(0);
        assertThat(state.lowWatermark()).as("resolved, records not stored yet").isZero();
        state.settled(0);
        assertThat(state.lowWatermark()).isEqualTo(1);
        state.resolve(2);
        state.settled(2);
        assertThat(state.lowWatermark()).isEqualTo(1);
        state.resolve(1);
        state.settled(1);
        assertThat(state.lowWatermark()).isEqualTo(3);
    }
}
