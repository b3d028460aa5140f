package io.kitemq.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * One table of results: printed aligned on the console and as a Markdown table (for
 * {@code docs/benchmarks.md}). The first column is left-aligned, the others right-aligned (or all left-aligned,
 * see {@link #textColumns()}); notes follow
 * the table.
 */
final class ResultTable {

    private final String title;
    private final String[] headers;
    private final List<String[]> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private boolean textColumns;

    ResultTable(String title, String... headers) {
        this.title = title;
        this.headers = headers;
    }

    /** Left-aligns every column (for tables of text rather than numbers). */
    ResultTable textColumns() {
        textColumns = true;
        return this;
    }

    String title() {
        return title;
    }

    void add(Object... cells) {
        if (cells.length != headers.length) {
            throw new IllegalArgumentException(
                    title + ": " + cells.length + " cells for " + headers.length + " columns");
        }
        String[] row = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            row[i] = String.valueOf(cells[i]);
        }
        rows.add(row);
    }

    void note(String note) {
        notes.add(note);
    }

    boolean isEmpty() {
        return rows.isEmpty() && notes.isEmpty();
    }

    void print(PrintStream out) {
        int[] width = new int[headers.length];
        for (int i = 0; i < headers.length; i++) {
            width[i] = headers[i].length();
            for (String[] row : rows) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        out.println();
        out.println("== " + title);
        out.println(line(headers, width));
        StringBuilder rule = new StringBuilder();
        for (int w : width) {
            rule.append(rule.length() == 0 ? "" : "  ").append("-".repeat(w));
        }
        out.println(rule);
        for (String[] row : rows) {
            out.println(line(row, width));
        }
        for (String note : notes) {
            out.println("  " + note);
        }
    }

    private String line(String[] cells, int[] width) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                b.append("  ");
            }
            String pad = " ".repeat(width[i] - cells[i].length());
            b.append(i == 0 || textColumns ? cells[i] + pad : pad + cells[i]);
        }
        return b.toString().stripTrailing();
    }

    void appendMarkdown(StringBuilder md) {
        md.append("\n#### ").append(title).append("\n\n");
        if (!rows.isEmpty()) {
            md.append('|');
            for (String h : headers) {
                md.append(' ').append(escape(h)).append(" |");
            }
            md.append("\n|");
            for (int i = 0; i < headers.length; i++) {
                md.append(i == 0 || textColumns ? "---|" : "---:|");
            }
            md.append('\n');
            for (String[] row : rows) {
                md.append('|');
                for (String c : row) {
                    md.append(' ').append(escape(c)).append(" |");
                }
                md.append('\n');
            }
        }
        if (!notes.isEmpty()) {
            md.append('\n');
            for (String note : notes) {
                md.append("- ").append(escape(note)).append('\n');
            }
        }
    }

    private static String escape(String s) {
        return s.replace("|", "\\|");
    }
}
