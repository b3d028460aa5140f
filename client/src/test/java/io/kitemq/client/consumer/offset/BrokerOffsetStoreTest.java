package io.kitemq.client.consumer.offset;

import static org.assertj.core.api.Assertions.assertThat;

import io.kitemq.client.RetriableClientException;
import io.kitemq.protocol.message.MessageQueue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BrokerOffsetStoreTest {

    private final MessageQueue q0 = new MessageQueue("T", "b", 0);
    private final MessageQueue q1 = new MessageQueue("T", "b", 1);

    static final class FakeBroker implements OffsetBroker {
        final Map<MessageQueue, Long> committed = new HashMap<>();
        final List<String> calls = new ArrayList<>();
        boolean down;

        @Override
        public OptionalLong queryOffset(String group, MessageQueue queue) {
            Long v = committed.get(queue);
            return v == null ? OptionalLong.empty() : OptionalLong.of(v);
        }

        @Override
        public void updateOffset(String group, MessageQueue queue, long offset) {
            if (down) {
                throw new RetriableClientException("update offset", null);
            }
            calls.add(queue.queueId() + "=" + offset);
            committed.put(queue, offset);
        }
    }

    @Test
    void readsFromTheBrokerAndPersistsOnlyChanges() {
        FakeBroker broker = new FakeBroker();
        broker.committed.put(q0, 10L);
        BrokerOffsetStore store = new BrokerOffsetStore("G", broker);
        assertThat(store.readDurable(q0)).isEqualTo(10);
        assertThat(store.readDurable(q1)).isEqualTo(-1);

        store.persist(Set.of(q0));
        assertThat(broker.calls).isEmpty();

        store.update(q0, 12, true);
        store.update(q0, 11, true);
        store.persist(Set.of(q0));
        assertThat(broker.calls).containsExactly("0=12");
    }

    @Test
    void failedPersistIsRetriedNextRound() {
        FakeBroker broker = new FakeBroker();
        BrokerOffsetStore store = new BrokerOffsetStore("G", broker);
        store.update(q1, 3, false);
        broker.down = true;
        store.persist(Set.of(q1));
        broker.down = false;
        store.persist(Set.of(q1));
        assertThat(broker.committed).containsEntry(q1, 3L);
    }

    @Test
    void persistForgetsQueuesNoLongerOwned() {
        BrokerOffsetStore store = new BrokerOffsetStore("G", new FakeBroker());
        store.update(q0, 1, false);
        store.update(q1, 2, false);
        store.persist(Set.of(q1));
        assertThat(store.snapshot()).containsOnlyKeys(q1);
    }
}
