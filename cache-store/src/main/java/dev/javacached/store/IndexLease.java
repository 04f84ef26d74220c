package dev.javacached.store;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.Status;

/**
 * This process's hold on the RocksDB index, which one process at a time may open read-write.
 * {@link #withIndex} opens it (retrying while another process holds its {@code LOCK}), runs an
 * action, and keeps it open for the next one; it is released after {@link #IDLE_NANOS} without
 * use and after {@link #MAX_HOLD_NANOS} of holding even while busy, so another kernel gets its
 * turn within seconds (see the README, "Several kernels on one directory"). An index that RocksDB
 * reports corrupt is set aside by {@link DamagedIndexes} and the action runs again on a fresh one.
 */
final class IndexLease implements AutoCloseable {
    /**
     * The index stays open this long after its last use, and at most {@link #MAX_HOLD_NANOS}
     * in one stretch: a notebook's consecutive cells reuse one open (an open and close cost
     * 7–50 ms here, paid by every lookup before; a restore of a big value can take longer than
     * a shorter idle time, so the next cell reopened) while another process waiting for the lock
     * (it retries until the lock timeout) gets its turn within a few seconds.
     */
    static final long IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(1000);
    static final long MAX_HOLD_NANOS = TimeUnit.MILLISECONDS.toNanos(3000);
    /**
     * After a release forced by {@link #MAX_HOLD_NANOS}, this process does not reopen the index
     * for this long: a waiting process retries every ≤ 20 ms, and without the pause a busy
     * holder would take the lock straight back every time (seen: 17 s of starvation).
     */
    static final long YIELD_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /** Corruption recoveries one operation may go through before it fails. */
    private static final int MAX_RECOVERIES = 2;

    @FunctionalInterface
    interface IndexAction<T> {
        T run(RocksDB db) throws RocksDBException, IOException;
    }

