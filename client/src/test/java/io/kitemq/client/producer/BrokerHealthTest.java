package io.kitemq.client.producer;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.kitemq.client.FatalClientException;
import io.kitemq.client.RetriableClientException;
import io.kitemq.protocol.message.MessageQueue;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class BrokerHealthTest {

    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private static final FaultTolerance SETTINGS =
            FaultTolerance.defaults().withWindow(4, 4).withOpenDuration(Duration.ofSeconds(30));
    private static final RetriableClientException TIMEOUT = new RetriableClientException("timeout", null);

    private final ManualClock clock = new ManualClock();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final BrokerHealth health = new BrokerHealth("PG", SETTINGS, clock, meters);
    private final QueueChooser chooser = new QueueChooser(health);
    private final List<MessageQueue> queues = List.of(
            new MessageQueue("T", "a", 0),
            new MessageQueue("T", "a", 1),
            new MessageQueue("T", "b", 0),
            new MessageQueue("T", "b", 1));

    @Test
    void roundRobinCoversEveryQueue() {
        List<MessageQueue> picked = java.util.stream.IntStream.range(0, 8)
                .mapToObj(i -> chooser.choose(queues, null).queue())
                .toList();
        assertThat(picked.subList(0, 4)).containsExactlyInAnyOrderElementsOf(queues);
        assertThat(picked.subList(4, 8)).containsExactlyElementsOf(picked.subList(0, 4));
    }

    @Test
    void aRetryAvoidsTheBrokerThatFailed() {
        for (int i = 0; i < 8; i++) {
            assertThat(chooser.choose(queues, "a").queue().brokerName()).isEqualTo("b");
        }
    }

    @Test
    void failuresOpenTheBreakerWhichIsAvoidedUntilTheOpenDurationPasses() {
        failFourTimes("a");
        assertThat(health.state("a")).isEqualTo(CircuitBreaker.State.OPEN);
        for (int i = 0; i < 8; i++) {
            assertThat(chooser.choose(queues, null).queue().brokerName()).isEqualTo("b");
        }
        assertThat(meters.find("resilience4j.circuitbreaker.state")
                        .tag("name", "PG@a")
                        .tag("state", "open")
                        .gauge()
                        .value())
                .isEqualTo(1.0);

        clock.advance(Duration.ofSeconds(31));
        boolean triedA = false;
        for (int i = 0; i < 4 && !triedA; i++) {
            QueueChooser.Choice c = chooser.choose(queues, null);
            triedA = c.queue().brokerName().equals("a");
            health.record(c.queue().brokerName(), Duration.ofMillis(5), null);
        }
        assertThat(triedA).as("a trial send after the open duration").isTrue();
        assertThat(health.state("a")).isEqualTo(CircuitBreaker.State.HALF_OPEN);
    }

    @Test
    void slowCallsOpenTheBreakerToo() {
        for (int i = 0; i < 4; i++) {
            assertThat(health.tryAcquire("a")).isTrue();
            health.record("a", Duration.ofSeconds(2), null);
        }
        assertThat(health.state("a")).isEqualTo(CircuitBreaker.State.OPEN);
    }

    @Test
    void fatalErrorsSayNothingAboutTheBroker() {
        for (int i = 0; i < 4; i++) {
            assertThat(health.tryAcquire("a")).isTrue();
            health.record("a", Duration.ofMillis(1), new FatalClientException("bad topic"));
        }
        assertThat(health.state("a")).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void whenEveryBrokerIsOpenOneIsStillChosen() {
        failFourTimes("a");
        failFourTimes("b");
        assertThat(chooser.choose(queues, null).queue()).isIn(queues);
        assertThat(chooser.choose(queues, "a").queue().brokerName()).isEqualTo("b");
    }

    @Test
    void disabledFaultToleranceNeverExcludes() {
        BrokerHealth off = new BrokerHealth("PG", FaultTolerance.disabled().withWindow(4, 4), clock, null);
        for (int i = 0; i < 8; i++) {
            off.record("a", Duration.ofMillis(1), TIMEOUT);
        }
        assertThat(off.tryAcquire("a")).isTrue();
    }

    private void failFourTimes(String broker) {
        for (int i = 0; i < 4; i++) {
            assertThat(health.tryAcquire(broker)).isTrue();
            health.record(broker, Duration.ofMillis(1), TIMEOUT);
        }
    }
}
