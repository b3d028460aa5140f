package io.kitemq.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The command-line flags every benchmark main shares: {@code --name=value} and {@code --name} (= true), each
 * given at most once, plus {@code --quick}, which switches every default to its short variant. An options
 * class takes each flag it knows (with its full and quick defaults) and then calls {@link #requireAllTaken()},
 * so a misspelt flag is an error instead of being silently ignored.
 *
 * <p>Not thread-safe: used once, by the main thread, while parsing.
 */
final class BenchFlags {

    private final Map<String, String> flags;
    private final boolean quick;

    private BenchFlags(Map<String, String> flags, boolean quick) {
        this.flags = flags;
        this.quick = quick;
    }

    static BenchFlags parse(String... args) {
        Map<String, String> flags = new HashMap<>();
        for (String a : args) {
            if (!a.startsWith("--") || a.length() == 2) {
                throw new IllegalArgumentException("not a flag: '" + a + "'");
            }
            int eq = a.indexOf('=');
            String name = eq < 0 ? a.substring(2) : a.substring(2, eq);
            if (flags.put(name, eq < 0 ? "true" : a.substring(eq + 1)) != null) {
                throw new IllegalArgumentException("flag --" + name + " given twice");
            }
        }
        boolean quick = Boolean.parseBoolean(flags.getOrDefault("quick", "false"));
        flags.remove("quick");
        return new BenchFlags(flags, quick);
    }

    static boolean wantsHelp(String... args) {
        return Arrays.stream(args).anyMatch(a -> a.equals("--help") || a.equals("-h"));
    }

    boolean quick() {
        return quick;
    }

    /** The flag's value, or {@code fallback} (which may be null) when it was not given. */
    String take(String name, String fallback) {
        String v = flags.remove(name);
        return v == null ? fallback : v;
    }

    /** The flag's value, or the full-run or quick default. */
    String take(String name, String full, String quickDefault) {
        return take(name, quick ? quickDefault : full);
    }

    boolean bool(String name) {
        return Boolean.parseBoolean(take(name, "false"));
    }

    /** Seconds (fractions allowed) as a duration; must not be negative. */
    Duration seconds(String name, String full, String quickDefault) {
        String v = take(name, full, quickDefault);
        double s;
        try {
            s = Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " is a number of seconds, not '" + v + "'");
        }
        if (s < 0) {
            throw new IllegalArgumentException("--" + name + " must not be negative: " + v);
        }
        return Duration.ofNanos((long) (s * 1e9));
    }

    /** A positive whole number; {@code _} and {@code ,} may group digits. */
    int positiveInt(String name, String fallback) {
        return positive(name, take(name, fallback));
    }

    /** A positive size such as {@code 64m} or {@code 1k} (see {@link Units#parseSize}). */
    long size(String name, String full, String quickDefault) {
        String v = take(name, full, quickDefault);
        long n = Units.parseSize(v);
        if (n <= 0) {
            throw new IllegalArgumentException("--" + name + " must be positive: " + v);
        }
        return n;
    }

    /** A comma-separated list of positive whole numbers. */
    int[] positiveInts(String name, String fallback) {
        return Arrays.stream(take(name, fallback).split(","))
                .map(String::trim)
                .mapToInt(s -> positive(name, s))
                .toArray();
    }

    /** A comma-separated list of positive sizes. */
    int[] sizes(String name, String fallback) {
        return Arrays.stream(take(name, fallback).split(","))
                .map(String::trim)
                .mapToInt(s -> {
                    long n = Units.parseSize(s);
                    if (n <= 0 || n > Integer.MAX_VALUE) {
                        throw new IllegalArgumentException("--" + name + " needs positive sizes, not '" + s + "'");
                    }
                    return (int) n;
                })
                .toArray();
    }

    /** A path, or null when neither the flag nor a non-blank fallback is given. */
    Path path(String name, String fallback) {
        String v = take(name, fallback);
        return v == null || v.isBlank() ? null : Path.of(v);
    }

    /** JVM flags or similar: the value split at white space. */
    List<String> words(String name, String fallback) {
        String t = take(name, fallback).trim();
        return t.isEmpty() ? List.of() : List.of(t.split("\\s+"));
    }

    /** Fails on any flag no option took. */
    void requireAllTaken() {
        if (!flags.isEmpty()) {
            throw new IllegalArgumentException("unknown flag(s): --" + String.join(", --", flags.keySet()));
        }
    }

    private static int positive(String name, String v) {
        int n;
        try {
            n = Integer.parseInt(v.replace("_", "").replace(",", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " is a whole number, not '" + v + "'");
        }
        if (n < 1) {
            throw new IllegalArgumentException("--" + name + " must be positive: " + v);
        }
        return n;
    }
}
