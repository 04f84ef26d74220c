package dev.javacached.kernel.engine;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class StopSafeLockTest {

    @Test
    void ownerThatDiedHoldingIt_lockIsTakenOver() throws Exception {
        StopSafeLock lock = new StopSafeLock();
        Thread dies = new Thread(lock::lock);
        dies.start();
        dies.join();
        assertTrue(lock.tryLock(), "the dead owner's lock is free");
        lock.unlock();
        lock.lock();
        lock.unlock();
    }

    @Test
    void liveOwner_othersWaitUntilItUnlocks() throws Exception {
        StopSafeLock lock = new StopSafeLock();
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread owner = new Thread(() -> {
            lock.lock();
            held.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            lock.unlock();
        });
        owner.start();
        assertTrue(held.await(10, TimeUnit.SECONDS));
        assertFalse(lock.tryLock());
        release.countDown();
        lock.lock();
        lock.unlock();
        owner.join();
    }

    @Test
    void reentrant_releasedAfterAsManyUnlocks() throws Exception {
        StopSafeLock lock = new StopSafeLock();
        lock.lock();
        assertTrue(lock.tryLock());
        lock.unlock();
        Thread other = new Thread(() -> assertFalse(lock.tryLock()));
        other.start();
        other.join();
        lock.unlock();
        assertThrows(IllegalMonitorStateException.class, lock::unlock);
    }

    @Test
    void mutualExclusion_underContention() throws Exception {
        StopSafeLock lock = new StopSafeLock();
        int[] counter = {0};
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                for (int i = 0; i < 20_000; i++) {
                    lock.lock();
                    try {
                        if (inside.incrementAndGet() != 1) {
                            overlaps.incrementAndGet();
                        }
                        counter[0]++;
                        inside.decrementAndGet();
                    } finally {
                        lock.unlock();
                    }
                }
            });
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        assertTrue(overlaps.get() == 0 && counter[0] == 80_000, overlaps + " overlaps, count " + counter[0]);
    }
}
