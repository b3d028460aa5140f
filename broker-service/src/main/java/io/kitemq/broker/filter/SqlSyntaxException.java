package io.kitemq.broker.filter;

/**
 * A SQL92 filter expression that cannot be compiled: a syntax error, an unknown token, or a construct
 * RocketMQ refuses (comparing a string constant with {@code >}, {@code BETWEEN} bounds in the wrong order,
 * an expression that is not a condition). The message names the expression and, for syntax errors, the
 * character position.
 *
 * <p>Immutable; thread-safe.
 */
public final class SqlSyntaxException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public SqlSyntaxException(String message) {
        super(message);
    }
}
