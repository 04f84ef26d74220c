package dev.javacached.store.remote;

import dev.javacached.store.CacheStore;
import dev.javacached.store.ClassResolver;
import dev.javacached.store.EntryInfo;
import dev.javacached.store.EntryMeta;
import dev.javacached.store.Lookup;
import dev.javacached.store.PortableEntry;
import dev.javacached.store.PutResult;
import dev.javacached.store.RocksCacheStore;
import dev.javacached.store.StoreStats;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A shared second tier behind the local store: a {@link CacheStore} that is the local
 * {@link RocksCacheStore} plus a remote cache server ({@link HttpRemote}).
 * <ul>
 *   <li><b>get</b>: the local store first. On a local miss, the signed entry under
 *       {@code ac/<key>}: accepted only when signed by a trusted writer for this fingerprint
 *       ({@link SignedEntry}); its value's bytes stream from {@code cas/<sha256>} into the local
 *       store, which keeps them only when their length and SHA-256 match the signed ones
 *       ({@link RocksCacheStore#importEntry}), decoding a plain value (an array, a string) from
 *       the same bytes on the way and handing it over only after that check; any other value
 *       comes from the local get with the value layer's own checks. The download runs on its own
 *       thread and the caller waits in {@link ClassResolver#runValueCode}, so the kernel's
 *       interrupt stops it (nothing is kept). A rejected entry is a miss, told to the user once.</li>
 *   <li><b>put</b>: the local store; a writer (one with a signing key) then uploads the entry on
 *       a background thread, so no cell waits for the network. A writer's local hit is uploaded
 *       too when the server lacks it (once per key and session, after a HEAD).</li>
 *   <li><b>failure</b>: a server that fails (unreachable, slow, 5xx) opens a {@link Breaker}: the
 *       tier is skipped until it probes again; the user hears it once per outage
 *       ({@link #takeWarning()}), and {@code %cache remote} shows why ({@link #status()}).</li>
 * </ul>
 * Everything else (list, delete, pin, settings) is the local store's.
 */
public final class RemoteTier implements CacheStore {
    /** Uploads waiting beyond this many are skipped (a notebook storing faster than the network). */
    static final int MAX_QUEUED_UPLOADS = 256;
    /** How long {@link #close()} waits for queued uploads (a CI kernel ends right after its last cell). */
    static final long CLOSE_WAIT_MILLIS = 60_000;

    private final RocksCacheStore local;
    private final String url;
    private final String source;
    private final HttpRemote http;                 // null: configuration error, tier off
    private final List<PublicKey> trusted;
    private final PrivateKey signer;               // null: a reader
    private final String offReason;                // non-null: tier off
    private final Breaker breaker = new Breaker(System::nanoTime);
    private final ThreadPoolExecutor uploader;
    private final ConcurrentLinkedQueue<String> warnings = new ConcurrentLinkedQueue<>();
    private final Set<String> told = Collections.synchronizedSet(new HashSet<>());
    /** Keys a writer has uploaded or checked on the server this session. */
    private final Set<String> checked = Collections.synchronizedSet(new HashSet<>());
    private final ArrayDeque<String> problems = new ArrayDeque<>();
    private final ArrayDeque<Double> latencies = new ArrayDeque<>();
    private final java.util.concurrent.atomic.AtomicInteger pendingUploads = new java.util.concurrent.atomic.AtomicInteger();
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong uploads = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong bytesDown = new AtomicLong();
    private final AtomicLong bytesUp = new AtomicLong();
    private volatile double lastLatency;
    /** The server has answered this session (a lookup's request or the warm-up's). */
    private volatile boolean answered;
    /** For the benchmark: the last hit's streaming into the local store, and its local get. */
    volatile long lastImportNanos;
    volatile long lastLocalGetNanos;
    volatile long lastCommitNanos;

    private RemoteTier(RocksCacheStore local, RemoteConfig config, HttpRemote http, List<PublicKey> trusted,
                       PrivateKey signer, String offReason) {
        this.local = local;
        this.url = config.base().toString();
        this.source = config.source();
        this.http = http;
        this.trusted = List.copyOf(trusted);
        this.signer = signer;
        this.offReason = offReason;
        this.uploader = signer == null || http == null ? null : new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(MAX_QUEUED_UPLOADS), r -> {
                    Thread t = new Thread(r, "java-cached-upload");
                    t.setDaemon(true);
                    return t;
                });
    }

    /**
     * The local store with the remote tier {@code config} describes. A configuration that cannot
     * be used (unreadable keys or credentials) gives a tier that is off, with the reason in its
     * status and in one warning; the local store works either way.
     */
    public static RemoteTier over(RocksCacheStore local, RemoteConfig config) {
        List<PublicKey> trusted = List.of();
        PrivateKey signer = null;
        try {
            if (config.trust().isPresent()) {
                trusted = WriterKeys.readPublic(config.trust().get());
            }
            if (config.writeKey().isPresent()) {
                signer = WriterKeys.readPrivate(config.writeKey().get());
            }
            HttpRemote http = new HttpRemote(config.base(), config.authorization(), config.timeout());
            return new RemoteTier(local, config, http, trusted, signer, null);
        } catch (IOException | RuntimeException e) {
            RemoteTier off = new RemoteTier(local, config, null, trusted, null, "off: " + e.getMessage());
            off.warnings.add("the remote tier " + config.base() + " is off: " + e.getMessage());
            return off;
        }
    }

    /**
     * Pays, off the cells' path, for what a kernel's first lookup through this tier would: the HTTP
     * client's first request and its connection (one GET of an {@code ac/} key that no entry has,
     * a miss on any server), the Ed25519 verifier's first use and SHA-256's compilation
     * ({@link #warmHashing}). The kernel calls it once, on the thread that opened the store. A
     * server that does not answer opens the breaker here, and the first cell that looks up says
     * so without waiting for the timeout. Never throws.
     */
    @Override
    public void warmUp() {
        if (http == null || trusted.isEmpty() || !breaker.allows()) {
            return;
        }
        try {
            http.getAc(acKey("java-cached warm-up"), 1 << 16);
            serverAnswered();
        } catch (HttpRemote.Failure f) {
            serverFailed(f.getMessage());
        } catch (IOException | RuntimeException e) {
            // an answer that is not an entry's: the connection is warm all the same
        }
        SignedEntry.warmUp();
        warmHashing();
    }

    /**
     * Hashes 12 MB with SHA-256, so that the JIT compiles the JDK's SHA-256 (the CPU's SHA
     * instructions) before the first download is checked: in a new JVM with the kernel's flags,
     * the first ~200 ms of an import's hashing ran as plain bytecode, and a 100 MB restore took
     * 0.27 s instead of 0.22 s. About 60 ms of CPU, once, on the thread that opened the store.
     */
    private static void warmHashing() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] block = new byte[256 << 10];
            for (int i = 0; i < 48; i++) {
                sha.update(block, 0, block.length);
            }
            sha.digest();
        } catch (GeneralSecurityException e) {
            // no SHA-256: every download is refused anyway
        }
    }

    /** The key an entry has on the server: SHA-256 of a tag and the fingerprint (64 hex digits, as servers expect). */
    static String acKey(String fingerprint) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update("java-cached remote 1\n".getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(md.digest(fingerprint.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------- get

    @Override
    public Lookup get(String key, ClassResolver resolver) {
        Lookup l = local.get(key, resolver);
        if (l instanceof Lookup.Hit hit && uploader != null && checked.add(key)) {
            // a writer shares what it restores too: a value computed before the server was set,
            // or evicted there since, is uploaded when the server lacks it
            queueUpload(key, hit.meta().name(), true);
        }
        if (!(l instanceof Lookup.Miss) || http == null || trusted.isEmpty()) {
            return l;
        }
        Fetched fetched = fetch(key, resolver);
        if (fetched instanceof Fetched.Nothing) {
            return l;
        }
        if (fetched instanceof Fetched.Stopped stopped) {
            return new Lookup.Unusable(stopped.why());
        }
        PortableEntry.Imported imported = ((Fetched.Imported) fetched).imported();
        if (imported.decoded()) {
            // decoded from the very bytes whose length and SHA-256 were just checked against the
            // signed entry: what the local get would read back, without reading it back
            hits.incrementAndGet();
            lastCommitNanos = 0;
            lastLocalGetNanos = 0;
            return new Lookup.Hit(imported.value(), ((PutResult.Stored) imported.result()).meta());
        }
        long t0 = System.nanoTime();
        local.flush();
        lastCommitNanos = System.nanoTime() - t0;
        Lookup again = local.get(key, resolver);
        lastLocalGetNanos = System.nanoTime() - t0;
        if (again instanceof Lookup.Hit) {
            hits.incrementAndGet();
        } else if (again instanceof Lookup.Unusable u) {
            reject(key, "the value did not pass the local checks: " + u.reason());
            return new Lookup.Unusable("the remote tier's entry was not usable: " + u.reason());
        }
        return again;
    }

    /** What a fetch came to. */
    private sealed interface Fetched {
        /** No entry to use (none, rejected, or the server failed): a miss. */
        record Nothing() implements Fetched {
        }

        /** The user's interrupt stopped the download; nothing was kept. */
        record Stopped(String why) implements Fetched {
        }

        /** Imported into the local store (and maybe decoded on the way). */
        record Imported(PortableEntry.Imported imported) implements Fetched {
        }
    }

    private static final Fetched NOTHING = new Fetched.Nothing();

    /** Fetches the entry for {@code key} into the local store. */
    private Fetched fetch(String key, ClassResolver resolver) {
        if (!breaker.allows()) {
            return NOTHING;
        }
        long t0 = System.nanoTime();
        Optional<byte[]> signed;
        try {
            signed = http.getAc(acKey(key), SignedEntry.MAX_BYTES);
        } catch (HttpRemote.Failure f) {
            serverFailed(f.getMessage());
            return NOTHING;
        } catch (IOException e) {
            reject(key, e.getMessage());
            return NOTHING;
        }
        latency((System.nanoTime() - t0) / 1e6);
        serverAnswered();
        if (signed.isEmpty()) {
            misses.incrementAndGet();
            return NOTHING;
        }
        bytesDown.addAndGet(signed.get().length);
        PortableEntry entry;
        try {
            entry = SignedEntry.verify(signed.get(), key, trusted);
        } catch (SignedEntry.Rejected r) {
            reject(key, r.getMessage());
            return NOTHING;
        }
        Counting counted = null;
        try {
            Optional<InputStream> body = http.getCas(entry.sha256());
            if (body.isEmpty()) {
                reject(key, entry.name() + "'s value is missing on the server (cas/" + entry.sha256() + ")");
                return NOTHING;
            }
            counted = new Counting(body.get());
            long t1 = System.nanoTime();
            Download download = new Download(entry, counted);
            download.start();
            boolean stopped = !download.await(resolver);
            lastImportNanos = System.nanoTime() - t1;
            if (stopped) {
                problem("stopped by the user's interrupt while downloading " + entry.name());
                return new Fetched.Stopped("the download of " + entry.name() + " from the remote tier was stopped"
                        + " by the user's interrupt; nothing was kept");
            }
            PutResult put = download.imported.result();
            if (put instanceof PutResult.Failed f) {
                if (counted.failure != null) {
                    serverFailed(counted.failure.getMessage());
                } else {
                    reject(key, entry.name() + "'s value from the server is damaged: " + f.message());
                }
                return NOTHING;
            }
            return put instanceof PutResult.Stored ? new Fetched.Imported(download.imported) : NOTHING;
        } catch (HttpRemote.Failure f) {
            serverFailed(f.getMessage());
            return NOTHING;
        } catch (IOException e) {
            reject(key, entry.name() + ": " + e.getMessage());
            return NOTHING;
        } finally {
            if (counted != null) {
                bytesDown.addAndGet(counted.count);
            }
        }
    }

    /**
     * A blob's download into the local store, on a thread of its own, so that the user's interrupt
     * can stop it: the caller waits for it where the kernel's interrupt reaches
     * ({@link ClassResolver#runValueCode}, as a value's own code would run), and a stopped wait
     * interrupts this thread, which ends the download and the import with nothing kept.
     */
    private final class Download extends Thread {
        private final PortableEntry entry;
        private final Counting body;
        volatile PortableEntry.Imported imported;

        Download(PortableEntry entry, Counting body) {
            super("java-cached-remote-download");
            setDaemon(true);
            this.entry = entry;
            this.body = body;
        }

        @Override
        public void run() {
            try (InputStream in = body) {
                imported = local.importEntry(entry, in, true);
            } catch (IOException | RuntimeException | Error e) {
                if (imported == null) {
                    imported = new PortableEntry.Imported(new PutResult.Failed(String.valueOf(e.getMessage())), false, null);
                }
            }
        }

        /** Waits for the download; false when the user's interrupt stopped it (it is then over, nothing kept). */
        boolean await(ClassResolver resolver) {
            Thread caller = Thread.currentThread();
            Thread[] interruptedOn = new Thread[1];
            try {
                resolver.runValueCode(() -> {
                    try {
                        join();
                    } catch (InterruptedException e) {
                        interruptedOn[0] = Thread.currentThread();
                        throw new java.io.InterruptedIOException("interrupted");
                    }
                    return null;
                });
                return true;
            } catch (java.io.InterruptedIOException e) {
                interrupt();
                try {
                    body.close();   // what ends a read blocked on the response (JDK 17's ignores the interrupt)
                } catch (IOException ignored) {
                    // abandoned anyway
                }
                joinUninterruptibly();
                if (interruptedOn[0] == caller) {
                    caller.interrupt();   // a plain caller's own interrupt: keep it for them
                }
                return imported != null && !(imported.result() instanceof PutResult.Failed);
            } catch (IOException | dev.javacached.store.codec.NotStorableException | RuntimeException e) {
                joinUninterruptibly();  // no stoppable place to wait in: wait here
                return true;
            }
        }

        private void joinUninterruptibly() {
            boolean interrupted = false;
            while (isAlive()) {
                try {
                    join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Counts the bytes of a body and remembers a server failure that the importer turns into text. */
    private static final class Counting extends FilterInputStream {
        long count;
        HttpRemote.Failure failure;

        Counting(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = track(() -> super.read());
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = track(() -> super.read(b, off, len));
            if (n > 0) {
                count += n;
            }
            return n;
        }

        private interface Read {
            int read() throws IOException;
        }

        private int track(Read r) throws IOException {
            try {
                return r.read();
            } catch (HttpRemote.Failure f) {
                failure = f;
                throw f;
            }
        }
    }

    // ---------------------------------------------------------------- put and upload

    @Override
    public PutResult put(String key, EntryInfo info, Object value, ClassResolver resolver) {
        PutResult r = local.put(key, info, value, resolver);
        if (uploader != null && r instanceof PutResult.Stored) {
            checked.add(key);
            queueUpload(key, info.name(), false);
        }
        return r;
    }

    private void queueUpload(String key, String name, boolean onlyIfMissing) {
        pendingUploads.incrementAndGet();
        try {
            uploader.execute(() -> {
                try {
                    upload(key, name, onlyIfMissing);
                } finally {
                    pendingUploads.decrementAndGet();
                }
            });
        } catch (RejectedExecutionException e) {
            pendingUploads.decrementAndGet();
            skipped.incrementAndGet();
            problem(name + " not uploaded: " + MAX_QUEUED_UPLOADS + " uploads are waiting already");
        }
    }

    private void upload(String key, String name, boolean onlyIfMissing) {
        if (!breaker.allows()) {
            skipped.incrementAndGet();
            problem(name + " not uploaded: the server is unavailable (" + breaker.reason() + ")");
            return;
        }
        if (onlyIfMissing) {
            try {
                if (http.hasAc(acKey(key))) {
                    return;
                }
            } catch (HttpRemote.Failure f) {
                skipped.incrementAndGet();
                serverFailed(f.getMessage());
                return;
            } catch (IOException e) {
                // an odd answer to HEAD: upload, which says what is wrong if anything is
            }
        }
        Optional<PortableEntry.Exported> exported = local.export(key);
        if (exported.isEmpty()) {
            return; // replaced, evicted or damaged since: nothing to share
        }
        PortableEntry e = exported.get().entry();
        LocalBody bytes = null;
        try {
            if (!http.hasCas(e.sha256(), e.sizeBytes())) {
                try {
                    // opened before the request: a blob evicted from now on stays readable through
                    // this handle, and one gone already is nothing to share, not the server's fault
                    bytes = new LocalBody(exported.get().open());
                } catch (IOException gone) {
                    return;
                }
                LocalBody first = bytes;
                PortableEntry.Exported x = exported.get();
                java.util.concurrent.atomic.AtomicBoolean fresh = new java.util.concurrent.atomic.AtomicBoolean(true);
                int status = http.put("cas/" + e.sha256(), e.sizeBytes(), HttpRequest.BodyPublishers.ofInputStream(() -> {
                    if (fresh.getAndSet(false)) {
                        return first;
                    }
                    try {   // the body again (a redirect): from the start
                        return x.open();
                    } catch (IOException ex) {
                        throw new UncheckedIOException(ex);
                    }
                }));
                if (status == 413) {
                    tooLarge(name, e.sizeBytes());
                    return;
                }
                bytesUp.addAndGet(e.sizeBytes());
            }
            byte[] ac = SignedEntry.sign(e, signer);
            int status = http.put("ac/" + acKey(key), ac.length, HttpRequest.BodyPublishers.ofByteArray(ac));
            if (status == 413) {
                tooLarge(name, ac.length);
                return;
            }
            bytesUp.addAndGet(ac.length);
            uploads.incrementAndGet();
            serverAnswered();
        } catch (HttpRemote.Failure f) {
            skipped.incrementAndGet();
            if (bytes != null && bytes.failure != null) {
                problem(name + " not uploaded: reading it from the local store failed (" + bytes.failure.getMessage() + ")");
            } else {
                serverFailed(f.getMessage());
            }
        } catch (IOException | UncheckedIOException | GeneralSecurityException ex) {
            skipped.incrementAndGet();
            String why = name + " not uploaded: " + ex.getMessage();
            problem(why);
            if (told.add("upload:" + key)) {
                warnings.add(why);
            }
        } finally {
            if (bytes != null) {
                try {
                    bytes.close();
                } catch (IOException ignored) {
                    // a local file handle: nothing to report
                }
            }
        }
    }

    /** The local bytes of an upload, remembering a local read failure (the request then fails, but not for the server's reasons). */
    private static final class LocalBody extends FilterInputStream {
        volatile IOException failure;

        LocalBody(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }
    }

    private void tooLarge(String name, long bytes) {
        skipped.incrementAndGet();
        String why = name + " (" + bytes + " bytes) not uploaded: over the server's size limit (413)";
        problem(why);
        if (told.add("413:" + name)) {
            warnings.add(why);
        }
    }

    /** Waits until the uploads queued so far are done (or {@code millis} pass); whether they are. */
    public boolean awaitUploads(long millis) {
        if (uploader == null) {
            return true;
        }
        long end = System.nanoTime() + millis * 1_000_000;
        while (pendingUploads.get() > 0) {
            if (System.nanoTime() - end > 0) {
                return false;
            }
            try {
                Thread.sleep(10); // polls a thread pool that has no "idle" signal; not an ordering crutch
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    // ---------------------------------------------------------------- bookkeeping

    private void serverFailed(String why) {
        problem("server: " + why);
        if (breaker.failed(why)) {
            warnings.add("the remote tier " + url + " is unavailable (" + why + "); going on with the local cache"
                    + " and asking it again later (%cache remote shows its state)");
        }
    }

    private void serverAnswered() {
        answered = true;
        if (breaker.succeeded()) {
            warnings.add("the remote tier " + url + " answers again");
        }
    }

    private void reject(String key, String why) {
        rejected.incrementAndGet();
        problem("rejected " + key.substring(0, Math.min(12, key.length())) + ": " + why);
        if (told.add("reject:" + key)) {
            warnings.add("a remote entry was not used (" + why + "); the value is computed here");
        }
    }

    private void problem(String p) {
        synchronized (problems) {
            problems.addLast(p);
            while (problems.size() > 5) {
                problems.removeFirst();
            }
        }
    }

    private void latency(double ms) {
        lastLatency = ms;
        synchronized (latencies) {
            latencies.addLast(ms);
            while (latencies.size() > 101) {
                latencies.removeFirst();
            }
        }
    }

    /** The configuration and this session's counts, for {@code %cache remote}. */
    @Override
    public Optional<RemoteStatus> remoteStatus() {
        String state;
        if (offReason != null) {
            state = offReason;
        } else if (trusted.isEmpty() && signer == null) {
            state = "idle: no trusted writer keys (JAVA_CACHED_REMOTE_TRUST), so nothing is read, and no signing key";
        } else if (breaker.isOpen()) {
            state = "unreachable: " + breaker.reason() + "; next try in " + breaker.secondsToProbe() + " s";
        } else if (!answered && uploads.get() == 0) {
            state = "not asked yet";
        } else {
            state = "reachable";
        }
        if (offReason == null && trusted.isEmpty() && signer != null) {
            state += " (no trusted keys: this kernel uploads but reads nothing)";
        }
        double median;
        List<String> recent;
        synchronized (latencies) {
            List<Double> sorted = new ArrayList<>(latencies);
            Collections.sort(sorted);
            median = sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2);
        }
        synchronized (problems) {
            recent = List.copyOf(problems);
        }
        if (uploader != null) {
            int pending = pendingUploads.get();
            if (pending > 0) {
                state += "; " + pending + " upload(s) in progress";
            }
        }
        return Optional.of(new RemoteStatus(url, source, signer != null, trusted.size(), state, hits.get(),
                misses.get(), rejected.get(), uploads.get(), skipped.get(), bytesDown.get(), bytesUp.get(), median,
                lastLatency, recent));
    }

    @Override
    public Optional<String> takeWarning() {
        Optional<String> mine = Optional.ofNullable(warnings.poll());
        Optional<String> localWarning = local.takeWarning();
        if (mine.isPresent() && localWarning.isPresent()) {
            return Optional.of(localWarning.get() + "\njava-cached: " + mine.get());
        }
        return mine.isPresent() ? mine : localWarning;
    }

    // ---------------------------------------------------------------- the local store's own business

    @Override
    public Optional<EntryMeta> meta(String key) {
        return local.meta(key);
    }

    @Override
    public List<EntryMeta> list() {
        return local.list();
    }

    @Override
    public boolean delete(String key) {
        return local.delete(key);
    }

    @Override
    public List<EntryMeta> deleteByName(String name) {
        return local.deleteByName(name);
    }

    @Override
    public int clear() {
        return local.clear();
    }

    @Override
    public StoreStats stats() {
        return local.stats();
    }

    @Override
    public boolean setPinned(String key, boolean pinned) {
        return local.setPinned(key, pinned);
    }

    @Override
    public void setSizeLimit(long bytes) {
        local.setSizeLimit(bytes);
    }

    @Override
    public long sizeLimit() {
        return local.sizeLimit();
    }

    @Override
    public Optional<String> setting(String name) {
        return local.setting(name);
    }

    @Override
    public void setSetting(String name, String value) {
        local.setSetting(name, value);
    }

    /** Finishes the queued uploads (up to a minute: a CI kernel is shut down right after its last cell), then closes. */
    @Override
    public void close() {
        if (uploader != null) {
            uploader.shutdown();
            try {
                if (!uploader.awaitTermination(CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                    uploader.shutdownNow();
                }
            } catch (InterruptedException e) {
                uploader.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
        if (http != null) {
            http.close();
        }
        local.close();
    }

    /** For tests: the map of counters. */
    Map<String, Long> counts() {
        return Map.of("hits", hits.get(), "misses", misses.get(), "rejected", rejected.get(), "uploads", uploads.get(),
                "skipped", skipped.get(), "bytesDown", bytesDown.get(), "bytesUp", bytesUp.get());
    }
}
