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

    /** Appends the binary header of {@code cmd} to {@code out}. */
    static void encode(RemotingCommand cmd, HeaderBuffer out) {
        out.putShort(cmd.code());
        out.put(cmd.language().code());
        out.putShort(cmd.version());
        out.putInt(cmd.opaque());
        out.putInt(cmd.flag());
        String remark = cmd.remark();
        if (remark == null) {
            out.putInt(0);
        } else {
            int at = out.size();
            out.putInt(0);
            out.putUtf8(remark);
            out.putIntAt(at, out.size() - at - 4);
        }
        int extAt = out.size();
        out.putInt(0);
        if (cmd.hasExtFields()) {
            for (Map.Entry<String, String> e : cmd.extFields().entrySet()) {
                if (e.getKey() == null || e.getValue() == null) {
                    continue;
                }
                int keyAt = out.size();
                out.putShort(0);
                out.putUtf8(e.getKey());
                int keyLen = out.size() - keyAt - 2;
                if (keyLen > 0xFFFF) {
                    throw new ProtocolException("extFields key longer than 65535 bytes: " + e.getKey());
                }
                out.putShortAt(keyAt, keyLen);
                int valueAt = out.size();
                out.putInt(0);
                out.putUtf8(e.getValue());
                out.putIntAt(valueAt, out.size() - valueAt - 4);
            }
        }
        out.putIntAt(extAt, out.size() - extAt - 4);
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
