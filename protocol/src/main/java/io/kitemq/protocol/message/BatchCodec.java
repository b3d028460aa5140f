package io.kitemq.protocol.message;

import io.kitemq.protocol.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The body of SEND_BATCH_MESSAGE (PROTOCOL.md §7) and of an inner-batch record: the messages of one
 * batch, each as an entry below, concatenated. Big-endian; the topic and queue are in the request
 * header, not in the entries. Same bytes as RocketMQ's {@code MessageDecoder.encodeMessages}.
 *
 * <pre>
 *  offset  size  field
 *  0       4     TOTALSIZE      whole entry, this field included
 *  4       4     MAGICCODE      always 0 (a placeholder)
 *  8       4     BODYCRC        always 0 (a placeholder; the broker computes it)
 *  12      4     FLAG           user flag
 *  16      4     BODY length b  then b body bytes
 *  20+b    2     PROPERTIES length p (signed short), then p bytes ({@link MessageProperties})
 * </pre>
 *
 * Encoding sizes every entry first and then writes all of them into one array, with no per-message
 * intermediate array. Decoding checks that each TOTALSIZE agrees with its field lengths and that no
 * entry crosses the end of the body ({@link ProtocolException} with the position otherwise);
 * RocketMQ itself ignores TOTALSIZE when it decodes.
 *
 * <p>Stateless and thread-safe.
 */
public final class BatchCodec {

    /** Size of an entry without body and properties. */
    public static final int ENTRY_OVERHEAD = 4 + 4 + 4 + 4 + 4 + 2;

    private BatchCodec() {}

    /**
     * Encodes {@code messages}: their flag, body and properties (bodies already compressed if the batch
     * is to be sent compressed).
     *
     * @throws IllegalArgumentException when a body is {@code null}, a message's properties exceed 32767
     *     bytes, or the batch exceeds 2 GiB
     */
    public static byte[] encode(List<? extends Message> messages) {
        byte[] out = new byte[encodedLength(messages)];
        ByteBuffer dst = ByteBuffer.wrap(out);
        int index = 0;
        for (Message message : messages) {
            index = writeEntry(dst, index, message);
        }
        return out;
    }

    /** The size {@link #encode(List)} produces. */
    public static int encodedLength(List<? extends Message> messages) {
        long total = 0;
        for (Message message : messages) {
            total += entryLength(message);
        }
        if (total > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("batch of " + total + " bytes exceeds 2 GiB");
        }
        return (int) total;
    }

    private static int entryLength(Message message) {
        if (message.getBody() == null) {
            throw new IllegalArgumentException("a batched message has no body: " + message);
        }
        int propertiesLength = MessageProperties.encodedLength(message.getProperties());
        MessageProperties.checkLength(propertiesLength);
        return ENTRY_OVERHEAD + message.getBody().length + propertiesLength;
    }

    private static int writeEntry(ByteBuffer dst, int index, Message message) {
        byte[] body = message.getBody();
        Map<String, String> properties = message.getProperties();
        int propertiesLength = MessageProperties.encodedLength(properties);
        dst.putInt(index, ENTRY_OVERHEAD + body.length + propertiesLength);
        dst.putInt(index + 4, 0);
        dst.putInt(index + 8, 0);
        dst.putInt(index + 12, message.getFlag());
        dst.putInt(index + 16, body.length);
        dst.put(index + 20, body);
        int p = index + 20 + body.length;
        dst.putShort(p, (short) propertiesLength);
        return p + 2 + MessageProperties.write(properties, dst, p + 2);
    }

    /**
     * Decodes the entries from the buffer's position to its limit, without moving the position. The
     * messages have flag, body and properties; topic is {@code null}.
     *
     * @throws ProtocolException when an entry is truncated or inconsistent
     */
    public static List<Message> decode(ByteBuffer body) {
        ByteBuffer b =
                body.order() == ByteOrder.BIG_ENDIAN ? body : body.duplicate().order(ByteOrder.BIG_ENDIAN);
        List<Message> messages = new ArrayList<>();
        int index = b.position();
        while (index < b.limit()) {
            Message message = new Message();
            index = readEntry(b, index, message);
            messages.add(message);
        }
        return messages;
    }

    /** Number of entries from the buffer's position to its limit, checked as {@link #decode} does. */
    public static int count(ByteBuffer body) {
        ByteBuffer b =
                body.order() == ByteOrder.BIG_ENDIAN ? body : body.duplicate().order(ByteOrder.BIG_ENDIAN);
        int count = 0;
        int index = b.position();
        while (index < b.limit()) {
            index = readEntry(b, index, null);
            count++;
        }
        return count;
    }

    /** Checks the entry at {@code index}, fills {@code into} unless {@code null}; returns the next index. */
    private static int readEntry(ByteBuffer b, int index, Message into) {
        int available = b.limit() - index;
        if (available < ENTRY_OVERHEAD) {
            throw corrupt(index, "truncated: " + available + " bytes left, an entry needs at least " + ENTRY_OVERHEAD);
        }
        int size = b.getInt(index);
        if (size < ENTRY_OVERHEAD || size > available) {
            throw corrupt(
                    index,
                    "TOTALSIZE " + size + " is not within [" + ENTRY_OVERHEAD + ", " + available + " bytes left]");
        }
        int bodyLength = b.getInt(index + 16);
        if (bodyLength < 0 || bodyLength > size - ENTRY_OVERHEAD) {
            throw corrupt(index, "body length " + bodyLength + " does not fit TOTALSIZE " + size);
        }
        int propertiesIndex = index + 20 + bodyLength + 2;
        int propertiesLength = b.getShort(propertiesIndex - 2);
        if (propertiesLength < 0 || propertiesIndex + propertiesLength != index + size) {
            throw corrupt(
                    index,
                    "properties length " + propertiesLength + " makes the fields end at "
                            + (propertiesIndex + propertiesLength - index) + ", but TOTALSIZE is " + size);
        }
        if (into != null) {
            into.setFlag(b.getInt(index + 12));
            byte[] messageBody = new byte[bodyLength];
            b.get(index + 20, messageBody);
            into.setBody(messageBody);
            into.adoptProperties(MessageProperties.decodeOrdered(b, propertiesIndex, propertiesLength));
        }
        return index + size;
    }

    private static ProtocolException corrupt(int index, String what) {
        return new ProtocolException("corrupt batch entry at position " + index + ": " + what);
    }
}
