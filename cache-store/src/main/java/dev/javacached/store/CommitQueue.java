package dev.javacached.store;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The durable half of each put, on the store's committer thread, one put at a time in put order
 * (README, "Crash safety and the asynchronous commit"): fsync the temp file, rename it into place
 * and commit the index entry under the index lease, then hand the replaced blob and the size
 * check to the {@link Evictor}. A commit that fails is reported once on stderr and leaves no entry
 * and no temp file. The same thread serves blob writers' early write-back requests.
 */
final class CommitQueue {
    /** Test seam: called on the committer thread before each commit. */
    interface CommitFault {
        void beforeCommit(String key) throws IOException;
    }

    private final IndexLease lease;
    private final EntryIndex entries;
    private final Blobs blobs;
    private final Evictor evictor;
    private final String where;
    private final ExecutorService committer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "java-cached-store-committer");
        t.setDaemon(true);
        return t;
    });
    private final Object order = new Object();
    private final Set<Commit> pending = ConcurrentHashMap.newKeySet();
    private final AtomicInteger failed = new AtomicInteger();
    private volatile Future<?> lastCommit;
    private volatile boolean closing;
    private volatile boolean abandoned;
    volatile CommitFault fault = k -> { };

    CommitQueue(IndexLease lease, EntryIndex entries, Blobs blobs, Evictor evictor, String where) {
        this.lease = lease;
        this.entries = entries;
        this.blobs = blobs;
        this.evictor = evictor;
        this.where = where;
        blobs.writeback = committer;
    }

    boolean closing() {
        return closing;
    }

    /**
     * Queues the commit of {@code rec} (its value in {@code spill}, or null when the value is
     * inline in the entry); false when the store is closing (the caller discards the spill).
     */
    boolean enqueue(EntryRecord rec, Blobs.Spill spill) {
        Commit c = new Commit(rec, spill);
        synchronized (order) {
            if (closing) {
                return false;
            }
            pending.add(c);
            lastCommit = committer.submit(c);
        }
        return true;
    }

    /** Waits until every queued commit is done (committed or failed). */
    void flush() {
        Future<?> f = lastCommit;
        if (f == null) {
            return;
        }
        try {
            Parallel.awaitUninterruptibly(f);     // a failure: Commit.run reports its own
        } catch (CancellationException e) {
            // abandoned at close: nothing to wait for
        }
    }

    /** Commits that failed in the background since the store was opened. */
    int failedCommits() {
        return failed.get();
    }

    /**
     * Stops taking commits and waits up to {@code millis} for the pending ones; after that the
     * ones not committed yet are abandoned: their temp files are deleted and no entry is made.
     */
    void finish(long millis) {
        synchronized (order) {
            closing = true;
        }
        committer.shutdown();
        boolean done = false;
        try {
            done = committer.awaitTermination(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!done) {
            abandoned = true;
            committer.shutdownNow();
            for (Commit c : pending) {
                c.discard();
            }
            System.err.println("java-cached: " + where + " closed with " + pending.size()
                    + " value(s) not yet committed; they were dropped");
        }
    }

    static String describe(Throwable e) {
        if (e instanceof OutOfMemoryError) {
            return "out of memory while encoding";
        }
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m;
    }

    /**
     * The durable half of a put, run in put order on the committer thread: fsync the temp
     * file, rename it into place, fsync the directory, commit the index entry.
     */
    private final class Commit implements Runnable {
        private final EntryRecord rec;
        private final Blobs.Spill spill;

        Commit(EntryRecord rec, Blobs.Spill spill) {
            this.rec = rec;
            this.spill = spill;
        }

        @Override
        public void run() {
            try {
                if (abandoned) {
                    discard();
                    return;
                }
                fault.beforeCommit(rec.key());
                if (spill != null && !blobs.present(rec.digest(), spill.length())) {
                    spill.makeDurable(); // the slow part, outside the index lock
                }
                String replaced = lease.withIndex(db -> {
                    EntryRecord old = entries.read(db, rec.key());
                    if (spill != null) {
                        blobs.install(spill, rec.digest());
                    }
                    entries.write(db, old != null && old.pinned() ? rec.withPinned(true) : rec);
                    return old != null && old.isBlob() && !old.digest().equals(rec.digest()) ? old.digest() : null;
                });
                // committed; removing a replaced blob and checking the size cap are housekeeping
                evictor.afterCommit(replaced);
            } catch (StoreException | IOException | RuntimeException | Error e) {
                failed.incrementAndGet();
                String m = e instanceof StoreException ? e.getMessage() : where + ": " + describe(e);
                System.err.println("java-cached: " + rec.name() + " (key " + rec.key()
                        + ") was not stored after all: " + m);
                discard();
            } finally {
                pending.remove(this);
            }
        }

        void discard() {
            if (spill != null) {
                spill.discard();
            }
        }
    }
}
