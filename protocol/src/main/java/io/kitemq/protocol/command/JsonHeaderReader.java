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
        Map<String, String> map = new HashMap<>();
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

    private String readEscapedString(int start) {
        StringBuilder sb = new StringBuilder(new String(b, start, pos - start, StandardCharsets.UTF_8));
        int runStart = pos;
        while (pos < end) {
            byte c = b[pos];
            if (c == '"') {
                sb.append(new String(b, runStart, pos - runStart, StandardCharsets.UTF_8));
                pos++;
                return sb.toString();
            }
            if (c != '\\') {
                pos++;
                continue;
            }
            sb.append(new String(b, runStart, pos - runStart, StandardCharsets.UTF_8));
            if (pos + 1 >= end) {
                break;
            }
            byte e = b[pos + 1];
            pos += 2;
            switch (e) {
                case '"' -> sb.append('"');
                case '\\' -> sb.append('\\');
                case '/' -> sb.append('/');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> sb.append(readHex4());
                default -> throw error("invalid escape \\" + (char) e);
            }
            runStart = pos;
        }
        throw error("unterminated string");
    }

    private char readHex4() {
        if (pos + 4 > end) {
            throw error("truncated \\u escape");
        }
        int v = 0;
        for (int i = 0; i < 4; i++) {
            int d = Character.digit(b[pos++], 16);
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
