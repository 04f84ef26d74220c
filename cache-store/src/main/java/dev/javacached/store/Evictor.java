package dev.javacached.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

/**
 * The store's housekeeping, on its own background thread so that neither a caller nor a commit
 * waits for it (README, "Eviction" and "Leftovers"): deleting blobs that replaced entries no
 * longer reference, evicting the entries worth least while the store is over its size cap, and
 * sweeping orphan blobs and temp files of writers that are gone.
 */
final class Evictor implements AutoCloseable {
    private static final long ORPHAN_TMP_AGE_MILLIS = 6 * 3600_000L;

    private final IndexLease lease;
    private final EntryIndex entries;
    private final Blobs blobs;
    private final DamagedIndexes damaged;
    private final Clock clock;
    private final ExecutorService background = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "java-cached-store-evictor");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean evictionQueued = new AtomicBoolean();
    private final ConcurrentLinkedQueue<String> replacedBlobs = new ConcurrentLinkedQueue<>();
    private volatile Future<?> lastBackground;

    Evictor(IndexLease lease, EntryIndex entries, Blobs blobs, DamagedIndexes damaged, Clock clock) {
        this.lease = lease;
        this.entries = entries;
        this.blobs = blobs;
        this.damaged = damaged;
        this.clock = clock;
    }

    /**
     * Temp files of writers killed during a put (up to a value's size each) go now, not after the
     * 6 h age rule; in the background, so that opening stays fast.
     */
    void sweepGoneWritersSoon() {
        lastBackground = background.submit(blobs::sweepGoneWriters);
    }

    /**
     * Queues housekeeping after a commit: deletes {@code replacedDigest} (a blob the committed
     * entry replaced; null for none) unless an entry still references it, and evicts when the
     * store is over its size cap.
     */
    void afterCommit(String replacedDigest) {
        if (replacedDigest != null) {
            replacedBlobs.add(replacedDigest);
        }
        if (evictionQueued.compareAndSet(false, true) && !lease.isClosed() && !background.isShutdown()) {
            try {
                lastBackground = background.submit(() -> {
                    evictionQueued.set(false);
                    Set<String> drop = new HashSet<>();
                    for (String d; (d = replacedBlobs.poll()) != null; ) {
                        drop.add(d);
                    }
                    try {
                        lease.withIndex(db -> {
                            entries.dropBlobsIfUnreferenced(db, drop);
                            long sum = 0;
                            for (EntryRecord r : entries.scan(db)) {
                                sum += r.sizeBytes();
                            }
                            if (sum > entries.sizeLimit(db)) {
                                evictIn(db);
                            }
                            return null;
                        });
                    } catch (StoreException e) {
                        replacedBlobs.addAll(drop); // retried after the next put; else the orphan sweep
                    }
                });
            } catch (RejectedExecutionException e) {
                // closing: the next open's housekeeping catches up
            }
        }
    }

    /** Waits for queued housekeeping (tests use it instead of sleeping). */
    void await() throws Exception {
        Future<?> f = lastBackground;
        if (f != null) {
            f.get(1, TimeUnit.MINUTES);
        }
    }

    /**
     * Evicts the unpinned entries worth least until the store fits its limit, then sweeps
     * orphans. Worth is the recompute time an entry saves per byte, divided by (1 + hours since
     * last use).
     */
    void evictIn(RocksDB db) throws RocksDBException, IOException {
        List<EntryRecord> all = entries.scan(db);
        long limit = entries.sizeLimit(db);
        long total = all.stream().mapToLong(EntryRecord::sizeBytes).sum();
        long now = clock.millis();
        List<EntryRecord> victims = new ArrayList<>();
        if (total > limit) {
            List<EntryRecord> candidates = new ArrayList<>(all.stream().filter(r -> !r.pinned()).toList());
            candidates.sort(Comparator.comparingDouble((EntryRecord r) -> worth(r, now)).thenComparing(EntryRecord::key));
            for (EntryRecord r : candidates) {
                if (total <= limit) {
                    break;
                }
                victims.add(r);
                total -= r.sizeBytes();
            }
        }
        entries.remove(db, victims);
        sweepOrphans(all.stream().filter(r -> !victims.contains(r)).map(EntryRecord::digest).toList(), now);
    }

    static double worth(EntryRecord r, long nowMillis) {
        double hoursIdle = Math.max(0, nowMillis - r.lastUsedMillis()) / 3_600_000.0;
        return (r.computeNanos() + 1.0) / Math.max(1, r.sizeBytes()) / (1.0 + hoursIdle);
    }

    /**
     * Blobs no entry references (a crash between rename and index commit), temp files of writers
     * that are gone, and temp files older than 6 h (their writer is unknown: another pid space, or
     * a name from before temp files carried the pid).
     */
    private void sweepOrphans(List<String> liveDigests, long now) throws IOException {
        Set<String> live = new HashSet<>(liveDigests);
        long protectBefore = damaged.protectBlobsBefore();
        try (Stream<Path> files = Files.walk(blobs.blobDir())) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                if (!live.contains(f.getFileName().toString())
                        && Files.getLastModifiedTime(f).toMillis() >= protectBefore) {
                    Files.deleteIfExists(f);
                }
            }
        }
        try (Stream<Path> files = Files.list(blobs.tmpDir())) {
            for (Path f : files.toList()) {
                if (Blobs.writerGone(f) || now - Files.getLastModifiedTime(f).toMillis() > ORPHAN_TMP_AGE_MILLIS) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    /** Lets queued housekeeping finish (up to a minute) and stops the thread. */
    @Override
    public void close() {
        background.shutdown();
        try {
            background.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
