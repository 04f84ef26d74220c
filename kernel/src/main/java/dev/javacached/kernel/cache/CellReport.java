package dev.javacached.kernel.cache;

import dev.javacached.kernel.display.Html;
import dev.javacached.kernel.display.Human;
import dev.javacached.kernel.display.MimeBundle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What the cache did in one cell, for execute_reply {@code metadata.java_cached} and the
 * one-line feedback shown under cells with restored values.
 *
 * @param restored      names restored from the store (their initializer did not run)
 * @param stored        names computed and stored
 * @param computed      names whose initializer ran (stored or not)
 * @param uncacheable   name → why its value could not be stored or restored
 * @param restoredBytes total encoded size of the restored values
 * @param savedNanos    total compute time of the restored values, as recorded when computed
 */
public record CellReport(List<String> restored, List<String> stored, List<String> computed,
                         Map<String, String> uncacheable, long restoredBytes, long savedNanos) {
    public CellReport {
        restored = List.copyOf(restored);
        stored = List.copyOf(stored);
        computed = List.copyOf(computed);
        uncacheable = Map.copyOf(new LinkedHashMap<>(uncacheable));
    }

    public static CellReport empty() {
        return new CellReport(List.of(), List.of(), List.of(), Map.of(), 0, 0);
    }

    public boolean isEmpty() {
        return restored.isEmpty() && stored.isEmpty() && computed.isEmpty() && uncacheable.isEmpty();
    }

    /** The {@code java_cached} section of execute_reply metadata. */
    public Map<String, Object> metadata() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("restored", restored);
        m.put("stored", stored);
        m.put("computed", computed);
        m.put("uncacheable", uncacheable);
        return m;
    }

    /** One short line (text/plain and text/html) when something was restored. */
    public Optional<MimeBundle> feedback() {
        if (restored.isEmpty()) {
            return Optional.empty();
        }
        String plain = "♻ restored " + String.join(", ", restored) + " from cache (" + bytes(restoredBytes)
                + ", saved " + duration(savedNanos) + ")";
        StringBuilder html = new StringBuilder("<div class=\"java-cached-feedback\" style=\"font-size:smaller;"
                + "opacity:0.7\">♻ restored ");
        for (int i = 0; i < restored.size(); i++) {
            html.append(i == 0 ? "" : ", ").append("<code>").append(Html.escape(restored.get(i))).append("</code>");
        }
        html.append(" from cache (").append(bytes(restoredBytes)).append(", saved ").append(duration(savedNanos))
                .append(")</div>");
        return Optional.of(new MimeBundle(Map.of("text/plain", plain, "text/html", html.toString()), Map.of()));
    }

    /** Kept for its callers; the one formatter is {@link Human#bytes}. */
    static String bytes(long n) {
        return Human.bytes(n);
    }

    static String duration(long nanos) {
        double ms = nanos / 1e6;
        if (ms < 1000) {
            return String.format(Locale.ROOT, "%.0f ms", ms);
        }
        double s = ms / 1000;
        return s < 120 ? String.format(Locale.ROOT, "%.1f s", s) : String.format(Locale.ROOT, "%.1f min", s / 60);
    }

    /** Accumulates one cell's report; guarded by its own monitor (engine thread writes, shell thread reads). */
    static final class Builder {
        private final List<String> restored = new ArrayList<>();
        private final List<String> stored = new ArrayList<>();
        private final List<String> computed = new ArrayList<>();
        private final Map<String, String> uncacheable = new LinkedHashMap<>();
        private long restoredBytes;
        private long savedNanos;

        synchronized void restored(String name, long bytes, long nanos) {
            add(restored, name);
            restoredBytes += bytes;
            savedNanos += nanos;
        }

        synchronized void computed(String name) {
            add(computed, name);
        }

        synchronized void stored(String name) {
            add(stored, name);
            uncacheable.remove(name);
        }

        synchronized void uncacheable(String name, String reason) {
            uncacheable.put(name, reason);
        }

        synchronized CellReport build() {
            return new CellReport(restored, stored, computed, uncacheable, restoredBytes, savedNanos);
        }

        private static void add(List<String> list, String name) {
            if (!list.contains(name)) {
                list.add(name);
            }
        }
    }
}
