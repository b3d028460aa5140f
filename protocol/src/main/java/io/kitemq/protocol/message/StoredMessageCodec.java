package io.kitemq.protocol.message;

import static io.kitemq.protocol.message.StoredMessageFormat.BODY_CRC_POSITION;
import static io.kitemq.protocol.message.StoredMessageFormat.BORN_HOST_POSITION;
import static io.kitemq.protocol.message.StoredMessageFormat.BORN_TIMESTAMP_POSITION;
import static io.kitemq.protocol.message.StoredMessageFormat.FLAG_POSITION;
import static io.kitemq.protocol.message.StoredMessageFormat.MAGIC_CODE_POSITION;
import static io.kitemq.protocol.message.StoredMessageFormat.PHYSICAL_OFFSET_POSITION;
import static io.kitemq.protocol.message.StoredMessageFormat.QUEUE_ID_POSITION;
import static io.kitemq.protocol.message.StoredMessageFormat.QUEUE_OFFSET_POSITION;
import static io.kitemq.protocol.message.StoredMessageFormat.SYS_FLAG_POSITION;

import io.kitemq.protocol.ProtocolException;
import java.lang.invoke.VarHandle;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes and reads stored message records ({@link StoredMessageFormat}) — the bytes the CommitLog holds
 * and pull responses carry unchanged.
 *
 * <p>Encoding writes every field straight into the destination buffer: no intermediate array for the
 * record, the topic or (in {@link #encode(ByteBuffer, MessageExt)}) the properties; the IP bytes of the
 * last born and store hosts are cached, so a steady stream from one connection allocates nothing here.
 * The body is written as it is: a caller that stores a compressed body has compressed it ({@link
 * Compression}), set the sysFlag bits ({@link MessageSysFlag#withCompression}) and the BODYCRC ({@link
 * StoredMessageFormat#bodyCrc(byte[])}) beforehand, as RocketMQ's broker does. The record is written
 * completely before the buffer's position moves past it, and its TOTALSIZE field last, behind a
 * release fence, so that a half-written record in a mapped file reads as no record at all.
 *
 * <p>Decoding reads with absolute gets and never moves the caller's position. Any inconsistency —
 * truncation, a bad magic code, TOTALSIZE beyond the buffer or disagreeing with the field lengths, a
 * negative length, a port out of range, a body CRC mismatch, an undecompressable body — is a {@link
 * ProtocolException} naming the record's position, never an index exception. As in RocketMQ 5.5, a
 * body that was decompressed comes with the compressed bit cleared in the decoded sysFlag (the type
 * bits stay). Unlike RocketMQ, which leaves the body {@code null} when its length is 0, a read empty
 * body is an empty array.
 *
 * <p>Stateless apart from the host-bytes cache (immutable entries published through volatile fields);
 * thread-safe.
 */
public final class StoredMessageCodec {

    private record IpBytes(InetAddress address, byte[] bytes) {}

    private static volatile IpBytes lastBornIp;
    private static volatile IpBytes lastStoreIp;

    private StoredMessageCodec() {}

    /**
     * Encodes {@code msg} at the buffer's position, taking topic and properties from the message and the
     * version from the topic length ({@link MagicVersion#forTopicLength}); advances the position.
     *
     * @return the record size written
     * @throws IllegalArgumentException see {@link #encode(ByteBuffer, MessageExt, byte[], byte[], MagicVersion)}
     */
    public static int encode(ByteBuffer dst, MessageExt msg) {
        String topic = requireTopic(msg);
        int topicLength = Utf8.length(topic);
        Map<String, String> properties = msg.getProperties();
        int propertiesLength = MessageProperties.encodedLength(properties);
        MagicVersion version = MagicVersion.forTopicLength(topicLength);
        int size = checkedSize(dst, msg, topicLength, propertiesLength, version);
        int base = dst.position();
        int p = writeTopicLength(dst, writeFixedFieldsAndBody(dst, base, size, msg, version), topicLength, version);
        p = Utf8.write(topic, dst, p);
        dst.putShort(p, (short) propertiesLength);
        p += 2;
        p += MessageProperties.write(properties, dst, p);
        return finish(dst, base, size, p);
    }

    /**
     * Encodes {@code msg} at the buffer's position with topic and properties already in UTF-8 — the
     * broker's hot path, which has them as bytes — and advances the position. The message's own topic
     * and properties are ignored; its body is written as it is ({@code null}: empty).
     *
     * @param propertiesBytes encoded properties ({@link MessageProperties}); {@code null}: none
     * @return the record size written
     * @throws IllegalArgumentException when the buffer is not big-endian or lacks space, the topic is
     *     too long for {@code version}, the properties exceed 32767 bytes, or a host is missing or of
     *     another address family than the sysFlag's host bits say
     */
    public static int encode(
            ByteBuffer dst, MessageExt msg, byte[] topicBytes, byte[] propertiesBytes, MagicVersion version) {
        int propertiesLength = propertiesBytes == null ? 0 : propertiesBytes.length;
        int size = checkedSize(dst, msg, topicBytes.length, propertiesLength, version);
        int base = dst.position();
        int p = writeTopicLength(
                dst, writeFixedFieldsAndBody(dst, base, size, msg, version), topicBytes.length, version);
        dst.put(p, topicBytes);
        p += topicBytes.length;
        dst.putShort(p, (short) propertiesLength);
        p += 2;
        if (propertiesLength > 0) {
            dst.put(p, propertiesBytes);
            p += propertiesLength;
        }
        return finish(dst, base, size, p);
    }

    /** The record of {@code msg} as a new array (see {@link #encode(ByteBuffer, MessageExt)}). */
    public static byte[] toBytes(MessageExt msg) {
        int topicLength = Utf8.length(requireTopic(msg));
        int size = StoredMessageFormat.recordSize(
                bodyLength(msg),
                topicLength,
                MessageProperties.encodedLength(msg.getProperties()),
                msg.getSysFlag(),
                MagicVersion.forTopicLength(topicLength));
        byte[] record = new byte[size];
        encode(ByteBuffer.wrap(record), msg);
        return record;
    }

    private static int checkedSize(
            ByteBuffer dst, MessageExt msg, int topicLength, int propertiesLength, MagicVersion version) {
        if (dst.order() != ByteOrder.BIG_ENDIAN) {
            throw new IllegalArgumentException("stored records are big-endian; the buffer is " + dst.order());
        }
        if (topicLength > version.maxTopicLength()) {
            throw new IllegalArgumentException("topic of " + topicLength + " bytes is too long for a " + version
                    + " record (at most " + version.maxTopicLength() + ")");
        }
        MessageProperties.checkLength(propertiesLength);
        int sysFlag = msg.getSysFlag();
        checkHost("born", msg.getBornHost(), MessageSysFlag.isBornHostV6(sysFlag));
        checkHost("store", msg.getStoreHost(), MessageSysFlag.isStoreHostV6(sysFlag));
        int size = StoredMessageFormat.recordSize(bodyLength(msg), topicLength, propertiesLength, sysFlag, version);
        if (size > dst.remaining()) {
            throw new IllegalArgumentException(
                    "stored record of " + size + " bytes does not fit the " + dst.remaining() + " bytes remaining");
        }
        return size;
    }

    private static void checkHost(String which, InetSocketAddress host, boolean v6Flag) {
        if (host == null || host.getAddress() == null) {
            throw new IllegalArgumentException(which + " host must be a resolved address, got " + host);
        }
        if ((host.getAddress() instanceof Inet6Address) != v6Flag) {
            throw new IllegalArgumentException(which + " host " + host + " does not match the sysFlag's " + which
                    + "-host IPv6 bit (" + v6Flag + "); see MessageSysFlag.withHostFlags");
        }
    }

    /** Writes fields 1-15; returns the index of the topic length field. */
    private static int writeFixedFieldsAndBody(
            ByteBuffer dst, int base, int size, MessageExt msg, MagicVersion version) {
        // TOTALSIZE is written last, in finish(): see there
        dst.putInt(base + MAGIC_CODE_POSITION, version.magicCode());
        dst.putInt(base + BODY_CRC_POSITION, msg.getBodyCRC());
        dst.putInt(base + QUEUE_ID_POSITION, msg.getQueueId());
        dst.putInt(base + FLAG_POSITION, msg.getFlag());
        dst.putLong(base + QUEUE_OFFSET_POSITION, msg.getQueueOffset());
        dst.putLong(base + PHYSICAL_OFFSET_POSITION, msg.getCommitLogOffset());
        dst.putInt(base + SYS_FLAG_POSITION, msg.getSysFlag());
        dst.putLong(base + BORN_TIMESTAMP_POSITION, msg.getBornTimestamp());
        int p = putHost(dst, base + BORN_HOST_POSITION, msg.getBornHost(), true);
        dst.putLong(p, msg.getStoreTimestamp());
        p = putHost(dst, p + 8, msg.getStoreHost(), false);
        dst.putInt(p, msg.getReconsumeTimes());
        dst.putLong(p + 4, msg.getPreparedTransactionOffset());
        p += 12;
        byte[] body = msg.getBody();
        int bodyLength = body == null ? 0 : body.length;
        dst.putInt(p, bodyLength);
        if (bodyLength > 0) {
            dst.put(p + 4, body);
        }
        return p + 4 + bodyLength;
    }

    private static int writeTopicLength(ByteBuffer dst, int index, int topicLength, MagicVersion version) {
        if (version == MagicVersion.V1) {
            dst.put(index, (byte) topicLength);
        } else {
            dst.putShort(index, (short) topicLength);
        }
        return index + version.topicLengthSize();
    }

    private static int putHost(ByteBuffer dst, int index, InetSocketAddress host, boolean born) {
        InetAddress address = host.getAddress();
        IpBytes cached = born ? lastBornIp : lastStoreIp;
        byte[] ip;
        if (cached != null && cached.address().equals(address)) {
            ip = cached.bytes();
        } else {
            ip = address.getAddress(); // a fresh copy; cached entries are never modified
            if (born) {
                lastBornIp = new IpBytes(address, ip);
            } else {
                lastStoreIp = new IpBytes(address, ip);
            }
        }
        dst.put(index, ip);
        dst.putInt(index + ip.length, host.getPort());
        return index + ip.length + 4;
    }

    private static int finish(ByteBuffer dst, int base, int size, int end) {
        if (end != base + size) {
            throw new IllegalStateException("wrote " + (end - base) + " bytes for a record of " + size);
        }
        // Publish the record by its size only after every other byte is stored: a process killed while
        // writing into a mapped CommitLog leaves TOTALSIZE 0, which recovery reads as the end of the log.
        VarHandle.releaseFence();
        dst.putInt(base, size);
        dst.position(end);
        return size;
    }

    private static String requireTopic(MessageExt msg) {
        if (msg.getTopic() == null) {
            throw new IllegalArgumentException("message has no topic");
        }
        return msg.getTopic();
    }

    private static int bodyLength(MessageExt msg) {
        return msg.getBody() == null ? 0 : msg.getBody().length;
    }

    // ------------------------------------------------------------------------------------------ decode

    /** Where the variable-length fields of a validated record lie (absolute indexes). */
    private record Layout(
            int index,
            int size,
            int sysFlag,
            int bodyIndex,
            int bodyLength,
            int topicIndex,
            int topicLength,
            int propertiesIndex,
            int propertiesLength) {}

    /**
     * Decodes the record at the buffer's position without moving it.
     *
     * @param readBody whether to read the body (otherwise it is {@code null})
     * @param decompressBody whether to decompress a body whose sysFlag says it is compressed (the
     *     decoded sysFlag then has the compressed bit cleared)
     */
    public static MessageExt decode(ByteBuffer record, boolean readBody, boolean decompressBody) {
        return decode(record, record.position(), readBody, decompressBody, false);
    }

    /**
     * Decodes the record at absolute {@code index} without moving the buffer's position.
     *
     * @param checkCrc whether to verify BODYCRC against the stored (possibly compressed) body
     * @throws ProtocolException when the record is corrupt or its body cannot be decompressed
     */
    public static MessageExt decode(
            ByteBuffer buf, int index, boolean readBody, boolean decompressBody, boolean checkCrc) {
        ByteBuffer b =
                buf.order() == ByteOrder.BIG_ENDIAN ? buf : buf.duplicate().order(ByteOrder.BIG_ENDIAN);
        try {
            Layout layout = layout(b, index);
            MessageExt msg = fixedFields(b, layout);
            readVariableFields(b, layout, msg, readBody, decompressBody, checkCrc);
            return msg;
        } catch (IndexOutOfBoundsException | BufferUnderflowException e) {
            throw corrupt(index, "a field lies outside the buffer (" + e.getMessage() + ")");
        }
    }

    /** Decodes all records from the buffer's position to its limit (a pull body), reading bodies. */
    public static List<MessageExt> decodeAll(ByteBuffer records) {
        return decodeAll(records, true, true);
    }

    /** Decodes all records from the buffer's position to its limit without moving the position. */
    public static List<MessageExt> decodeAll(ByteBuffer records, boolean readBody, boolean decompressBody) {
        List<MessageExt> messages = new ArrayList<>();
        int index = records.position();
        int limit = records.limit();
        while (index < limit) {
            MessageExt msg = decode(records, index, readBody, decompressBody, false);
            messages.add(msg);
            index += msg.getStoreSize();
        }
        return messages;
    }

    private static Layout layout(ByteBuffer b, int index) {
        int available = b.limit() - index;
        if (index < 0 || available < StoredMessageFormat.END_FILE_MIN_BLANK_LENGTH) {
            throw corrupt(index, "truncated: " + Math.max(available, 0) + " bytes left, too few for a record");
        }
        int size = b.getInt(index);
        int magic = b.getInt(index + MAGIC_CODE_POSITION);
        if (magic == StoredMessageFormat.BLANK_MAGIC_CODE) {
            throw corrupt(index, "end-of-segment blank marker, not a message");
        }
        MagicVersion version = MagicVersion.ofMagicCodeOrNull(magic);
        if (version == null) {
            throw corrupt(index, String.format("bad magic code 0x%08X", magic));
        }
        if (size < StoredMessageFormat.FIXED_OVERHEAD_V4_V1 || size > available) {
            throw corrupt(
                    index,
                    "TOTALSIZE " + size + " is not within [" + StoredMessageFormat.FIXED_OVERHEAD_V4_V1 + ", "
                            + available + " bytes left]");
        }
        int sysFlag = b.getInt(index + SYS_FLAG_POSITION);
        if (size < StoredMessageFormat.minRecordSize(sysFlag, version)) {
            throw corrupt(index, "TOTALSIZE " + size + " is too small for sysFlag " + sysFlag + " and " + version);
        }
        return variableLayout(b, index, size, sysFlag, version);
    }

    private static Layout variableLayout(ByteBuffer b, int index, int size, int sysFlag, MagicVersion version) {
        int end = index + size;
        int bodyLengthIndex = index + StoredMessageFormat.bodyLengthPosition(sysFlag);
        int bodyLength = b.getInt(bodyLengthIndex);
        int bodyIndex = bodyLengthIndex + 4;
        if (bodyLength < 0 || bodyLength > end - bodyIndex - version.topicLengthSize() - 2) {
            throw corrupt(index, "body length " + bodyLength + " does not fit TOTALSIZE " + size);
        }
        int topicLengthIndex = bodyIndex + bodyLength;
        int topicLength = version == MagicVersion.V1 ? b.get(topicLengthIndex) : b.getShort(topicLengthIndex);
        int topicIndex = topicLengthIndex + version.topicLengthSize();
        if (topicLength < 0 || topicLength > end - topicIndex - 2) {
            throw corrupt(index, "topic length " + topicLength + " does not fit TOTALSIZE " + size);
        }
        int propertiesIndex = topicIndex + topicLength + 2;
        int propertiesLength = b.getShort(propertiesIndex - 2);
        if (propertiesLength < 0 || propertiesIndex + propertiesLength != end) {
            throw corrupt(
                    index,
                    "properties length " + propertiesLength + " makes the fields end at "
                            + (propertiesIndex + propertiesLength - index) + ", but TOTALSIZE is " + size);
        }
        return new Layout(
                index,
                size,
                sysFlag,
                bodyIndex,
                bodyLength,
                topicIndex,
                topicLength,
                propertiesIndex,
                propertiesLength);
    }

    private static MessageExt fixedFields(ByteBuffer b, Layout layout) {
        int index = layout.index();
        int sysFlag = layout.sysFlag();
        MessageExt msg = new MessageExt();
        msg.setStoreSize(layout.size());
        msg.setBodyCRC(b.getInt(index + BODY_CRC_POSITION));
        msg.setQueueId(b.getInt(index + QUEUE_ID_POSITION));
        msg.setFlag(b.getInt(index + FLAG_POSITION));
        msg.setQueueOffset(b.getLong(index + QUEUE_OFFSET_POSITION));
        msg.setCommitLogOffset(b.getLong(index + PHYSICAL_OFFSET_POSITION));
        msg.setSysFlag(sysFlag);
        msg.setBornTimestamp(b.getLong(index + BORN_TIMESTAMP_POSITION));
        msg.setBornHost(host(b, index, index + BORN_HOST_POSITION, StoredMessageFormat.bornHostLength(sysFlag)));
        msg.setStoreTimestamp(b.getLong(index + StoredMessageFormat.storeTimestampPosition(sysFlag)));
        int storeHostIndex = index + StoredMessageFormat.storeHostPosition(sysFlag);
        int storeHostLength = StoredMessageFormat.storeHostLength(sysFlag);
        msg.setStoreHost(host(b, index, storeHostIndex, storeHostLength));
        msg.setReconsumeTimes(b.getInt(index + StoredMessageFormat.reconsumeTimesPosition(sysFlag)));
        msg.setPreparedTransactionOffset(
                b.getLong(index + StoredMessageFormat.preparedTransactionOffsetPosition(sysFlag)));
        msg.setMsgId(OffsetMsgId.encode(b, storeHostIndex, storeHostLength - 4, msg.getCommitLogOffset()));
        return msg;
    }

    private static InetSocketAddress host(ByteBuffer b, int recordIndex, int hostIndex, int hostLength) {
        byte[] ip = new byte[hostLength - 4];
        b.get(hostIndex, ip);
        int port = b.getInt(hostIndex + ip.length);
        if (port < 0 || port > 0xFFFF) {
            throw corrupt(recordIndex, "host port " + port + " at position " + hostIndex + " is out of range");
        }
        return new InetSocketAddress(OffsetMsgId.address(ip), port);
    }

    private static void readVariableFields(
            ByteBuffer b, Layout l, MessageExt msg, boolean readBody, boolean decompressBody, boolean checkCrc) {
        if (checkCrc) {
            int crc = StoredMessageFormat.bodyCrc(b, l.bodyIndex(), l.bodyLength());
            if (crc != msg.getBodyCRC()) {
                throw corrupt(l.index(), "body CRC " + crc + " does not match BODYCRC " + msg.getBodyCRC());
            }
        }
        if (readBody) {
            msg.setBody(body(b, l, decompressBody));
            if (decompressBody && MessageSysFlag.isCompressed(l.sysFlag())) {
                msg.setSysFlag(MessageSysFlag.clearCompressedFlag(l.sysFlag())); // the body no longer is
            }
        }
        msg.setTopic(Utf8.decode(b, l.topicIndex(), l.topicLength()));
        msg.adoptProperties(MessageProperties.decodeOrdered(b, l.propertiesIndex(), l.propertiesLength()));
    }

    private static byte[] body(ByteBuffer b, Layout l, boolean decompress) {
        if (decompress && MessageSysFlag.isCompressed(l.sysFlag())) {
            try {
                return MessageSysFlag.compression(l.sysFlag()).decompress(b, l.bodyIndex(), l.bodyLength());
            } catch (ProtocolException e) {
                throw new ProtocolException("stored message at position " + l.index() + ": " + e.getMessage(), e);
            }
        }
        byte[] body = new byte[l.bodyLength()];
        b.get(l.bodyIndex(), body);
        return body;
    }

    private static ProtocolException corrupt(int index, String what) {
        return new ProtocolException("corrupt stored message at position " + index + ": " + what);
    }
}
