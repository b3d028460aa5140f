package io.kitemq.protocol.body;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ObjectKeyQuoterTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"a\":{\"b\":1}}",
                "[{\"a\":1},{\"b\":2}]",
                "{\"x\":\"a,{\\\"b\\\":1}\",\"y\":[{\"z\":{}}]}",
                "{\"k\\\\\":{\"v\":\"\\\\\"}}",
                "{0:\"a\",1:\"b\"}",
                "{}",
                "",
                "{\"a\":1,"
            })
    void leavesStandardJsonAndBareNumericKeysAlone(String json) {
        byte[] in = json.getBytes(StandardCharsets.UTF_8);
        assertThat(ObjectKeyQuoter.quoteObjectKeys(in)).isSameAs(in);
    }

    @Test
    void quotesObjectKeysWithTheirEscapes() {
        assertThat(quote("{{\"topic\":\"q\\\"{\"}:1}")).isEqualTo("{\"{\\\"topic\\\":\\\"q\\\\\\\"{\\\"}\":1}");
        assertThat(quote("{\"t\":{{\"a\":1}:1, {\"a\":[2,{}]} :2}}"))
                .isEqualTo("{\"t\":{\"{\\\"a\\\":1}\":1, \"{\\\"a\\\":[2,{}]}\" :2}}");
    }

    @Test
    void escapesWhitespaceOfPrettyPrintedKeys() {
        assertThat(quote("{\n\t{\n\t\t\"a\":1\n\t}:2\n}"))
                .isEqualTo("{\n\t\"{\\u000a\\u0009\\u0009\\\"a\\\":1\\u000a\\u0009}\":2\n}");
    }

    @Test
    void keepsMultiByteUtf8() {
        assertThat(quote("{{\"topic\":\"中é\uD83D\uDE00\"}:1}"))
                .isEqualTo("{\"{\\\"topic\\\":\\\"中é\uD83D\uDE00\\\"}\":1}");
    }

    @Test
    void leavesAnUnterminatedKeyObjectForTheParser() {
        byte[] in = "{{\"a\":1".getBytes(StandardCharsets.UTF_8);
        assertThat(ObjectKeyQuoter.quoteObjectKeys(in)).isSameAs(in);
    }

    @Test
    void handlesDeepNesting() {
        String json = "[".repeat(100) + "{{\"a\":1}:1}" + "]".repeat(100);
        assertThat(quote(json)).isEqualTo("[".repeat(100) + "{\"{\\\"a\\\":1}\":1}" + "]".repeat(100));
    }

    @Test
    void quotedKeysParseAsQueueRefs() {
        byte[] json = "{\"offsetTable\":{\n\t{\"brokerName\":\"b\",\n\"queueId\":3,\"topic\":\"t\\\"\"}:7}}"
                .getBytes(StandardCharsets.UTF_8);
        assertThat(BodyCodec.decode(json, ResetOffsetBody.class).offsetTable())
                .containsExactly(Map.entry(new QueueRef("t\"", "b", 3), 7L));
    }

    private static String quote(String json) {
        return new String(
                ObjectKeyQuoter.quoteObjectKeys(json.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }
}
