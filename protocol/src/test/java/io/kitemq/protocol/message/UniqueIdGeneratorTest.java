package io.kitemq.protocol.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;
import org.apache.rocketmq.common.UtilAll;
import org.apache.rocketmq.common.message.MessageClientIDSetter;
import org.junit.jupiter.api.Test;

/** UNIQ_KEY ids: format, parsing, uniqueness, month rollover and agreement with RocketMQ 5.5. */
class UniqueIdGeneratorTest {

    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        final AtomicLong millis;
        final ZoneId zone;

        ManualClock(long millis, ZoneId zone) {
            this.millis = new AtomicLong(millis);
            this.zone = zone;
        }

        @Override
        public ZoneId getZone() {
            return zone;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return new ManualClock(millis.get(), zone);
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis.get());
        }
    }

    @Provide
    Arbitrary<byte[]> ips() {
        return Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofSize(4),
                Arbitraries.bytes().array(byte[].class).ofSize(16));
    }

    @Property(tries = 300)
    void parsesBackWhatItMade(
            @ForAll("ips") byte[] ip,
            @ForAll @LongRange(min = 0, max = 0xFFFF) long pid,
            @ForAll int classLoaderHash,
            @ForAll @LongRange(min = 0, max = 4_000_000_000_000L) long nowMs) {
        ManualClock clock = new ManualClock(nowMs, ZoneOffset.UTC);
        UniqueIdGenerator generator = new UniqueIdGenerator(ip, pid, classLoaderHash, clock);

        String id = generator.next();
        UniqueId parsed = UniqueId.parse(id);

        assertThat(id)
                .hasSize(generator.idLength())
                .hasSize(ip.length == 4 ? 32 : 56)
                .matches("[0-9A-F]+");
        assertThat(parsed.ip().getAddress()).isEqualTo(ip);
        assertThat(parsed.pid()).isEqualTo(pid);
        assertThat(parsed.classLoaderHash()).isEqualTo(classLoaderHash);
        assertThat(parsed.counter()).isZero();
        clock.millis.addAndGet(1);
        assertThat(parsed.nearlyTime(clock)).isEqualTo(Instant.ofEpochMilli(nowMs));
        assertThat(UniqueId.parse(id.toLowerCase())).isEqualTo(parsed);
    }

    @Property(tries = 200)
    void rocketMqReadsOurIds(@ForAll("ips") byte[] ip, @ForAll @LongRange(min = 0, max = 0xFFFF) long pid) {
        // a second in the past: RocketMQ reads an id from the current millisecond as a month old
        long madeAt = System.currentTimeMillis() - 1000;
        Clock past = new ManualClock(madeAt, ZoneId.systemDefault());
        String id = new UniqueIdGenerator(ip, pid, 42, past).next();

        assertThat(MessageClientIDSetter.getIPFromID(id)).isEqualTo(ip);
        assertThat(MessageClientIDSetter.getPidFromID(id)).isEqualTo((int) pid);
        Instant theirs = MessageClientIDSetter.getNearlyTimeFromID(id).toInstant();
        assertThat(UniqueId.parse(id).nearlyTime()).isEqualTo(theirs);
        assertThat(theirs).isEqualTo(Instant.ofEpochMilli(madeAt));
    }

    @Test
    void anIdReadInTheMillisecondItWasMadeIsNotAMonthOld() {
        ManualClock clock =
                new ManualClock(Instant.parse("2024-03-15T10:00:00Z").toEpochMilli(), ZoneOffset.UTC);
        UniqueId id = UniqueId.parse(new UniqueIdGenerator(new byte[4], 1, 2, clock).next());
        assertThat(id.nearlyTime(clock)).isEqualTo(clock.instant()); // RocketMQ: 2024-02-15T10:00:00Z
    }

    @Test
    void weReadRocketMqIds() throws Exception {
        String theirs = MessageClientIDSetter.createUniqID();
        UniqueId parsed = UniqueId.parse(theirs);
        assertThat(parsed.ip().getAddress()).isEqualTo(MessageClientIDSetter.getIPFromID(theirs));
        assertThat(parsed.pid()).isEqualTo(MessageClientIDSetter.getPidFromID(theirs));
        Instant theirTime = MessageClientIDSetter.getNearlyTimeFromID(theirs).toInstant();
        if (!parsed.nearlyTime().equals(theirTime)) {
            // RocketMQ's quirk (>= instead of >): an id read in the millisecond it was made comes out
            // one month early there; ours reads it as now
            assertThat(java.time.Duration.between(theirTime, parsed.nearlyTime())
                            .toDays())
                    .isBetween(27L, 31L);
        }
        assertThat(theirs).hasSize(UtilAll.getIP().length == 4 ? 32 : 56);
    }

    @Test
    void theProcessWideGeneratorIsSharedAndWellFormed() {
        UniqueIdGenerator shared = UniqueIdGenerator.forThisProcess();
        assertThat(UniqueIdGenerator.forThisProcess()).isSameAs(shared);
        Instant before = Instant.now();
        UniqueId parsed = UniqueId.parse(shared.next());
        assertThat(parsed.pid()).isEqualTo((int) (ProcessHandle.current().pid() & 0xFFFF));
        assertThat(parsed.nearlyTime()).isBetween(before.minusMillis(1), Instant.now());
    }

    @Test
    void eightThreadsMakeNoDuplicates() throws Exception {
        UniqueIdGenerator generator = UniqueIdGenerator.forThisProcess();
        int threads = 8;
        int perThread = 50_000;
        Set<String> ids = ConcurrentHashMap.newKeySet(threads * perThread);
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        ids.add(generator.next());
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(ids).hasSize(threads * perThread);
    }

    @Test
    void aBurstWithinOneMillisecondBorrowsTheNextOne() {
        ManualClock clock = new ManualClock(1_700_000_000_000L, ZoneOffset.UTC);
        UniqueIdGenerator generator = new UniqueIdGenerator(new byte[] {10, 0, 0, 1}, 1, 2, clock);
        Set<String> ids = new HashSet<>();
        String previous = "";
        for (int i = 0; i < 70_000; i++) {
            String id = generator.next();
            assertThat(id).isGreaterThan(previous);
            previous = id;
            ids.add(id);
        }
        assertThat(ids).hasSize(70_000);
        UniqueId last = UniqueId.parse(previous);
        assertThat(last.counter()).isEqualTo(70_000 - 1 - 65_536);
    }

    @Test
    void aClockSteppingBackDoesNotRepeatIds() {
        ManualClock clock = new ManualClock(1_700_000_000_000L, ZoneOffset.UTC);
        UniqueIdGenerator generator = new UniqueIdGenerator(new byte[] {10, 0, 0, 1}, 1, 2, clock);
        String before = generator.next();
        clock.millis.addAndGet(-5_000);
        String after = generator.next();
        assertThat(after).isGreaterThan(before);
        assertThat(UniqueId.parse(after).millisInMonth())
                .isEqualTo(UniqueId.parse(before).millisInMonth());
        assertThat(UniqueId.parse(after).counter()).isEqualTo(1);
    }

    @Test
    void theTimeFieldRestartsWithEachMonthInTheClocksZone() {
        ZoneId zone = ZoneId.of("Asia/Shanghai");
        long lastMsOfJanuary = Instant.parse("2024-01-31T15:59:59.999Z").toEpochMilli(); // 23:59:59.999 local
        ManualClock clock = new ManualClock(lastMsOfJanuary, zone);
        UniqueIdGenerator generator = new UniqueIdGenerator(new byte[] {10, 0, 0, 1}, 1, 2, clock);

        UniqueId january = UniqueId.parse(generator.next());
        clock.millis.incrementAndGet();
        UniqueId february = UniqueId.parse(generator.next());

        assertThat(january.millisInMonth()).isEqualTo(31L * 24 * 3600 * 1000 - 1); // above Integer.MAX_VALUE
        assertThat(february.millisInMonth()).isZero();
        clock.millis.addAndGet(1000);
        assertThat(january.nearlyTime(clock)).isEqualTo(Instant.ofEpochMilli(lastMsOfJanuary));
        assertThat(february.nearlyTime(clock)).isEqualTo(Instant.ofEpochMilli(lastMsOfJanuary + 1));
    }

    @Test
    void invalidIdsAreClearErrors() {
        assertThatThrownBy(() -> UniqueId.parse("7F000001"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("32 or 56 hex digits, got 8");
        assertThatThrownBy(() -> UniqueId.parse("7F00000100002A9F000000000000000Z"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("non-hex character at index 31");
        assertThatThrownBy(() -> new UniqueIdGenerator(new byte[5], 1, 1, Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("4 or 16 bytes");
    }
}
