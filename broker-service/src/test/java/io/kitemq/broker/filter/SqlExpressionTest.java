package io.kitemq.broker.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SqlExpressionTest {

    private static Map<String, String> props(String... kv) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    private static boolean eval(String sql, String... kv) {
        return SqlExpression.compile(sql).matches(props(kv));
    }

    @Test
    void comparesStringPropertiesWithNumbers() {
        assertThat(eval("a = 3", "a", "3")).isTrue();
        assertThat(eval("a = 3", "a", "4")).isFalse();
        assertThat(eval("a > 5", "a", "6")).isTrue();
        assertThat(eval("a > 5", "a", "10")).isTrue(); // numerically, not as strings
        assertThat(eval("a >= 5 AND a <= 5", "a", "5")).isTrue();
        assertThat(eval("a < 3.14", "a", "3.1")).isTrue();
        assertThat(eval("a > 3.1E10", "a", String.valueOf(3.1415 * Math.pow(10, 10))))
                .isTrue();
        assertThat(eval("a > 3", "a", "3.5")).isTrue();
        assertThat(eval("a > -1", "a", "0")).isTrue();
        assertThat(eval("a <> 3", "a", "4")).isTrue();
    }

    @Test
    void andOrNotAndParentheses() {
        String and = "a=3 and b<>4 And c>5 AND d<=4";
        assertThat(eval(and, "a", "3", "b", "5", "c", "6", "d", "1")).isTrue();
        assertThat(eval(and, "a", "4", "b", "5", "c", "6", "d", "1")).isFalse();
        String or = "a=3 or b<>4 Or c>5 OR d<=4";
        assertThat(eval(or, "a", "4", "b", "4", "c", "3", "d", "2")).isTrue();
        assertThat(eval(or, "a", "4", "b", "4", "c", "3", "d", "10")).isFalse();
        assertThat(eval("NOT (a = 1 OR a = 2)", "a", "3")).isTrue();
        assertThat(eval("NOT (a = 1 OR a = 2)", "a", "2")).isFalse();
        assertThat(eval("(a = 1 OR b = 1) AND c = 1", "b", "1", "c", "1")).isTrue();
        assertThat(eval("a = 1 OR b = 1 AND c = 1", "a", "1")).isTrue(); // AND binds tighter
    }

    @Test
    void stringsInAndNull() {
        assertThat(eval("a in ('3', '4', '5')", "a", "4")).isTrue();
        assertThat(eval("a in ('3', '4', '5')", "a", "8")).isFalse();
        assertThat(eval("a not in ('3', '4', '5')", "a", "8")).isTrue();
        assertThat(eval("a is not null and a='hello'", "a", "hello")).isTrue();
        assertThat(eval("a is not null and a='hello'")).isFalse();
        assertThat(eval("a is null OR a='hello'")).isTrue();
        assertThat(eval("a is null", "abc", "2")).isTrue();
        assertThat(eval("a is not null", "a", "2")).isTrue();
        assertThat(eval("TAGS is not null and TAGS='''''tag'''''", "TAGS", "''tag''"))
                .isTrue();
        assertThat(eval("TAGS = 'TagA'", "TAGS", "TagA")).isTrue();
        assertThat(eval("a CONTAINS 'ell' AND a STARTSWITH 'he' AND a ENDSWITH 'lo'", "a", "hello"))
                .isTrue();
        assertThat(eval("a NOT CONTAINS 'x'", "a", "hello")).isTrue();
    }

    @Test
    void betweenAndBooleans() {
        assertThat(eval("a between 2 and 10", "a", "2")).isTrue();
        assertThat(eval("a between 2 and 10", "a", "10")).isTrue();
        assertThat(eval("a between 2 and 10", "a", "11")).isFalse();
        assertThat(eval("a not between 2 and 10", "a", "1")).isTrue();
        assertThat(eval("a not between 2 and 10", "a", "3")).isFalse();
        assertThat(eval("a between 2 and 10 AND b = 1", "a", "3", "b", "1")).isTrue();
        assertThat(eval("a=TRUE OR b=FALSE", "a", "true", "b", "false")).isTrue();
        assertThat(eval("a=TRUE OR b=FALSE", "a", "false", "b", "true")).isFalse();
        assertThat(eval("TRUE")).isTrue();
        assertThat(eval("FALSE OR a = 1", "a", "1")).isTrue();
    }

    @Test
    void twoProperties() {
        assertThat(eval("a > b", "a", "20", "b", "10")).isTrue();
        assertThat(eval("a > b", "a", "10", "b", "20")).isFalse();
        assertThat(eval("a = b", "a", "3.14", "b", "3.14")).isTrue();
        assertThat(eval("a <> b", "a", "3.14", "b", "3.141")).isTrue();
    }

    /** RocketMQ's three-valued logic: a comparison with a missing property is unknown, and NOT unknown too. */
    @Test
    void missingPropertyIsUnknownNotFalse() {
        assertThat(eval("a = 1")).isFalse();
        assertThat(eval("a <> 1")).isFalse();
        assertThat(eval("NOT (a = 1)")).isFalse();
        assertThat(eval("a > 1")).isFalse();
        assertThat(eval("NOT (a > 1)")).isFalse();
        assertThat(eval("a in ('1')")).isFalse();
        assertThat(eval("a not in ('1')")).isFalse();
        assertThat(eval("a between 1 and 2")).isFalse();
        assertThat(eval("a not between 1 and 2")).isFalse();
        assertThat(eval("a = 1 OR b = 2", "b", "2")).isTrue(); // unknown OR true
        assertThat(eval("NOT (a = 1 AND b = 2)", "b", "3")).isTrue(); // unknown AND false = false
    }

    @Test
    void valuesThatCannotBeComparedDoNotMatch() {
        assertThat(eval("a > 5", "a", "abc")).isFalse();
        assertThat(eval("a between 0 and 100", "a", "abc")).isFalse();
        assertThat(eval("key is not null and key between 0 and 100", "key", "con"))
                .isFalse();
        assertThat(eval("a > b", "a", "x", "b", "y")).isFalse();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "a > |position 4: expected a value but found the end of the expression",
                "a = 'x|string starting here is not closed",
                "a = 1 b = 2|unexpected 'b'",
                "(a = 1|expected ')' but found the end of the expression",
                "a >> 1|expected a value but found '>'",
                "a > 'abc'|'abc' cannot be compared with '>': only numbers can",
                "a = NULL|use IS NULL",
                "a between 10 and 2|the lower bound is above the upper one",
                "a between 'x' and 'y'|cannot be compared",
                "a in ()|expected a 'string' but found ')'",
                "a in (1, 2)|expected a 'string' but found '1'",
                "a|must be a condition",
                "a AND b = 1|an operand of AND must be a condition",
                "a = 1 AND|expected a value but found the end of the expression",
                "a # 1|unexpected character '#'",
                "a is 1|expected NULL but found '1'",
                "a = 99999999999999999999|is out of range",
                "a = 1e|exponent of the number has no digits",
                "TRUE = 'x'|cannot be compared with",
                "AND = 1|keyword AND",
            })
    void malformedExpressionsAreRejectedClearly(String sql, String message) {
        assertThatThrownBy(() -> SqlExpression.compile(sql))
                .isInstanceOf(SqlSyntaxException.class)
                .hasMessageContaining("SQL92 expression '" + sql + "'")
                .hasMessageContaining(message);
    }

    @Test
    void emptyExpressionIsRejected() {
        assertThatThrownBy(() -> SqlExpression.compile("  "))
                .isInstanceOf(SqlSyntaxException.class)
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> SqlExpression.compile(null)).isInstanceOf(SqlSyntaxException.class);
    }

    @Test
    void filtersCacheCompiledExpressions() {
        SqlFilters filters = new SqlFilters();
        assertThat(filters.compile("a = 1")).isSameAs(filters.compile("a = 1"));
        assertThatThrownBy(() -> filters.compile("a =")).isInstanceOf(SqlSyntaxException.class);
        assertThat(filters.cachedCount()).isEqualTo(1);
        assertThat(SqlFilters.isSql("sql92")).isTrue();
        assertThat(SqlFilters.isSql("TAG")).isFalse();
    }
}
