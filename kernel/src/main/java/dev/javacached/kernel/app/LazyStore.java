package dev.javacached.kernel.app;

import dev.javacached.kernel.log.Log;
import dev.javacached.store.CacheStore;
import dev.javacached.store.ClassResolver;
import dev.javacached.store.EntryInfo;
import dev.javacached.store.EntryMeta;
import dev.javacached.store.Lookup;
import dev.javacached.store.PutResult;
import dev.javacached.store.StoreStats;
import dev.javacached.store.UnavailableStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The cache store, opened after start rather than during it: opening it (loading RocksDB's
 * 15 MB native library, opening the index) costs a few hundred ms of CPU and about 10 MB of
 * memory that the kernel's start would otherwise pay on a 2-core machine alongside JShell's
 * start. The kernel calls {@link #openSoon} when its first cell has finished; the open runs at
 * the kernel's start moment (idle after a cell, or the cache meets a declaration: see
 * {@link dev.javacached.kernel.cache.StartMoment}), and a later declaration finds the store ready
 * (a restarted kernel's first restore paid ~100–300 ms for the open). Opening it as the first
 * cell started instead slowed that cell about as much as it saved (measured with
 * {@code bench/cache}). A declaration in the first cell opens it there; any use before a
 * background open has finished waits for it.
 */
final class LazyStore implements CacheStore {
    private final Path directory;
    private final Supplier<CacheStore> opener;
    private CacheStore store;
    private boolean closed;
    private final java.util.concurrent.CountDownLatch closing = new java.util.concurrent.CountDownLatch(1);
    private boolean opening;

    LazyStore(Path directory, Supplier<CacheStore> opener) {
        this.directory = directory;
        this.opener = opener;
    }

    private synchronized CacheStore store() {
        if (store == null) {
            store = closed ? new UnavailableStore(directory, "the cache store is closed") : opener.get();
        }
        return store;
    }

    /**
     * Starts opening the store on a background thread (once), so that the first declaration
     * the cache looks up does not wait for it.
     */
    void openSoon() {
        openSoon(() -> { });
    }

    /**
     * {@link #openSoon()}, running {@code alsoWarm} on the same background thread once the store
     * is open, before the object codec's warm-up (the cache's own first-restore costs, e.g. its
     * recorded-output decoder). It must not throw.
     */
    void openSoon(Runnable alsoWarm) {
        openSoon(() -> { }, () -> { }, alsoWarm);
    }

    /**
     * {@link #openSoon(Runnable)} once {@code moment} has returned: the kernel waits for its start
     * moment ({@link dev.javacached.kernel.cache.StartMoment}), so that opening the store and
     * warming the codec, several hundred ms of CPU, run when the kernel is idle or the cache
     * meets a declaration, not beside the cells of plain expressions that follow a first result.
     * A use of the store before then opens it at once, as always. The codec's warm-up waits for
     * {@code idle} too when the store holds no object graph ({@link CacheStore#holdsObjectGraphs}):
     * then no restore needs it soon, and beside a restarted kernel's first restores of arrays it
     * only took CPU from them (notebooks/03's rerun, 2 cores: 1.74 s with it, 1.50 s without).
     */
    void openSoon(Moment moment, Moment idle, Runnable alsoWarm) {
        synchronized (this) {
            if (opening || store != null || closed) {
                return;
            }
            opening = true;
        }
        Thread t = new Thread(() -> {
            try {
                moment.await();
            } catch (InterruptedException e) {
                return;
            }
            synchronized (this) {
                if (closed) {
                    return;
                }
            }
            // a remote tier's first request (~70 ms cold) comes first: every local miss meets it
            store().warmUp();
            alsoWarm.run();   // cheap (~40 ms) and met by every restore: before the codec's
            // the object codec loads and initialises in a few hundred ms of a new JVM: pay that
            // here, between cells, rather than in a restarted kernel's first restore of an object
            if (!store().holdsObjectGraphs()) {
                try {
                    idle.await();
                } catch (InterruptedException e) {
                    return;
                }
            }
            long t0 = System.nanoTime();
            dev.javacached.store.codec.ValueCodec.warmUp();
            Log.debug("object codec warmed up in %.0f ms", (System.nanoTime() - t0) / 1e6);
            // this thread stays until the store closes: Linux adds an ended thread's system
            // calls to the process's, where the file observer's counts (ThreadIoCounter) would
            // take its reads for the user's code, and a quiet snippet would need a snapshot
            try {
                closing.await();
            } catch (InterruptedException e) {
                // ends
            }
        }, "java-cached-store-open");
        t.setDaemon(true);
        t.start();
    }

    /** What the background open waits for. */
    interface Moment {
        void await() throws InterruptedException;
    }

    /** Whether the store has been opened (for tests and logging). */
    synchronized boolean isOpen() {
        return store != null && !closed;
    }

    @Override
    public PutResult put(String key, EntryInfo info, Object value, ClassResolver resolver) {
        return store().put(key, info, value, resolver);
    }

    @Override
    public Lookup get(String key, ClassResolver resolver) {
        return store().get(key, resolver);
    }

    @Override
    public Optional<EntryMeta> meta(String key) {
        return store().meta(key);
    }

    @Override
    public List<EntryMeta> list() {
        return store().list();
    }

    @Override
    public boolean delete(String key) {
        return store().delete(key);
    }

    @Override
    public List<EntryMeta> deleteByName(String name) {
        return store().deleteByName(name);
    }

    @Override
    public int clear() {
        return store().clear();
    }

    @Override
    public StoreStats stats() {
        return store().stats();
    }

    @Override
    public boolean setPinned(String key, boolean pinned) {
        return store().setPinned(key, pinned);
    }

    @Override
    public void setSizeLimit(long bytes) {
        store().setSizeLimit(bytes);
    }

    @Override
    public long sizeLimit() {
        return store().sizeLimit();
    }

    @Override
    public Optional<String> setting(String name) {
        return store().setting(name);
    }

    @Override
    public void setSetting(String name, String value) {
        store().setSetting(name, value);
    }

    @Override
    public Optional<dev.javacached.store.remote.RemoteStatus> remoteStatus() {
        return store().remoteStatus();
    }

    /** The open store's warning; a store not opened yet has none (and is not opened for it). */
    @Override
    public Optional<String> takeWarning() {
        CacheStore s;
        synchronized (this) {
            s = store;
        }
        return s == null ? Optional.empty() : s.takeWarning();
    }

    @Override
    public synchronized void close() {
        closed = true;
        closing.countDown();
        if (store != null) {
            store.close();
        }
    }
}
