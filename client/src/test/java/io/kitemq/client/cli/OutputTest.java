package io.kitemq.client.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Table layout, JSON mode and the CLI's duration/time parsing. */
class OutputTest {

    @Test
    void alignsColumnsToTheWidestCellAndPrintsNullAsDash() {
        StringWriter text = new StringWriter();
        Output out = new Output(new PrintWriter(text), false);
        out.table(Output.headers("A", "LONG_HEADER", "C"), List.of(List.of("wide-cell", 1, "x"), List.of("b", 22, "")));
        assertThat(text.toString().lines().toList())
                .containsExactly("A          LONG_HEADER  C", "wide-cell  1            x", "b          22");
        StringWriter nulls = new StringWriter();
        new Output(new PrintWriter(nulls), false)
                .table(Output.headers("K", "V"), List.of(java.util.Arrays.asList("k", null)));
        assertThat(nulls.toString()).contains("k  -");
    }

    @Test
    void printsJsonOnlyInJsonMode() {
        StringWriter text = new StringWriter();
        assertThat(new Output(new PrintWriter(text), false).printJson(List.of(1)))
                .isFalse();
        assertThat(text.toString()).isEmpty();
        StringWriter json = new StringWriter();
        assertThat(new Output(new PrintWriter(json), true).printJson(List.of(1, 2)))
                .isTrue();
        assertThat(json.toString().replaceAll("\\s", "")).isEqualTo("[1,2]");
        assertThat(Output.compactJson(java.util.Map.of("a", 1))).isEqualTo("{\"a\":1}");
        assertThat(Output.time(0)).isEqualTo("-");
        assertThat(Output.time(1_000)).isEqualTo("1970-01-01T00:00:01Z");
    }

    @Test
    void parsesDurationsAndTimes() {
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("3s")).isEqualTo(Duration.ofSeconds(3));
        assertThat(Durations.parse("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(Durations.parse("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(Durations.parse("7d")).isEqualTo(Duration.ofDays(7));
        assertThat(Durations.parse("PT1.5S")).isEqualTo(Duration.ofMillis(1500));
        assertThatThrownBy(() -> Durations.parse("soon")).hasMessageContaining("not a duration");

        assertThat(Durations.instant("1700000000000", ZoneOffset.UTC)).isEqualTo(1_700_000_000_000L);
        assertThat(Durations.instant("1970-01-01T00:00:01Z", ZoneOffset.UTC)).isEqualTo(1_000L);
        assertThat(Durations.instant("1970-01-01T01:00:00", ZoneOffset.ofHours(1)))
                .isZero();
        assertThatThrownBy(() -> Durations.instant("yesterday", ZoneOffset.UTC)).hasMessageContaining("not a time");
    }
}