    private final StoreConfig config;
    private final Path indexDir;
    private final String where;
    private final DamagedIndexes damaged;
    private final ReentrantLock lock = new ReentrantLock();
    private final ScheduledExecutorService releaser = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "java-cached-store-index-release");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean closed;
    /** Guarded by lock. */
    private RocksDB heldDb;
    private Options heldOptions;
    private long heldSince;
    private long lastUse;
    private long reopenNotBefore;
    /** The identity (dev, inode) of the index directory this process opened last. */
    private Object heldIndexKey;

    IndexLease(StoreConfig config, Path indexDir, DamagedIndexes damaged, String where) {
        this.config = config;
        this.indexDir = indexDir;
        this.damaged = damaged;
        this.where = where;
    }

    /**
     * Runs {@code action} on the index, opening it read-write first unless this process holds
     * it already (see {@link #IDLE_NANOS}). While another process has it open, retries with
     * capped backoff until the lock timeout.
     */
    <T> T withIndex(IndexAction<T> action) throws StoreException {
        if (closed) {
            throw new StoreException(where + " is closed", null);
        }
        lock.lock();
        try {
            if (closed) {
                // closed while this waited for the lock: opening the index again now would hold
                // its LOCK file with no releaser left, and the next open of this folder would fail
                throw new StoreException(where + " is closed", null);
            }
            for (int attempt = 0; ; attempt++) {
                if (heldDb == null) {
                    long wait = reopenNotBefore - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                    openHeld();
                }
                try {
                    return action.run(heldDb);
                } catch (RocksDBException e) {
                    if (isCorruption(e) && attempt < MAX_RECOVERIES) {
                        // the action runs again on the fresh index: a lookup misses, a commit lands there
                        recover(e);
                        continue;
                    }
                    throw new StoreException(where + ": " + e.getMessage(), e);
                } catch (IOException e) {
                    throw new StoreException(where + ": " + e.getMessage(), e);
                } finally {
                    lastUse = System.nanoTime();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException(where + ": interrupted while waiting for the index", e);
        } finally {
            lock.unlock();
        }
    }

    /** Opens the index into heldDb (lock held), retrying while another process has it. */
    private void openHeld() throws StoreException, InterruptedException {
        long deadline = System.nanoTime() + config.lockTimeout().toNanos();
        long backoffMicros = 200;
        int recoveries = 0;
        while (true) {
            Options options = indexOptions();
            try {
                Fs.privateDir(indexDir);
                heldIndexKey = DamagedIndexes.fileKey(indexDir);
                heldDb = RocksDB.open(options, indexDir.toString());
                heldOptions = options;
                heldSince = System.nanoTime();
                lastUse = heldSince;
                scheduleRelease(IDLE_NANOS);
                return;
            } catch (RocksDBException e) {
                options.close();
                if (isLockBusy(e) && System.nanoTime() < deadline) {
                    TimeUnit.MICROSECONDS.sleep(backoffMicros);
                    backoffMicros = Math.min(backoffMicros * 2, 20_000);
                    continue;
                }
                if (isCorruption(e) && recoveries++ < MAX_RECOVERIES) {
                    recover(e);
                    continue;
                }
                throw new StoreException(where + ": cannot open index: " + e.getMessage(), e);
            } catch (IOException e) {
                options.close();
                throw new StoreException(where + ": cannot open index: " + e.getMessage(), e);
            } catch (RuntimeException | Error e) {
                options.close();
                throw e;
            }
        }
    }

    /** Closes the damaged index and has it set aside (lock held); the next open starts a fresh one. */
    private void recover(RocksDBException cause) throws StoreException, InterruptedException {
        Object key = heldIndexKey;
        releaseHeld();
        damaged.setAside(key, cause);
    }

    private void scheduleRelease(long delayNanos) {
        try {
            releaser.schedule(this::releaseIfDue, Math.max(1, delayNanos), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closing: close() releases the index itself
        }
    }

    /** Closes the held index once it has been idle or held long enough; else checks again later. */
    private void releaseIfDue() {
        lock.lock();
        try {
            if (heldDb == null) {
                return;
            }
            long now = System.nanoTime();
            long due = Math.min(lastUse + IDLE_NANOS, heldSince + MAX_HOLD_NANOS);
            if (now - due >= 0) {
                if (now - (heldSince + MAX_HOLD_NANOS) >= 0) {
                    reopenNotBefore = now + YIELD_NANOS;
                }
                releaseHeld();
            } else {
                scheduleRelease(due - now);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Closes the held index (lock held); its files become owner-only. */
    private void releaseHeld() {
        if (heldDb == null) {
            return;
        }
        try {
            heldDb.close();
        } finally {
            heldDb = null;
            heldOptions.close();
            heldOptions = null;
            Fs.privateFiles(indexDir);
        }
    }

    /** Whether this process holds the index open right now (for tests). */
    boolean holdsIndex() {
        lock.lock();
        try {
            return heldDb != null;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Releases the index if the lock comes free within a second (a JVM exiting without close: a
     * clean close spares the next open a log replay); else leaves it to the operating system.
     */
    void releaseOnExit() {
        try {
            if (lock.tryLock(1, TimeUnit.SECONDS)) {
                try {
                    releaseHeld();
                } finally {
                    lock.unlock();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Releases the index for good: every later {@link #withIndex} fails. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            releaseHeld();
            damaged.close();
        } finally {
            lock.unlock();
        }
        releaser.shutdownNow();
    }

    boolean isClosed() {
        return closed;
    }

    private static Options indexOptions() {
        Options o = new Options();
        o.setCreateIfMissing(true);
        o.setInfoLogLevel(InfoLogLevel.ERROR_LEVEL);
        o.setKeepLogFileNum(2);
        o.setMaxManifestFileSize(4L << 20);
        // open the index's table files on the opening thread (RocksDB's default starts up to 16
        // threads for it at every open, which end at once): an ended thread's reads show in the
        // process's system-call counters as nobody's, and the kernel's file observer took them
        // for the user's code (a lease taken beside a snippet, e.g. to save its run time)
        o.setMaxFileOpeningThreads(1);
        return o;
    }

    /**
     * Whether {@code e} says another opener holds the index's {@code LOCK} (retry), as opposed to
     * any other failure that happens to mention a lock (fail). RocksDB reports a held lock as an
     * IOError whose state is "While lock file: DIR/LOCK: Resource temporarily unavailable" (another
     * process; fcntl gives EAGAIN, or EACCES on some systems) or "lock hold by current process, ...
     * DIR/LOCK: ..." (another store in this JVM). "While open a file for lock" (the LOCK file
     * cannot be opened: permissions) and ENOLCK ("No locks available", a file system without
     * locking) are not busy.
     */
    static boolean isLockBusy(RocksDBException e) {
        Status st = e.getStatus();
        if (st == null || st.getCode() != Status.Code.IOError) {
            return false;
        }
        String state = String.valueOf(st.getState());
        if (state.startsWith("lock hold by current process")) {
            return true;
        }
        return state.startsWith("While lock file:") && state.contains("LOCK: ")
                && (state.endsWith("Resource temporarily unavailable") || state.endsWith("Permission denied"));
    }

    static boolean isCorruption(RocksDBException e) {
        Status st = e.getStatus();
        return st != null && st.getCode() == Status.Code.Corruption;
    }
}
