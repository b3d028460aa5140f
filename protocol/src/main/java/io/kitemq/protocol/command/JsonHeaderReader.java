package io.kitemq.protocol.command;

import io.kitemq.protocol.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * A small JSON reader specialised for remoting headers: one object of scalars plus the
 * {@code extFields} object of scalars. It reads straight from the frame's bytes (ASCII strings without
 * escapes become Strings with no intermediate copy), skips unknown keys of any shape, and reports
 * anything malformed as a {@link ProtocolException} with the byte position.
 *
 * <p>One instance per decode; not thread-safe.
 */
final class JsonHeaderReader {

    private static final int MAX_DEPTH = 64;

    private final byte[] b;
    private final int end;
    private int pos;
    private char[] scratch;

    JsonHeaderReader(byte[] data, int offset, int len) {
        this.b = data;
        this.pos = offset;
        this.end = offset + len;
    }

    RemotingCommand read() {
        RemotingCommand cmd = new RemotingCommand();
        cmd.serializeType(SerializeType.JSON);
        expect('{');
        if (!tryConsume('}')) {
            do {
                String name = readString();
                expect(':');
                readField(cmd, name);
            } while (tryConsume(','));
            expect('}');
        }
        skipWhitespace();
        if (pos != end) {
            throw error("trailing bytes after the header object");
        }
        return cmd;
    }

    private void readField(RemotingCommand cmd, String name) {
        switch (name) {
            case "code" -> cmd.code(readInt(name));
            case "language" -> cmd.language(LanguageCode.fromName(readScalar()));
            case "version" -> cmd.version(readInt(name));
            case "opaque" -> cmd.opaque(readInt(name));
            case "flag" -> cmd.flag(readInt(name));
            case "remark" -> cmd.remark(readScalar());
            case "extFields" -> cmd.extFields(readExtFields());
            default -> skipValue(0);
        }
    }

    private Map<String, String> readExtFields() {
        skipWhitespace();
        if (peek() == 'n') {
            readLiteral();
            return null;
        }
        expect('{');
        Map<String, String> map = new HashMap<>(32);
        if (!tryConsume('}')) {
            do {
                String key = readString();
                expect(':');
                skipWhitespace();
                byte c = peek();
                if (c == '{' || c == '[') {
                    throw error("extFields value of '" + key + "' is not a scalar");
                }
                String value = readScalar();
                if (value != null) {
                    map.put(key, value);
                }
            } while (tryConsume(','));
            expect('}');
        }
        return map;
    }

    private int readInt(String name) {
        String s = readScalar();
        try {
            return Integer.parseInt(s == null ? "" : s.trim());
        } catch (NumberFormatException e) {
            throw error("field '" + name + "' is not an integer: " + s);
        }
    }

    /** A string, number or literal as text; null for the literal null. */
    private String readScalar() {
        skipWhitespace();
        byte c = peek();
        if (c == '"') {
            return readString();
        }
        if (c == '{' || c == '[') {
            throw error("expected a scalar value");
        }
        String lit = readLiteral();
        return lit.equals("null") ? null : lit;
    }

    private String readLiteral() {
        int start = pos;
        while (pos < end) {
            byte c = b[pos];
            if (c == ',' || c == '}' || c == ']' || c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                break;
            }
            pos++;
        }
        if (pos == start) {
            throw error("expected a value");
        }
        String lit = new String(b, start, pos - start, StandardCharsets.ISO_8859_1);
        char first = lit.charAt(0);
        if (!(lit.equals("true")
                || lit.equals("false")
                || lit.equals("null")
                || first == '-'
                || (first >= '0' && first <= '9'))) {
            throw error("invalid literal '" + lit + "'");
        }
        return lit;
    }

