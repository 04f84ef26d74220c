package dev.javacached.kernel.display;

import java.time.Duration;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sizes and durations for people, the one formatter every message of the kernel uses (the
 * per-cell cache line, {@code %cache}, {@code %maven}, {@code %jars}, {@code %classpath}), and
 * parsing of sizes typed in {@code %cache limit}.
 *
 * <p>Sizes are binary everywhere: 1 KB = 1024 B, 1 MB = 1024 KB, written KB, MB, GB, TB (as a
 * typed {@code 500M} means 500 × 1024² bytes). Before, {@code %maven} counted 1 MB as 10⁶ bytes.
 */
public final class Human {
    private static final Pattern SIZE = Pattern.compile(
            "(\\d+(?:\\.\\d+)?|\\.\\d+)\\s*([kmgt]?)(i?b)?", Pattern.CASE_INSENSITIVE);
    private static final String UNITS = "KMGT";

    private Human() {
    }

    /** 980 B, 12.3 KB, 1.5 GB. */
    public static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        double v = n;
        int u = -1;
        while (v >= 1024 && u < UNITS.length() - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %sB", v, UNITS.charAt(u));
    }

    /** 0 ms, 340 ms, 2.5 s, 3.2 min, 1.5 h. */
    public static String nanos(long nanos) {
        double ms = nanos / 1e6;
        if (ms < 1000) {
            return String.format(Locale.ROOT, "%.0f ms", ms);
        }
        double s = ms / 1000;
        if (s < 120) {
            return String.format(Locale.ROOT, "%.1f s", s);
        }
        double min = s / 60;
        return min < 120 ? String.format(Locale.ROOT, "%.1f min", min)
                : String.format(Locale.ROOT, "%.1f h", min / 60);
    }

    /** "just now", "5 min ago", "3 h ago", "12 days ago". */
    public static String ago(long thenMillis, long nowMillis) {
        Duration d = Duration.ofMillis(Math.max(0, nowMillis - thenMillis));
        if (d.toSeconds() < 60) {
            return "just now";
        }
        if (d.toMinutes() < 60) {
            return d.toMinutes() + " min ago";
        }
        if (d.toHours() < 48) {
            return d.toHours() + " h ago";
        }
        return d.toDays() + " days ago";
    }

    /**
     * A size as typed: {@code 1048576}, {@code 500M}, {@code 1.5G}, {@code 20GB}, {@code 2 GiB}
     * (K/M/G/T are powers of 1024, case-insensitive). Empty when malformed, zero or too large.
     */
    public static OptionalLong parseBytes(String text) {
        Matcher m = SIZE.matcher(text.trim());
        if (!m.matches() || (m.group(3) != null && m.group(2).isEmpty() && m.group(3).length() > 1)) {
            return OptionalLong.empty();
        }
        int power = m.group(2).isEmpty() ? 0 : UNITS.indexOf(Character.toUpperCase(m.group(2).charAt(0))) + 1;
        double value = Double.parseDouble(m.group(1)) * Math.pow(1024, power);
        if (value < 1 || value >= Long.MAX_VALUE || (power == 0 && m.group(1).contains("."))) {
            return OptionalLong.empty();
        }
        return OptionalLong.of((long) value);
    }
}
