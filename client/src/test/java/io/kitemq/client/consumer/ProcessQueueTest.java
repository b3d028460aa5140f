package io.kitemq.client.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import io.kitemq.protocol.message.MessageExt;
import io.kitemq.protocol.message.MessageQueue;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class ProcessQueueTest {

    private final ProcessQueue pq = new ProcessQueue(new MessageQueue("T", "b", 0));

    static MessageExt msg(long offset, int bodyBytes) {
        MessageExt m = new MessageExt();
        m.setTopic("T");
        m.setQueueOffset(offset);
        m.setBody(new byte[bodyBytes]);
        return m;
    }

    static List<MessageExt> range(long from, long to, int bodyBytes) {
        return LongStream.range(from, to).mapToObj(o -> msg(o, bodyBytes)).toList();
    }

    @Test
    void commitOffsetIsTheSmallestUnconsumed() {
        pq.add(range(10, 15, 1));
        assertThat(pq.remove(List.of(msg(12, 1), msg(13, 1), msg(14, 1)))).isEqualTo(10);
        assertThat(pq.remove(List.of(msg(10, 1)))).isEqualTo(11);
        assertThat(pq.remove(List.of(msg(11, 1)))).isEqualTo(15);
        assertThat(pq.count()).isZero();
        assertThat(pq.bytes()).isZero();
    }

    @Test
    void emptyQueueHasNothingToCommit() {
        assertThat(pq.commitOffset()).isEqualTo(-1);
    }

    @Test
    void flowControlPausesOnCountThenResumesWhenDrained() {
        FlowControl fc = new FlowControl(10, 1 << 20, 2_000);
        pq.add(range(0, 10, 1));
        assertThat(fc.check(pq, false)).isEqualTo(FlowControl.Verdict.PULL);
        pq.add(range(10, 11, 1));
        assertThat(fc.check(pq, false)).isEqualTo(FlowControl.Verdict.TOO_MANY_MESSAGES);
        pq.remove(range(0, 5, 1));
        assertThat(fc.check(pq, false)).isEqualTo(FlowControl.Verdict.PULL);
    }

    @Test
    void flowControlPausesOnBytes() {
        FlowControl fc = new FlowControl(1_000, 1_000, 2_000);
        pq.add(range(0, 3, 400));
        assertThat(fc.check(pq, false)).isEqualTo(FlowControl.Verdict.TOO_MANY_BYTES);
        pq.remove(range(0, 1, 400));
        assertThat(fc.check(pq, false)).isEqualTo(FlowControl.Verdict.PULL);
    }

    @Test
    void flowControlPausesOnSpanForConcurrentOnly() {
        FlowControl fc = new FlowControl(1_000, 1 << 20, 100);
        pq.add(List.of(msg(0, 1), msg(101, 1)));
        assertThat(fc.check(pq, false)).isEqualTo(FlowControl.Verdict.SPAN_TOO_WIDE);
        assertThat(fc.check(pq, true)).isEqualTo(FlowControl.Verdict.PULL);
        pq.remove(List.of(msg(0, 1)));
        assertThat(fc.check(pq, false)).isEqualTo(FlowControl.Verdict.PULL);
    }

    @Test
    void orderlyTakeCommitAndRetry() {
        pq.add(range(0, 5, 2));
        List<MessageExt> first = pq.take(2);
        assertThat(first).extracting(MessageExt::getQueueOffset).containsExactly(0L, 1L);
        assertThat(pq.commitOffset()).isZero();
        pq.returnTaken(first);
        assertThat(pq.take(3)).extracting(MessageExt::getQueueOffset).containsExactly(0L, 1L, 2L);
        assertThat(pq.commitTaken()).isEqualTo(3);
        assertThat(pq.count()).isEqualTo(2);
        assertThat(pq.bytes()).isEqualTo(4);
    }
}
