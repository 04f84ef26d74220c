package dev.javacached.store;

import dev.javacached.store.codec.CorruptValueException;
import dev.javacached.store.codec.Input;
import dev.javacached.store.codec.NotStorableException;
import dev.javacached.store.codec.Output;
import dev.javacached.store.codec.UnresolvableClassException;
import dev.javacached.store.codec.ValueCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Status;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The {@link CacheStore} on RocksDB (index + small values) and content-addressed blob files
 * (large values). Several processes may share one directory: the index is opened for each
 * operation and closed right after, retrying while another process holds RocksDB's lock, so
 * the lock is held for milliseconds and never surfaces as an error (see README).
 *
 * <p>Open with {@link #open()} (the default directory) or {@link #open(Path)}.
 */
public final class RocksCacheStore implements CacheStore {
    private static final String ENTRY = "e:";
    private static final String SETTING = "s:";
    private static final String SIZE_LIMIT = "c:sizeLimit";
    private static final long ORPHAN_TMP_AGE_MILLIS = 6 * 3600_000L;

    private final StoreConfig config;
    private final Path dir;
    private final Path indexDir;
    private final Secret secret;
    private final Blobs blobs;
    private final ReentrantLock indexLock = new ReentrantLock();
    private final ExecutorService background;
    private final AtomicBoolean evictionQueued = new AtomicBoolean();
    private final java.util.concurrent.ConcurrentLinkedQueue<String> replacedBlobs = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private volatile Future<?> lastBackground;
    private volatile boolean closed;
    /** Puts' durable halves, one at a time in put order (see {@link Commit}). */
    private final ExecutorService committer;
    private final Object commitOrder = new Object();
    private final Set<Commit> pending = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final java.util.concurrent.atomic.AtomicInteger failedCommits = new java.util.concurrent.atomic.AtomicInteger();
    private volatile Future<?> lastCommit;
    private volatile boolean closing;
    private volatile boolean abandoned;
    private final Thread exitHook = new Thread(this::closeOnExit, "java-cached-store-exit");

    private RocksCacheStore(StoreConfig config) throws IOException {
        this.config = config;
        this.dir = config.directory();
        Fs.privateDir(dir);
        NativeLib.load(dir);
        this.indexDir = dir.resolve("index");
        Fs.privateDir(indexDir);
        this.secret = Secret.loadOrCreate(dir);
        this.blobs = new Blobs(dir, secret);
        this.background = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "java-cached-store-evictor");
            t.setDaemon(true);
            return t;
        });
        this.committer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "java-cached-store-committer");
            t.setDaemon(true);
            return t;
        });
        blobs.writeback = committer;
        try {
            Runtime.getRuntime().addShutdownHook(exitHook);
        } catch (IllegalStateException e) {
            // opened while the JVM exits: nothing will be committed after the caller's close anyway
        }
    }

    /** Opens the store in {@link StoreConfig#defaultDirectory()}. */
    public static RocksCacheStore open() throws IOException {
        return open(StoreConfig.defaultDirectory());
    }

    public static RocksCacheStore open(Path directory) throws IOException {
        return open(StoreConfig.at(directory));
    }

    public static RocksCacheStore open(StoreConfig config) throws IOException {
        RocksCacheStore store = new RocksCacheStore(config);
        try {
            store.withIndex(db -> null);
        } catch (StoreException e) {
            store.close();
            throw new IOException(e.getMessage(), e);
        }
        // Temp files of writers killed during a put (up to a value's size each) go now, not after
        // the 6 h age rule; in the background, so that opening stays fast.
        store.lastBackground = store.background.submit(store.blobs::sweepGoneWriters);
        return store;
    }

    public Path directory() {
        return dir;
    }

    // ---------------------------------------------------------------- index access

    @FunctionalInterface
    private interface IndexAction<T> {
        T run(RocksDB db) throws RocksDBException, IOException;
    }

    /** An index operation failed (already worded for the user, names the store). */
    private static final class StoreException extends Exception {
        StoreException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private String where() {
        return "cache store " + dir;
    }

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
    private long reopenNotBefore;
    /** Guarded by indexLock. */
    private RocksDB heldDb;
    private Options heldOptions;
    private long heldSince;
    private long lastUse;
    private final java.util.concurrent.ScheduledExecutorService releaser =
            Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "java-cached-store-index-release");
                t.setDaemon(true);
                return t;
            });

    /**
     * Runs {@code action} on the index, opening it read-write first unless this process holds
     * it already (see {@link #IDLE_NANOS}). While another process has it open, retries with
     * capped backoff until the lock timeout.
     */
    private <T> T withIndex(IndexAction<T> action) throws StoreException {
        if (closed) {
            throw new StoreException(where() + " is closed", null);
        }
        indexLock.lock();
        try {
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
                        recoverIndex(e);
                        continue;
                    }
                    throw new StoreException(where() + ": " + e.getMessage(), e);
                } catch (IOException e) {
                    throw new StoreException(where() + ": " + e.getMessage(), e);
                } finally {
                    lastUse = System.nanoTime();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException(where() + ": interrupted while waiting for the index", e);
        } finally {
            indexLock.unlock();
        }
    }

    /** Opens the index into heldDb (indexLock held), retrying while another process has it. */
    private void openHeld() throws StoreException, InterruptedException {
        long deadline = System.nanoTime() + config.lockTimeout().toNanos();
        long backoffMicros = 200;
        int recoveries = 0;
        while (true) {
            Options options = indexOptions();
            try {
                Fs.privateDir(indexDir);
                heldIndexKey = fileKey(indexDir);
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
                    recoverIndex(e);
                    continue;
                }
                throw new StoreException(where() + ": cannot open index: " + e.getMessage(), e);
            } catch (IOException e) {
                options.close();
                throw new StoreException(where() + ": cannot open index: " + e.getMessage(), e);
            } catch (RuntimeException | Error e) {
                options.close();
                throw e;
            }
        }
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
        indexLock.lock();
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
            indexLock.unlock();
        }
    }

    /** Closes the held index (indexLock held); its files become owner-only. */
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
        indexLock.lock();
        try {
            return heldDb != null;
        } finally {
            indexLock.unlock();
        }
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

    // ---------------------------------------------------------------- a damaged index

    /** Corruption recoveries one operation may go through before it fails. */
    private static final int MAX_RECOVERIES = 2;
    /** Damaged indexes kept for a person to inspect; older ones are deleted. */
    static final int DAMAGED_KEPT = 3;
    static final String DAMAGED_PREFIX = "index.damaged-";
    private static final java.time.format.DateTimeFormatter DAMAGED_TIME =
            java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(java.time.ZoneOffset.UTC);
    /**
     * Blobs that a damaged index may name are not swept as orphans for this long after it was set
     * aside, so a person can still salvage that index (its files are kept) with its values.
     */
    static final long DAMAGED_BLOB_GRACE_MILLIS = 7 * 24 * 3600_000L;
    /** The identity (dev, inode) of the index directory this process opened last; guarded by indexLock. */
    private Object heldIndexKey;
    /** Locks on the LOCK files of indexes this process set aside, held until close (see recoverIndex). */
    private final List<java.nio.channels.FileChannel> setAsideLocks = new ArrayList<>();
    private final java.util.concurrent.atomic.AtomicReference<String> warning = new java.util.concurrent.atomic.AtomicReference<>();

    private static Object fileKey(Path p) throws IOException {
        return Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
    }

    /**
     * RocksDB reported the index corrupt (a block checksum mismatch, a damaged manifest): moves
     * {@code index/} aside to {@code index.damaged-<time>/} and lets the next open start a fresh,
     * empty index. Entries are then misses; no blob is deleted here (see {@link #sweepOrphans}).
     * Called with indexLock held.
     *
     * <p>Several processes may share the directory. The move happens only while this process
     * holds the lock on the damaged index's {@code LOCK} file (the same fcntl lock RocksDB takes),
     * and only if {@code index/} is still the directory this process found damaged: another
     * process may have moved it already and started a fresh one. The lock on the old {@code LOCK}
     * is kept until close, so a process that opened that file just before the move cannot lock
     * it afterwards and then use the new directory unlocked; it retries and opens the new one.
     * (Two stores on one directory inside one JVM are not protected by this: fcntl locks do not
     * exclude within a process.)
     */
    private void recoverIndex(RocksDBException cause) throws StoreException, InterruptedException {
        Object damaged = heldIndexKey;
        releaseHeld();
        Path lockFile = indexDir.resolve("LOCK");
        long deadline = System.nanoTime() + config.lockTimeout().toNanos();
        long backoffMicros = 200;
        java.nio.channels.FileChannel ch = null;
        try {
            while (true) {
                if (damaged == null || !Files.isDirectory(indexDir) || !damaged.equals(fileKey(indexDir))) {
                    return; // already moved (by another process): the fresh index is opened as usual
                }
                ch = java.nio.channels.FileChannel.open(lockFile, java.nio.file.StandardOpenOption.CREATE,
                        java.nio.file.StandardOpenOption.WRITE);
                java.nio.channels.FileLock lock;
                try {
                    lock = ch.tryLock();
                } catch (java.nio.channels.OverlappingFileLockException e) {
                    lock = null;
                }
                if (lock != null && damaged.equals(fileKey(indexDir))) {
                    break;
                }
                ch.close();
                ch = null;
                if (lock != null) {
                    return; // moved while we took the lock
                }
                if (System.nanoTime() >= deadline) {
                    throw new StoreException(where() + ": the index is damaged (" + cause.getMessage()
                            + ") and another process holds it", cause);
                }
                TimeUnit.MICROSECONDS.sleep(backoffMicros);
                backoffMicros = Math.min(backoffMicros * 2, 20_000);
            }
            Path aside = damagedName();
            Files.move(indexDir, aside, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            Fs.fsyncDir(dir);
            setAsideLocks.add(ch);
            ch = null;
            pruneDamaged();
            String what = String.valueOf(cause.getStatus() == null ? cause.getMessage() : cause.getStatus().getState());
            warning.compareAndSet(null, "the cache index was damaged (" + what + "); it was moved to " + aside
                    + " and a new one started; stored values will be recomputed");
        } catch (IOException e) {
            throw new StoreException(where() + ": the index is damaged (" + cause.getMessage()
                    + ") and could not be set aside: " + e.getMessage(), e);
        } finally {
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // nothing held
                }
            }
        }
    }

    private Path damagedName() {
        String base = DAMAGED_PREFIX + DAMAGED_TIME.format(java.time.Instant.now());
        Path p = dir.resolve(base);
        for (int i = 1; Files.exists(p); i++) {
            p = dir.resolve(base + "-" + i);
        }
        return p;
    }

    /** The damaged indexes set aside, oldest first. */
    private List<Path> damagedIndexes() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(DAMAGED_PREFIX) && Files.isDirectory(p))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
        }
    }

    private void pruneDamaged() {
        try {
            List<Path> all = damagedIndexes();
            for (Path old : all.subList(0, Math.max(0, all.size() - DAMAGED_KEPT))) {
                try (Stream<Path> files = Files.walk(old)) {
                    for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(f);
                    }
                }
            }
        } catch (IOException ignored) {
            // kept a while longer; the next recovery prunes again
        }
    }

    /**
     * Blob files last modified before this time may be named by a damaged index set aside less
     * than {@link #DAMAGED_BLOB_GRACE_MILLIS} ago; the orphan sweep keeps them. 0: none.
     */
    private long protectBlobsBefore() throws IOException {
        long now = System.currentTimeMillis();
        long protect = 0;
        for (Path p : damagedIndexes()) {
            String name = p.getFileName().toString().substring(DAMAGED_PREFIX.length());
            long at;
            try {
                at = java.time.Instant.from(DAMAGED_TIME.parse(name.substring(0, Math.min(name.length(), 20)))).toEpochMilli();
            } catch (java.time.DateTimeException e) {
                at = Files.getLastModifiedTime(p).toMillis();
            }
            if (now - at < DAMAGED_BLOB_GRACE_MILLIS) {
                protect = Math.max(protect, at + 1);
            }
        }
        return protect;
    }

    @Override
    public Optional<String> takeWarning() {
        return Optional.ofNullable(warning.getAndSet(null));
    }

    private static Options indexOptions() {
        Options o = new Options();
        o.setCreateIfMissing(true);
        o.setInfoLogLevel(InfoLogLevel.ERROR_LEVEL);
        o.setKeepLogFileNum(2);
        o.setMaxManifestFileSize(4L << 20);
        return o;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private EntryRecord readEntry(RocksDB db, String key) throws RocksDBException {
        byte[] raw = db.get(utf8(ENTRY + key));
        if (raw == null) {
            return null;
        }
        try {
            EntryRecord r = EntryRecord.parse(raw, secret);
            return r.key().equals(key) ? r : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** All authentic entries; entries that fail authentication are removed as a side effect. */
    private List<EntryRecord> scan(RocksDB db) throws RocksDBException {
        List<EntryRecord> out = new ArrayList<>();
        List<byte[]> bad = new ArrayList<>();
        byte[] prefix = utf8(ENTRY);
        try (RocksIterator it = db.newIterator()) {
            for (it.seek(prefix); it.isValid() && startsWith(it.key(), prefix); it.next()) {
                String key = new String(it.key(), prefix.length, it.key().length - prefix.length, StandardCharsets.UTF_8);
                try {
                    EntryRecord r = EntryRecord.parse(it.value(), secret);
                    if (r.key().equals(key)) {
                        out.add(r);
                        continue;
                    }
                } catch (IOException ignored) {
                    // falls through to removal
                }
                bad.add(it.key());
            }
            it.status(); // a damaged block ends the iteration early: report it, never a short list
        }
        if (!bad.isEmpty()) {
            try (WriteBatch wb = new WriteBatch(); WriteOptions wo = syncWrites()) {
                for (byte[] k : bad) {
                    wb.delete(k);
                }
                db.write(wo, wb);
            }
        }
        return out;
    }

    private static boolean startsWith(byte[] a, byte[] prefix) {
        if (a.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (a[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static WriteOptions syncWrites() {
        return new WriteOptions().setSync(true);
    }

    /** Deletes blob files no remaining entry references (call after the index commit). */
    private void dropBlobsIfUnreferenced(RocksDB db, Set<String> digests) throws RocksDBException {
        if (digests.isEmpty()) {
            return;
        }
        Set<String> live = new HashSet<>();
        for (EntryRecord r : scan(db)) {
            live.add(r.digest());
        }
        for (String d : digests) {
            if (!live.contains(d)) {
                try {
                    Files.deleteIfExists(blobs.pathOf(d));
                } catch (IOException ignored) {
                    // the orphan sweep retries
                }
            }
        }
    }

    // ---------------------------------------------------------------- put / get

    @Override
    public PutResult put(String key, EntryInfo info, Object value, ClassResolver resolver) {
        checkKey(key);
        if (closed || closing) {
            return new PutResult.Failed("cannot store " + info.name() + ": " + where() + " is closed");
        }
        // At most one put is uncommitted: a put's writes never race the previous put's commit (a
        // value filling the disk must not make the value before it fail in the background), and
        // kill -9 loses at most the last put. With early write-back that commit is short.
        flush();
        long now = config.clock().millis();
        Blobs.Spill spill = blobs.new Spill(config.inlineThreshold());
        ValueCodec.Encoded enc;
        String digest;
        try {
            Output out = new Output(Blobs.CHUNK, spill);
            enc = resolver.runValueCode(() -> ValueCodec.encode(value, resolver, out));
            digest = spill.finish();
        } catch (NotStorableException e) {
            spill.discard();
            return new PutResult.NotStorable(e.getMessage());
        } catch (IOException | RuntimeException | OutOfMemoryError e) {
            spill.discard();
            return new PutResult.Failed("cannot store " + info.name() + " in " + where() + ": " + describe(e));
        }
        byte[] inline = spill.inMemory() ? spill.bytes() : null;
        EntryRecord rec = new EntryRecord(key, info.name(), info.typeName(), spill.length(), digest,
                info.computeNanos(), now, info.provenance(), info.attachment(), enc.classes(), enc.pure(),
                inline, now, 0, false);
        Commit c = new Commit(rec, inline == null ? spill : null);
        synchronized (commitOrder) {
            if (closing) {
                spill.discard();
                return new PutResult.Failed("cannot store " + info.name() + ": " + where() + " is closed");
            }
            pending.add(c);
            lastCommit = committer.submit(c);
        }
        return new PutResult.Stored(rec.meta());
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
                commitFault.beforeCommit(rec.key());
                if (spill != null && !blobs.present(rec.digest(), spill.length())) {
                    spill.makeDurable(); // the slow part, outside the index lock
                }
                String replaced = withIndex(db -> {
                    EntryRecord old = readEntry(db, rec.key());
                    if (spill != null) {
                        blobs.install(spill, rec.digest());
                    }
                    EntryRecord stored = old != null && old.pinned() ? rec.withPinned(true) : rec;
                    try (WriteBatch wb = new WriteBatch(); WriteOptions wo = syncWrites()) {
                        wb.put(utf8(ENTRY + rec.key()), stored.toBytes(secret));
                        db.write(wo, wb);
                    }
                    return old != null && old.isBlob() && !old.digest().equals(rec.digest()) ? old.digest() : null;
                });
                // committed; removing a replaced blob and checking the size cap are housekeeping
                if (replaced != null) {
                    replacedBlobs.add(replaced);
                }
                scheduleEviction();
            } catch (StoreException | IOException | RuntimeException | Error e) {
                failedCommits.incrementAndGet();
                String m = e instanceof StoreException ? e.getMessage() : where() + ": " + describe(e);
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

    /** Test seam: called on the committer thread before each commit. */
    interface CommitFault {
        void beforeCommit(String key) throws IOException;
    }

    volatile CommitFault commitFault = k -> { };

    /** Commits that failed in the background since the store was opened. */
    int failedCommits() {
        return failedCommits.get();
    }

    /**
     * Waits until every put made so far through this store is committed (durable and visible
     * to other processes) or has failed. Every other operation of this store calls it first, so
     * this process always sees its own puts.
     */
    public void flush() {
        Future<?> f = lastCommit;
        if (f == null) {
            return;
        }
        try {
            Parallel.awaitUninterruptibly(f);     // a failure: Commit.run reports its own
        } catch (java.util.concurrent.CancellationException e) {
            // abandoned at close: nothing to wait for
        }
    }

    private static String describe(Throwable e) {
        if (e instanceof OutOfMemoryError) {
            return "out of memory while encoding";
        }
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m;
    }

    private static void checkKey(String key) {
        if (key == null || key.isEmpty() || key.length() > 1024) {
            throw new IllegalArgumentException("key must be 1..1024 characters");
        }
    }

    /** What the index holds under a key, as {@link #get} reads it (its entry is touched). */
    private sealed interface Indexed {
        /** No entry, or one of an old format (forgotten). */
        record Absent() implements Indexed {
        }

        /** An entry that failed authentication or parsing; it has been deleted. */
        record Rejected(String reason) implements Indexed {
        }

        record Found(EntryRecord entry) implements Indexed {
        }
    }

    @Override
    public Lookup get(String key, ClassResolver resolver) {
        checkKey(key);
        flush();
        Indexed found;
        try {
            found = withIndex(db -> {
                byte[] raw = db.get(utf8(ENTRY + key));
                if (raw == null) {
                    return new Indexed.Absent();
                }
                EntryRecord r;
                try {
                    r = EntryRecord.parse(raw, secret);
                    if (!r.key().equals(key)) {
                        throw new IOException("index entry belongs to another key");
                    }
                } catch (EntryRecord.OldVersionException e) {
                    // written by an older format: never read, just forgotten (its blob is swept later)
                    try (WriteOptions wo = syncWrites()) {
                        db.delete(wo, utf8(ENTRY + key));
                    }
                    return new Indexed.Absent();
                } catch (IOException e) {
                    try (WriteOptions wo = syncWrites()) {
                        db.delete(wo, utf8(ENTRY + key));
                    }
                    return new Indexed.Rejected(e.getMessage());
                }
                EntryRecord t = r.touched(Math.max(config.clock().millis(), r.lastUsedMillis()));
                try (WriteOptions wo = new WriteOptions()) {
                    db.put(wo, utf8(ENTRY + key), t.toBytes(secret));
                }
                return new Indexed.Found(t);
            });
        } catch (StoreException e) {
            return new Lookup.Unusable(e.getMessage());
        }
        if (found instanceof Indexed.Rejected r) {
            return new Lookup.Unusable("entry " + key + " in " + where() + " was rejected (" + r.reason()
                    + "); removed");
        }
        if (!(found instanceof Indexed.Found f)) {
            return new Lookup.Miss();
        }
        EntryRecord rec = f.entry();
        try {
            Object value = rec.isBlob() ? readBlob(rec, resolver) : readInline(rec, resolver);
            return new Lookup.Hit(value, rec.meta());
        } catch (UnresolvableClassException e) {
            return new Lookup.Unusable("entry " + key + " (" + rec.name() + ") needs a class that does not resolve: "
                    + e.getMessage());
        } catch (NoSuchFileException e) {
            return removeCorrupt(rec, "its blob file is missing");
        } catch (CorruptValueException e) {
            return removeCorrupt(rec, e.getMessage());
        } catch (IOException e) {
            return new Lookup.Unusable("cannot read entry " + key + " from " + where() + ": " + e.getMessage());
        } catch (OutOfMemoryError e) {
            return new Lookup.Unusable("not enough memory to restore " + rec.name() + " (" + rec.sizeBytes() + " bytes)");
        }
    }

    private Object readInline(EntryRecord rec, ClassResolver resolver) throws IOException {
        if (!Secret.equal(utf8(blobs.tagOf(rec.inline())), utf8(rec.digest()))) {
            throw new CorruptValueException("digest mismatch");
        }
        return decode(new Input(rec.inline()), resolver, rec);
    }

    /** Decodes where the user's interrupt reaches the value's own code (see {@link ClassResolver#runValueCode}). */
    private static Object decode(Input in, ClassResolver resolver, EntryRecord rec) throws IOException {
        if (rec.pure()) {
            return ValueCodec.decode(in, resolver, rec.classes()); // no value's own code runs: no detour
        }
        try {
            return resolver.runValueCode(() -> ValueCodec.decode(in, resolver, rec.classes()));
        } catch (NotStorableException e) {
            throw new IOException(e.getMessage(), e); // decoding never refuses a value
        }
    }

    private Object readBlob(EntryRecord rec, ClassResolver resolver) throws IOException {
        try (Blobs.Reader reader = blobs.new Reader(blobs.pathOf(rec.digest()))) {
            if (reader.size() != rec.sizeBytes()) {
                throw new CorruptValueException("blob has " + reader.size() + " bytes, expected " + rec.sizeBytes());
            }
            if (rec.pure()) {
                // Decoding runs no foreign code; its allocations are bounded by the file size. The
                // helpers hash the mapped chunks while this thread decodes, and nothing is returned
                // before the tag matches.
                reader.startHashing();
                Object v;
                try {
                    v = decode(reader.input(), resolver, rec);
                } catch (CorruptValueException e) {
                    throw new CorruptValueException("digest mismatch (" + e.getMessage() + ")");
                }
                if (!reader.verify(rec.digest())) {
                    throw new CorruptValueException("digest mismatch");
                }
                return v;
            }
            reader.hashAll();
            if (!reader.verify(rec.digest())) {
                throw new CorruptValueException("digest mismatch");
            }
            return decode(reader.input(), resolver, rec);
        } catch (InternalError e) {
            // a mapped page could not be read: the file shrank or the disk failed under us
            throw new CorruptValueException("blob could not be read through its mapping: " + e.getMessage());
        }
    }

    private Lookup removeCorrupt(EntryRecord rec, String why) {
        try {
            withIndex(db -> {
                EntryRecord now = readEntry(db, rec.key());
                if (now != null && now.digest().equals(rec.digest())) {
                    try (WriteOptions wo = syncWrites()) {
                        db.delete(wo, utf8(ENTRY + rec.key()));
                    }
                }
                if (rec.isBlob()) {
                    Files.deleteIfExists(blobs.pathOf(rec.digest()));
                }
                return null;
            });
        } catch (StoreException e) {
            return new Lookup.Unusable("entry " + rec.key() + " (" + rec.name() + ") is corrupt (" + why
                    + ") and could not be removed: " + e.getMessage());
        }
        return new Lookup.Unusable("entry " + rec.key() + " (" + rec.name() + ") in " + where() + " was corrupt ("
                + why + "); removed");
    }

    // ---------------------------------------------------------------- management

    @Override
    public Optional<EntryMeta> meta(String key) {
        checkKey(key);
        flush();
        try {
            return Optional.ofNullable(withIndex(db -> readEntry(db, key))).map(EntryRecord::meta);
        } catch (StoreException e) {
            return Optional.empty();
        }
    }

    @Override
    public List<EntryMeta> list() {
        flush();
        try {
            List<EntryMeta> all = withIndex(db -> scan(db).stream().map(EntryRecord::meta).toList());
            List<EntryMeta> sorted = new ArrayList<>(all);
            sorted.sort(Comparator.comparingLong(EntryMeta::createdMillis).reversed()
                    .thenComparing(EntryMeta::key));
            return sorted;
        } catch (StoreException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    @Override
    public boolean delete(String key) {
        checkKey(key);
        return !deleteWhere(r -> r.key().equals(key)).isEmpty();
    }

    @Override
    public List<EntryMeta> deleteByName(String name) {
        return deleteWhere(r -> r.name().equals(name));
    }

    @Override
    public int clear() {
        return deleteWhere(r -> true).size();
    }

    private List<EntryMeta> deleteWhere(java.util.function.Predicate<EntryRecord> which) {
        flush();
        try {
            return withIndex(db -> {
                List<EntryRecord> victims = scan(db).stream().filter(which).toList();
                removeEntries(db, victims);
                return victims.stream().map(EntryRecord::meta).toList();
            });
        } catch (StoreException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private void removeEntries(RocksDB db, List<EntryRecord> victims) throws RocksDBException {
        if (victims.isEmpty()) {
            return;
        }
        Set<String> digests = new HashSet<>();
        try (WriteBatch wb = new WriteBatch(); WriteOptions wo = syncWrites()) {
            for (EntryRecord r : victims) {
                wb.delete(utf8(ENTRY + r.key()));
                if (r.isBlob()) {
                    digests.add(r.digest());
                }
            }
            db.write(wo, wb);
        }
        dropBlobsIfUnreferenced(db, digests);
    }

    @Override
    public StoreStats stats() {
        flush();
        try {
            return withIndex(db -> {
                List<EntryRecord> all = scan(db);
                long bytes = all.stream().mapToLong(EntryRecord::sizeBytes).sum();
                long pinned = all.stream().filter(EntryRecord::pinned).count();
                return new StoreStats(dir, all.size(), bytes, limitIn(db), pinned);
            });
        } catch (StoreException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    @Override
    public boolean setPinned(String key, boolean pinned) {
        checkKey(key);
        flush();
        try {
            return withIndex(db -> {
                EntryRecord r = readEntry(db, key);
                if (r == null) {
                    return false;
                }
                try (WriteOptions wo = syncWrites()) {
                    db.put(wo, utf8(ENTRY + key), r.withPinned(pinned).toBytes(secret));
                }
                return true;
            });
        } catch (StoreException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    @Override
    public void setSizeLimit(long bytes) {
        flush();
        if (bytes <= 0) {
            throw new IllegalArgumentException("size limit must be positive: " + bytes);
        }
        try {
            withIndex(db -> {
                try (WriteOptions wo = syncWrites()) {
                    db.put(wo, utf8(SIZE_LIMIT), utf8(Long.toString(bytes)));
                }
                evictIn(db);
                return null;
            });
        } catch (StoreException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    @Override
    public long sizeLimit() {
        try {
            return withIndex(this::limitIn);
        } catch (StoreException e) {
            return config.defaultSizeLimit();
        }
    }

    private long limitIn(RocksDB db) throws RocksDBException {
        byte[] v = db.get(utf8(SIZE_LIMIT));
        if (v == null) {
            return config.defaultSizeLimit();
        }
        try {
            return Long.parseLong(new String(v, StandardCharsets.UTF_8));
        } catch (NumberFormatException e) {
            return config.defaultSizeLimit();
        }
    }

    @Override
    public Optional<String> setting(String name) {
        try {
            byte[] v = withIndex(db -> db.get(utf8(SETTING + name)));
            return Optional.ofNullable(v).map(b -> new String(b, StandardCharsets.UTF_8));
        } catch (StoreException e) {
            return Optional.empty();
        }
    }

    @Override
    public void setSetting(String name, String value) {
        try {
            withIndex(db -> {
                try (WriteOptions wo = syncWrites()) {
                    db.put(wo, utf8(SETTING + name), utf8(value));
                }
                return null;
            });
        } catch (StoreException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- eviction

    /**
     * Queues housekeeping after a commit on the background thread: deletes blobs that replaced
     * entries no longer reference, and evicts when the store is over its size cap.
     */
    private void scheduleEviction() {
        if (evictionQueued.compareAndSet(false, true) && !closed && !background.isShutdown()) {
            try {
                lastBackground = background.submit(() -> {
                    evictionQueued.set(false);
                    Set<String> drop = new HashSet<>();
                    for (String d; (d = replacedBlobs.poll()) != null; ) {
                        drop.add(d);
                    }
                    try {
                        withIndex(db -> {
                            dropBlobsIfUnreferenced(db, drop);
                            long sum = 0;
                            for (EntryRecord r : scan(db)) {
                                sum += r.sizeBytes();
                            }
                            if (sum > limitIn(db)) {
                                evictIn(db);
                            }
                            return null;
                        });
                    } catch (StoreException e) {
                        replacedBlobs.addAll(drop); // retried after the next put; else the orphan sweep
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // closing: the next open's housekeeping catches up
            }
        }
    }

    /** Waits for queued background eviction (tests use it instead of sleeping). */
    void awaitBackground() throws Exception {
        flush();
        Future<?> f = lastBackground;
        if (f != null) {
            f.get(1, TimeUnit.MINUTES);
        }
    }

    /**
     * Evicts the unpinned entries worth least until the store fits its limit. Worth is the
     * recompute time an entry saves per byte, divided by (1 + hours since last use).
     */
    private void evictIn(RocksDB db) throws RocksDBException, IOException {
        List<EntryRecord> all = scan(db);
        long limit = limitIn(db);
        long total = all.stream().mapToLong(EntryRecord::sizeBytes).sum();
        long now = config.clock().millis();
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
        removeEntries(db, victims);
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
        long protectBefore = protectBlobsBefore();
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

    /** Test seam: injects an I/O failure into blob writes. */
    void setWriteFault(Blobs.WriteFault fault) {
        blobs.fault = fault;
    }

    /** How long {@link #close} waits for pending commits before it abandons them (tests shorten it). */
    volatile long closeWaitMillis = 30_000;

    /** A JVM exiting without close (System.exit, SIGTERM) still commits what it put. */
    private void closeOnExit() {
        finishCommits(closeWaitMillis);
        try {
            if (indexLock.tryLock(1, TimeUnit.SECONDS)) {
                try {
                    releaseHeld();  // a clean close: the next open need not replay the log
                } finally {
                    indexLock.unlock();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops taking puts and waits up to {@code millis} for the pending commits; after that the
     * ones not committed yet are abandoned: their temp files are deleted and no entry is made.
     */
    private void finishCommits(long millis) {
        synchronized (commitOrder) {
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
            System.err.println("java-cached: " + where() + " closed with " + pending.size()
                    + " value(s) not yet committed; they were dropped");
        }
    }

    @Override
    public void close() {
        finishCommits(closeWaitMillis);
        try {
            Runtime.getRuntime().removeShutdownHook(exitHook);
        } catch (IllegalStateException e) {
            // the JVM is exiting already
        }
        background.shutdown();
        try {
            background.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        indexLock.lock();
        try {
            closed = true;
            releaseHeld();
            for (java.nio.channels.FileChannel ch : setAsideLocks) {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // releasing anyway
                }
            }
            setAsideLocks.clear();
        } finally {
            indexLock.unlock();
        }
        releaser.shutdownNow();
    }
}
