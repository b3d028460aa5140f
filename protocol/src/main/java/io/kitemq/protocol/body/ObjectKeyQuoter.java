package io.kitemq.protocol.body;

import java.util.Arrays;

/**
 * Rewrites fastjson's bare object map keys into JSON strings so that a standard parser can read them:
 * {@code {{"brokerName":"b","queueId":1,"topic":"T"}:5}} becomes
 * {@code {"{\"brokerName\":\"b\",\"queueId\":1,\"topic\":\"T\"}":5}}. fastjson writes any map key that is
 * a bean this way (RocketMQ's {@code MessageQueue} keys in {@code offsetTable}).
 *
 * <p>One pass over the UTF-8 bytes, tracking only string literals (with their escapes) and whether the
 * innermost container is an object awaiting a key; structural characters are ASCII, so multi-byte UTF-8
 * sequences never match them. Input without such keys is returned as is, without copying. Input it
 * cannot make sense of (an unterminated key object) is also returned as is, for the parser to report.
 *
 * <p>Stateless and thread-safe.
 */
final class ObjectKeyQuoter {

    private ObjectKeyQuoter() {}

    static byte[] quoteObjectKeys(byte[] json) {
        Rewrite out = null;
        boolean[] inObject = new boolean[32];
        int depth = 0;
        boolean expectKey = false;
        for (int i = 0, n = json.length; i < n; i++) {
            switch (json[i]) {
                case '"' -> {
                    i = endOfString(json, i);
                    expectKey = false;
                }
                case '{' -> {
                    if (expectKey) {
                        int end = endOfContainer(json, i);
                        if (end < 0) {
                            return json;
                        }
                        out = out == null ? new Rewrite(json) : out;
                        out.quote(i, end);
                        i = end - 1;
                        expectKey = false;
                    } else {
                        inObject = push(inObject, depth++, true);
                        expectKey = true;
                    }
                }
                case '[' -> {
                    inObject = push(inObject, depth++, false);
                    expectKey = false;
                }
                case '}', ']' -> {
                    depth = Math.max(0, depth - 1);
                    expectKey = false;
                }
                case ',' -> expectKey = depth > 0 && inObject[depth - 1];
                case ' ', '\t', '\n', '\r' -> {}
                default -> expectKey = false;
            }
        }
        return out == null ? json : out.finish();
    }

    private static boolean[] push(boolean[] stack, int depth, boolean isObject) {
        boolean[] s = depth < stack.length ? stack : Arrays.copyOf(stack, stack.length * 2);
        s[depth] = isObject;
        return s;
    }

    /** Index of the closing quote of the string opening at {@code start}, or the input length. */
    private static int endOfString(byte[] json, int start) {
        for (int i = start + 1; i < json.length; i++) {
            if (json[i] == '\\') {
                i++;
            } else if (json[i] == '"') {
                return i;
            }
        }
        return json.length;
    }

    /** Index just past the container opening at {@code start}, or -1 if it never closes. */
    private static int endOfContainer(byte[] json, int start) {
        int depth = 0;
        for (int i = start; i < json.length; i++) {
            switch (json[i]) {
                case '"' -> i = endOfString(json, i);
                case '{', '[' -> depth++;
                case '}', ']' -> {
                    if (--depth == 0) {
                        return i + 1;
                    }
                }
                default -> {}
            }
        }
        return -1;
    }

    /** The output being built: the input copied up to each rewritten key, then the key as a string. */
    private static final class Rewrite {
        private final byte[] in;
        private byte[] buf;
        private int len;
        private int copied;

        Rewrite(byte[] in) {
            this.in = in;
            this.buf = new byte[in.length + (in.length >> 2) + 16];
        }

        void quote(int start, int end) {
            append(in, copied, start - copied);
            put((byte) '"');
            for (int i = start; i < end; i++) {
                byte b = in[i];
                if (b == '"' || b == '\\') {
                    put((byte) '\\');
                    put(b);
                } else if (b >= 0 && b < 0x20) {
                    // raw whitespace of pretty-printed output may not appear inside a JSON string
                    put((byte) '\\');
                    put((byte) 'u');
                    put((byte) '0');
                    put((byte) '0');
                    put((byte) Character.forDigit(b >> 4, 16));
                    put((byte) Character.forDigit(b & 0xF, 16));
                } else {
                    put(b);
                }
            }
            put((byte) '"');
            copied = end;
        }

        byte[] finish() {
            append(in, copied, in.length - copied);
            return Arrays.copyOf(buf, len);
        }

        private void append(byte[] src, int from, int count) {
            ensure(count);
            System.arraycopy(src, from, buf, len, count);
            len += count;
        }

        private void put(byte b) {
            ensure(1);
            buf[len++] = b;
        }

        private void ensure(int extra) {
            if (len + extra > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
            }
        }
    }
}
