package io.kitemq.protocol.header;

import java.util.Map;
import java.util.Objects;

/**
 * Custom header of the response to {@code SEND_MESSAGE}, {@code SEND_MESSAGE_V2} and {@code SEND_BATCH_MESSAGE},
 * broker to producer. {@link #msgId} is the offsetMsgId (comma-joined for a batch); the response code (0, 10, 11,
 * 12) gives the send status. {@link #msgRegion} and {@link #traceOn} are not in RocketMQ's header class: they are
 * the extra keys {@code MSG_REGION} and {@code TRACE_ON} a broker adds and the Java client reads.
 *
 * <p>Required keys: {@code msgId}, {@code queueId}, {@code queueOffset}. Optional keys, omitted when null:
 * {@code transactionId}, {@code batchUniqId}, {@code recallHandle}, {@code MSG_REGION}, {@code TRACE_ON}.
 * Components sent under another key: {@code msgRegion} as {@code MSG_REGION}, {@code traceOn} as {@code TRACE_ON}.
 *
 * <p>Immutable and thread-safe.
 */
public record SendMessageResponseHeader(
        String msgId,
        int queueId,
        long queueOffset,
        String transactionId,
        String batchUniqId,
        String recallHandle,
        String msgRegion,
        Boolean traceOn)
        implements CommandCustomHeader {

    public SendMessageResponseHeader {
        Objects.requireNonNull(msgId, "msgId");
    }

    /**
     * Reads the header from a command's extFields; unknown keys (such as the 5.x base fields) are ignored.
     *
     * @throws MissingHeaderFieldException if a required field is absent or not a number
     */
    public static SendMessageResponseHeader decode(Map<String, String> extFields) {
        ExtFieldReader r = new ExtFieldReader(extFields, "SendMessageResponseHeader");
        return new SendMessageResponseHeader(
                r.requiredString("msgId"),
                r.requiredInt("queueId"),
                r.requiredLong("queueOffset"),
                r.optionalString("transactionId"),
                r.optionalString("batchUniqId"),
                r.optionalString("recallHandle"),
                r.optionalString("MSG_REGION"),
                r.optionalBoolean("TRACE_ON"));
    }

    @Override
    public void encodeTo(Map<String, String> extFields) {
        extFields.put("msgId", msgId);
        extFields.put("queueId", Integer.toString(queueId));
        extFields.put("queueOffset", Long.toString(queueOffset));
        ExtFieldWriter.putIfNotNull(extFields, "transactionId", transactionId);
        ExtFieldWriter.putIfNotNull(extFields, "batchUniqId", batchUniqId);
        ExtFieldWriter.putIfNotNull(extFields, "recallHandle", recallHandle);
        ExtFieldWriter.putIfNotNull(extFields, "MSG_REGION", msgRegion);
        ExtFieldWriter.putIfNotNull(extFields, "TRACE_ON", traceOn);
    }
}
