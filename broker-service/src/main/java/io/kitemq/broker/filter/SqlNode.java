package io.kitemq.broker.filter;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A node of a compiled SQL92 filter: evaluates to a {@code String}, {@code Long}, {@code Double},
 * {@code Boolean} or {@code null} (a missing property, or an unknown truth value) against a message's
 * properties. Conditions follow SQL's three-valued logic as RocketMQ's filter does: a comparison with a
 * missing property is unknown ({@code null}), {@code NOT unknown} is unknown, {@code AND} is false as
 * soon as one side is false, {@code OR} true as soon as one side is true. A value that cannot be compared
 * (a property {@code abc} against {@code > 5}) throws {@link SqlValues.NotComparable}; the message then
 * does not match.
 *
 * <p>Nodes are immutable and thread-safe.
 */
sealed interface SqlNode {

    Object evaluate(Map<String, String> properties);

    /** Whether this node yields a truth value (a condition), as opposed to a value. */
    default boolean isCondition() {
        return false;
    }

    /** A literal: string, long, double, boolean, or null. */
    record Constant(Object value) implements SqlNode {
        @Override
        public Object evaluate(Map<String, String> properties) {
            return value;
        }

        @Override
        public boolean isCondition() {
            return value instanceof Boolean;
        }
    }

    /** A message property by name ({@code TAGS} and {@code KEYS} included); null when absent. */
    record Property(String name) implements SqlNode {
        @Override
        public Object evaluate(Map<String, String> properties) {
            return properties.get(name);
        }
    }

    /** {@code -x}: a negated number. */
    record Negate(SqlNode operand) implements SqlNode {
        @Override
        public Object evaluate(Map<String, String> properties) {
            Object v = SqlValues.number(operand.evaluate(properties));
            if (v == null) {
                return null;
            }
            return v instanceof Long l ? (Object) (-l) : (Object) (-((Double) v));
        }
    }

    enum Op {
        EQ,
        NE,
        GT,
        GE,
        LT,
        LE
    }

    /** {@code left op right}. */
    record Comparison(Op op, SqlNode left, SqlNode right) implements SqlNode {
        @Override
        public Object evaluate(Map<String, String> properties) {
            Object l = left.evaluate(properties);
            Object r = right.evaluate(properties);
            return switch (op) {
                case EQ -> SqlValues.equal(l, r);
                case NE -> not(SqlValues.equal(l, r));
                case GT -> l == null || r == null ? null : SqlValues.compare(l, r) > 0;
                case GE -> l == null || r == null ? null : SqlValues.compare(l, r) >= 0;
                case LT -> l == null || r == null ? null : SqlValues.compare(l, r) < 0;
                case LE -> l == null || r == null ? null : SqlValues.compare(l, r) <= 0;
            };
        }

        @Override
        public boolean isCondition() {
            return true;
        }
    }

    /** {@code x IS NULL} / {@code x IS NOT NULL}: the one test that is never unknown. */
    record IsNull(SqlNode operand, boolean negated) implements SqlNode {
        @Override
        public Object evaluate(Map<String, String> properties) {
            return (operand.evaluate(properties) == null) != negated;
        }

        @Override
        public boolean isCondition() {
            return true;
        }
    }

    /** {@code prop [NOT] IN ('a', 'b')}: string membership; unknown when the property is absent. */
    record In(SqlNode operand, Set<String> values, boolean negated) implements SqlNode {
        @Override
        public Object evaluate(Map<String, String> properties) {
            Object v = operand.evaluate(properties);
            if (!(v instanceof String s)) {
                return null;
            }
            return values.contains(s) != negated;
        }

        @Override
        public boolean isCondition() {
            return true;
        }
    }

    /** {@code prop [NOT] CONTAINS|STARTSWITH|ENDSWITH 'x'} (RocketMQ 5 extensions). */
    record StringTest(String kind, SqlNode operand, String value, boolean negated) implements SqlNode {
        @Override
        public Object evaluate(Map<String, String> properties) {
            Object v = operand.evaluate(properties);
            if (!(v instanceof String s)) {
                return null;
            }
            boolean hit = switch (kind) {
                case "CONTAINS" -> s.contains(value);
                case "STARTSWITH" -> s.startsWith(value);
                default -> s.endsWith(value);
            };
            return hit != negated;
        }

        @Override
        public boolean isCondition() {
            return true;
        }
    }

    /** {@code NOT x}. */
    record Not(SqlNode operand) implements SqlNode {
        @Override
        public Object evaluate(Map<String, String> properties) {
            return not(SqlValues.truth(operand.evaluate(properties)));
        }

        @Override
        public boolean isCondition() {
            return true;
        }
    }

    /** {@code a AND b AND ...} or {@code a OR b OR ...}. */
    record Logic(boolean and, List<SqlNode> operands) implements SqlNode {
        @Override
        public Object evaluate(Map<String, String> properties) {
            boolean unknown = false;
            for (SqlNode n : operands) {
                Boolean v = SqlValues.truth(n.evaluate(properties));
                if (v == null) {
                    unknown = true;
                } else if (v != and) {
                    return v; // false decides an AND, true an OR
                }
            }
            return unknown ? null : and;
        }

        @Override
        public boolean isCondition() {
            return true;
        }
    }

    private static Boolean not(Boolean b) {
        return b == null ? null : !b;
    }
}
