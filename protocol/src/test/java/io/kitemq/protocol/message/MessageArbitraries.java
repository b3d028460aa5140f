package io.kitemq.protocol.message;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/** Generators shared by the message property tests. */
final class MessageArbitraries {

    private MessageArbitraries() {}

    /** How a generated stored message's body is compressed. */
    enum BodyCompression {
        NONE,
        ZLIB,
        /** compressed bit with type bits 0: ZLIB for RocketMQ. */
        ZLIB_LEGACY,
        /** flagged LZ4 but left as is: only decodable without decompression. */
        LZ4_FLAGGED
    }

    /** A generated stored message: the message to encode and the body before compression. */
    record Stored(MessageExt message, byte[] originalBody, BodyCompression compression) {
        @Override
        public String toString() {
            return compression + " " + message;
        }
    }

    /** Property names: non-empty, without the two separators. */
    static Arbitrary<String> propertyNames() {
        return Arbitraries.strings()
                .withCharRange('\u0003', '\uD7FF')
                .withCharRange('\uE000', '\uFFFD')
                .ofMinLength(1)
                .ofMaxLength(12);
    }

    /** Property values: non-empty, without U+0002 (U+0001 is allowed in a value). */
    static Arbitrary<String> propertyValues() {
        return Arbitraries.strings()
                .withCharRange('\u0003', '\uD7FF')
                .withCharRange('\uE000', '\uFFFD')
                .withChars('\u0001')
                .ofMinLength(1)
                .ofMaxLength(20);
    }

    static Arbitrary<Map<String, String>> properties() {
        return Arbitraries.maps(propertyNames(), propertyValues()).ofMaxSize(8).map(LinkedHashMap::new);
    }

    static Arbitrary<String> topics() {
        Arbitrary<String> ascii = Arbitraries.strings()
                .withCharRange('a', 'z')
                .withCharRange('A', 'Z')
                .withCharRange('0', '9')
                .withChars('_', '-', '%', '|')
                .ofMinLength(1)
                .ofMaxLength(300);
        Arbitrary<String> unicode = Arbitraries.strings()
                .withCharRange('\u00C0', '\u4E2D')
                .ofMinLength(1)
                .ofMaxLength(70);
        return Arbitraries.frequencyOf(Tuple.of(5, ascii), Tuple.of(1, unicode));
    }

    static Arbitrary<byte[]> bodies() {
        return Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just(new byte[0])),
                Tuple.of(6, Arbitraries.bytes().array(byte[].class).ofMaxSize(300)),
                Tuple.of(2, Arbitraries.strings().alpha().ofMaxLength(2000).map(String::getBytes)));
    }

    static Arbitrary<InetSocketAddress> hosts() {
        Arbitrary<Integer> ports = Arbitraries.integers().between(0, 0xFFFF);
        Arbitrary<InetAddress> v4 =
                Arbitraries.bytes().array(byte[].class).ofSize(4).map(MessageArbitraries::ip);
        Arbitrary<InetAddress> v6 = Arbitraries.bytes()
                .array(byte[].class)
                .ofSize(16)
                .map(b -> {
                    b[0] = 0x20; // a global unicast address, never IPv4-mapped
                    return ip(b);
                });
        return Combinators.combine(Arbitraries.oneOf(v4, v6), ports).as(InetSocketAddress::new);
    }

    static InetAddress ip(byte[] bytes) {
        try {
            return bytes.length == 16 ? Inet6Address.getByAddress(null, bytes, -1) : InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    static Arbitrary<Stored> storedMessages() {
        return Combinators.combine(
                        topics(),
                        properties(),
                        bodies(),
                        hosts(),
                        hosts(),
                        Arbitraries.of(BodyCompression.class),
                        Arbitraries.longs())
                .as(MessageArbitraries::stored);
    }

    private static Stored stored(
            String topic,
            Map<String, String> properties,
            byte[] body,
            InetSocketAddress bornHost,
            InetSocketAddress storeHost,
            BodyCompression compression,
            long seed) {
        Random random = new Random(seed);
        MessageExt m = new MessageExt();
        m.setTopic(topic);
        m.setProperties(properties);
        m.setFlag(random.nextInt());
        m.setQueueId(random.nextInt(64));
        m.setQueueOffset(random.nextLong() >>> 1);
        m.setCommitLogOffset(random.nextLong() >>> 1);
        m.setBornTimestamp(random.nextLong());
        m.setStoreTimestamp(random.nextLong());
        m.setReconsumeTimes(random.nextInt(20));
        m.setPreparedTransactionOffset(random.nextLong());
        m.setBornHost(bornHost);
        m.setStoreHost(storeHost);
        int sysFlag = otherFlags(random);
        byte[] stored = body;
        switch (compression) {
            case ZLIB -> {
                stored = Compression.ZLIB.compress(body, random.nextInt(10));
                sysFlag = MessageSysFlag.withCompression(sysFlag, Compression.ZLIB);
            }
            case ZLIB_LEGACY -> {
                stored = Compression.ZLIB.compress(body, Compression.DEFAULT_LEVEL);
                sysFlag |= MessageSysFlag.COMPRESSED_FLAG;
            }
            case LZ4_FLAGGED -> sysFlag = MessageSysFlag.withCompression(sysFlag, Compression.LZ4);
            case NONE -> {}
        }
        m.setSysFlag(MessageSysFlag.withHostFlags(sysFlag, bornHost, storeHost));
        m.setBody(stored);
        m.setBodyCRC(StoredMessageFormat.bodyCrc(stored));
        return new Stored(m, body, compression);
    }

    /** Every non-host, non-compression bit at random, sometimes with unused high bits. */
    private static int otherFlags(Random random) {
        int flag = 0;
        if (random.nextBoolean()) {
            flag |= MessageSysFlag.MULTI_TAGS_FLAG;
        }
        flag |= random.nextInt(4) << 2;
        if (random.nextBoolean()) {
            flag |= MessageSysFlag.NEED_UNWRAP_FLAG;
        }
        if (random.nextBoolean()) {
            flag |= MessageSysFlag.INNER_BATCH_FLAG;
        }
        if (random.nextInt(4) == 0) {
            flag |= random.nextInt() & ~0x7FF;
        }
        return flag;
    }
}
