package dev.javacached.store;

import dev.javacached.store.codec.CorruptValueException;
import dev.javacached.store.codec.NotStorableException;
import dev.javacached.store.codec.Output;
import dev.javacached.store.codec.UnresolvableClassException;
import dev.javacached.store.codec.ValueCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The {@link CacheStore} on RocksDB (index + small values) and content-addressed blob files
 * (large values). Several processes may share one directory (see README). This class is the
 * front: it checks arguments, encodes a put's value and reads a get's, and hands each job to
 * the piece that owns it:
 * <ul>
 *   <li>{@link IndexLease}: this process's hold on the RocksDB index (open, retry, release);
 *   <li>{@link DamagedIndexes}: setting a corrupt index aside;
 *   <li>{@link EntryIndex}: what the index holds (entries, settings, the size cap);
 *   <li>{@link Blobs}: blob files, their temp files and their tags;
 *   <li>{@link CommitQueue}: the durable half of each put, in put order;
 *   <li>{@link ValueReader}: verifying and decoding a stored value;
 *   <li>{@link Evictor}: housekeeping (replaced blobs, the size cap, orphans).
 * </ul>
 *
 * <p>Open with {@link #open()} (the default directory) or {@link #open(Path)}.
 */
public final class RocksCacheStore implements CacheStore {
    private final StoreConfig config;
    private final Path dir;
    private final String where;
    private final Blobs blobs;
    private final DamagedIndexes damaged;
    private final IndexLease lease;
    private final EntryIndex entries;
    private final ValueReader reader;
    private final Evictor evictor;
    private final CommitQueue commits;
    private final Thread exitHook = new Thread(this::closeOnExit, "java-cached-store-exit");

    private RocksCacheStore(StoreConfig config) throws IOException {
        this.config = config;
        this.dir = config.directory();
        this.where = "cache store " + dir;
        Fs.privateDir(dir);
        NativeLib.load(dir);
        Path indexDir = dir.resolve("index");
        Fs.privateDir(indexDir);
        Secret secret = Secret.loadOrCreate(dir);
        this.blobs = new Blobs(dir, secret);
        this.damaged = new DamagedIndexes(config, dir, indexDir, where);
        this.lease = new IndexLease(config, indexDir, damaged, where);
        this.entries = new EntryIndex(secret, blobs, config.defaultSizeLimit());
        this.reader = new ValueReader(blobs);
        this.evictor = new Evictor(lease, entries, blobs, damaged, config.clock());
        this.commits = new CommitQueue(lease, entries, blobs, evictor, where);
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
            store.lease.withIndex(db -> null);
        } catch (StoreException e) {
            store.close();
            throw new IOException(e.getMessage(), e);
        }
        store.evictor.sweepGoneWritersSoon();
        return store;
    }

    public Path directory() {
        return dir;
    }

    @Override
    public Optional<String> takeWarning() {
        return damaged.takeWarning();
    }

    // ---------------------------------------------------------------- put / get

    @Override
    public PutResult put(String key, EntryInfo info, Object value, ClassResolver resolver) {
        checkKey(key);
        if (lease.isClosed() || commits.closing()) {
            return new PutResult.Failed("cannot store " + info.name() + ": " + where + " is closed");
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
            return new PutResult.Failed("cannot store " + info.name() + " in " + where + ": "
                    + CommitQueue.describe(e));
        }
        byte[] inline = spill.inMemory() ? spill.bytes() : null;
        EntryRecord rec = new EntryRecord(key, info.name(), info.typeName(), spill.length(), digest,
                info.computeNanos(), now, info.provenance(), info.attachment(), enc.classes(), enc.pure(),
                inline, now, 0, false);
        if (!commits.enqueue(rec, inline == null ? spill : null)) {
            spill.discard();
            return new PutResult.Failed("cannot store " + info.name() + ": " + where + " is closed");
        }
        return new PutResult.Stored(rec.meta());
    }

    /**
     * Waits until every put made so far through this store is committed (durable and visible
     * to other processes) or has failed. Every other operation of this store calls it first, so
     * this process always sees its own puts.
     */
    public void flush() {
        commits.flush();
    }

    private static void checkKey(String key) {
        if (key == null || key.isEmpty() || key.length() > 1024) {
            throw new IllegalArgumentException("key must be 1..1024 characters");
        }
    }

    @Override
    public Lookup get(String key, ClassResolver resolver) {
        checkKey(key);
        flush();
        EntryIndex.Indexed found;
        try {
            found = lease.withIndex(db -> entries.lookup(db, key, config.clock().millis()));
        } catch (StoreException e) {
            return new Lookup.Unusable(e.getMessage());
        }
        if (found instanceof EntryIndex.Indexed.Rejected r) {
            return new Lookup.Unusable("entry " + key + " in " + where + " was rejected (" + r.reason()
                    + "); removed");
        }
        if (!(found instanceof EntryIndex.Indexed.Found f)) {
            return new Lookup.Miss();
        }
        EntryRecord rec = f.entry();
        try {
            return new Lookup.Hit(reader.read(rec, resolver), rec.meta());
        } catch (UnresolvableClassException e) {
            return new Lookup.Unusable("entry " + key + " (" + rec.name() + ") needs a class that does not resolve: "
                    + e.getMessage());
        } catch (NoSuchFileException e) {
            return removeCorrupt(rec, "its blob file is missing");
        } catch (CorruptValueException e) {
            return removeCorrupt(rec, e.getMessage());
        } catch (IOException e) {
            return new Lookup.Unusable("cannot read entry " + key + " from " + where + ": " + e.getMessage());
        } catch (OutOfMemoryError e) {
            return new Lookup.Unusable("not enough memory to restore " + rec.name() + " (" + rec.sizeBytes() + " bytes)");
        }
    }

    // ---------------------------------------------------------------- moving entries between stores

    /**
     * The entry under {@code key} with its encoded bytes, checked against this store's tag, for
     * the remote tier to upload; empty when there is none or it does not verify. Reads the bytes
     * once (for the check and SHA-256); the caller streams them again from the file.
     */
    public Optional<PortableEntry.Exported> export(String key) {
        checkKey(key);
        flush();
        EntryRecord rec;
        try {
            rec = lease.withIndex(db -> entries.read(db, key));
        } catch (StoreException e) {
            return Optional.empty();
        }
        if (rec == null) {
            return Optional.empty();
        }
        java.security.MessageDigest sha = sha256();
        if (!rec.isBlob()) {
            if (!Secret.equal(EntryIndex.utf8(blobs.tagOf(rec.inline())), EntryIndex.utf8(rec.digest()))) {
                return Optional.empty();
            }
            sha.update(rec.inline());
            return Optional.of(new PortableEntry.Exported(portable(rec, sha), rec.inline(), null));
        }
        Path file = blobs.pathOf(rec.digest());
        try (Blobs.Reader reader = blobs.new Reader(file)) {
            if (reader.size() != rec.sizeBytes()) {
                return Optional.empty();
            }
            reader.hashAll();
            if (!reader.verify(rec.digest())) {
                return Optional.empty();
            }
        } catch (IOException | InternalError e) {
            return Optional.empty();
        }
        try (java.io.InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 20];
            for (int n; (n = in.read(buf)) > 0; ) {
                sha.update(buf, 0, n);
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.of(new PortableEntry.Exported(portable(rec, sha), null, file));
    }

    private static PortableEntry portable(EntryRecord rec, java.security.MessageDigest sha) {
        return new PortableEntry(rec.key(), rec.name(), rec.typeName(), rec.sizeBytes(),
                java.util.HexFormat.of().formatHex(sha.digest()), rec.computeNanos(), rec.createdMillis(),
                rec.provenance(), rec.attachment(), rec.classes(), rec.pure());
    }

    static java.security.MessageDigest sha256() {
        try {
            return java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Stores an entry that another store encoded, streaming its bytes from {@code bytes} into a
     * blob (or the index, when small) under this store's own tag. Nothing is kept unless exactly
     * {@code entry.sizeBytes()} bytes arrive and their SHA-256 is {@code entry.sha256()}: else
     * {@link PutResult.Failed} says why. A get then decodes it with the usual checks.
     */
    public PutResult importEntry(PortableEntry entry, java.io.InputStream bytes) {
        return importEntry(entry, bytes, false).result();
    }

    /**
     * {@link #importEntry(PortableEntry, java.io.InputStream)}, and with {@code decode}, for an
     * entry recorded as {@code pure} (a primitive array, a string, a boxed value: decoding runs no
     * class's code), also the value, decoded from the same bytes while they stream in (into an
     * array that only this call holds) and returned only when their length and SHA-256 are the
     * entry's: what a get right after the import would return, without reading the blob back.
     * The commit then completes in the background, as a put's does. A value that does not decode
     * is imported anyway and not returned (the caller's get says why).
     */
    public PortableEntry.Imported importEntry(PortableEntry entry, java.io.InputStream bytes, boolean decode) {
        checkKey(entry.key());
        if (lease.isClosed() || commits.closing()) {
            return new PortableEntry.Imported(new PutResult.Failed(where + " is closed"), false, null);
        }
        flush();
        // a value decoded on the way: its blob file is for the next restart, not for reading back now
        Blobs.Spill spill = blobs.new Spill(config.inlineThreshold(), decode && entry.pure());
        ImportPipeline.Done done;
        String digest;
        try {
            done = new ImportPipeline(entry.sizeBytes(), spill, decode && entry.pure()).run(bytes);
            if (done.length() != entry.sizeBytes()) {
                throw new IOException("truncated: " + done.length() + " of " + entry.sizeBytes() + " bytes arrived");
            }
            if (!Secret.equal(EntryIndex.utf8(done.sha256()), EntryIndex.utf8(entry.sha256()))) {
                throw new IOException("SHA-256 mismatch: the bytes are " + done.sha256() + ", the entry names "
                        + entry.sha256());
            }
            digest = spill.finish();
        } catch (IOException | RuntimeException | OutOfMemoryError e) {
            spill.discard();
            return new PortableEntry.Imported(new PutResult.Failed(CommitQueue.describe(e)), false, null);
        }
        long now = config.clock().millis();
        byte[] inline = spill.inMemory() ? spill.bytes() : null;
        EntryRecord rec = new EntryRecord(entry.key(), entry.name(), entry.typeName(), spill.length(), digest,
                entry.computeNanos(), now, entry.provenance(), entry.attachment(), entry.classes(), entry.pure(),
                inline, now, 0, false);
        if (!commits.enqueue(rec, inline == null ? spill : null)) {
            spill.discard();
            return new PortableEntry.Imported(new PutResult.Failed(where + " is closed"), false, null);
        }
        boolean decoded = decode && entry.pure() && done.decodeFailure() == null;
        return new PortableEntry.Imported(new PutResult.Stored(rec.meta()), decoded, decoded ? done.value() : null);
    }

    private Lookup removeCorrupt(EntryRecord rec, String why) {
        try {
            lease.withIndex(db -> {
                EntryRecord now = entries.read(db, rec.key());
                if (now != null && now.digest().equals(rec.digest())) {
                    entries.deleteEntry(db, rec.key());
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
        return new Lookup.Unusable("entry " + rec.key() + " (" + rec.name() + ") in " + where + " was corrupt ("
                + why + "); removed");
    }

    // ---------------------------------------------------------------- the entry catalog

    @Override
    public Optional<EntryMeta> meta(String key) {
        checkKey(key);
        flush();
        try {
            return Optional.ofNullable(lease.withIndex(db -> entries.read(db, key))).map(EntryRecord::meta);
        } catch (StoreException e) {
            return Optional.empty();
        }
    }

    /** True when an entry of the index holds an object graph (or the index cannot be read). */
    @Override
    public boolean holdsObjectGraphs() {
        try {
            flush();
            return lease.withIndex(db -> entries.scan(db).stream().anyMatch(r -> !r.pure()));
        } catch (StoreException | RuntimeException e) {
            return true;
        }
    }

    @Override
    public List<EntryMeta> list() {
        flush();
        List<EntryMeta> all = orThrow(() -> lease.withIndex(db -> entries.scan(db).stream().map(EntryRecord::meta).toList()));
        List<EntryMeta> sorted = new ArrayList<>(all);
        sorted.sort(Comparator.comparingLong(EntryMeta::createdMillis).reversed().thenComparing(EntryMeta::key));
        return sorted;
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

    private List<EntryMeta> deleteWhere(Predicate<EntryRecord> which) {
        flush();
        return orThrow(() -> lease.withIndex(db -> {
            List<EntryRecord> victims = entries.scan(db).stream().filter(which).toList();
            entries.remove(db, victims);
            return victims.stream().map(EntryRecord::meta).toList();
        }));
    }

    @Override
    public StoreStats stats() {
        flush();
        return orThrow(() -> lease.withIndex(db -> {
            List<EntryRecord> all = entries.scan(db);
            long bytes = all.stream().mapToLong(EntryRecord::sizeBytes).sum();
            long pinned = all.stream().filter(EntryRecord::pinned).count();
            return new StoreStats(dir, all.size(), bytes, entries.sizeLimit(db), pinned);
        }));
    }

    @Override
    public boolean setPinned(String key, boolean pinned) {
        checkKey(key);
        flush();
        return orThrow(() -> lease.withIndex(db -> {
            EntryRecord r = entries.read(db, key);
            if (r == null) {
                return false;
            }
            entries.write(db, r.withPinned(pinned));
            return true;
        }));
    }

    // ---------------------------------------------------------------- settings

    @Override
    public void setSizeLimit(long bytes) {
        flush();
        if (bytes <= 0) {
            throw new IllegalArgumentException("size limit must be positive: " + bytes);
        }
        orThrow(() -> lease.withIndex(db -> {
            entries.setSizeLimit(db, bytes);
            evictor.evictIn(db);
            return null;
        }));
    }

    @Override
    public long sizeLimit() {
        try {
            return lease.withIndex(entries::sizeLimit);
        } catch (StoreException e) {
            return config.defaultSizeLimit();
        }
    }

    @Override
    public Optional<String> setting(String name) {
        try {
            return lease.withIndex(db -> entries.setting(db, name));
        } catch (StoreException e) {
            return Optional.empty();
        }
    }

    @Override
    public void setSetting(String name, String value) {
        orThrow(() -> lease.withIndex(db -> {
            entries.setSetting(db, name, value);
            return null;
        }));
    }

    @FunctionalInterface
    private interface IndexCall<T> {
        T call() throws StoreException;
    }

    /** Administration fails loudly: a {@code %cache} command shows the store's error. */
    private static <T> T orThrow(IndexCall<T> call) {
        try {
            return call.call();
        } catch (StoreException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- test seams

    /** Whether this process holds the index open right now. */
    boolean holdsIndex() {
        return lease.holdsIndex();
    }

    /** Commits that failed in the background since the store was opened. */
    int failedCommits() {
        return commits.failedCommits();
    }

    /** Called on the committer thread before each commit. */
    void setCommitFault(CommitQueue.CommitFault fault) {
        commits.fault = fault;
    }

    /** Waits for the pending commits and then queued housekeeping (instead of sleeping). */
    void awaitBackground() throws Exception {
        flush();
        evictor.await();
    }

    /** The index's lease (tests of its races with {@link #close}). */
    IndexLease indexLease() {
        return lease;
    }

    /** Injects an I/O failure into blob writes. */
    void setWriteFault(Blobs.WriteFault fault) {
        blobs.fault = fault;
    }

    /** How long {@link #close} waits for pending commits before it abandons them (tests shorten it). */
    volatile long closeWaitMillis = 30_000;

    // ---------------------------------------------------------------- close

    /** A JVM exiting without close (System.exit, SIGTERM) still commits what it put. */
    private void closeOnExit() {
        commits.finish(closeWaitMillis);
        lease.releaseOnExit();  // a clean close: the next open need not replay the log
    }

    @Override
    public void close() {
        commits.finish(closeWaitMillis);
        try {
            Runtime.getRuntime().removeShutdownHook(exitHook);
        } catch (IllegalStateException e) {
            // the JVM is exiting already
        }
        evictor.close();
        lease.close();
    }
}
