package dev.javacached.store.remote;

import java.util.function.LongSupplier;

/**
 * Stops asking a server that failed: after a failure the remote tier is skipped for 10 s, then
 * one call probes it; each failure in a row doubles the pause, up to 5 minutes. A success closes
 * it. Time is injected, so tests do not sleep.
 */
final class Breaker {
    static final long FIRST_PAUSE_NANOS = 10_000_000_000L;
    static final long MAX_PAUSE_NANOS = 300_000_000_000L;
    private final LongSupplier nanoTime;
    private int failuresInARow;
    private long openUntil;
    private String reason = "";

    Breaker(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /** Whether a call may go to the server now. */
    synchronized boolean allows() {
        return failuresInARow == 0 || nanoTime.getAsLong() - openUntil >= 0;
    }

    /** Records a failure; true when it is the first of a row (the one to tell the user about). */
    synchronized boolean failed(String why) {
        failuresInARow++;
        reason = why;
        long pause = Math.min(MAX_PAUSE_NANOS, FIRST_PAUSE_NANOS << Math.min(failuresInARow - 1, 5));
        openUntil = nanoTime.getAsLong() + pause;
        return failuresInARow == 1;
    }

    /** Records a success; true when it closes an open breaker. */
    synchronized boolean succeeded() {
        boolean was = failuresInARow > 0;
        failuresInARow = 0;
        return was;
    }

    synchronized boolean isOpen() {
        return failuresInARow > 0;
    }

    synchronized String reason() {
        return reason;
    }

    /** Seconds until the next probe (0 when closed or due). */
    synchronized long secondsToProbe() {
        return failuresInARow == 0 ? 0 : Math.max(0, (openUntil - nanoTime.getAsLong()) / 1_000_000_000L);
    }
}
