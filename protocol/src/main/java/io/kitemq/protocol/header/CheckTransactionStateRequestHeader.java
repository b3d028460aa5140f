package io.kitemq.protocol.header;

import java.util.Map;

/**
 * Custom header of {@code CHECK_TRANSACTION_STATE} (39), broker to producer, one-way; the body is the half message.
 *
 * <p>Required keys: {@code tranStateTableOffset}, {@code commitLogOffset}. Optional keys, omitted when null:
 * {@code topic}, {@code msgId}, {@code transactionId}, {@code offsetMsgId}.
 *
 * <p>Immutable and thread-safe.
 */
public record CheckTransactionStateRequestHeader(
        String topic,
        long tranStateTableOffset,
        long commitLogOffset,
        String msgId,
        String transactionId,
        String offsetMsgId)
        implements CommandCustomHeader {

    /**
     * Reads the header from a command's extFields; unknown keys (such as the 5.x base fields) are ignored.
     *
     * @throws MissingHeaderFieldException if a required field is absent or not a number
     */
    public static CheckTransactionStateRequestHeader decode(Map<String, String> extFields) {
        ExtFieldReader r = new ExtFieldReader(extFields, "CheckTransactionStateRequestHeader");
        return new CheckTransactionStateRequestHeader(
                r.optionalString("topic"),
                r.requiredLong("tranStateTableOffset"),
                r.requiredLong("commitLogOffset"),
                r.optionalString("msgId"),
                r.optionalString("transactionId"),
                r.optionalString("offsetMsgId"));
    }

    @Override
    public void encodeTo(Map<String, String> extFields) {
        ExtFieldWriter.putIfNotNull(extFields, "topic", topic);
        extFields.put("tranStateTableOffset", Long.toString(tranStateTableOffset));
        extFields.put("commitLogOffset", Long.toString(commitLogOffset));
        ExtFieldWriter.putIfNotNull(extFields, "msgId", msgId);
        ExtFieldWriter.putIfNotNull(extFields, "transactionId", transactionId);
        ExtFieldWriter.putIfNotNull(extFields, "offsetMsgId", offsetMsgId);
    }
}
