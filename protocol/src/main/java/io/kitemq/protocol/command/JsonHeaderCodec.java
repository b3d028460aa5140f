package io.kitemq.protocol.command;

import io.kitemq.protocol.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Encodes and decodes the JSON header form: an object with {@code code}, {@code language} (name),
 * {@code version}, {@code opaque}, {@code flag}, {@code remark} (omitted when null), {@code extFields}
 * (string to string) and {@code serializeTypeCurrentRPC}. Writing is hand-rolled (no reflection); reading
 * uses Jackson's streaming parser, ignores unknown keys, and accepts scalar extFields values of any JSON
 * type as their text.
 *
 * <p>Stateless and thread-safe.
 */
final class JsonHeaderCodec {

    private static final JsonFactory FACTORY = new JsonFactory();

    private JsonHeaderCodec() {}

    static byte[] encode(RemotingCommand cmd) {
        StringBuilder sb = new StringBuilder(128);
        sb.append("{\"code\":").append(cmd.code());
        if (cmd.hasExtFields()) {
            sb.append(",\"extFields\":{");
            boolean first = true;
            for (Map.Entry<String, String> e : cmd.extFields().entrySet()) {
                if (e.getKey() == null || e.getValue() == null) {
                    continue;
                }
                if (!first) {
                    sb.append(',');
                }
                first = false;
                appendString(sb, e.getKey());
                sb.append(':');
                appendString(sb, e.getValue());
            }
            sb.append('}');
        }
        sb.append(",\"flag\":").append(cmd.flag());
        sb.append(",\"language\":\"").append(cmd.language().name()).append('"');
        sb.append(",\"opaque\":").append(cmd.opaque());
        if (cmd.remark() != null) {
            sb.append(",\"remark\":");
            appendString(sb, cmd.remark());
        }
        sb.append(",\"serializeTypeCurrentRPC\":\"JSON\"");
        sb.append(",\"version\":").append(cmd.version()).append('}');
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void appendString(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20) {
                        sb.append("\\u00");
                        sb.append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xF, 16));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    static RemotingCommand decode(byte[] data, int offset, int len) {
        RemotingCommand cmd = new RemotingCommand();
        cmd.serializeType(SerializeType.JSON);
        try (JsonParser p = FACTORY.createParser(ObjectReadContext.empty(), data, offset, len)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new ProtocolException("JSON header is not an object");
            }
            String name;
            while ((name = p.nextName()) != null) {
                JsonToken t = p.nextToken();
                switch (name) {
                    case "code" -> cmd.code(intValue(p, t, name));
                    case "language" -> cmd.language(LanguageCode.fromName(t == JsonToken.VALUE_NULL ? null : p.getString()));
                    case "version" -> cmd.version(intValue(p, t, name));
                    case "opaque" -> cmd.opaque(intValue(p, t, name));
                    case "flag" -> cmd.flag(intValue(p, t, name));
                    case "remark" -> cmd.remark(t == JsonToken.VALUE_NULL ? null : p.getString());
                    case "extFields" -> cmd.extFields(readExtFields(p, t));
                    default -> p.skipChildren();
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT) {
                throw new ProtocolException("JSON header is not a complete object");
            }
            return cmd;
        } catch (JacksonException e) {
            throw new ProtocolException("malformed JSON header: " + e.getOriginalMessage(), e);
        }
    }

    private static int intValue(JsonParser p, JsonToken t, String name) {
        if (t == JsonToken.VALUE_NUMBER_INT) {
            return p.getIntValue();
        }
        if (t == JsonToken.VALUE_STRING) {
            try {
                return Integer.parseInt(p.getString().trim());
            } catch (NumberFormatException e) {
                // fall through to the error below
            }
        }
        throw new ProtocolException("JSON header field '" + name + "' is not an integer: " + t);
    }

    private static Map<String, String> readExtFields(JsonParser p, JsonToken t) {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t != JsonToken.START_OBJECT) {
            throw new ProtocolException("JSON header field 'extFields' is not an object: " + t);
        }
        Map<String, String> map = new HashMap<>();
        String key;
        while ((key = p.nextName()) != null) {
            JsonToken v = p.nextToken();
            if (v == JsonToken.START_OBJECT || v == JsonToken.START_ARRAY) {
                throw new ProtocolException("JSON header extFields value of '" + key + "' is not a scalar");
            }
            if (v != JsonToken.VALUE_NULL) {
                map.put(key, p.getString());
            }
        }
        return map;
    }
}
