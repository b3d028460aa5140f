package io.kitemq.broker.filter;

import java.util.Map;
import java.util.Objects;

/**
 * A compiled SQL92 filter expression (RocketMQ's {@code MessageSelector.bySql}): decides whether a message
 * matches from its properties ({@code TAGS} included). Unknown (a missing property in a comparison) and
 * values that cannot be compared both mean "no match". See {@link SqlParser} for the language.
 *
 * <p>Immutable and thread-safe.
 */
public final class SqlExpression {

    private final String text;
    private final SqlNode root;

    private SqlExpression(String text, SqlNode root) {
        this.text = text;
        this.root = root;
    }

    /**
     * Compiles {@code expression}.
     *
     * @throws SqlSyntaxException naming the expression and the problem if it is not valid
     */
    public static SqlExpression compile(String expression) {
        return new SqlExpression(expression, SqlParser.parse(expression));
    }

    /** Whether a message with these properties matches. */
    public boolean matches(Map<String, String> properties) {
        Objects.requireNonNull(properties, "properties");
        try {
            return Boolean.TRUE.equals(root.evaluate(properties));
        } catch (SqlValues.NotComparable e) {
            return false;
        }
    }

    /** The expression as written. */
    public String text() {
        return text;
    }

    @Override
    public String toString() {
        return text;
    }
}
