package dev.javacached.kernel.cache;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * When a kernel's deferred start-up work may run. Each piece is several hundred ms of CPU that on
 * a 2-core machine slows whatever cell runs beside it, and none of it is needed by cells of plain
 * expressions:
 * <ul>
 *   <li>the store's open with its warm-ups (the kernel's lazy store) waits for {@link #await}:
 *       the kernel idle for a moment after a cell (the user reads a result), or the cache
 *       meeting work that will need the store ({@link #now}: a declaration, or a statement that
 *       mentions a variable);
 *   <li>the file recorder's start ({@link FileAccess}), and the object codec's warm-up for a store
 *       that holds no object graph, wait for {@link #awaitIdleOr}: the kernel idle, or a snippet
 *       that needs them now. Run at {@link #now}, they slowed a restarted kernel's first
 *       restores.
 * </ul>
 */
public final class StartMoment {
    private final CountDownLatch now = new CountDownLatch(1);
    private final long idleNanos;
    /** Since when no cell has run (System.nanoTime), or 0 while one runs and before the first ended. */
    private volatile long idleSince;

    StartMoment(long idleMillis) {
        this.idleNanos = TimeUnit.MILLISECONDS.toNanos(idleMillis);
    }

    /** A cell began. */
    void busy() {
        idleSince = 0;
    }

    /** A cell ended. */
    void idle() {
        idleSince = System.nanoTime();
    }

    /** The work is needed now: every {@link #await} returns. */
    void now() {
        now.countDown();
    }

    /** Waits until the work is needed, or the kernel has been idle long enough after a cell. */
    public void await() throws InterruptedException {
        awaitIdleOr(now);
    }

    /**
     * Waits until {@code needed} is counted down, or the kernel has been idle long enough after a
     * cell, whatever {@link #now} says: for work that only some snippets need, which should not
     * run beside the cells that follow the start moment (the file recorder's start, the codec's
     * warm-up for a store of plain values).
     */
    public void awaitIdleOr(CountDownLatch needed) throws InterruptedException {
        long since;
        while (!needed.await(50, TimeUnit.MILLISECONDS)
                && ((since = idleSince) == 0 || System.nanoTime() - since < idleNanos)) {
            // a cell runs, or the kernel has not been idle long enough yet
        }
    }
}
