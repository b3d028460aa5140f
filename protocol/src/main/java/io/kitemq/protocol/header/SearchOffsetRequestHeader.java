package io.kitemq.protocol.header;

import java.util.Map;
import java.util.Objects;

/**
 * Custom header of {@code SEARCH_OFFSET_BY_TIMESTAMP} (29), to broker. {@link #boundaryType} is optional (see
 * {@link #boundaryTypeOrLower()}). The 5.x base field {@code bname} is carried as {@link #brokerName}.
 *
 * <p>Required keys: {@code topic}, {@code queueId}, {@code timestamp}. Optional keys, omitted when null:
 * {@code liteTopic}, {@code boundaryType}, {@code bname}. Components sent under another key: {@code brokerName} as
 * {@code bname}.
 *
 * <p>Immutable and thread-safe.
 */
public record SearchOffsetRequestHeader(
        String topic, String liteTopic, int queueId, long timestamp, BoundaryType boundaryType, String brokerName)
        implements CommandCustomHeader {

    public SearchOffsetRequestHeader {
        Objects.requireNonNull(topic, "topic");
    }

    /**
     * Reads the header from a command's extFields; unknown keys (such as the 5.x base fields) are ignored.
     *
     * @throws MissingHeaderFieldException if a required field is absent or not a number
     */
    public static SearchOffsetRequestHeader decode(Map<String, String> extFields) {
        ExtFieldReader r = new ExtFieldReader(extFields, "SearchOffsetRequestHeader");
        return new SearchOffsetRequestHeader(
                r.requiredString("topic"),
                r.optionalString("liteTopic"),
                r.requiredInt("queueId"),
                r.requiredLong("timestamp"),
                BoundaryType.fromWire(r.optionalString("boundaryType")),
                r.optionalString("bname"));
    }

    @Override
    public void encodeTo(Map<String, String> extFields) {
        extFields.put("topic", topic);
        ExtFieldWriter.putIfNotNull(extFields, "liteTopic", liteTopic);
        extFields.put("queueId", Integer.toString(queueId));
        extFields.put("timestamp", Long.toString(timestamp));
        if (boundaryType != null) {
            extFields.put("boundaryType", boundaryType.wireName());
        }
        ExtFieldWriter.putIfNotNull(extFields, "bname", brokerName);
    }

    /** The boundary to search: {@link #boundaryType}, or {@link BoundaryType#LOWER} when absent, as RocketMQ reads it. */
    public BoundaryType boundaryTypeOrLower() {
        return boundaryType == null ? BoundaryType.LOWER : boundaryType;
    }
}