    private String readString() {
        skipWhitespace();
        if (pos >= end || b[pos] != '"') {
            throw error("expected a string");
        }
        int start = ++pos;
        boolean ascii = true;
        while (pos < end) {
            byte c = b[pos];
            if (c == '"') {
                String s =
                        new String(b, start, pos - start, ascii ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
                pos++;
                return s;
            }
            if (c == '\\') {
                return readEscapedString(start);
            }
            if (c < 0) {
                ascii = false;
            }
            pos++;
        }
        throw error("unterminated string");
    }

    /**
     * A string with escapes: decoded into a reused char buffer in one pass (ASCII, escapes, and UTF-8
     * sequences), so it costs one String however many escapes it has.
     */
    private String readEscapedString(int start) {
        int n = 0;
        char[] out = chars(pos - start + 16);
        for (int i = start; i < pos; i++) {
            out[n++] = (char) (b[i] & 0xFF); // the prefix before the first escape is ASCII or handled below
        }
        if (!asciiRun(start, pos)) {
            n = 0;
            pos = start;
        }
        while (pos < end) {
            int c = b[pos];
            if (n + 2 > out.length) {
                out = growChars(n + 2);
            }
            if (c == '"') {
                pos++;
                return new String(out, 0, n);
            }
            if (c == '\\') {
                if (pos + 1 >= end) {
                    break;
                }
                byte e = b[pos + 1];
                pos += 2;
                out[n++] = switch (e) {
                    case '"' -> '"';
                    case '\\' -> '\\';
                    case '/' -> '/';
                    case 'b' -> '\b';
                    case 'f' -> '\f';
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    case 't' -> '\t';
                    case 'u' -> readHex4();
                    default -> throw error("invalid escape \\" + (char) e);
                };
            } else if (c >= 0) {
                out[n++] = (char) c;
                pos++;
            } else {
                n = readUtf8(out, n);
            }
        }
        throw error("unterminated string");
    }

    private boolean asciiRun(int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] < 0) {
                return false;
            }
        }
        return true;
    }

    /** Decodes one UTF-8 sequence at {@code pos} into {@code out[n]} (two chars for a supplementary one). */
    private int readUtf8(char[] out, int n) {
        int c = b[pos] & 0xFF;
        int len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
        if (len == 1 || pos + len > end) {
            pos++;
            out[n++] = '\uFFFD';
            return n;
        }
        String s = new String(b, pos, len, StandardCharsets.UTF_8);
        pos += len;
        for (int i = 0; i < s.length(); i++) {
            out[n++] = s.charAt(i);
        }
        return n;
    }

    private char[] chars(int capacity) {
        if (scratch == null || scratch.length < capacity) {
            scratch = new char[Math.max(64, capacity)];
        }
        return scratch;
    }

    private char[] growChars(int needed) {
        scratch = java.util.Arrays.copyOf(scratch, Math.max(needed, scratch.length * 2));
        return scratch;
    }

    private char readHex4() {
        if (pos + 4 > end) {
            throw error("truncated \\u escape");
        }
        int v = 0;
        for (int i = 0; i < 4; i++) {
            int h = b[pos++];
            int d = h >= '0' && h <= '9'
                    ? h - '0'
                    : h >= 'a' && h <= 'f' ? h - 'a' + 10 : h >= 'A' && h <= 'F' ? h - 'A' + 10 : -1;
            if (d < 0) {
                throw error("invalid \\u escape");
            }
            v = (v << 4) | d;
        }
        return (char) v;
    }

    private void skipValue(int depth) {
        if (depth > MAX_DEPTH) {
            throw error("nesting deeper than " + MAX_DEPTH);
        }
        skipWhitespace();
        byte c = peek();
        if (c == '{' || c == '[') {
            byte close = c == '{' ? (byte) '}' : (byte) ']';
            pos++;
            if (tryConsume((char) close)) {
                return;
            }
            do {
                if (c == '{') {
                    readString();
                    expect(':');
                }
                skipValue(depth + 1);
            } while (tryConsume(','));
            expect((char) close);
        } else {
            readScalar();
        }
    }

    private byte peek() {
        if (pos >= end) {
            throw error("unexpected end of header");
        }
        return b[pos];
    }

    private void skipWhitespace() {
        while (pos < end) {
            byte c = b[pos];
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private void expect(char c) {
        skipWhitespace();
        if (pos >= end || b[pos] != c) {
            throw error("expected '" + c + "'");
        }
        pos++;
    }

    private boolean tryConsume(char c) {
        skipWhitespace();
        if (pos < end && b[pos] == c) {
            pos++;
            return true;
        }
        return false;
    }

    private ProtocolException error(String what) {
        return new ProtocolException("malformed JSON header at byte " + pos + ": " + what);
    }
}
