package io.kitemq.broker.filter;

/**
 * Comparison rules of SQL92 filters, as RocketMQ's filter applies them to message properties (which are
 * all strings): a property compared with a number is read as a number (a long when it is one, else a
 * double); two properties compared with {@code <}, {@code >} etc. are both read as doubles; a property
 * compared with {@code TRUE}/{@code FALSE} is read as a boolean. A value that cannot be read so throws
 * {@link NotComparable} and the message does not match.
 *
 * <p>Stateless; thread-safe.
 */
final class SqlValues {

    /** A value that cannot be compared as the expression asks; the message does not match. */
    static final class NotComparable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotComparable(Object left, Object right) {
            super("cannot compare " + show(left) + " with " + show(right), null, false, false);
        }

        private static String show(Object v) {
            return v instanceof String ? "'" + v + "'" : String.valueOf(v);
        }
    }

    private SqlValues() {}

    /** {@code =}: unknown when the left side is absent, false when only the right one is, true when both are. */
    static Boolean equal(Object l, Object r) {
        if (l == null || r == null) {
            return l == null && r == null ? Boolean.TRUE : l == null ? null : Boolean.FALSE;
        }
        if (l.equals(r)) {
            return true;
        }
        if (l instanceof String && r instanceof String) {
            return false;
        }
        if (l instanceof Boolean || r instanceof Boolean) {
            Object other = l instanceof Boolean ? r : l;
            Boolean b = l instanceof Boolean lb ? lb : (Boolean) r;
            if (other instanceof String s) {
                return Boolean.valueOf(s).equals(b);
            }
            return false;
        }
        return compare(l, r) == 0;
    }

    /** Orders two present values; throws {@link NotComparable} if they cannot be ordered. */
    static int compare(Object l, Object r) {
        if (l instanceof Boolean || r instanceof Boolean) {
            throw new NotComparable(l, r);
        }
        if (l instanceof String ls && r instanceof String rs) {
            return Double.compare(toDouble(ls, l, r), toDouble(rs, l, r));
        }
        Number ln = l instanceof String ls ? parse(ls, r instanceof Long, l, r) : (Number) l;
        Number rn = r instanceof String rs ? parse(rs, l instanceof Long, l, r) : (Number) r;
        if (ln instanceof Long a && rn instanceof Long b) {
            return Long.compare(a, b);
        }
        return Double.compare(ln.doubleValue(), rn.doubleValue());
    }

    /** A number from a property string: a long if {@code preferLong} and it is one, else a double. */
    private static Number parse(String s, boolean preferLong, Object l, Object r) {
        if (preferLong) {
            try {
                return Long.valueOf(s.trim());
            } catch (NumberFormatException e) {
                // not an integer: try it as a double
            }
        }
        return toDouble(s, l, r);
    }

    private static double toDouble(String s, Object l, Object r) {
        try {
            return Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            throw new NotComparable(l, r);
        }
    }

    /** The value of {@code -x}'s operand as a number, or null when absent. */
    static Object number(Object v) {
        if (v == null || v instanceof Long || v instanceof Double) {
            return v;
        }
        if (v instanceof String s) {
            return parse(s, true, v, "a number");
        }
        throw new NotComparable(v, "a number");
    }

    /** A condition's truth value: true, false, or null (unknown). */
    static Boolean truth(Object v) {
        if (v == null || v instanceof Boolean) {
            return (Boolean) v;
        }
        throw new NotComparable(v, "a truth value");
    }
}
