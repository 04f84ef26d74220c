package dev.javacached.kernel.cache;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * When a kernel's deferred start-up work may run: the file recorder's start ({@link FileAccess})
 * and the store's open with the object codec's warm-up (the kernel's lazy store). Each is
 * several hundred ms of CPU that on a 2-core machine slows whatever cell runs beside it, and
 * none of it is needed by cells of plain expressions. So it runs once the kernel has been idle
 * for a moment after a cell (the user reads a result), or as soon as the cache meets work that
 * will need it ({@link #now}: a declaration, or a statement that mentions a variable).
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
        long since;
        while (!now.await(50, TimeUnit.MILLISECONDS)
                && ((since = idleSince) == 0 || System.nanoTime() - since < idleNanos)) {
            // a cell runs, or the kernel has not been idle long enough yet
        }
    }
}
