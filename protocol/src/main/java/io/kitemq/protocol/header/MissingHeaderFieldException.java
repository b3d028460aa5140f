package io.kitemq.protocol.header;

import io.kitemq.protocol.ProtocolException;

/**
 * A required custom header field was absent (or not parseable) in a command's extFields. The message
 * names the header type and the field, e.g. {@code "SendMessageRequestHeader: required field 'topic' is missing"}.
 *
 * <p>Immutable and thread-safe.
 */
public final class MissingHeaderFieldException extends ProtocolException {

    private final String field;

    public MissingHeaderFieldException(String headerName, String field) {
        super(headerName + ": required field '" + field + "' is missing");
        this.field = field;
    }

    public String field() {
        return field;
    }
}
