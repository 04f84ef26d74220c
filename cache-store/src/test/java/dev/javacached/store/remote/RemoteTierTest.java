package dev.javacached.store.remote;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import dev.javacached.store.ClassResolver;
import dev.javacached.store.EntryInfo;
import dev.javacached.store.Lookup;
import dev.javacached.store.PutResult;
import dev.javacached.store.RocksCacheStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The remote tier against a real nginx with WebDAV (started here, on 127.0.0.1 and a free port)
 * and, for the failures nginx does not produce on demand, the JDK's own HTTP server answering
 * badly. Real RocksDB stores in temp folders: a writer and a reader that share nothing but the
 * server and the writer's public key.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class RemoteTierTest {
    @TempDir
    Path tmp;
    private Nginx nginx;
    private final List<AutoCloseable> open = new ArrayList<>();
    private Path keys;

    @BeforeEach
    void keys() throws IOException {
        keys = tmp.resolve("keys");
        WriterKeys.generate(keys);
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        if (nginx != null) {
            nginx.stop();
        }
    }

    private Nginx nginx(String maxBody) throws Exception {
        assumeTrue(Nginx.binary() != null, "nginx is not installed (test.sh installs nginx-light)");
        nginx = Nginx.start(tmp.resolve("nginx"), maxBody);
        return nginx;
    }

    private RemoteTier tier(String name, URI url, Path trust, Path write, Duration timeout) throws IOException {
        RocksCacheStore local = RocksCacheStore.open(tmp.resolve(name));
        RemoteTier t = RemoteTier.over(local, new RemoteConfig(url, Optional.ofNullable(trust),
                Optional.ofNullable(write), Optional.empty(), timeout, "test"));
        open.add(0, t);
        return t;
    }

    private RemoteTier writer(URI url) throws IOException {
        return tier("writer", url, keys.resolve("public.pem"), keys.resolve("private.pem"), Duration.ofSeconds(2));
    }

    private RemoteTier reader(String name, URI url) throws IOException {
        return tier(name, url, keys.resolve("public.pem"), null, Duration.ofSeconds(2));
    }

    private static EntryInfo info(String name) {
        return new EntryInfo(name, "double[]", 5_000_000_000L, Map.of("source", "double[] " + name + " = ..."),
                "printed\n".getBytes());
    }

    private static double[] values(int n) {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = Math.sin(i) * i;
        }
        return d;
    }

    private static List<Path> files(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    @Test
    void writerUploads_readerWithOtherDirectoryRestoresAndKeepsItLocally() throws Exception {
        Nginx server = nginx("0");
        RemoteTier w = writer(server.url());
        double[] big = values(3_000_000);                      // 24 MB: a blob
        List<String> small = List.of("a", "b", "c");           // inline, an object graph
        assertInstanceOf(PutResult.Stored.class, w.put("k-big", info("big"), big, ClassResolver.DEFAULT));
        assertInstanceOf(PutResult.Stored.class, w.put("k-small", info("small"), new ArrayList<>(small), ClassResolver.DEFAULT));
        assertTrue(w.awaitUploads(30_000));
        assertEquals(2L, w.counts().get("uploads"));
        assertEquals(4, files(server.root()).size(), "two ac entries and two cas blobs");

        RemoteTier r = reader("reader", server.url());
        Lookup hit = r.get("k-big", ClassResolver.DEFAULT);
        assertArrayEquals(big, (double[]) assertInstanceOf(Lookup.Hit.class, hit).value());
        assertArrayEquals("printed\n".getBytes(), ((Lookup.Hit) hit).meta().attachment());
        assertEquals(small, ((Lookup.Hit) r.get("k-small", ClassResolver.DEFAULT)).value());
        assertInstanceOf(Lookup.Miss.class, r.get("k-none", ClassResolver.DEFAULT));
        assertEquals(2L, r.counts().get("hits"));
        assertEquals(1L, r.counts().get("misses"));
        assertTrue(r.counts().get("bytesDown") >= 24_000_000L);
        assertTrue(r.meta("k-big").isPresent(), "written into the local store");
        assertTrue(r.remoteStatus().orElseThrow().describe().contains("2 hit(s)"));

        server.stop();                                          // the next session needs no server
        nginx = null;
        assertArrayEquals(big, (double[]) ((Lookup.Hit) r.get("k-big", ClassResolver.DEFAULT)).value());
    }

    @Test
    void writerUploadsALocalHitTheServerLacks_onceASession() throws Exception {
        Nginx server = nginx("0");
        double[] v = values(200_000);
        try (RocksCacheStore before = RocksCacheStore.open(tmp.resolve("writer"))) {   // stored before the server was set
            before.put("k", info("v"), v, ClassResolver.DEFAULT);
        }
        RemoteTier w = writer(server.url());
        assertArrayEquals(v, (double[]) ((Lookup.Hit) w.get("k", ClassResolver.DEFAULT)).value());
        assertTrue(w.awaitUploads(10_000));
        assertEquals(1L, w.counts().get("uploads"));
        w.get("k", ClassResolver.DEFAULT);
        assertTrue(w.awaitUploads(10_000));
        assertEquals(1L, w.counts().get("uploads"), "checked once");
        assertArrayEquals(v, (double[]) ((Lookup.Hit) reader("reader", server.url()).get("k", ClassResolver.DEFAULT)).value());
    }

    @Test
    void readerNeverUploads() throws Exception {
        Nginx server = nginx("0");
        RemoteTier r = reader("reader", server.url());
        assertInstanceOf(PutResult.Stored.class, r.put("k", info("x"), values(10), ClassResolver.DEFAULT));
        assertTrue(r.awaitUploads(1000));
        assertEquals(List.of(), files(server.root()));
        assertFalse(r.remoteStatus().orElseThrow().writer());
    }

    @Test
    void untrustedWriter_isAMissReportedOnce() throws Exception {
        Nginx server = nginx("0");
        Path other = tmp.resolve("other");
        WriterKeys.generate(other);
        RemoteTier w = tier("w2", server.url(), null, other.resolve("private.pem"), Duration.ofSeconds(2));
        w.put("k", info("x"), values(100), ClassResolver.DEFAULT);
        assertTrue(w.awaitUploads(10_000));
        RemoteTier r = reader("reader", server.url());
        assertInstanceOf(Lookup.Miss.class, r.get("k", ClassResolver.DEFAULT));
        assertInstanceOf(Lookup.Miss.class, r.get("k", ClassResolver.DEFAULT));
        assertEquals(2L, r.counts().get("rejected"));
        String warning = r.takeWarning().orElseThrow();
        assertTrue(warning.contains("not signed by a trusted writer"), warning);
        assertTrue(r.takeWarning().isEmpty(), "reported once");
        assertTrue(r.meta("k").isEmpty());
    }

    @Test
    void blobReplacedOrTruncatedOnTheServer_isAMiss() throws Exception {
        Nginx server = nginx("0");
        RemoteTier w = writer(server.url());
        double[] v = values(1_000_000);
        w.put("k1", info("v1"), v, ClassResolver.DEFAULT);
        w.put("k2", info("v2"), values(1_000_001), ClassResolver.DEFAULT);
        assertTrue(w.awaitUploads(30_000));
        List<Path> blobs = files(server.root().resolve("cas"));
        assertEquals(2, blobs.size());
        // one byte replaced in one blob (same length), the other truncated
        Path b1 = Files.size(blobs.get(0)) < Files.size(blobs.get(1)) ? blobs.get(0) : blobs.get(1);
        Path b2 = b1.equals(blobs.get(0)) ? blobs.get(1) : blobs.get(0);
        byte[] bytes = Files.readAllBytes(b1);
        bytes[bytes.length / 2] ^= 1;
        Files.write(b1, bytes);
        byte[] t = Files.readAllBytes(b2);
        Files.write(b2, java.util.Arrays.copyOf(t, t.length - 1000));

        RemoteTier r = reader("reader", server.url());
        assertInstanceOf(Lookup.Miss.class, r.get("k1", ClassResolver.DEFAULT));
        assertInstanceOf(Lookup.Miss.class, r.get("k2", ClassResolver.DEFAULT));
        assertEquals(2L, r.counts().get("rejected"));
        assertTrue(r.meta("k1").isEmpty() && r.meta("k2").isEmpty(), "nothing damaged kept locally");
        String all = r.takeWarning().orElseThrow() + r.takeWarning().orElseThrow();
        assertTrue(all.contains("SHA-256 mismatch") && all.contains("truncated"), all);
        assertTrue(files(tmp.resolve("reader").resolve("tmp")).isEmpty(), "no temp file left");
    }

    @Test
    void entryBytesChangedOnTheServer_failsTheSignature() throws Exception {
        Nginx server = nginx("0");
        RemoteTier w = writer(server.url());
        w.put("k", info("x"), values(100), ClassResolver.DEFAULT);
        assertTrue(w.awaitUploads(10_000));
        Path ac = files(server.root().resolve("ac")).get(0);
        byte[] b = Files.readAllBytes(ac);
        b[20] ^= 1;
        Files.write(ac, b);
        RemoteTier r = reader("reader", server.url());
        assertInstanceOf(Lookup.Miss.class, r.get("k", ClassResolver.DEFAULT));
        assertTrue(r.takeWarning().orElseThrow().contains("trusted writer"));
    }

    @Test
    void entryMovedToAnotherKey_isRefused() throws Exception {
        Nginx server = nginx("0");
        RemoteTier w = writer(server.url());
        w.put("k", info("x"), values(100), ClassResolver.DEFAULT);
        assertTrue(w.awaitUploads(10_000));
        Path ac = server.root().resolve("ac").resolve(RemoteTier.acKey("k"));
        Files.copy(ac, server.root().resolve("ac").resolve(RemoteTier.acKey("k-other")));
        RemoteTier r = reader("reader", server.url());
        assertInstanceOf(Lookup.Miss.class, r.get("k-other", ClassResolver.DEFAULT));
        assertTrue(r.takeWarning().orElseThrow().contains("another fingerprint"));
    }

    @Test
    void valueOverTheServersLimit_isSkippedWithAReason() throws Exception {
        Nginx server = nginx("1m");
        RemoteTier w = writer(server.url());
        w.put("big", info("big"), values(1_000_000), ClassResolver.DEFAULT);   // 8 MB
        w.put("small", info("small"), values(1000), ClassResolver.DEFAULT);
        assertTrue(w.awaitUploads(30_000));
        assertEquals(1L, w.counts().get("uploads"));
        assertEquals(1L, w.counts().get("skipped"));
        String warning = w.takeWarning().orElseThrow();
        assertTrue(warning.contains("big (") && warning.contains("413"), warning);
        assertTrue(w.remoteStatus().orElseThrow().describe().contains("413"));
    }

    /** A reader whose server's port was free a moment ago: nothing listens there. */
    private RemoteTier readerOfADeadServer() throws IOException {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        return tier("reader", URI.create("http://127.0.0.1:" + port + "/"), keys.resolve("public.pem"), null,
                Duration.ofMillis(500));
    }

    @Test
    void deadServer_costsABoundedTimeOnce_thenTheBreakerSkipsIt() throws Exception {
        RemoteTier r = readerOfADeadServer();
        long t0 = System.nanoTime();
        assertInstanceOf(Lookup.Miss.class, r.get("k", ClassResolver.DEFAULT));
        assertTrue(System.nanoTime() - t0 < 2_000_000_000L);
        long t1 = System.nanoTime();
        for (int i = 0; i < 100; i++) {
            assertInstanceOf(Lookup.Miss.class, r.get("k" + i, ClassResolver.DEFAULT));
        }
        assertTrue(System.nanoTime() - t1 < 1_000_000_000L, "the breaker skips the server");
        assertTrue(r.takeWarning().orElseThrow().contains("unavailable"));
        assertTrue(r.takeWarning().isEmpty(), "said once");
        String status = r.remoteStatus().orElseThrow().describe();
        assertTrue(status.contains("unreachable: cannot connect"), status);
    }

    /** A server that answers every request with {@code behaviour}; counts requests. */
    private HttpServer bad(com.sun.net.httpserver.HttpHandler behaviour, AtomicInteger requests) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        s.createContext("/", ex -> {
            requests.incrementAndGet();
            try (ex) {
                behaviour.handle(ex);
            } catch (IOException ignored) {
                // the client went away (timeout): expected in the slow cases
            }
        });
        s.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        s.start();
        open.add(() -> s.stop(0));
        return s;
    }

    private static URI url(HttpServer s) {
        return URI.create("http://127.0.0.1:" + s.getAddress().getPort() + "/");
    }

    @Test
    void warmUp_asksTheServerOnce_beforeAnyLookup_andCountsNoMiss() throws Exception {
        List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicInteger n = new AtomicInteger();
        HttpServer s = bad(ex -> {
            seen.add(ex.getRequestMethod() + " " + ex.getRequestURI().getPath() + " from " + ex.getRemoteAddress().getPort());
            ex.sendResponseHeaders(404, -1);
        }, n);
        RemoteTier r = tier("reader", url(s), keys.resolve("public.pem"), null, Duration.ofSeconds(2));
        assertTrue(r.remoteStatus().orElseThrow().state().startsWith("not asked yet"));
        r.warmUp();
        assertEquals(1, n.get(), "one request: " + seen);
        assertEquals("reachable", r.remoteStatus().orElseThrow().state(), "%cache remote knows before any lookup");
        assertTrue(seen.get(0).matches("GET /ac/[0-9a-f]{64} from \\d+"), seen.get(0));
        // (whether the lookup then reuses the warm-up's connection is the HTTP client's timing)
        assertInstanceOf(Lookup.Miss.class, r.get("k", ClassResolver.DEFAULT));
        assertEquals(2, n.get(), seen.toString());
        assertTrue(r.takeWarning().isEmpty(), "a warm-up that found the server says nothing");
        assertTrue(r.remoteStatus().orElseThrow().describe().contains("0 hit(s), 1 miss(es)"), r.remoteStatus().orElseThrow().describe());
    }

    @Test
    void warmUp_findsADeadServerBeforeTheFirstCell() throws Exception {
        RemoteTier r = readerOfADeadServer();
        r.warmUp();
        assertTrue(r.takeWarning().orElseThrow().contains("unavailable"), "the first cell is told");
        assertTrue(r.remoteStatus().orElseThrow().describe().contains("unreachable"));
        assertInstanceOf(Lookup.Miss.class, r.get("k", ClassResolver.DEFAULT));
        assertTrue(r.takeWarning().isEmpty(), "said once");
    }

    @Test
    void serverError_opensTheBreaker() throws Exception {
        AtomicInteger n = new AtomicInteger();
        HttpServer s = bad(ex -> ex.sendResponseHeaders(503, -1), n);
        RemoteTier r = tier("reader", url(s), keys.resolve("public.pem"), null, Duration.ofSeconds(1));
        for (int i = 0; i < 20; i++) {
            assertInstanceOf(Lookup.Miss.class, r.get("k" + i, ClassResolver.DEFAULT));
        }
        assertEquals(1, n.get(), "one request, then the breaker");
        assertTrue(r.remoteStatus().orElseThrow().state().contains("503"));
    }

    @Test
    void slowServer_isBoundedByTheTimeout() throws Exception {
        AtomicInteger n = new AtomicInteger();
        HttpServer s = bad(ex -> {
            try {
                Thread.sleep(5000);
            } catch (InterruptedException e) {
                return;
            }
            ex.sendResponseHeaders(404, -1);
        }, n);
        RemoteTier r = tier("reader", url(s), keys.resolve("public.pem"), null, Duration.ofMillis(300));
        long t0 = System.nanoTime();
        assertInstanceOf(Lookup.Miss.class, r.get("k", ClassResolver.DEFAULT));
        assertInstanceOf(Lookup.Miss.class, r.get("k2", ClassResolver.DEFAULT));
        assertTrue(System.nanoTime() - t0 < 1_500_000_000L, "bounded");
        assertTrue(r.remoteStatus().orElseThrow().state().contains("no answer within 300 ms"));
    }

    /** A real writer's entry for {@code value} under {@code key}, uploaded to a new nginx; its files' root (for a server that misbehaves with them). */
    private Path writersEntryOnNginx(String key, double[] value) throws Exception {
        Nginx server = nginx("0");
        RemoteTier w = writer(server.url());
        w.put(key, info("x"), value, ClassResolver.DEFAULT);
        assertTrue(w.awaitUploads(30_000));
        return server.root();
    }

    @Test
    void bodyThatStalls_isAbandoned() throws Exception {
        // a real writer's entry, served by a server that sends half of the blob and then nothing
        Path root = writersEntryOnNginx("k", values(1_000_000));
        AtomicInteger n = new AtomicInteger();
        HttpServer s = bad(ex -> {
            Path f = root.resolve(ex.getRequestURI().getPath().substring(1));
            byte[] b = Files.readAllBytes(f);
            ex.sendResponseHeaders(200, b.length);
            OutputStream out = ex.getResponseBody();
            if (ex.getRequestURI().getPath().startsWith("/cas/")) {
                out.write(b, 0, b.length / 2);
                out.flush();
                try {
                    Thread.sleep(10_000);
                } catch (InterruptedException e) {
                    return;
                }
            }
            out.write(b);
        }, n);
        RemoteTier r = tier("reader", url(s), keys.resolve("public.pem"), null, Duration.ofMillis(500));
        long t0 = System.nanoTime();
        assertInstanceOf(Lookup.Miss.class, r.get("k", ClassResolver.DEFAULT));
        assertTrue(System.nanoTime() - t0 < 3_000_000_000L, "bounded: " + (System.nanoTime() - t0) / 1e6 + " ms");
        assertTrue(r.remoteStatus().orElseThrow().state().contains("stalled"), r.remoteStatus().get().state());
        assertTrue(r.meta("k").isEmpty());
    }

    @Test
    void blobWhoseAnswerDoesNotCome_isBoundedByTheTimeout() throws Exception {
        // the entry is served at once, the blob's response head never comes in time (the blob is
        // read through HttpURLConnection, whose read timeout bounds the wait for the head too)
        Path root = writersEntryOnNginx("k", values(1_000_000));
        AtomicInteger n = new AtomicInteger();
        HttpServer s = bad(ex -> {
            if (ex.getRequestURI().getPath().startsWith("/cas/")) {
                try {
                    Thread.sleep(10_000);
                } catch (InterruptedException e) {
                    return;
                }
            }
            byte[] b = Files.readAllBytes(root.resolve(ex.getRequestURI().getPath().substring(1)));
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
        }, n);
        RemoteTier r = tier("reader", url(s), keys.resolve("public.pem"), null, Duration.ofMillis(500));
        long t0 = System.nanoTime();
        assertInstanceOf(Lookup.Miss.class, r.get("k", ClassResolver.DEFAULT));
        assertTrue(System.nanoTime() - t0 < 3_000_000_000L, "bounded: " + (System.nanoTime() - t0) / 1e6 + " ms");
        assertTrue(r.remoteStatus().orElseThrow().state().contains("no answer within 500 ms"),
                r.remoteStatus().get().state());
        assertTrue(r.meta("k").isEmpty());
        assertEquals(2, n.get(), "the entry, then the blob; then the breaker");
    }

    @Test
    void interruptedDownload_keepsNothing_andTheTierGoesOn() throws Exception {
        // a real writer's entry, served slowly (64 KB every 20 ms: ~3 MB/s) by a server that sends it whole
        Path root = writersEntryOnNginx("k", values(3_000_000));          // 24 MB: ~8 s at that rate
        AtomicInteger n = new AtomicInteger();
        HttpServer s = bad(ex -> {
            Path f = root.resolve(ex.getRequestURI().getPath().substring(1));
            if (!Files.exists(f)) {
                ex.sendResponseHeaders(404, -1);
                return;
            }
            byte[] b = Files.readAllBytes(f);
            ex.sendResponseHeaders(200, b.length);
            OutputStream out = ex.getResponseBody();
            for (int off = 0; off < b.length; off += 65536) {
                out.write(b, off, Math.min(65536, b.length - off));
                out.flush();
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, n);
        RemoteTier r = tier("reader", url(s), keys.resolve("public.pem"), null, Duration.ofSeconds(2));
        Thread caller = Thread.currentThread();
        java.util.concurrent.ScheduledExecutorService later = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        open.add(later::shutdownNow);
        later.schedule(caller::interrupt, 700, TimeUnit.MILLISECONDS);
        long t0 = System.nanoTime();
        Lookup l = r.get("k", ClassResolver.DEFAULT);
        long took = System.nanoTime() - t0;
        assertTrue(Thread.interrupted(), "the caller's interrupt is kept for it");
        Lookup.Unusable u = assertInstanceOf(Lookup.Unusable.class, l);
        assertTrue(u.reason().contains("interrupt"), u.reason());
        assertTrue(took < 3_000_000_000L, "stopped, not waited out: " + took / 1e6 + " ms");
        assertTrue(r.meta("k").isEmpty(), "nothing kept");
        assertEquals(List.of(), files(tmp.resolve("reader").resolve("tmp")), "no temp file left");
        assertEquals(List.of(), files(tmp.resolve("reader").resolve("blobs")));
        assertEquals(0L, r.counts().get("rejected"), "not the entry's fault");
        assertFalse(r.remoteStatus().orElseThrow().state().contains("unreachable"), "nor the server's");
        assertTrue(r.takeWarning().isEmpty());
        assertInstanceOf(Lookup.Miss.class, r.get("k-none", ClassResolver.DEFAULT), "the tier goes on");
    }

    @Test
    void restoredValue_isTheWritersForEveryPlainShape_andCommitsLocally() throws Exception {
        Nginx server = nginx("0");
        RemoteTier w = writer(server.url());
        Map<String, Object> values = new java.util.LinkedHashMap<>();
        values.put("doubles", values(1_500_001));                       // over one segment, not a multiple of it
        long[] longs = new long[600_000];
        for (int i = 0; i < longs.length; i++) {
            longs[i] = i * 0x9E3779B97F4A7C15L;
        }
        values.put("longs", longs);
        byte[] bytes = new byte[9_000_000];
        new java.util.Random(7).nextBytes(bytes);
        values.put("bytes", bytes);
        values.put("string", "é".repeat(3_000_000));
        values.put("int", 42);
        for (Map.Entry<String, Object> e : values.entrySet()) {
            assertInstanceOf(PutResult.Stored.class, w.put("k-" + e.getKey(), info(e.getKey()), e.getValue(), ClassResolver.DEFAULT));
        }
        assertTrue(w.awaitUploads(60_000));
        RemoteTier r = reader("reader", server.url());
        for (Map.Entry<String, Object> e : values.entrySet()) {
            Object got = assertInstanceOf(Lookup.Hit.class, r.get("k-" + e.getKey(), ClassResolver.DEFAULT)).value();
            assertTrue(java.util.Objects.deepEquals(e.getValue(), got), e.getKey());
        }
        assertEquals((long) values.size(), r.counts().get("hits"));
        try (RocksCacheStore alone = reopen(r, "reader")) {            // what was committed is the same value
            for (Map.Entry<String, Object> e : values.entrySet()) {
                Object got = assertInstanceOf(Lookup.Hit.class, alone.get("k-" + e.getKey(), ClassResolver.DEFAULT)).value();
                assertTrue(java.util.Objects.deepEquals(e.getValue(), got), e.getKey());
            }
        }
    }

    /** Closes {@code t} and opens its local store on its own. */
    private RocksCacheStore reopen(RemoteTier t, String name) throws IOException {
        t.close();
        open.remove(t);
        return RocksCacheStore.open(tmp.resolve(name));
    }

    @Test
    void blobEvictedDuringItsUpload_isNotAServerFailure() throws Exception {
        // the local blob disappears (eviction, %cache clear in another kernel) after the upload
        // read the entry and before its bytes go up: here while the server answers HEAD cas/
        Path blobs = tmp.resolve("writer").resolve("blobs");
        List<String> puts = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicInteger n = new AtomicInteger();
        HttpServer s = bad(ex -> {
            String path = ex.getRequestURI().getPath();
            if (ex.getRequestMethod().equals("HEAD") && path.startsWith("/cas/")) {
                for (Path b : files(blobs)) {
                    Files.delete(b);
                }
            }
            if (ex.getRequestMethod().equals("PUT")) {
                ex.getRequestBody().readAllBytes();
                puts.add(path);
                ex.sendResponseHeaders(201, -1);
            } else {
                ex.sendResponseHeaders(404, -1);
            }
        }, n);
        RemoteTier w = tier("writer", url(s), keys.resolve("public.pem"), keys.resolve("private.pem"), Duration.ofSeconds(2));
        assertInstanceOf(PutResult.Stored.class, w.put("k1", info("v1"), values(2_000_000), ClassResolver.DEFAULT));
        assertTrue(w.awaitUploads(30_000));
        assertEquals(List.of(), puts, "nothing to share any more");
        assertFalse(w.remoteStatus().orElseThrow().state().contains("unreachable"), w.remoteStatus().get().state());
        assertTrue(w.takeWarning().isEmpty(), "nothing to tell the user");
        assertInstanceOf(PutResult.Stored.class, w.put("k2", info("v2"), values(10), ClassResolver.DEFAULT));
        assertTrue(w.awaitUploads(30_000));
        assertEquals(1L, w.counts().get("uploads"), "the breaker did not stop the next upload: " + w.counts());
    }

    @Test
    void httpClientBufferSetting_isNotLeftForNotebookCode() throws Exception {
        assumeTrue(System.getProperty("jdk.httpclient.bufsize") == null, "set by whoever runs the tests");
        reader("reader", URI.create("http://127.0.0.1:9/"));
        assertEquals(null, System.getProperty("jdk.httpclient.bufsize"));
    }

    @Test
    void garbageEntry_isAMiss_andTheServerStaysInUse() throws Exception {
        AtomicInteger n = new AtomicInteger();
        HttpServer s = bad(ex -> {
            byte[] junk = "<html>proxy login</html>".getBytes();
            ex.sendResponseHeaders(200, junk.length);
            ex.getResponseBody().write(junk);
        }, n);
        RemoteTier r = tier("reader", url(s), keys.resolve("public.pem"), null, Duration.ofSeconds(1));
        assertInstanceOf(Lookup.Miss.class, r.get("k", ClassResolver.DEFAULT));
        assertInstanceOf(Lookup.Miss.class, r.get("k2", ClassResolver.DEFAULT));
        assertEquals(2, n.get());
        assertTrue(r.takeWarning().orElseThrow().contains("bad magic"));
    }

    @Test
    void keygen_writesAPrivateKeyOnlyTheUserReads() throws Exception {
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keys.resolve("private.pem"))));
        assertEquals(1, WriterKeys.readPublic(keys.resolve("public.pem")).size());
        assertTrue(Files.readString(keys.resolve("public.pem")).startsWith("-----BEGIN PUBLIC KEY-----"));
        org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> WriterKeys.generate(keys));
    }

    @Test
    void config_environmentWinsOverTheSettingsFile() throws Exception {
        Path dir = tmp.resolve("cfg");
        Files.createDirectories(dir);
        assertTrue(RemoteConfig.resolve(Map.of(), dir).isEmpty());
        Files.writeString(dir.resolve(RemoteConfig.FILE), "url=http://file.example/cache\ntrust=/k/pub.pem\n");
        RemoteConfig fromFile = RemoteConfig.resolve(Map.of(), dir).orElseThrow();
        assertEquals("http://file.example/cache/", fromFile.base().toString());
        assertEquals(Optional.of(Path.of("/k/pub.pem")), fromFile.trust());
        RemoteConfig fromEnv = RemoteConfig.resolve(Map.of("JAVA_CACHED_REMOTE", "https://env.example/"), dir).orElseThrow();
        assertEquals("https://env.example/", fromEnv.base().toString());
        assertEquals("JAVA_CACHED_REMOTE", fromEnv.source());
        org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                () -> RemoteConfig.resolve(Map.of("JAVA_CACHED_REMOTE", "ftp://x/"), dir));
    }

    @Test
    void credentials_areSentAsTheServerAsks() throws Exception {
        AtomicInteger n = new AtomicInteger();
        List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        HttpServer s = bad(ex -> {
            seen.add(ex.getRequestHeaders().getFirst("Authorization"));
            ex.sendResponseHeaders(404, -1);
        }, n);
        Path cred = tmp.resolve("token");
        Files.writeString(cred, "Bearer s3cret\n");
        RocksCacheStore local = RocksCacheStore.open(tmp.resolve("c"));
        RemoteTier r = RemoteTier.over(local, new RemoteConfig(url(s), Optional.of(keys.resolve("public.pem")),
                Optional.empty(), Optional.of(cred), Duration.ofSeconds(1), "test"));
        open.add(0, r);
        r.get("k", ClassResolver.DEFAULT);
        Files.writeString(cred, "ci:pa55");
        RemoteTier r2 = RemoteTier.over(RocksCacheStore.open(tmp.resolve("c2")), new RemoteConfig(url(s),
                Optional.of(keys.resolve("public.pem")), Optional.empty(), Optional.of(cred), Duration.ofSeconds(1), "t"));
        open.add(0, r2);
        r2.get("k", ClassResolver.DEFAULT);
        assertEquals(List.of("Bearer s3cret", "Basic " + java.util.Base64.getEncoder().encodeToString("ci:pa55".getBytes())), seen);
    }
}
