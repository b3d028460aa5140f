package io.kitemq.protocol.command;

import io.kitemq.protocol.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Encodes and decodes the ROCKETMQ binary header form (layout in {@link CommandFormat}).
 *
 * <p>Stateless and thread-safe.
 */
final class BinaryHeaderCodec {

    private BinaryHeaderCodec() {}

    static byte[] encode(RemotingCommand cmd) {
        byte[] remark = cmd.remark() == null ? null : cmd.remark().getBytes(StandardCharsets.UTF_8);
        int remarkLen = remark == null ? 0 : remark.length;
        Map<String, String> ext = cmd.hasExtFields() ? cmd.extFields() : Map.of();
        int extLen = 0;
        byte[][] encoded = new byte[ext.size() * 2][];
        int i = 0;
        for (Map.Entry<String, String> e : ext.entrySet()) {
            if (e.getKey() == null || e.getValue() == null) {
                continue;
            }
            byte[] k = e.getKey().getBytes(StandardCharsets.UTF_8);
            byte[] v = e.getValue().getBytes(StandardCharsets.UTF_8);
            if (k.length > 0xFFFF) {
                throw new ProtocolException("extFields key longer than 65535 bytes: " + e.getKey());
            }
            encoded[i++] = k;
            encoded[i++] = v;
            extLen += 2 + k.length + 4 + v.length;
        }
        ByteBuffer out = ByteBuffer.allocate(CommandFormat.BINARY_FIXED_BYTES + remarkLen + extLen);
        out.putShort((short) cmd.code());
        out.put(cmd.language().code());
        out.putShort((short) cmd.version());
        out.putInt(cmd.opaque());
        out.putInt(cmd.flag());
        out.putInt(remarkLen);
        if (remark != null) {
            out.put(remark);
        }
        out.putInt(extLen);
        for (int j = 0; j < i; j += 2) {
            out.putShort((short) encoded[j].length);
            out.put(encoded[j]);
            out.putInt(encoded[j + 1].length);
            out.put(encoded[j + 1]);
        }
        return out.array();
    }

    /** Decodes {@code len} header bytes starting at {@code buf}'s position; advances the position. */
    static RemotingCommand decode(ByteBuffer buf, int len) {
        if (len < CommandFormat.BINARY_FIXED_BYTES || buf.remaining() < len) {
            throw new ProtocolException("binary header of " + len + " bytes is shorter than its fixed part or frame");
        }
        int end = buf.position() + len;
        RemotingCommand cmd = new RemotingCommand();
        cmd.code(buf.getShort());
        cmd.language(LanguageCode.fromCode(buf.get()));
        cmd.version(buf.getShort());
        cmd.opaque(buf.getInt());
        cmd.flag(buf.getInt());
        int remarkLen = buf.getInt();
        if (remarkLen > 0) {
            cmd.remark(readString(buf, remarkLen, end, "remark"));
        } else if (remarkLen < 0) {
            throw new ProtocolException("binary header: negative remark length " + remarkLen);
        }
        int extLen = checkLength(buf, buf.getInt(), end, "extFields");
        if (extLen > 0) {
            cmd.extFields(readExtFields(buf, buf.position() + extLen));
        }
        cmd.serializeType(SerializeType.ROCKETMQ);
        buf.position(end);
        return cmd;
    }

    private static Map<String, String> readExtFields(ByteBuffer buf, int extEnd) {
        Map<String, String> map = new HashMap<>();
        while (buf.position() < extEnd) {
            if (extEnd - buf.position() < 2) {
                throw new ProtocolException("binary header: truncated extFields key length");
            }
            String key = readString(buf, buf.getShort() & 0xFFFF, extEnd, "extFields key");
            if (extEnd - buf.position() < 4) {
                throw new ProtocolException("binary header: truncated extFields value length for " + key);
            }
            String value = readString(buf, buf.getInt(), extEnd, "extFields value of " + key);
            map.put(key, value);
        }
        return map;
    }

    private static String readString(ByteBuffer buf, int n, int end, String what) {
        checkLength(buf, n, end, what);
        String s;
        if (buf.hasArray()) {
            s = new String(buf.array(), buf.arrayOffset() + buf.position(), n, StandardCharsets.UTF_8);
            buf.position(buf.position() + n);
        } else {
            byte[] b = new byte[n];
            buf.get(b);
            s = new String(b, StandardCharsets.UTF_8);
        }
        return s;
    }

    private static int checkLength(ByteBuffer buf, int n, int end, String what) {
        if (n < 0 || n > end - buf.position()) {
            throw new ProtocolException("binary header: " + what + " length " + n + " exceeds the header ("
                    + (end - buf.position()) + " bytes left)");
        }
        return n;
    }
}
