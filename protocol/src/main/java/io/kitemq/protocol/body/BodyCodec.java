package io.kitemq.protocol.body;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.kitemq.protocol.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.EnumFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

/**
 * Encodes and decodes the JSON bodies of remoting commands (PROTOCOL.md §12) with one shared Jackson
 * mapper.
 *
 * <p>Writing produces standard JSON (quoted keys, UTF-8, null properties omitted, properties in
 * alphabetical order as fastjson writes them) — with one exception forced by RocketMQ's parsers: maps
 * keyed by {@link QueueRef} ({@link ResetOffsetBody}, {@link ConsumeStats}) are written with bare object
 * keys ({@code {{"brokerName":"b","queueId":1,"topic":"T"}:5}}), the only form fastjson accepts for a
 * {@code MessageQueue} key.
 *
 * <p>Reading also accepts what fastjson-based peers send: bare map keys such as
 * {@code {0:"127.0.0.1:10911"}} (Jackson's unquoted-name feature covers a leading digit), bare object keys
 * (quoted by {@link ObjectKeyQuoter} before parsing), unknown properties (ignored), missing properties
 * (Java defaults, or RocketMQ's where a record says so) and unknown enum names (read as {@code null}).
 *
 * <p>Stateless and thread-safe.
 */
public final class BodyCodec {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_UNQUOTED_PROPERTY_NAMES)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(EnumFeature.READ_UNKNOWN_ENUM_VALUES_AS_NULL)
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .disable(MapperFeature.SORT_CREATOR_PROPERTIES_FIRST)
            .changeDefaultPropertyInclusion(incl -> incl.withValueInclusion(JsonInclude.Include.NON_NULL))
            .addModule(
                    new SimpleModule("kitemq-body").addKeyDeserializer(QueueRef.class, new QueueRefKeyDeserializer()))
            .build();

    private BodyCodec() {}

    /** Writes {@code body} as UTF-8 JSON. */
    public static byte[] encode(Object body) {
        Objects.requireNonNull(body, "body");
        try {
            return MAPPER.writeValueAsBytes(body);
        } catch (JacksonException e) {
            throw new IllegalArgumentException(
                    "Cannot encode " + body.getClass().getSimpleName() + " body: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Reads a body of the given type.
     *
     * @throws ProtocolException if {@code json} is empty or not a valid body of that type; the message
     *     names the type and the reason
     */
    public static <T> T decode(byte[] json, Class<T> type) {
        return read(json, MAPPER.constructType(type), type.getSimpleName());
    }

    /** Reads a body of a generic type, such as {@code List<String>}; see {@link #decode(byte[], Class)}. */
    public static <T> T decode(byte[] json, TypeReference<T> type) {
        JavaType javaType = MAPPER.constructType(type);
        return read(json, javaType, javaType.toCanonical());
    }

    /** JSON text of one value, used where a body embeds JSON in another format. */
    static String toJsonText(Object value) {
        return MAPPER.writeValueAsString(value);
    }

    /** Reads JSON text embedded in another format; same leniency and errors as {@link #decode}. */
    static <T> T fromJsonText(String json, Class<T> type) {
        return decode(json.getBytes(StandardCharsets.UTF_8), type);
    }

    private static <T> T read(byte[] json, JavaType type, String typeName) {
        if (json == null || json.length == 0) {
            throw new ProtocolException("Cannot decode " + typeName + " body: the body is empty");
        }
        try {
            T value = MAPPER.readValue(ObjectKeyQuoter.quoteObjectKeys(json), type);
            if (value == null) {
                throw new ProtocolException("Cannot decode " + typeName + " body: it is JSON null");
            }
            return value;
        } catch (JacksonException e) {
            throw new ProtocolException("Cannot decode " + typeName + " body: " + describe(e), e);
        }
    }

    private static String describe(JacksonException e) {
        StringBuilder sb = new StringBuilder(String.valueOf(e.getOriginalMessage()));
        String path = e.getPathReference();
        if (path != null && !path.isEmpty()) {
            sb.append(" (at ").append(path).append(')');
        }
        TokenStreamLocation at = e.getLocation();
        if (at != null && at.getLineNr() > 0) {
            sb.append(" [line ")
                    .append(at.getLineNr())
                    .append(", column ")
                    .append(at.getColumnNr())
                    .append(']');
        }
        return sb.toString();
    }
}
