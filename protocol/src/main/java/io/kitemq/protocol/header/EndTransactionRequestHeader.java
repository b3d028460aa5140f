package io.kitemq.protocol.header;

import io.kitemq.protocol.ProtocolException;
import java.util.Map;
import java.util.Objects;

/**
 * Custom header of {@code END_TRANSACTION} (37), producer to broker, one-way. {@link #commitOrRollback} is a
 * transaction sysFlag value (0 unknown, 8 commit, 12 rollback); {@link #fromTransactionCheck} defaults to
 * {@code false}.
 *
 * <p>Required keys: {@code producerGroup}, {@code tranStateTableOffset}, {@code commitLogOffset},
 * {@code commitOrRollback}, {@code msgId}. Optional keys, omitted when null: {@code topic}, {@code transactionId}.
 * Keys always written and defaulted when absent: {@code fromTransactionCheck} (false).
 *
 * <p>Immutable and thread-safe.
 */
public record EndTransactionRequestHeader(
        String topic,
        String producerGroup,
        long tranStateTableOffset,
        long commitLogOffset,
        int commitOrRollback,
        boolean fromTransactionCheck,
        String msgId,
        String transactionId)
        implements CommandCustomHeader {

    public EndTransactionRequestHeader {
        Objects.requireNonNull(producerGroup, "producerGroup");
        Objects.requireNonNull(msgId, "msgId");
    }

    /**
     * Reads the header from a command's extFields; unknown keys (such as the 5.x base fields) are ignored.
     *
     * @throws MissingHeaderFieldException if a required field is absent or not a number
     * @throws ProtocolException if {@code commitOrRollback} is not 0, 8 or 12
     */
    public static EndTransactionRequestHeader decode(Map<String, String> extFields) {
        ExtFieldReader r = new ExtFieldReader(extFields, "EndTransactionRequestHeader");
        EndTransactionRequestHeader header = new EndTransactionRequestHeader(
                r.optionalString("topic"),
                r.requiredString("producerGroup"),
                r.requiredLong("tranStateTableOffset"),
                r.requiredLong("commitLogOffset"),
                r.requiredInt("commitOrRollback"),
                r.booleanOr("fromTransactionCheck", false),
                r.requiredString("msgId"),
                r.optionalString("transactionId"));
        checkCommitOrRollback(header);
        return header;
    }

    // RocketMQ's checkFields rejects any other value at decode time; so do we, before a handler sees it.
    private static void checkCommitOrRollback(EndTransactionRequestHeader header) {
        int value = header.commitOrRollback();
        if (value != 0 && value != 8 && value != 12) {
            throw new ProtocolException(
                    "EndTransactionRequestHeader: commitOrRollback " + value + " is not 0, 8 or 12");
        }
    }

    @Override
    public void encodeTo(Map<String, String> extFields) {
        ExtFieldWriter.putIfNotNull(extFields, "topic", topic);
        extFields.put("producerGroup", producerGroup);
        extFields.put("tranStateTableOffset", Long.toString(tranStateTableOffset));
        extFields.put("commitLogOffset", Long.toString(commitLogOffset));
        extFields.put("commitOrRollback", Integer.toString(commitOrRollback));
        extFields.put("fromTransactionCheck", Boolean.toString(fromTransactionCheck));
        extFields.put("msgId", msgId);
        ExtFieldWriter.putIfNotNull(extFields, "transactionId", transactionId);
    }
}
