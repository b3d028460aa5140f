package io.kitemq.broker.filter;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A recursive-descent parser of RocketMQ's SQL92 filter language into {@link SqlNode}s:
 *
 * <pre>
 * or        := and ( OR and )*
 * and       := not ( AND not )*
 * not       := NOT not | predicate
 * predicate := value [ ( = | &lt;&gt; | &gt; | &gt;= | &lt; | &lt;= ) value
 *                    | IS [NOT] NULL
 *                    | [NOT] BETWEEN value AND value
 *                    | [NOT] IN ( 'str' [, 'str']* )
 *                    | [NOT] ( CONTAINS | STARTSWITH | ENDSWITH ) 'str' ]
 * value     := 'string' | number | - value | TRUE | FALSE | NULL | identifier | ( or )
 * </pre>
 *
 * Keywords are case-insensitive; strings are single-quoted with {@code ''} for a quote; numbers are longs
 * ({@code 42}) or doubles ({@code 4.2}, {@code 1e3}). Beyond syntax, the checks RocketMQ makes at compile
 * time: {@code <}, {@code >} etc. and {@code BETWEEN} take numbers, not string or boolean constants;
 * {@code BETWEEN} constants in order; {@code = NULL} refused (use IS NULL); the whole expression and the
 * operands of AND, OR, NOT must be conditions.
 *
 * <p>One instance parses one expression; not thread-safe (use {@link #parse}).
 */
final class SqlParser {

    private enum Kind {
        IDENT,
        STRING,
        LONG,
        DOUBLE,
        SYMBOL,
        END
    }

    private record Token(Kind kind, String text, Object value, int pos) {}

    private final String source;
    private final List<Token> tokens;
    private int next;

    private SqlParser(String source) {
        this.source = source;
        this.tokens = new SqlLexer(source).tokens();
    }

    /** Compiles {@code expression}; throws {@link SqlSyntaxException} with a clear message if it is not valid. */
    static SqlNode parse(String expression) {
        if (expression == null || expression.isBlank()) {
            throw new SqlSyntaxException("the SQL92 expression is empty");
        }
        SqlParser p = new SqlParser(expression);
        SqlNode node = p.or();
        if (p.peek().kind != Kind.END) {
            throw p.error("unexpected '" + p.peek().text + "'");
        }
        p.requireCondition(node, "the expression");
        return node;
    }

    private SqlNode or() {
        List<SqlNode> operands = new ArrayList<>();
        operands.add(and());
        while (acceptKeyword("OR")) {
            operands.add(and());
        }
        return logic(false, operands);
    }

    private SqlNode and() {
        List<SqlNode> operands = new ArrayList<>();
        operands.add(not());
        while (acceptKeyword("AND")) {
            operands.add(not());
        }
        return logic(true, operands);
    }

    private SqlNode logic(boolean and, List<SqlNode> operands) {
        if (operands.size() == 1) {
            return operands.get(0);
        }
        for (SqlNode n : operands) {
            requireCondition(n, "an operand of " + (and ? "AND" : "OR"));
        }
        return new SqlNode.Logic(and, List.copyOf(operands));
    }

    private SqlNode not() {
        if (acceptKeyword("NOT")) {
            SqlNode operand = not();
            requireCondition(operand, "the operand of NOT");
            return new SqlNode.Not(operand);
        }
        return predicate();
    }

    private SqlNode predicate() {
        SqlNode left = value();
        Token t = peek();
        if (t.kind == Kind.SYMBOL && isComparison(t.text)) {
            next++;
            return comparison(t, left, value());
        }
        if (acceptKeyword("IS")) {
            boolean negated = acceptKeyword("NOT");
            expectKeyword("NULL");
            return new SqlNode.IsNull(left, negated);
        }
        int mark = next;
        boolean negated = acceptKeyword("NOT");
        if (acceptKeyword("BETWEEN")) {
            return between(left, negated);
        }
        if (acceptKeyword("IN")) {
            return in(left, negated);
        }
        for (String kind : List.of("CONTAINS", "STARTSWITH", "ENDSWITH")) {
            if (acceptKeyword(kind)) {
                return new SqlNode.StringTest(kind, left, expectString(), negated);
            }
        }
        next = mark;
        return left;
    }

    private static boolean isComparison(String s) {
        return s.equals("=") || s.equals("<>") || s.equals(">") || s.equals(">=") || s.equals("<") || s.equals("<=");
    }

    private SqlNode comparison(Token op, SqlNode left, SqlNode right) {
        SqlNode.Op o = switch (op.text) {
            case "=" -> SqlNode.Op.EQ;
            case "<>" -> SqlNode.Op.NE;
            case ">" -> SqlNode.Op.GT;
            case ">=" -> SqlNode.Op.GE;
            case "<" -> SqlNode.Op.LT;
            default -> SqlNode.Op.LE;
        };
        if (o == SqlNode.Op.EQ || o == SqlNode.Op.NE) {
            requireComparableForEquality(left, op);
            requireComparableForEquality(right, op);
            if (left instanceof SqlNode.Constant lc
                    && right instanceof SqlNode.Constant rc
                    && (lc.value() instanceof Boolean) != (rc.value() instanceof Boolean)) {
                throw error(op, show(left) + " cannot be compared with " + show(right));
            }
        } else {
            requireOrderable(left, op);
            requireOrderable(right, op);
        }
        return new SqlNode.Comparison(o, left, right);
    }

    private void requireComparableForEquality(SqlNode n, Token op) {
        if (n instanceof SqlNode.Constant c && c.value() == null) {
            throw error(op, "NULL cannot be compared with '" + op.text + "' (use IS NULL / IS NOT NULL)");
        }
    }

    private void requireOrderable(SqlNode n, Token op) {
        if ((n instanceof SqlNode.Constant c && !(c.value() instanceof Number)) || n.isCondition()) {
            throw error(op, show(n) + " cannot be compared with '" + op.text + "': only numbers can");
        }
    }

    private SqlNode between(SqlNode operand, boolean negated) {
        Token at = peek();
        SqlNode low = value();
        expectKeyword("AND");
        SqlNode high = value();
        Token ge = new Token(Kind.SYMBOL, "BETWEEN", null, at.pos);
        requireOrderable(operand, ge);
        requireOrderable(low, ge);
        requireOrderable(high, ge);
        if (low instanceof SqlNode.Constant l
                && high instanceof SqlNode.Constant h
                && SqlValues.compare(l.value(), h.value()) > 0) {
            throw error(at, "BETWEEN " + l.value() + " AND " + h.value() + ": the lower bound is above the upper one");
        }
        SqlNode range = new SqlNode.Logic(
                true,
                List.of(
                        new SqlNode.Comparison(SqlNode.Op.GE, operand, low),
                        new SqlNode.Comparison(SqlNode.Op.LE, operand, high)));
        return negated ? new SqlNode.Not(range) : range;
    }

    private SqlNode in(SqlNode operand, boolean negated) {
        expectSymbol("(");
        Set<String> values = new LinkedHashSet<>();
        do {
            values.add(expectString());
        } while (acceptSymbol(","));
        expectSymbol(")");
        return new SqlNode.In(operand, Set.copyOf(values), negated);
    }

    private SqlNode value() {
        Token t = peek();
        switch (t.kind) {
            case STRING, LONG, DOUBLE -> {
                next++;
                return new SqlNode.Constant(t.value);
            }
            case IDENT -> {
                next++;
                return identifier(t);
            }
            case SYMBOL -> {
                if (acceptSymbol("(")) {
                    SqlNode inner = or();
                    expectSymbol(")");
                    return inner;
                }
                if (acceptSymbol("-")) {
                    return negate(t, value());
                }
                throw error("expected a value but found '" + t.text + "'");
            }
            default -> throw error("expected a value but found the end of the expression");
        }
    }

    private SqlNode identifier(Token t) {
        String upper = t.text.toUpperCase(Locale.ROOT);
        return switch (upper) {
            case "TRUE" -> new SqlNode.Constant(Boolean.TRUE);
            case "FALSE" -> new SqlNode.Constant(Boolean.FALSE);
            case "NULL" -> new SqlNode.Constant(null);
            case "AND", "OR", "NOT", "IS", "IN", "BETWEEN", "CONTAINS", "STARTSWITH", "ENDSWITH" ->
                throw error(t, "expected a value but found the keyword " + upper);
            default -> new SqlNode.Property(t.text);
        };
    }

    private SqlNode negate(Token minus, SqlNode operand) {
        if (operand instanceof SqlNode.Constant c) {
            if (c.value() instanceof Long l) {
                return new SqlNode.Constant(-l);
            }
            if (c.value() instanceof Double d) {
                return new SqlNode.Constant(-d);
            }
            throw error(minus, "'-' applies to numbers, not " + show(operand));
        }
        if (operand.isCondition()) {
            throw error(minus, "'-' applies to numbers, not a condition");
        }
        return new SqlNode.Negate(operand);
    }

    private void requireCondition(SqlNode n, String what) {
        if (!n.isCondition()) {
            throw new SqlSyntaxException("SQL92 expression '" + source + "': " + what + " must be a condition, but "
                    + show(n) + " is a value");
        }
    }

    private static String show(SqlNode n) {
        if (n instanceof SqlNode.Constant c) {
            return c.value() instanceof String s
                    ? "'" + s + "'"
                    : String.valueOf(c.value()).toUpperCase(Locale.ROOT);
        }
        if (n instanceof SqlNode.Property p) {
            return "property " + p.name();
        }
        return "a condition";
    }

    private Token peek() {
        return tokens.get(next);
    }

    private boolean acceptKeyword(String keyword) {
        Token t = peek();
        if (t.kind == Kind.IDENT && t.text.equalsIgnoreCase(keyword)) {
            next++;
            return true;
        }
        return false;
    }

    private void expectKeyword(String keyword) {
        if (!acceptKeyword(keyword)) {
            throw error("expected " + keyword + " but found " + describe(peek()));
        }
    }

    private boolean acceptSymbol(String symbol) {
        Token t = peek();
        if (t.kind == Kind.SYMBOL && t.text.equals(symbol)) {
            next++;
            return true;
        }
        return false;
    }

    private void expectSymbol(String symbol) {
        if (!acceptSymbol(symbol)) {
            throw error("expected '" + symbol + "' but found " + describe(peek()));
        }
    }

    private String expectString() {
        Token t = peek();
        if (t.kind != Kind.STRING) {
            throw error("expected a 'string' but found " + describe(t));
        }
        next++;
        return (String) t.value;
    }

    private static String describe(Token t) {
        return t.kind == Kind.END ? "the end of the expression" : "'" + t.text + "'";
    }

    private SqlSyntaxException error(String what) {
        return error(peek(), what);
    }

    private SqlSyntaxException error(Token at, String what) {
        return new SqlSyntaxException(
                "SQL92 expression '" + source + "' is invalid at position " + (at.pos + 1) + ": " + what);
    }

    /** Splits the source into tokens; throws {@link SqlSyntaxException} on a character it does not know. */
    private static final class SqlLexer {
        private final String s;
        private int i;

        SqlLexer(String s) {
            this.s = s;
        }

        List<Token> tokens() {
            List<Token> out = new ArrayList<>();
            while (true) {
                while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                    i++;
                }
                if (i >= s.length()) {
                    out.add(new Token(Kind.END, "", null, i));
                    return out;
                }
                out.add(token());
            }
        }

        private Token token() {
            int start = i;
            char c = s.charAt(i);
            if (c == '\'') {
                return string(start);
            }
            if (Character.isDigit(c) || (c == '.' && i + 1 < s.length() && Character.isDigit(s.charAt(i + 1)))) {
                return number(start);
            }
            if (Character.isLetter(c) || c == '_' || c == '$') {
                while (i < s.length() && isIdentPart(s.charAt(i))) {
                    i++;
                }
                return new Token(Kind.IDENT, s.substring(start, i), null, start);
            }
            for (String sym : List.of("<>", "<=", ">=", "=", "<", ">", "(", ")", ",", "-")) {
                if (s.startsWith(sym, i)) {
                    i += sym.length();
                    return new Token(Kind.SYMBOL, sym, null, start);
                }
            }
            throw fail(start, "unexpected character '" + c + "'");
        }

        private static boolean isIdentPart(char c) {
            return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c == '.';
        }

        private Token string(int start) {
            StringBuilder b = new StringBuilder();
            i++;
            while (true) {
                if (i >= s.length()) {
                    throw fail(start, "the string starting here is not closed with '");
                }
                char c = s.charAt(i++);
                if (c == '\'') {
                    if (i < s.length() && s.charAt(i) == '\'') {
                        b.append('\'');
                        i++;
                    } else {
                        return new Token(Kind.STRING, s.substring(start, i), b.toString(), start);
                    }
                } else {
                    b.append(c);
                }
            }
        }

        private Token number(int start) {
            boolean decimal = false;
            while (i < s.length() && Character.isDigit(s.charAt(i))) {
                i++;
            }
            if (i < s.length() && s.charAt(i) == '.') {
                decimal = true;
                i++;
                while (i < s.length() && Character.isDigit(s.charAt(i))) {
                    i++;
                }
            }
            if (i < s.length() && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
                decimal = true;
                i++;
                if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                    i++;
                }
                int digits = i;
                while (i < s.length() && Character.isDigit(s.charAt(i))) {
                    i++;
                }
                if (digits == i) {
                    throw fail(start, "the exponent of the number has no digits");
                }
            }
            if (i < s.length() && isIdentPart(s.charAt(i)) && s.charAt(i) != '.') {
                throw fail(start, "unexpected '" + s.charAt(i) + "' after a number");
            }
            String text = s.substring(start, i);
            try {
                Object value = decimal ? (Object) Double.valueOf(text) : (Object) Long.valueOf(text);
                return new Token(decimal ? Kind.DOUBLE : Kind.LONG, text, value, start);
            } catch (NumberFormatException e) {
                throw fail(start, "the number " + text + " is out of range");
            }
        }

        private SqlSyntaxException fail(int pos, String what) {
            return new SqlSyntaxException(
                    "SQL92 expression '" + s + "' is invalid at position " + (pos + 1) + ": " + what);
        }
    }
}
