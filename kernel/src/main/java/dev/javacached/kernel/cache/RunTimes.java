package dev.javacached.kernel.cache;

import dev.javacached.kernel.log.Log;
import dev.javacached.store.StoreSettings;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * How long each declaration's or statement's source took the last time it ran, kept in the
 * store's settings so that a restarted kernel knows it too ({@link CachingHook#predictedFast}):
 * a snippet that ran in under half the threshold is not expected to be stored, so it skips the
 * digests of the mutable variables it mentions (a 320 MB array: about 0.1 s) and the other
 * preparations for storing it. A hint only: a snippet predicted fast that turns out slow is not
 * stored that time, says why, and is stored on its next run.
 *
 * <p>With each time goes whether the source's runs made read or write system calls
 * ({@link CachingHook#beginWindow}): a source that never did runs without waiting for the
 * file recorder's start. Once one run made a call the source stays "not quiet": a run that
 * makes calls after quiet ones, before the recorder runs, has unknown file reads (nothing it set
 * is stored that time), and that should happen once, not at every restart.
 *
 * <p>Kept as {@code key=ms}, with {@code q} (quiet) or {@code n} (not) after the ms when known; a
 * kernel of before the flag reads such an entry as unknown.
 *
 * <p>At most {@link #MAX} sources, the most recently run, each as 16 hex digits of a hash. Read
 * from the store at the first prediction (only made when the cache may store: the store is open
 * then), written back after a cell that changed a prediction, on a thread of its own (settings
 * are written synchronously). Several kernels on one store: the last to write wins, which costs
 * at most a digest. Not thread-safe: the engine thread calls it.
 */
final class RunTimes {
    static final String SETTING = "run-times";
    static final int MAX = 4096;

    private final StoreSettings store;
    /**
     * A source's last run time, and whether its runs made no read or write system call (null
     * when unknown).
     */
    private record Run(long millis, Boolean quiet) {
        /** Not quiet in either is not quiet; unknown in one is what the other says. */
        static Boolean both(Boolean a, Boolean b) {
            return a == null ? b : b == null ? a : Boolean.valueOf(a && b);
        }
    }

    /** The runs by key, least recently run first; merged with the store's at the first prediction. */
    private final LinkedHashMap<String, Run> runs = new LinkedHashMap<>();
    private boolean loaded;
    private boolean changed;
    /** One writer for the JVM (a kernel has one hook; a test JVM has many): the writes are small and rare. */
    private static final ExecutorService WRITER = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "java-cached-run-times");
        t.setDaemon(true);
        return t;
    });
    private java.util.concurrent.Future<?> lastWrite;

    RunTimes(StoreSettings store) {
        this.store = store;
    }

    static String key(String normalizedSource) {
        return Hasher.of("run-time", normalizedSource).substring(0, 16);
    }

    /** The last run time of this source, in ms, in this kernel or the one before it; -1 if unknown. */
    long lastMillis(String normalizedSource) {
        if (!loaded) {
            load();
        }
        Run r = runs.get(key(normalizedSource));
        return r == null ? -1 : r.millis();
    }

    /** Whether every run of this source that was observed made no read or write system call. */
    boolean quiet(String normalizedSource) {
        if (!loaded) {
            load();
        }
        Run r = runs.get(key(normalizedSource));
        return r != null && Boolean.TRUE.equals(r.quiet());
    }

    /**
     * Whether this source's latest run made a read or write system call ({@code quietNow} false)
     * or not (true); null: not known, nothing changes. Not quiet once is not quiet for good.
     */
    void io(String normalizedSource, Boolean quietNow) {
        if (quietNow == null) {
            return;
        }
        String k = key(normalizedSource);
        Run r = runs.get(k);
        if (r == null) {
            return;     // a run that failed: no time, no flag
        }
        Boolean after = Run.both(r.quiet(), quietNow);
        if (!after.equals(r.quiet())) {
            runs.put(k, new Run(r.millis(), after));     // keeps its place: ran() moved it last
            changed = true;
        }
    }

    /** This source just ran for {@code nanos}. */
    void ran(String normalizedSource, long nanos) {
        String k = key(normalizedSource);
        long ms = Math.max(0, (nanos + 999_999) / 1_000_000);
        Run before = runs.remove(k);
        runs.put(k, new Run(ms, before == null ? null : before.quiet()));     // most recent last
        if (before == null || scale(before.millis()) != scale(ms)) {
            changed = true;                    // a new source, or twice as slow or fast: worth a write
        }
        while (runs.size() > MAX) {
            runs.remove(runs.keySet().iterator().next());
        }
    }

    /** The power of two a time falls under: runs within a factor of two of each other do not call for a write. */
    private static int scale(long ms) {
        return 64 - Long.numberOfLeadingZeros(ms);
    }

    private void load() {
        loaded = true;
        Map<String, Run> mine = new LinkedHashMap<>(runs);
        runs.clear();
        try {
            for (String entry : store.setting(SETTING).orElse("").split(",")) {
                int eq = entry.indexOf('=');
                if (eq == 16) {
                    String k = entry.substring(0, 16);
                    String v = entry.substring(17);
                    char flag = v.isEmpty() ? ' ' : v.charAt(v.length() - 1);
                    if (flag == 'q' || flag == 'n') {
                        v = v.substring(0, v.length() - 1);
                    }
                    try {
                        runs.put(k, new Run(Long.parseLong(v), flag == 'q' || flag == 'n' ? flag == 'q' : null));
                    } catch (NumberFormatException e) {
                        // a damaged entry: unknown, as if never run
                    }
                }
            }
        } catch (RuntimeException e) {
            Log.debug("run times not read: %s", e);
        }
        for (Map.Entry<String, Run> e : mine.entrySet()) {     // this session's runs are newer
            Run stored = runs.remove(e.getKey());
            Run now = e.getValue();
            runs.put(e.getKey(), new Run(now.millis(), Run.both(stored == null ? null : stored.quiet(), now.quiet())));
        }
    }

    /**
     * After a cell: writes the times back if that cell changed one. Only once they were read
     * from the store (a kernel whose cache never stores does not open the store for this).
     */
    void save() {
        if (!changed || !loaded) {
            return;
        }
        changed = false;
        StringBuilder sb = new StringBuilder(runs.size() * 23);
        for (Map.Entry<String, Run> e : runs.entrySet()) {
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(e.getKey()).append('=').append(e.getValue().millis());
            Boolean q = e.getValue().quiet();
            if (q != null) {
                sb.append(q ? 'q' : 'n');
            }
        }
        String value = sb.toString();
        try {
            lastWrite = WRITER.submit(() -> {
                try {
                    store.setSetting(SETTING, value);
                } catch (RuntimeException e) {
                    Log.debug("run times not saved: %s", e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // shutting down: a hint lost
        }
    }

    /** Waits until the last {@link #save} is written (tests). */
    void flush() {
        java.util.concurrent.Future<?> w = lastWrite;
        if (w == null) {
            return;
        }
        try {
            w.get(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            // a hint lost
        }
    }
}
