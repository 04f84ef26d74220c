package dev.javacached.kernel.engine;

import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * A reentrant lock that survives {@code Thread.stop}. On JDK 17 an interrupt stops the snippet
 * thread with {@code Thread.stop}, which can land anywhere, including halfway into or out of
 * a {@link java.util.concurrent.locks.ReentrantLock} taken by {@code System.out.println}: the
 * lock then belongs to a dead thread and the next cell waits forever. This lock records its
 * owner, and a thread that finds the owner dead takes the lock over.
 *
 * <p>Only the owner touches {@link #holds}, so a takeover starts it afresh. Waiters spin
 * briefly, then park for short periods: the lock guards short sections (decode and hand text
 * to the output thread).
 */
final class StopSafeLock {
    private static final long PARK_NANOS = 50_000L;

    private final AtomicReference<Thread> owner = new AtomicReference<>();
    private int holds;

    void lock() {
        Thread me = Thread.currentThread();
        if (owner.get() == me) {
            holds++;
            return;
        }
        for (int spins = 0; !acquire(me); spins++) {
            if (spins < 100) {
                Thread.onSpinWait();
            } else {
                LockSupport.parkNanos(this, PARK_NANOS);
            }
        }
    }

    /** Takes the lock if it is free (or held by a dead thread); never waits. */
    boolean tryLock() {
        Thread me = Thread.currentThread();
        if (owner.get() == me) {
            holds++;
            return true;
        }
        return acquire(me);
    }

    void unlock() {
        if (owner.get() != Thread.currentThread()) {
            throw new IllegalMonitorStateException("not the owner");
        }
        if (--holds == 0) {
            owner.set(null);
        }
    }

    private boolean acquire(Thread me) {
        Thread current = owner.get();
        if (current != null && current.isAlive()) {
            return false;
        }
        if (owner.compareAndSet(current, me)) {
            holds = 1;
            return true;
        }
        return false;
    }
}
