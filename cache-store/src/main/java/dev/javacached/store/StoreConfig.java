package dev.javacached.store;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * How a {@link RocksCacheStore} is opened.
 *
 * @param directory        the store directory (created 0700)
 * @param defaultSizeLimit the size cap used until {@link StoreSettings#setSizeLimit} persists another
 * @param inlineThreshold  encoded values up to this many bytes live in RocksDB, larger ones in blob files
 * @param lockTimeout      how long an operation waits for another process holding the index
 * @param clock            time source for created/last-used stamps (tests inject a fixed clock)
 */
public record StoreConfig(Path directory, long defaultSizeLimit, int inlineThreshold, Duration lockTimeout,
                          Clock clock) {
    /** 8 GiB: large enough for a few big arrays, small next to a typical free disk. */
    public static final long DEFAULT_SIZE_LIMIT = 8L << 30;
    /** Chosen by measurement, see bench/results/store-threshold.md. */
    public static final int DEFAULT_INLINE_THRESHOLD = 32 * 1024;
    public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(30);

    public StoreConfig {
        if (defaultSizeLimit <= 0 || inlineThreshold < 0) {
            throw new IllegalArgumentException("size limit and inline threshold must be positive");
        }
    }

    public static StoreConfig at(Path directory) {
        return new StoreConfig(directory, DEFAULT_SIZE_LIMIT, DEFAULT_INLINE_THRESHOLD, DEFAULT_LOCK_TIMEOUT,
                Clock.systemUTC());
    }

    public StoreConfig withClock(Clock c) {
        return new StoreConfig(directory, defaultSizeLimit, inlineThreshold, lockTimeout, c);
    }

    public StoreConfig withInlineThreshold(int bytes) {
        return new StoreConfig(directory, defaultSizeLimit, bytes, lockTimeout, clock);
    }

    /** {@code $JAVA_CACHED_DIR}, else {@code ${XDG_CACHE_HOME:-~/.cache}/java-cached}. */
    public static Path defaultDirectory() {
        return defaultDirectory(System.getenv(), System.getProperty("user.home"));
    }

    static Path defaultDirectory(Map<String, String> env, String home) {
        String explicit = env.get("JAVA_CACHED_DIR");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        String xdg = env.get("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(home, ".cache");
        return base.resolve("java-cached");
    }
}
