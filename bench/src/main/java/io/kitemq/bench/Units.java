package io.kitemq.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sizes, rates and medians for {@link StoreBenchmark}'s flags and tables. Sizes are binary (1g = 1 GiB);
 * bandwidths are decimal MB/s (10^6 bytes per second), as disk tools report them.
 */
final class Units {

    static final long KIB = 1024;
    static final long MIB = 1024 * KIB;
    static final long GIB = 1024 * MIB;

    private static final Pattern SIZE =
            Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgt]?)(?:i?b)?", Pattern.CASE_INSENSITIVE);

    private Units() {}

    /** Parses {@code 4096}, {@code 64k}, {@code 512MiB}, {@code 1.5g}, {@code 4GiB} (binary multiples). */
    static long parseSize(String text) {
        Matcher m = SIZE.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a size: '" + text + "' (examples: 4096, 64k, 512m, 4GiB)");
        }
        long unit = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "k" -> KIB;
            case "m" -> MIB;
            case "g" -> GIB;
            case "t" -> 1024 * GIB;
            default -> 1;
        };
        return (long) (Double.parseDouble(m.group(1)) * unit);
    }

    /** {@code 1 GiB}, {@code 64 MiB}, {@code 4 KiB}, {@code 128 B}: the largest unit that divides evenly, else one decimal. */
    static String size(long bytes) {
        String[] names = {"GiB", "MiB", "KiB"};
        long[] units = {GIB, MIB, KIB};
        for (int i = 0; i < units.length; i++) {
            if (bytes >= units[i]) {
                return bytes % units[i] == 0
                        ? bytes / units[i] + " " + names[i]
                        : String.format(Locale.ROOT, "%.1f %s", (double) bytes / units[i], names[i]);
            }
        }
        return bytes + " B";
    }

    static double perSecond(double count, long nanos) {
        return nanos <= 0 ? 0 : count * 1e9 / nanos;
    }

    /** Decimal MB per second. */
    static double mbPerSecond(long bytes, long nanos) {
        return perSecond(bytes, nanos) / 1e6;
    }

    static double mib(long bytes) {
        return bytes < 0 ? -1 : bytes / (double) MIB;
    }

    /** A rate with thousands separators and no decimals ({@code 1,234,567}). */
    static String count(double value) {
        return String.format(Locale.ROOT, "%,.0f", value);
    }

    static String fixed(double value, int decimals) {
        return value < 0 ? "n/a" : String.format(Locale.ROOT, "%,." + decimals + "f", value);
    }

    /** The median of {@code metric} over repeated runs (the mean of the middle two for an even count). */
    static <T> double median(List<T> runs, ToDoubleFunction<T> metric) {
        double[] v = runs.stream().mapToDouble(metric).sorted().toArray();
        if (v.length == 0) {
            return 0;
        }
        int mid = v.length / 2;
        return v.length % 2 == 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
    }

    /** Rate ratios of runs made side by side, each as "12.3x", and their median ("-" if there are none). */
    record SideBySide(List<String> ratios, String median) {

        String joined() {
            return String.join(", ", ratios);
        }
    }

    /**
     * The ratio of {@code rate} in {@code runs} to {@code rate} in {@code baseline}, run by run (the i-th of each
     * made side by side); a baseline run with a rate of 0 is left out.
     */
    static <T> SideBySide sideBySide(List<T> runs, List<T> baseline, ToDoubleFunction<T> rate) {
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < Math.min(runs.size(), baseline.size()); i++) {
            double base = rate.applyAsDouble(baseline.get(i));
            if (base > 0) {
                ratios.add(rate.applyAsDouble(runs.get(i)) / base);
            }
        }
        return new SideBySide(
                ratios.stream().map(x -> fixed(x, 1) + "x").toList(),
                ratios.isEmpty() ? "-" : fixed(median(ratios, x -> x), 1) + "x");
    }

    /** Max minus min of {@code metric} relative to its median, in percent; "-" for a single run. */
    static <T> String spread(List<T> runs, ToDoubleFunction<T> metric) {
        if (runs.size() < 2) {
            return "-";
        }
        double min = runs.stream().mapToDouble(metric).min().orElse(0);
        double max = runs.stream().mapToDouble(metric).max().orElse(0);
        double median = median(runs, metric);
        return median == 0 ? "-" : String.format(Locale.ROOT, "±%.0f%%", 50 * (max - min) / median);
    }
}
