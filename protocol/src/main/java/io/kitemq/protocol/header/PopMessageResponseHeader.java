package io.kitemq.protocol.header;

import java.util.Map;

/**
 * Custom header of the response to {@code POP_MESSAGE}; the offset-info strings are RocketMQ's
 * {@code ExtraInfoUtil} encodings.
 *
 * <p>Required keys: {@code popTime}, {@code invisibleTime}, {@code reviveQid}, {@code restNum}. Optional keys,
 * omitted when null: {@code startOffsetInfo}, {@code msgOffsetInfo}, {@code orderCountInfo}.
 *
 * <p>Immutable and thread-safe.
 */
public record PopMessageResponseHeader(
        long popTime,
        long invisibleTime,
        int reviveQid,
        long restNum,
        String startOffsetInfo,
        String msgOffsetInfo,
        String orderCountInfo)
        implements CommandCustomHeader {

    /**
     * Reads the header from a command's extFields; unknown keys (such as the 5.x base fields) are ignored.
     *
     * @throws MissingHeaderFieldException if a required field is absent or not a number
     */
    public static PopMessageResponseHeader decode(Map<String, String> extFields) {
        ExtFieldReader r = new ExtFieldReader(extFields, "PopMessageResponseHeader");
        return new PopMessageResponseHeader(
                r.requiredLong("popTime"),
                r.requiredLong("invisibleTime"),
                r.requiredInt("reviveQid"),
                r.requiredLong("restNum"),
                r.optionalString("startOffsetInfo"),
                r.optionalString("msgOffsetInfo"),
                r.optionalString("orderCountInfo"));
    }

    @Override
    public void encodeTo(Map<String, String> extFields) {
        extFields.put("popTime", Long.toString(popTime));
        extFields.put("invisibleTime", Long.toString(invisibleTime));
        extFields.put("reviveQid", Integer.toString(reviveQid));
        extFields.put("restNum", Long.toString(restNum));
        ExtFieldWriter.putIfNotNull(extFields, "startOffsetInfo", startOffsetInfo);
        ExtFieldWriter.putIfNotNull(extFields, "msgOffsetInfo", msgOffsetInfo);
        ExtFieldWriter.putIfNotNull(extFields, "orderCountInfo", orderCountInfo);
    }
}
