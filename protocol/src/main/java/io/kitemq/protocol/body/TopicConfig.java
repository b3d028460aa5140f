package io.kitemq.protocol.body;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.kitemq.protocol.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import tools.jackson.core.type.TypeReference;

/**
 * The configuration of one topic on one broker: queue counts, permission bits (2 write, 4 read, 1
 * inherit), tag filter type, system flag, order flag and free-form attributes (such as
 * {@code +message.type}). Properties missing from JSON take RocketMQ's defaults (16 queues each way,
 * perm 6, {@code SINGLE_TAG}).
 *
 * <p>Also has RocketMQ's space-separated text form, used inside the compressed
 * {@link RegisterBrokerBodyFormat}: {@code "name read write perm FILTER_TYPE {attributesJson}"}. The text
 * form carries neither {@code topicSysFlag} nor {@code order}.
 *
 * <p>Immutable and thread-safe.
 */
public record TopicConfig(
        String topicName,
        int readQueueNums,
        int writeQueueNums,
        int perm,
        TopicFilterType topicFilterType,
        int topicSysFlag,
        boolean order,
        Map<String, String> attributes) {

    public static final int DEFAULT_QUEUE_NUMS = 16;
    public static final int PERM_INHERIT = 1;
    public static final int PERM_WRITE = 2;
    public static final int PERM_READ = 4;
    public static final int DEFAULT_PERM = PERM_READ | PERM_WRITE;

    private static final String SEPARATOR = " ";
    private static final TypeReference<Map<String, String>> ATTRIBUTES = new TypeReference<>() {};

    public TopicConfig {
        topicFilterType = topicFilterType == null ? TopicFilterType.SINGLE_TAG : topicFilterType;
        attributes = BodyCollections.map(attributes);
    }

    /** A topic with the given queues and permission, other fields at their defaults. */
    public TopicConfig(String topicName, int readQueueNums, int writeQueueNums, int perm) {
        this(topicName, readQueueNums, writeQueueNums, perm, TopicFilterType.SINGLE_TAG, 0, false, null);
    }

    @JsonCreator
    static TopicConfig fromJson(
            @JsonProperty("topicName") String topicName,
            @JsonProperty("readQueueNums") Integer readQueueNums,
            @JsonProperty("writeQueueNums") Integer writeQueueNums,
            @JsonProperty("perm") Integer perm,
            @JsonProperty("topicFilterType") TopicFilterType topicFilterType,
            @JsonProperty("topicSysFlag") Integer topicSysFlag,
            @JsonProperty("order") Boolean order,
            @JsonProperty("attributes") Map<String, String> attributes) {
        return new TopicConfig(
                topicName,
                readQueueNums == null ? DEFAULT_QUEUE_NUMS : readQueueNums,
                writeQueueNums == null ? DEFAULT_QUEUE_NUMS : writeQueueNums,
                perm == null ? DEFAULT_PERM : perm,
                topicFilterType,
                topicSysFlag == null ? 0 : topicSysFlag,
                order != null && order,
                attributes);
    }

    /** RocketMQ's text form: {@code "name read write perm FILTER_TYPE "} followed by the attributes JSON. */
    public String encodeText() {
        return topicName
                + SEPARATOR
                + readQueueNums
                + SEPARATOR
                + writeQueueNums
                + SEPARATOR
                + perm
                + SEPARATOR
                + topicFilterType
                + SEPARATOR
                + BodyCodec.toJsonText(attributes);
    }

    /**
     * Parses the text form. Like RocketMQ, needs at least five space-separated parts and treats
     * attributes that do not parse as absent; unlike RocketMQ it keeps attributes whose JSON contains a
     * space (RocketMQ reads only up to the first one).
     *
     * @throws ProtocolException if a part is missing or a number or the filter type is invalid
     */
    public static TopicConfig decodeText(String text) {
        String[] parts = text == null ? new String[0] : text.split(SEPARATOR);
        if (parts.length < 5) {
            throw new ProtocolException(
                    "Cannot decode TopicConfig text, expected at least 5 space-separated parts: '" + text + "'");
        }
        try {
            return new TopicConfig(
                    parts[0],
                    Integer.parseInt(parts[1]),
                    Integer.parseInt(parts[2]),
                    Integer.parseInt(parts[3]),
                    TopicFilterType.valueOf(parts[4]),
                    0,
                    false,
                    parts.length > 5 ? attributesOf(parts) : null);
        } catch (IllegalArgumentException e) {
            throw new ProtocolException("Cannot decode TopicConfig text '" + text + "': " + e.getMessage(), e);
        }
    }

    private static Map<String, String> attributesOf(String[] parts) {
        String json = String.join(SEPARATOR, Arrays.copyOfRange(parts, 5, parts.length));
        try {
            return BodyCodec.decode(json.getBytes(StandardCharsets.UTF_8), ATTRIBUTES);
        } catch (ProtocolException e) {
            return null;
        }
    }
}
