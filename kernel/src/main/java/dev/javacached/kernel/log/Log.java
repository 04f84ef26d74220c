package dev.javacached.kernel.log;

import java.io.PrintStream;
import java.time.LocalTime;

/**
 * Minimal logging to the kernel's original stderr with a {@code [java-cached]} prefix.
 * {@code JAVA_CACHED_LOG=debug} (or the system property {@code java.cached.log=debug})
 * turns on debug lines. No framework: start-up time matters more than features here.
 */
public final class Log {
    private static final PrintStream ERR = System.err;
    private static final boolean DEBUG = "debug".equalsIgnoreCase(
            System.getProperty("java.cached.log", System.getenv().getOrDefault("JAVA_CACHED_LOG", "")));

    private Log() {
    }

    public static boolean debugEnabled() {
        return DEBUG;
    }

    public static void debug(String fmt, Object... args) {
        if (DEBUG) {
            write("DEBUG", String.format(fmt, args), null);
        }
    }

    public static void info(String fmt, Object... args) {
        write("INFO", String.format(fmt, args), null);
    }

    public static void warn(String fmt, Object... args) {
        write("WARN", String.format(fmt, args), null);
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
