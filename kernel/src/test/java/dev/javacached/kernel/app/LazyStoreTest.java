package dev.javacached.kernel.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.javacached.store.CacheStore;
import dev.javacached.store.ClassResolver;
import dev.javacached.store.EntryInfo;
import dev.javacached.store.RocksCacheStore;
import dev.javacached.store.UnavailableStore;
import com.sun.net.httpserver.HttpServer;
import dev.javacached.store.remote.RemoteConfig;
import dev.javacached.store.remote.RemoteTier;
import dev.javacached.store.remote.WriterKeys;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LazyStoreTest {
    @TempDir
    Path dir;

    @Test
    void openSoonOpensTheRealStoreInTheBackgroundOnce() throws Exception {
        AtomicInteger opens = new AtomicInteger();
        AtomicReference<String> thread = new AtomicReference<>();
        try (LazyStore lazy = new LazyStore(dir, () -> {
            opens.incrementAndGet();
            thread.set(Thread.currentThread().getName());
            return openReal();
        })) {
            assertFalse(lazy.isOpen());
            lazy.openSoon();
            lazy.openSoon();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!lazy.isOpen() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertTrue(lazy.isOpen(), "the store opened without any use");
            assertEquals("java-cached-store-open", thread.get());
            lazy.setSetting("k", "v");
            assertEquals("v", lazy.setting("k").orElseThrow());
            assertEquals(1, opens.get());
        }
    }

    @Test
    void openSoonWarmsUpOnItsThreadOnceTheStoreIsOpen() throws Exception {
        CountDownLatch warmed = new CountDownLatch(1);
        AtomicReference<String> seen = new AtomicReference<>();
        try (LazyStore lazy = new LazyStore(dir, this::openReal)) {
            lazy.openSoon(() -> {
                seen.set(Thread.currentThread().getName() + " open=" + lazy.isOpen());
                warmed.countDown();
            });
            lazy.openSoon(() -> seen.set("a second warm-up"));
            assertTrue(warmed.await(30, TimeUnit.SECONDS), "the warm-up ran");
            Thread.sleep(50);
            assertEquals("java-cached-store-open open=true", seen.get());
        }
    }

    @Test
    void openSoonWarmsTheOpenedStoreItself_beforeTheCallersWarmUp() throws Exception {
        // a remote tier's warm-up is its first request: a server that records what it is asked
        List<String> order = java.util.Collections.synchronizedList(new ArrayList<>());
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 4);
        server.createContext("/", ex -> {
            try (ex) {
                order.add(ex.getRequestMethod() + " on the server");
                ex.sendResponseHeaders(404, -1);
            }
        });
        server.start();
        Path keys = dir.resolve("keys");
        WriterKeys.generate(keys);
        RemoteConfig config = new RemoteConfig(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"),
                Optional.of(keys.resolve("public.pem")), Optional.empty(), Optional.empty(), Duration.ofSeconds(5), "test");
        CountDownLatch warmed = new CountDownLatch(1);
        try (LazyStore lazy = new LazyStore(dir, () -> {
            try {
                return RemoteTier.over(RocksCacheStore.open(dir.resolve("store")), config);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        })) {
            lazy.openSoon(() -> {
                order.add("caller's warm-up");
                warmed.countDown();
            });
            assertTrue(warmed.await(30, TimeUnit.SECONDS), "the warm-up ran");
            assertEquals(List.of("GET on the server", "caller's warm-up"), order, "before any lookup");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void theOpenersThreadStaysUntilTheStoreCloses() throws Exception {
        // an ended thread's system calls count as the process's: ThreadIoCounter would take
        // them for the user's code in whatever snippet's window was open when it ended
        AtomicReference<Thread> opener = new AtomicReference<>();
        CountDownLatch warmed = new CountDownLatch(1);
        LazyStore lazy = new LazyStore(dir, this::openReal);
        try {
            lazy.openSoon(() -> {
                opener.set(Thread.currentThread());
                warmed.countDown();
            });
            assertTrue(warmed.await(30, TimeUnit.SECONDS), "the warm-up ran");
            opener.get().join(3000);   // the codec's warm-up, after this one, takes well under that
            assertTrue(opener.get().isAlive(), "still there after its work");
        } finally {
            lazy.close();
        }
        opener.get().join(10_000);
        assertFalse(opener.get().isAlive(), "ends when the store closes");
    }

    @Test
    void aUseDuringTheBackgroundOpenWaitsForIt() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        AtomicInteger opens = new AtomicInteger();
        try (LazyStore lazy = new LazyStore(dir, () -> {
            opens.incrementAndGet();
            started.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new UnavailableStore(dir, "opened late");
        })) {
            lazy.openSoon();
            assertTrue(started.await(10, TimeUnit.SECONDS));
            AtomicReference<String> seen = new AtomicReference<>();
            Thread user = new Thread(() -> seen.set(String.valueOf(lazy.stats())));
            user.start();
            user.join(200);
            assertTrue(user.isAlive(), "a use waits for the open in progress");
            release.countDown();
            user.join(10_000);
            assertFalse(user.isAlive());
            assertEquals(1, opens.get(), "the waiting use did not open a second store");
        }
    }

    @Test
    void openSoonWaitsForTheStartMoment_andAUseBeforeItOpensAtOnce() throws Exception {
        CountDownLatch moment = new CountDownLatch(1);
        CountDownLatch warmed = new CountDownLatch(1);
        AtomicInteger opens = new AtomicInteger();
        try (LazyStore lazy = new LazyStore(dir, () -> {
            opens.incrementAndGet();
            return openReal();
        })) {
            lazy.openSoon(moment::await, () -> { }, warmed::countDown);
            Thread.sleep(300);
            assertFalse(lazy.isOpen(), "nothing opens before the start moment");
            assertEquals(0, opens.get());
            moment.countDown();
            assertTrue(warmed.await(30, TimeUnit.SECONDS), "opened and warmed once the moment came");
            assertTrue(lazy.isOpen());
            assertEquals(1, opens.get());
        }
        try (LazyStore lazy = new LazyStore(dir, () -> {
            opens.incrementAndGet();
            return openReal();
        })) {
            lazy.openSoon(() -> Thread.sleep(60_000), () -> { }, () -> { });
            assertEquals(0, lazy.list().size(), "a use before the moment opens the store at once");
            assertTrue(lazy.isOpen());
            assertEquals(2, opens.get());
        }
    }

    /**
     * The codec's warm-up waits for the kernel to be idle when the store holds only plain values,
     * and does not when it holds an object graph, which a restore may soon decode.
     */
    @Test
    void theCodecWarmUpWaitsForIdle_onlyWhenTheStoreHoldsNoObjectGraph() throws Exception {
        try (CacheStore s = openReal()) {
            s.put("plain", new EntryInfo("xs", "double[]", 5, java.util.Map.of(), new byte[0]), new double[] {1},
                    ClassResolver.DEFAULT);
        }
        CountDownLatch idleAsked = new CountDownLatch(1);
        CountDownLatch idle = new CountDownLatch(1);
        CountDownLatch warmed = new CountDownLatch(1);
        try (LazyStore lazy = new LazyStore(dir, this::openReal)) {
            lazy.openSoon(() -> { }, () -> {
                idleAsked.countDown();
                idle.await();
            }, warmed::countDown);
            assertTrue(warmed.await(30, TimeUnit.SECONDS));
            assertTrue(idleAsked.await(30, TimeUnit.SECONDS), "plain values only: the codec waits for idle");
        } finally {
            idle.countDown();
        }
        try (CacheStore s = openReal()) {
            s.put("graph", new EntryInfo("g", "ArrayList", 5, java.util.Map.of(), new byte[0]),
                    new java.util.ArrayList<>(List.of("x")), ClassResolver.DEFAULT);
        }
        AtomicInteger asked = new AtomicInteger();
        CountDownLatch warmedAgain = new CountDownLatch(1);
        try (LazyStore lazy = new LazyStore(dir, this::openReal)) {
            lazy.openSoon(() -> { }, asked::incrementAndGet, warmedAgain::countDown);
            assertTrue(warmedAgain.await(30, TimeUnit.SECONDS));
            Thread.sleep(500);   // the check and the warm-up that follow the store's own warm-ups
            assertEquals(0, asked.get(), "an object graph is stored: the codec warms up at once");
        }
    }

    @Test
    void openSoonAfterCloseOpensNothing() {
        AtomicInteger opens = new AtomicInteger();
        CacheStore unused = new UnavailableStore(dir, "unused");
        LazyStore lazy = new LazyStore(dir, () -> {
            opens.incrementAndGet();
            return unused;
        });
        lazy.close();
        lazy.openSoon();
        assertFalse(lazy.isOpen());
        assertEquals(0, opens.get());
    }

    /** The real RocksDB store in the test's folder. */
    private CacheStore openReal() {
        try {
            return RocksCacheStore.open(dir);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
