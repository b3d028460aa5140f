package io.kitemq.protocol.body;

import io.kitemq.protocol.ProtocolException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.InflaterInputStream;
import tools.jackson.core.type.TypeReference;

/**
 * The compressed form of {@link RegisterBrokerBody}, sent when the REGISTER_BROKER header has
 * {@code compressed=true}: a zlib/Deflate stream (level {@link Deflater#BEST_COMPRESSION}) of
 * length-prefixed items, every int big-endian.
 *
 * <pre>
 * +----------+---------------------------------------------+
 * | int32 n  | n bytes: DataVersion JSON                   |
 * +----------+---------------------------------------------+
 * | int32 t  | number of topics                            |
 * +----------+---------------------------------------------+
 * | t times: int32 len, len bytes: TopicConfig text form   |   "name read write perm TYPE {attrs}"
 * +----------+---------------------------------------------+
 * | int32 f  | f bytes: filterServerList JSON array        |
 * +----------+---------------------------------------------+
 * | int32 m  | number of static-topic mapping infos        |   written by RocketMQ 5 brokers only;
 * +----------+---------------------------------------------+   absent from 4.x bodies
 * | m times: int32 len, len bytes: TopicQueueMappingInfo JSON
 * +--------------------------------------------------------+
 * </pre>
 *
 * <p>The form drops {@code topicSysFlag}, {@code order}, the mapping details and the mapping version;
 * they decode as 0, {@code false}, empty and {@link DataVersion#ZERO}, as in RocketMQ. Decoding reads
 * the mapping part only when bytes remain, so it takes 4.x and 5.x bodies alike; decoded mapping infos
 * are keyed by their {@code topic}.
 *
 * <p>Stateless and thread-safe.
 */
public final class RegisterBrokerBodyFormat {

    /** Largest single item accepted when decoding, against inflating a hostile stream into memory. */
    public static final int MAX_ITEM_BYTES = 8 * 1024 * 1024;

    private static final TypeReference<List<String>> STRING_LIST = new TypeReference<>() {};
    private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() {};

    private RegisterBrokerBodyFormat() {}

    public static byte[] encode(RegisterBrokerBody body) {
        TopicConfigSerializeWrapper wrapper = body.topicConfigSerializeWrapper();
        ByteArrayOutputStream bytes =
                new ByteArrayOutputStream(256 + wrapper.topicConfigTable().size() * 32);
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        try (DataOutputStream out = new DataOutputStream(new DeflaterOutputStream(bytes, deflater))) {
            writeItem(out, BodyCodec.encode(wrapper.dataVersion()));
            out.writeInt(wrapper.topicConfigTable().size());
            for (TopicConfig topic : wrapper.topicConfigTable().values()) {
                writeItem(out, topic.encodeText().getBytes(StandardCharsets.UTF_8));
            }
            writeItem(out, BodyCodec.encode(body.filterServerList()));
            out.writeInt(wrapper.topicQueueMappingInfoMap().size());
            for (Map<String, Object> info : wrapper.topicQueueMappingInfoMap().values()) {
                writeItem(out, BodyCodec.encode(info));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot compress a RegisterBrokerBody in memory", e);
        } finally {
            deflater.end();
        }
        return bytes.toByteArray();
    }

    /**
     * @throws ProtocolException if the stream is not valid Deflate, is truncated, or holds an item that
     *     does not decode; the message names the item
     */
    public static RegisterBrokerBody decode(byte[] compressed) {
        try (DataInputStream in = new DataInputStream(new InflaterInputStream(new ByteArrayInputStream(compressed)))) {
            DataVersion version = BodyCodec.decode(readItem(in, "dataVersion"), DataVersion.class);
            int topicCount = readCount(in, "topic count");
            Map<String, TopicConfig> topics = new LinkedHashMap<>();
            for (int i = 0; i < topicCount; i++) {
                TopicConfig topic =
                        TopicConfig.decodeText(new String(readItem(in, "topic config"), StandardCharsets.UTF_8));
                topics.put(topic.topicName(), topic);
            }
            List<String> filterServers = BodyCodec.decode(readItem(in, "filterServerList"), STRING_LIST);
            Map<String, Map<String, Object>> mappings = readMappings(in);
            return new RegisterBrokerBody(
                    new TopicConfigSerializeWrapper(topics, version, mappings, null, null), filterServers);
        } catch (EOFException e) {
            throw new ProtocolException("Cannot decode compressed RegisterBrokerBody: the stream ends early", e);
        } catch (IOException e) {
            throw new ProtocolException("Cannot decode compressed RegisterBrokerBody: " + e.getMessage(), e);
        }
    }

    private static Map<String, Map<String, Object>> readMappings(DataInputStream in) throws IOException {
        int first = in.read();
        if (first < 0) {
            return null; // a 4.x broker stops after the filter server list
        }
        int count = (first << 24) | (in.readUnsignedByte() << 16) | in.readUnsignedShort();
        checkCount(count, "mapping count");
        Map<String, Map<String, Object>> mappings = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            Map<String, Object> info = BodyCodec.decode(readItem(in, "topic queue mapping info"), JSON_OBJECT);
            mappings.put(String.valueOf(info.get("topic")), info);
        }
        return mappings;
    }

    private static void writeItem(DataOutputStream out, byte[] item) throws IOException {
        out.writeInt(item.length);
        out.write(item);
    }

    private static byte[] readItem(DataInputStream in, String what) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > MAX_ITEM_BYTES) {
            throw new ProtocolException(
                    "Cannot decode compressed RegisterBrokerBody: " + what + " length " + length + " out of range");
        }
        byte[] item = in.readNBytes(length);
        if (item.length != length) {
            throw new EOFException();
        }
        return item;
    }

    private static int readCount(DataInputStream in, String what) throws IOException {
        return checkCount(in.readInt(), what);
    }

    private static int checkCount(int count, String what) {
        if (count < 0) {
            throw new ProtocolException("Cannot decode compressed RegisterBrokerBody: negative " + what + " " + count);
        }
        return count;
    }
}
