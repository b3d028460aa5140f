package io.kitemq.broker.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kitemq.broker.BrokerMetrics;
import io.kitemq.protocol.message.MessageExt;
import io.kitemq.protocol.message.MessageSysFlag;
import io.kitemq.store.MessageFilter;
import io.kitemq.store.MessageStore;
import io.kitemq.store.StoreConfig;
import io.kitemq.store.StoreMetrics;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.Disposable;

/** Long polling of REST pulls over a real store on a temp dir: released by arrival, by time, by close, by cancel. */
class MessageArrivalsTest {

    static final InetSocketAddress HOST = new InetSocketAddress(InetAddress.getLoopbackAddress(), 10911);

    @TempDir
    Path dir;

    MessageStore store;
    MessageArrivals arrivals;
    final AtomicInteger held = new AtomicInteger();

    @BeforeEach
    void open() {
        store = MessageStore.open(
                StoreConfig.defaults(dir).withSegmentBytes(4 << 20, 1000), InstantSource.system(), StoreMetrics.NONE);
        arrivals = new MessageArrivals(store, new BrokerMetrics() {
            @Override
            public void pullsHeld(int delta) {
                held.addAndGet(delta);
            }
        });
        store.addDispatchListener(arrivals);
    }

    @AfterEach
    void close() {
        arrivals.close();
        store.close();
    }

    void append(String topic, String tags) {
        MessageExt m = new MessageExt();
        m.setTopic(topic);
        m.setQueueId(0);
        m.setBody("x".getBytes(StandardCharsets.UTF_8));
        m.setTags(tags);
        m.setBornHost(HOST);
        m.setStoreHost(HOST);
        m.setSysFlag(MessageSysFlag.withHostFlags(0, HOST, HOST));
        assertThat(store.append(m).join().isStored()).isTrue();
    }

    @Test
    void aMatchingArrivalReleasesTheWait() {
        CompletableFuture<Boolean> wait = arrivals.await("T", 0, 0, TagExpression.of("A"), Duration.ofSeconds(30))
                .toFuture();
        await().until(() -> arrivals.waitingCount() == 1);
        append("T", "B");
        append("Other", "A");
        await().during(Duration.ofMillis(200)).until(() -> !wait.isDone());
        append("T", "A");
        assertThat(wait.join()).isTrue();
        assertThat(arrivals.waitingCount()).isZero();
        assertThat(held).hasValue(0);
    }

    @Test
    void aMessageAlreadyThereReleasesAtOnce() {
        append("T", null);
        await().until(() -> store.maxOffset("T", 0) == 1);
        assertThat(arrivals.await("T", 0, 0, MessageFilter.ALL, Duration.ofSeconds(30))
                        .block(Duration.ofSeconds(5)))
                .isTrue();
    }

    @Test
    void theWaitPassesWithoutAnArrival() {
        assertThat(arrivals.await("T", 0, 0, MessageFilter.ALL, Duration.ofMillis(50))
                        .block(Duration.ofSeconds(5)))
                .isFalse();
        assertThat(arrivals.waitingCount()).isZero();
        assertThat(held).hasValue(0);
    }

    @Test
    void closeEndsEveryWaitAndLaterOnes() {
        CompletableFuture<Boolean> wait = arrivals.await("T", 0, 0, MessageFilter.ALL, Duration.ofSeconds(30))
                .toFuture();
        await().until(() -> arrivals.waitingCount() == 1);
        arrivals.close();
        assertThat(wait.join()).isFalse();
        assertThat(arrivals.await("T", 0, 0, MessageFilter.ALL, Duration.ofSeconds(30))
                        .block(Duration.ofSeconds(5)))
                .isFalse();
        assertThat(held).hasValue(0);
    }

    @Test
    void aCancelledWaitIsForgotten() {
        Disposable subscription = arrivals.await("T", 0, 0, MessageFilter.ALL, Duration.ofSeconds(30))
                .subscribe();
        await().until(() -> arrivals.waitingCount() == 1);
        subscription.dispose();
        assertThat(arrivals.waitingCount()).isZero();
        assertThat(held).hasValue(0);
    }
}
