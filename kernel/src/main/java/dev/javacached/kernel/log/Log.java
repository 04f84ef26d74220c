package dev.javacached.kernel.log;

import java.io.PrintStream;
import java.time.LocalTime;
import java.util.Locale;

/**
 * Minimal logging to the kernel's original stderr with a {@code [java-cached]} prefix.
 * The kernel's stderr is the user's terminal under {@code jupyter console}, so by default
 * only warnings and errors are written; {@code JAVA_CACHED_LOG=info} adds the life-cycle
 * lines (started, shutdown, SIGINT) and {@code JAVA_CACHED_LOG=debug} the timings too (the
 * system property {@code java.cached.log} wins over the variable). No framework: start-up
 * time matters more than features here.
 */
public final class Log {
    /** How much is written; each level includes the ones above it. */
    enum Level { ERROR, WARN, INFO, DEBUG }

    private static final PrintStream ERR = System.err;
    private static final Level LEVEL = level(
            System.getProperty("java.cached.log", System.getenv().getOrDefault("JAVA_CACHED_LOG", "")));

    private Log() {
    }

    /** The level a setting names; anything else (unset, a typo) is the default, WARN. */
    static Level level(String setting) {
        return switch (setting.trim().toLowerCase(Locale.ROOT)) {
            case "debug" -> Level.DEBUG;
            case "info" -> Level.INFO;
            case "error" -> Level.ERROR;
            default -> Level.WARN;
        };
    }

    public static boolean debugEnabled() {
        return LEVEL == Level.DEBUG;
    }

    public static void debug(String fmt, Object... args) {
        if (LEVEL.compareTo(Level.DEBUG) >= 0) {
            write("DEBUG", String.format(fmt, args), null);
        }
    }

    public static void info(String fmt, Object... args) {
        if (LEVEL.compareTo(Level.INFO) >= 0) {
            write("INFO", String.format(fmt, args), null);
        }
    }

    public static void warn(String fmt, Object... args) {
        if (LEVEL.compareTo(Level.WARN) >= 0) {
            write("WARN", String.format(fmt, args), null);
        }
    }

    public static void error(String message, Throwable t) {
        write("ERROR", message, t);
    }

    private static void write(String level, String message, Throwable t) {
        synchronized (ERR) {
            ERR.println("[java-cached " + LocalTime.now() + " " + level + " " + Thread.currentThread().getName() + "] " + message);
            if (t != null) {
                t.printStackTrace(ERR);
            }
        }
    }
}
