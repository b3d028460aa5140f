package io.kitemq.protocol.command;

import io.kitemq.protocol.ProtocolException;
import java.nio.ByteBuffer;

/**
 * Encodes and decodes remoting frames and headers in both serializations (layout in
 * {@link CommandFormat}). Transports call {@link #encodeHeader} and write the length words and body
 * themselves so that the body is never copied; {@link #encode} builds a whole frame for tests and
 * simple senders.
 *
 * <p>Stateless and thread-safe.
 */
public final class CommandCodec {

    private CommandCodec() {}

    /** The header bytes of {@code cmd} in its {@link RemotingCommand#serializeType()}. */
    public static byte[] encodeHeader(RemotingCommand cmd) {
        HeaderBuffer out = new HeaderBuffer();
        encodeHeader(cmd, out);
        return out.toByteArray();
    }

    /**
     * Writes the header of {@code cmd} into {@code out} (cleared first) and returns its length; with a
     * reused buffer this allocates nothing on the way.
     */
    public static int encodeHeader(RemotingCommand cmd, HeaderBuffer out) {
        out.clear();
        if (cmd.serializeType() == SerializeType.ROCKETMQ) {
            BinaryHeaderCodec.encode(cmd, out);
        } else {
            JsonHeaderCodec.encode(cmd, out);
        }
        if (out.size() > CommandFormat.MAX_HEADER_BYTES) {
            throw new ProtocolException("header of " + out.size() + " bytes exceeds the 24-bit header length");
        }
        return out.size();
    }

    /** A whole frame, length field included, in a heap buffer ready to read. */
    public static ByteBuffer encode(RemotingCommand cmd) {
        byte[] header = encodeHeader(cmd);
        int bodyLen = cmd.bodyLength();
        ByteBuffer out = ByteBuffer.allocate(
                CommandFormat.LENGTH_FIELD_BYTES + CommandFormat.HEADER_LENGTH_WORD_BYTES + header.length + bodyLen);
        out.putInt(CommandFormat.HEADER_LENGTH_WORD_BYTES + header.length + bodyLen);
        out.putInt(CommandFormat.headerLengthWord(cmd.serializeType(), header.length));
        out.put(header);
        for (ByteBuffer part : bodyParts(cmd)) {
            out.put(part.duplicate());
        }
        return out.flip();
    }

    private static ByteBuffer[] bodyParts(RemotingCommand cmd) {
        ByteBuffer[] parts = cmd.bodyBuffers();
        return parts.length > 0 ? parts : new ByteBuffer[] {ByteBuffer.wrap(cmd.body())};
    }

    /**
     * Decodes one frame whose length field has already been removed: {@code frame} holds the
     * header-length word, the header and the body, from its position to its limit. The body is copied.
     */
    public static RemotingCommand decode(ByteBuffer frame) {
        int frameLen = frame.remaining();
        if (frameLen < CommandFormat.HEADER_LENGTH_WORD_BYTES) {
            throw new ProtocolException("frame of " + frameLen + " bytes has no header-length word");
        }
        int word = frame.getInt();
        SerializeType type = CommandFormat.typeOf(word);
        int headerLen = CommandFormat.headerLengthOf(word);
        if (headerLen > frame.remaining()) {
            throw new ProtocolException(
                    "header length " + headerLen + " exceeds the frame (" + frame.remaining() + " bytes left)");
        }
        RemotingCommand cmd = decodeHeader(frame, headerLen, type);
        int bodyLen = frame.remaining();
        if (bodyLen > 0) {
            byte[] body = new byte[bodyLen];
            frame.get(body);
            cmd.body(body);
        }
        return cmd;
    }

    /** Decodes {@code len} header bytes at {@code buf}'s position in {@code type}; advances the position. */
    public static RemotingCommand decodeHeader(ByteBuffer buf, int len, SerializeType type) {
        if (type == SerializeType.ROCKETMQ) {
            return BinaryHeaderCodec.decode(buf, len);
        }
        RemotingCommand cmd;
        if (buf.hasArray()) {
            cmd = JsonHeaderCodec.decode(buf.array(), buf.arrayOffset() + buf.position(), len);
            buf.position(buf.position() + len);
        } else {
            byte[] b = new byte[len];
            buf.get(b);
            cmd = JsonHeaderCodec.decode(b, 0, len);
        }
        return cmd;
    }
}
