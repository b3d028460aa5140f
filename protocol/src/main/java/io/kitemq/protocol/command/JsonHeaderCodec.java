package io.kitemq.protocol.command;

import java.util.Map;

/**
 * Encodes and decodes the JSON header form: an object with {@code code}, {@code language} (name),
 * {@code version}, {@code opaque}, {@code flag}, {@code remark} (omitted when null), {@code extFields}
 * (string to string) and {@code serializeTypeCurrentRPC}. Both directions are hand-written over bytes
 * (no reflection, no intermediate strings); reading ignores unknown keys and accepts scalar extFields
 * values of any JSON type as their text ({@link JsonHeaderReader}).
 *
 * <p>Stateless and thread-safe.
 */
final class JsonHeaderCodec {

    private JsonHeaderCodec() {}

    /** Appends the JSON header of {@code cmd} to {@code out}; keys in the order fastjson writes them. */
    static void encode(RemotingCommand cmd, HeaderBuffer out) {
        out.putAscii("{\"code\":");
        out.putDecimal(cmd.code());
        if (cmd.hasExtFields()) {
            out.putAscii(",\"extFields\":{");
            boolean first = true;
            for (Map.Entry<String, String> e : cmd.extFields().entrySet()) {
                if (e.getKey() == null || e.getValue() == null) {
                    continue;
                }
                if (!first) {
                    out.put((byte) ',');
                }
                first = false;
                out.put((byte) '"');
                out.putJsonEscaped(e.getKey());
                out.putAscii("\":\"");
                out.putJsonEscaped(e.getValue());
                out.put((byte) '"');
            }
            out.put((byte) '}');
        }
        out.putAscii(",\"flag\":");
        out.putDecimal(cmd.flag());
        out.putAscii(",\"language\":\"");
        out.putAscii(cmd.language().name());
        out.putAscii("\",\"opaque\":");
        out.putDecimal(cmd.opaque());
        if (cmd.remark() != null) {
            out.putAscii(",\"remark\":\"");
            out.putJsonEscaped(cmd.remark());
            out.put((byte) '"');
        }
        out.putAscii(",\"serializeTypeCurrentRPC\":\"JSON\",\"version\":");
        out.putDecimal(cmd.version());
        out.put((byte) '}');
    }

    static RemotingCommand decode(byte[] data, int offset, int len) {
        return new JsonHeaderReader(data, offset, len).read();
    }
}
