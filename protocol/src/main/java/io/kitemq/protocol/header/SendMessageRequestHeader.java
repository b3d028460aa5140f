package io.kitemq.protocol.header;

import java.util.Map;
import java.util.Objects;

/**
 * Custom header of {@code SEND_MESSAGE} (10) and {@code SEND_REPLY_MESSAGE} (324), producer to broker: the
 * long-named (v1) send header. The 5.x base field {@code bname} is carried as {@link #brokerName}.
 *
 * <p>Required keys: {@code producerGroup}, {@code topic}, {@code defaultTopic}, {@code defaultTopicQueueNums},
 * {@code queueId}, {@code sysFlag}, {@code bornTimestamp}, {@code flag}. Optional keys, omitted when null:
 * {@code properties}, {@code reconsumeTimes}, {@code unitMode}, {@code batch}, {@code maxReconsumeTimes},
 * {@code bname}. Components sent under another key: {@code brokerName} as {@code bname}.
 *
 * <p>Immutable and thread-safe.
 */
public record SendMessageRequestHeader(
        String producerGroup,
        String topic,
        String defaultTopic,
        int defaultTopicQueueNums,
        int queueId,
        int sysFlag,
        long bornTimestamp,
        int flag,
        String properties,
        Integer reconsumeTimes,
        Boolean unitMode,
        Boolean batch,
        Integer maxReconsumeTimes,
        String brokerName)
        implements CommandCustomHeader {

    public SendMessageRequestHeader {
        Objects.requireNonNull(producerGroup, "producerGroup");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(defaultTopic, "defaultTopic");
    }

    /**
     * Reads the header from a command's extFields; unknown keys (such as the 5.x base fields) are ignored.
     *
     * @throws MissingHeaderFieldException if a required field is absent or not a number
     */
    public static SendMessageRequestHeader decode(Map<String, String> extFields) {
        ExtFieldReader r = new ExtFieldReader(extFields, "SendMessageRequestHeader");
        return new SendMessageRequestHeader(
                r.requiredString("producerGroup"),
                r.requiredString("topic"),
                r.requiredString("defaultTopic"),
                r.requiredInt("defaultTopicQueueNums"),
                r.requiredInt("queueId"),
                r.requiredInt("sysFlag"),
                r.requiredLong("bornTimestamp"),
                r.requiredInt("flag"),
                r.optionalString("properties"),
                r.optionalInt("reconsumeTimes"),
                r.optionalBoolean("unitMode"),
                r.optionalBoolean("batch"),
                r.optionalInt("maxReconsumeTimes"),
                r.optionalString("bname"));
    }

    @Override
    public void encodeTo(Map<String, String> extFields) {
        extFields.put("producerGroup", producerGroup);
        extFields.put("topic", topic);
        extFields.put("defaultTopic", defaultTopic);
        extFields.put("defaultTopicQueueNums", Integer.toString(defaultTopicQueueNums));
        extFields.put("queueId", Integer.toString(queueId));
        extFields.put("sysFlag", Integer.toString(sysFlag));
        extFields.put("bornTimestamp", Long.toString(bornTimestamp));
        extFields.put("flag", Integer.toString(flag));
        ExtFieldWriter.putIfNotNull(extFields, "properties", properties);
        ExtFieldWriter.putIfNotNull(extFields, "reconsumeTimes", reconsumeTimes);
        ExtFieldWriter.putIfNotNull(extFields, "unitMode", unitMode);
        ExtFieldWriter.putIfNotNull(extFields, "batch", batch);
        ExtFieldWriter.putIfNotNull(extFields, "maxReconsumeTimes", maxReconsumeTimes);
        ExtFieldWriter.putIfNotNull(extFields, "bname", brokerName);
    }
}
