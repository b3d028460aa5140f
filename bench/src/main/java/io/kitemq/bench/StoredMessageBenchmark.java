package io.kitemq.bench;

import io.kitemq.protocol.message.MagicVersion;
import io.kitemq.protocol.message.MessageExt;
import io.kitemq.protocol.message.MessageProperties;
import io.kitemq.protocol.message.StoredMessageCodec;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Stored-record encode and decode (PROTOCOL.md §6) of a message with tags, keys and a unique id, ours
 * beside rocketmq-common's {@code MessageDecoder}.
 *
 * <ul>
 *   <li>{@code encodeOursIntoBuffer}: the store's hot path — topic and properties already in bytes,
 *       the record written straight into a reused direct buffer (as into a mapped segment);</li>
 *   <li>{@code encodeOursToArray} / {@code encodeTheirs}: the whole record into a new array, the only
 *       encode that MessageDecoder offers;</li>
 *   <li>{@code decodeOurs} / {@code decodeTheirs}: one record with its body into a message object.</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
@State(Scope.Thread)
public class StoredMessageBenchmark {

    @Param({"128", "1024", "4096"})
    public int bodyBytes;

    private MessageExt ours;
    private byte[] topicBytes;
    private byte[] propertyBytes;
    private ByteBuffer target;
    private org.apache.rocketmq.common.message.MessageExt theirs;
    private ByteBuffer record;

    @Setup(Level.Trial)
    public void setup() throws Exception {
        byte[] body = new byte[bodyBytes];
        InetSocketAddress born = new InetSocketAddress("10.1.2.3", 52000);
        InetSocketAddress store = new InetSocketAddress("10.1.2.4", 10911);
        ours = new MessageExt();
        ours.setTopic("BenchmarkTopic");
        ours.setBody(body);
        ours.setTags("TagA");
        ours.setKeys("order-42");
        ours.putProperty("UNIQ_KEY", "7F0000010C4818B4AAC2496E4B4E0000");
        ours.setQueueId(2);
        ours.setBornHost(born);
        ours.setStoreHost(store);
        ours.setBornTimestamp(1_732_521_600_000L);
        ours.setStoreTimestamp(1_732_521_600_001L);
        ours.setQueueOffset(123_456);
        ours.setCommitLogOffset(987_654_321L);
        topicBytes = ours.getTopic().getBytes(StandardCharsets.UTF_8);
        propertyBytes = MessageProperties.toBytes(ours.getProperties());
        target = ByteBuffer.allocateDirect(bodyBytes + 1024);

        theirs = new org.apache.rocketmq.common.message.MessageExt();
        theirs.setTopic("BenchmarkTopic");
        theirs.setBody(body);
        theirs.setTags("TagA");
        theirs.setKeys("order-42");
        org.apache.rocketmq.common.message.MessageAccessor.putProperty(
                theirs, "UNIQ_KEY", "7F0000010C4818B4AAC2496E4B4E0000");
        theirs.setQueueId(2);
        theirs.setBornHost(born);
        theirs.setStoreHost(store);
        theirs.setBornTimestamp(1_732_521_600_000L);
        theirs.setStoreTimestamp(1_732_521_600_001L);
        theirs.setQueueOffset(123_456);
        theirs.setCommitLogOffset(987_654_321L);
        record = ByteBuffer.wrap(StoredMessageCodec.toBytes(ours));
    }

    @Benchmark
    public int encodeOursIntoBuffer() {
        target.clear();
        return StoredMessageCodec.encode(target, ours, topicBytes, propertyBytes, MagicVersion.V1);
    }

    @Benchmark
    public byte[] encodeOursToArray() {
        return StoredMessageCodec.toBytes(ours);
    }

    @Benchmark
    public byte[] encodeTheirs() throws Exception {
        return org.apache.rocketmq.common.message.MessageDecoder.encode(theirs, false);
    }

    @Benchmark
    public Object decodeOurs() {
        return StoredMessageCodec.decode(record, 0, true, false, false);
    }

    @Benchmark
    public Object decodeTheirs() {
        return org.apache.rocketmq.common.message.MessageDecoder.decode(record.duplicate(), true, false);
    }
}
