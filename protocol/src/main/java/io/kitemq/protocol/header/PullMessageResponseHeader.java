package io.kitemq.protocol.header;

import java.util.Map;

/**
 * Custom header of the response to {@code PULL_MESSAGE} / {@code LITE_PULL_MESSAGE}, broker to consumer: where to
 * pull next and the queue's offset bounds.
 *
 * <p>Required keys: {@code suggestWhichBrokerId}, {@code nextBeginOffset}, {@code minOffset}, {@code maxOffset}.
 * Optional keys, omitted when null: {@code offsetDelta}, {@code topicSysFlag}, {@code groupSysFlag},
 * {@code forbiddenType}.
 *
 * <p>Immutable and thread-safe.
 */
public record PullMessageResponseHeader(
        long suggestWhichBrokerId,
        long nextBeginOffset,
        long minOffset,
        long maxOffset,
        Long offsetDelta,
        Integer topicSysFlag,
        Integer groupSysFlag,
        Integer forbiddenType)
        implements CommandCustomHeader {

    /**
     * Reads the header from a command's extFields; unknown keys (such as the 5.x base fields) are ignored.
     *
     * @throws MissingHeaderFieldException if a required field is absent or not a number
     */
    public static PullMessageResponseHeader decode(Map<String, String> extFields) {
        ExtFieldReader r = new ExtFieldReader(extFields, "PullMessageResponseHeader");
        return new PullMessageResponseHeader(
                r.requiredLong("suggestWhichBrokerId"),
                r.requiredLong("nextBeginOffset"),
                r.requiredLong("minOffset"),
                r.requiredLong("maxOffset"),
                r.optionalLong("offsetDelta"),
                r.optionalInt("topicSysFlag"),
                r.optionalInt("groupSysFlag"),
                r.optionalInt("forbiddenType"));
    }

    @Override
    public void encodeTo(Map<String, String> extFields) {
        extFields.put("suggestWhichBrokerId", Long.toString(suggestWhichBrokerId));
        extFields.put("nextBeginOffset", Long.toString(nextBeginOffset));
        extFields.put("minOffset", Long.toString(minOffset));
        extFields.put("maxOffset", Long.toString(maxOffset));
        ExtFieldWriter.putIfNotNull(extFields, "offsetDelta", offsetDelta);
        ExtFieldWriter.putIfNotNull(extFields, "topicSysFlag", topicSysFlag);
        ExtFieldWriter.putIfNotNull(extFields, "groupSysFlag", groupSysFlag);
        ExtFieldWriter.putIfNotNull(extFields, "forbiddenType", forbiddenType);
    }
}
