package io.kitemq.protocol.header;

import java.util.Map;
import java.util.Objects;

/**
 * Custom header of {@code SEND_MESSAGE_V2} (310) and {@code SEND_BATCH_MESSAGE} (320), producer to broker: the
 * fields of {@link SendMessageRequestHeader} under one-letter keys, which the Java client sends by default.
 * {@link #maxReconsumeTimes} ({@code l}) is called consumeRetryTimes in RocketMQ's class; {@link #brokerName} is
 * {@code n}, not the base field {@code bname}. Brokers convert with {@link #toV1()}.
 *
 * <p>Required keys: {@code a}, {@code b}, {@code c}, {@code d}, {@code e}, {@code f}, {@code g}, {@code h}.
 * Optional keys, omitted when null: {@code i}, {@code j}, {@code k}, {@code l}, {@code m}, {@code n}. Components
 * sent under another key: {@code producerGroup} as {@code a}, {@code topic} as {@code b}, {@code defaultTopic} as
 * {@code c}, {@code defaultTopicQueueNums} as {@code d}, {@code queueId} as {@code e}, {@code sysFlag} as
 * {@code f}, {@code bornTimestamp} as {@code g}, {@code flag} as {@code h}, {@code properties} as {@code i},
 * {@code reconsumeTimes} as {@code j}, {@code unitMode} as {@code k}, {@code maxReconsumeTimes} as {@code l},
 * {@code batch} as {@code m}, {@code brokerName} as {@code n}.
 *
 * <p>Immutable and thread-safe.
 */
public record SendMessageRequestHeaderV2(
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
        Integer maxReconsumeTimes,
        Boolean batch,
        String brokerName)
        implements CommandCustomHeader {

    public SendMessageRequestHeaderV2 {
        Objects.requireNonNull(producerGroup, "producerGroup");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(defaultTopic, "defaultTopic");
    }

    /**
     * Reads the header from a command's extFields; unknown keys (such as the 5.x base fields) are ignored.
     *
     * @throws MissingHeaderFieldException if a required field is absent or not a number
     */
    public static SendMessageRequestHeaderV2 decode(Map<String, String> extFields) {
        ExtFieldReader r = new ExtFieldReader(extFields, "SendMessageRequestHeaderV2");
        return new SendMessageRequestHeaderV2(
                r.requiredString("a"),
                r.requiredString("b"),
                r.requiredString("c"),
                r.requiredInt("d"),
                r.requiredInt("e"),
                r.requiredInt("f"),
                r.requiredLong("g"),
                r.requiredInt("h"),
                r.optionalString("i"),
                r.optionalInt("j"),
                r.optionalBoolean("k"),
                r.optionalInt("l"),
                r.optionalBoolean("m"),
                r.optionalString("n"));
    }

    @Override
    public void encodeTo(Map<String, String> extFields) {
        extFields.put("a", producerGroup);
        extFields.put("b", topic);
        extFields.put("c", defaultTopic);
        extFields.put("d", Integer.toString(defaultTopicQueueNums));
        extFields.put("e", Integer.toString(queueId));
        extFields.put("f", Integer.toString(sysFlag));
        extFields.put("g", Long.toString(bornTimestamp));
        extFields.put("h", Integer.toString(flag));
        ExtFieldWriter.putIfNotNull(extFields, "i", properties);
        ExtFieldWriter.putIfNotNull(extFields, "j", reconsumeTimes);
        ExtFieldWriter.putIfNotNull(extFields, "k", unitMode);
        ExtFieldWriter.putIfNotNull(extFields, "l", maxReconsumeTimes);
        ExtFieldWriter.putIfNotNull(extFields, "m", batch);
        ExtFieldWriter.putIfNotNull(extFields, "n", brokerName);
    }

    /**
     * The V2 form of a V1 header, field for field, nulls kept. (RocketMQ's own conversion reads a null
     * {@code reconsumeTimes} as 0 and null {@code unitMode}/{@code batch} as {@code false}, so its clients always send
     * {@code j}, {@code k} and {@code m}; brokers read the absent keys the same way.)
     */
    public static SendMessageRequestHeaderV2 of(SendMessageRequestHeader v1) {
        return new SendMessageRequestHeaderV2(
                v1.producerGroup(),
                v1.topic(),
                v1.defaultTopic(),
                v1.defaultTopicQueueNums(),
                v1.queueId(),
                v1.sysFlag(),
                v1.bornTimestamp(),
                v1.flag(),
                v1.properties(),
                v1.reconsumeTimes(),
                v1.unitMode(),
                v1.maxReconsumeTimes(),
                v1.batch(),
                v1.brokerName());
    }

    /** The V1 form of this header, field for field. */
    public SendMessageRequestHeader toV1() {
        return new SendMessageRequestHeader(
                producerGroup,
                topic,
                defaultTopic,
                defaultTopicQueueNums,
                queueId,
                sysFlag,
                bornTimestamp,
                flag,
                properties,
                reconsumeTimes,
                unitMode,
                batch,
                maxReconsumeTimes,
                brokerName);
    }
}
