package io.kitemq.protocol.header;

import io.kitemq.protocol.ProtocolException;
import java.util.Map;
import java.util.Objects;

/**
 * Custom header of {@code UPDATE_AND_CREATE_TOPIC} (17), admin to broker. {@link #perm} bits: 1 inherit, 2 write, 4
 * read; {@link #topicFilterType} is {@code SINGLE_TAG} or {@code MULTI_TAG}; {@link #attributes} is RocketMQ's
 * {@code +key=value,...} text; {@link #force} defaults to {@code false}.
 *
 * <p>Required keys: {@code topic}, {@code defaultTopic}, {@code readQueueNums}, {@code writeQueueNums},
 * {@code perm}, {@code topicFilterType}, {@code order}. Optional keys, omitted when null: {@code topicSysFlag},
 * {@code attributes}. Keys always written and defaulted when absent: {@code force} (false).
 *
 * <p>Immutable and thread-safe.
 */
public record CreateTopicRequestHeader(
        String topic,
        String defaultTopic,
        int readQueueNums,
        int writeQueueNums,
        int perm,
        String topicFilterType,
        Integer topicSysFlag,
        boolean order,
        String attributes,
        boolean force)
        implements CommandCustomHeader {

    public CreateTopicRequestHeader {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(defaultTopic, "defaultTopic");
        Objects.requireNonNull(topicFilterType, "topicFilterType");
    }

    /**
     * Reads the header from a command's extFields; unknown keys (such as the 5.x base fields) are ignored.
     *
     * @throws MissingHeaderFieldException if a required field is absent or not a number
     * @throws ProtocolException if {@code topicFilterType} is not {@code SINGLE_TAG} or {@code MULTI_TAG}
     */
    public static CreateTopicRequestHeader decode(Map<String, String> extFields) {
        ExtFieldReader r = new ExtFieldReader(extFields, "CreateTopicRequestHeader");
        CreateTopicRequestHeader header = new CreateTopicRequestHeader(
                r.requiredString("topic"),
                r.requiredString("defaultTopic"),
                r.requiredInt("readQueueNums"),
                r.requiredInt("writeQueueNums"),
                r.requiredInt("perm"),
                r.requiredString("topicFilterType"),
                r.optionalInt("topicSysFlag"),
                r.requiredBoolean("order"),
                r.optionalString("attributes"),
                r.booleanOr("force", false));
        checkTopicFilterType(header);
        return header;
    }

    // RocketMQ's checkFields rejects any other value at decode time; so do we, before a handler sees it.
    private static void checkTopicFilterType(CreateTopicRequestHeader header) {
        String value = header.topicFilterType();
        if (!value.equals("SINGLE_TAG") && !value.equals("MULTI_TAG")) {
            throw new ProtocolException(
                    "CreateTopicRequestHeader: topicFilterType '" + value + "' is not SINGLE_TAG or MULTI_TAG");
        }
    }

    @Override
    public void encodeTo(Map<String, String> extFields) {
        extFields.put("topic", topic);
        extFields.put("defaultTopic", defaultTopic);
        extFields.put("readQueueNums", Integer.toString(readQueueNums));
        extFields.put("writeQueueNums", Integer.toString(writeQueueNums));
        extFields.put("perm", Integer.toString(perm));
        extFields.put("topicFilterType", topicFilterType);
        ExtFieldWriter.putIfNotNull(extFields, "topicSysFlag", topicSysFlag);
        extFields.put("order", Boolean.toString(order));
        ExtFieldWriter.putIfNotNull(extFields, "attributes", attributes);
        extFields.put("force", Boolean.toString(force));
    }
}
