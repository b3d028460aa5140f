package io.kitemq.client.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a command's result: an aligned text table (the default, for people) or JSON ({@code --json},
 * for scripts; one document per command, pretty-printed).
 *
 * <p>Not thread-safe; one per command invocation.
 */
final class Output {

    private static final JsonMapper JSON =
            JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    private static final JsonMapper COMPACT = JsonMapper.builder().build();

    private final PrintWriter out;
    private final boolean json;

    Output(PrintWriter out, boolean json) {
        this.out = out;
        this.json = json;
    }

    boolean json() {
        return json;
    }

    /** Prints {@code value} as JSON when {@code --json}; otherwise nothing (the caller prints text). */
    boolean printJson(Object value) {
        if (json) {
            out.println(JSON.writeValueAsString(value));
            out.flush();
        }
        return json;
    }

    /** One value as single-line JSON. */
    static String compactJson(Object value) {
        return COMPACT.writeValueAsString(value);
    }

    void line(String text) {
        out.println(text);
        out.flush();
    }

    /** An aligned table: a header row, then the rows; columns padded to their widest cell. */
    void table(List<String> headers, List<List<?>> rows) {
        int[] widths = new int[headers.size()];
        List<List<String>> cells = new ArrayList<>();
        cells.add(headers);
        for (List<?> row : rows) {
            cells.add(row.stream().map(Output::cell).toList());
        }
        for (List<String> row : cells) {
            for (int i = 0; i < widths.length && i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        for (List<String> row : cells) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                String c = row.get(i);
                sb.append(c);
                if (i < row.size() - 1) {
                    sb.append(" ".repeat(widths[i] - c.length() + 2));
                }
            }
            out.println(sb.toString().stripTrailing());
        }
        out.flush();
    }

    static List<String> headers(String... names) {
        return Arrays.asList(names);
    }

    /** Epoch milliseconds as an ISO instant, or "-" for 0 / negative (unknown). */
    static String time(long epochMs) {
        return epochMs <= 0 ? "-" : Instant.ofEpochMilli(epochMs).toString();
    }

    private static String cell(Object value) {
        return value == null ? "-" : value.toString();
    }
}
