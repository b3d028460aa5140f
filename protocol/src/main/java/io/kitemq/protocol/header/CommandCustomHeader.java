package io.kitemq.protocol.header;

import java.util.Map;

/**
 * A typed custom header of a remoting command: the request- or response-specific fields that travel flattened in the
 * command's {@code extFields} map, one entry per field, every value as its string form (decimal numbers,
 * {@code "true"}/{@code "false"}). Null (optional) fields are left out.
 *
 * <p>Each implementation is an immutable record named after its RocketMQ counterpart, with a static
 * {@code decode(Map<String, String>)} that throws {@link MissingHeaderFieldException} when a required field is absent.
 */
public interface CommandCustomHeader {

    /** Writes this header's fields into {@code extFields}, replacing entries with the same keys. */
    void encodeTo(Map<String, String> extFields);
}
