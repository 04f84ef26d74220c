package dev.javacached.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreTest {
    @TempDir
    Path dir;

    static EntryInfo info(String name, long computeNanos) {
        return new EntryInfo(name, "double[]", computeNanos, Map.of("k", "v"), new byte[] {1, 2});
    }

    /** Deterministic values: small ones inline, every 3rd a 300 KB array that goes to a blob. */
    static Object valueFor(String key, int i) {
        if (i % 3 == 0) {
            double[] a = new double[40_000];
            Arrays.fill(a, key.hashCode() + i);
            return a;
        }
        return List.of(key, i, Map.of("x", (long) i));
    }

    static boolean matches(String key, int i, Object v) {
        Object expected = valueFor(key, i);
        return expected instanceof double[] d ? Arrays.equals(d, (double[]) v) : Objects.equals(expected, v);
    }

    @Test
    void holdsObjectGraphs_onlyOnceAGraphIsStored_andAfterReopen() throws Exception {
        try (RocksCacheStore s = RocksCacheStore.open(dir)) {
            assertFalse(s.holdsObjectGraphs(), "an empty store");
            s.put("plain", info("a", 5), new double[] {1, 2}, ClassResolver.DEFAULT);
            s.put("text", info("t", 5), "hello", ClassResolver.DEFAULT);
            s.put("boxed", info("n", 5), 42L, ClassResolver.DEFAULT);
            assertFalse(s.holdsObjectGraphs(), "plain values only");
        }
        try (RocksCacheStore s = RocksCacheStore.open(dir)) {
            assertFalse(s.holdsObjectGraphs());
            assertInstanceOf(PutResult.Stored.class, s.put("graph", info("g", 5), new java.util.ArrayList<>(List.of("x")),
                    ClassResolver.DEFAULT));
            assertTrue(s.holdsObjectGraphs(), "right after the put, before its commit was waited for");
        }
        try (RocksCacheStore s = RocksCacheStore.open(dir)) {
            assertTrue(s.holdsObjectGraphs());
            assertTrue(s.delete("graph"));
            assertFalse(s.holdsObjectGraphs(), "the graph was removed");
        }
    }

    @Test
    void get_afterReopen_returnsStoredValues() throws Exception {
        double[] big = new double[1_000_000];
        for (int i = 0; i < big.length; i++) {
            big[i] = i * 0.5;
        }
        try (RocksCacheStore s = RocksCacheStore.open(dir)) {
            assertInstanceOf(PutResult.Stored.class, s.put("small", info("a", 5), "hello", ClassResolver.DEFAULT));
            assertInstanceOf(PutResult.Stored.class, s.put("big", info("b", 5), big, ClassResolver.DEFAULT));
        }
        try (RocksCacheStore s = RocksCacheStore.open(dir)) {
            Lookup.Hit small = assertInstanceOf(Lookup.Hit.class, s.get("small", ClassResolver.DEFAULT));
            assertEquals("hello", small.value());
            assertEquals("a", small.meta().name());
            assertArrayEquals(new byte[] {1, 2}, small.meta().attachment());
            Lookup.Hit hit = assertInstanceOf(Lookup.Hit.class, s.get("big", ClassResolver.DEFAULT));
            assertArrayEquals(big, (double[]) hit.value());
            assertEquals(1, hit.meta().hits());
            assertInstanceOf(Lookup.Miss.class, s.get("absent", ClassResolver.DEFAULT));
        }
    }

    @Test
    void open_freshDirectory_isPrivate() throws Exception {
        Path d = dir.resolve("new");
        try (RocksCacheStore s = RocksCacheStore.open(d)) {
            s.put("big", info("b", 1), new double[100_000], ClassResolver.DEFAULT);
            s.put("small", info("s", 1), 1, ClassResolver.DEFAULT);
        }
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(d)));
        try (Stream<Path> all = Files.walk(d)) {
            for (Path p : all.toList()) {
                String want = Files.isDirectory(p) ? "rwx------" : "rw-------";
                assertEquals(want, PosixFilePermissions.toString(Files.getPosixFilePermissions(p)), p.toString());
            }
        }
    }

    @Test
    void index_heldBetweenUses_releasedWhenIdle() throws Exception {
        try (RocksCacheStore s = RocksCacheStore.open(dir)) {
            s.put("k", info("k", 1), "v", ClassResolver.DEFAULT);
            assertTrue(s.holdsIndex(), "the index stays open right after a use");
            long deadline = System.nanoTime() + IndexLease.IDLE_NANOS + 5_000_000_000L;
            while (s.holdsIndex() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertFalse(s.holdsIndex(), "the index is closed once idle");
            assertInstanceOf(Lookup.Hit.class, s.get("k", ClassResolver.DEFAULT));
            assertTrue(s.holdsIndex());
        }
        try (RocksCacheStore s = RocksCacheStore.open(dir)) {
            assertInstanceOf(Lookup.Hit.class, s.get("k", ClassResolver.DEFAULT), "a closed store released the index");
        }
    }

    @Test
    void index_busyHolder_letsAnotherStoreInWithinTheMaxHold() throws Exception {
        // A second store object on the same directory meets RocksDB's lock exactly as another
        // process does; the first keeps using the index without pause.
        try (RocksCacheStore a = RocksCacheStore.open(dir)) {
            a.put("a", info("a", 1), "from a", ClassResolver.DEFAULT);
            java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
            Thread busy = new Thread(() -> {
                while (!stop.get()) {
                    a.meta("a");
                }
            });
            busy.start();
            try {
                long start = System.nanoTime();
                try (RocksCacheStore b = RocksCacheStore.open(dir)) {
                    Lookup.Hit hit = assertInstanceOf(Lookup.Hit.class, b.get("a", ClassResolver.DEFAULT));
                    assertEquals("from a", hit.value());
                }
                long waitedMillis = (System.nanoTime() - start) / 1_000_000;
                assertTrue(waitedMillis < 10_000, "waited " + waitedMillis + " ms for a busy holder");
            } finally {
                stop.set(true);
                busy.join();
            }
        }
    }

    @Test
    void defaultDirectory_envOverrides() {
        assertEquals(Path.of("/x/y"), StoreConfig.defaultDirectory(Map.of("JAVA_CACHED_DIR", "/x/y"), "/home/u"));
        assertEquals(Path.of("/c/java-cached"), StoreConfig.defaultDirectory(Map.of("XDG_CACHE_HOME", "/c"), "/home/u"));
        assertEquals(Path.of("/home/u/.cache/java-cached"), StoreConfig.defaultDirectory(Map.of(), "/home/u"));
    }

    @Test
    void put_notSerializable_givesNotStorable() throws Exception {
        try (RocksCacheStore s = RocksCacheStore.open(dir)) {
            PutResult r = s.put("t", info("t", 1), new Thread(), ClassResolver.DEFAULT);
            assertTrue(((PutResult.NotStorable) r).reason().startsWith("java.lang.Thread cannot be stored"), r.toString());
            Runnable lambda = () -> { };
            PutResult l = s.put("l", info("l", 1), List.of(lambda), ClassResolver.DEFAULT);
            assertTrue(((PutResult.NotStorable) l).reason().contains("lambda"), l.toString());
            assertInstanceOf(PutResult.NotStorable.class, s.put("s", info("s", 1), Stream.of(1), ClassResolver.DEFAULT));
            assertEquals(0, s.stats().entries());
            try (Stream<Path> tmp = Files.list(dir.resolve("tmp"))) {
                assertEquals(0, tmp.count());
            }
        }
    }

    @Test
    void put_ioFailureMidBlob_failsAndKeepsExisting() throws Exception {
        try (RocksCacheStore s = RocksCacheStore.open(dir)) {
            s.put("keep", info("k", 1), new double[100_000], ClassResolver.DEFAULT);
            s.setWriteFault(written -> {
                if (written > 1_000_000) {
                    throw new IOException("No space left on device");
                }
            });
            PutResult r = s.put("new", info("n", 1), new double[1_000_000], ClassResolver.DEFAULT);
            PutResult.Failed f = assertInstanceOf(PutResult.Failed.class, r);
            assertTrue(f.message().contains("No space left on device"), f.message());
            s.setWriteFault(w -> { });
            assertInstanceOf(Lookup.Miss.class, s.get("new", ClassResolver.DEFAULT));
            assertInstanceOf(Lookup.Hit.class, s.get("keep", ClassResolver.DEFAULT));
            try (Stream<Path> tmp = Files.list(dir.resolve("tmp"))) {
                assertEquals(0, tmp.count());
            }
        }
    }

    /**
     * A use of the index that waited for its lock while the store closed (a background writer:
     * the kernel's run times, the committer) must not open the index again: nothing would
     * release it, and the next open of the folder, a restarted kernel's, failed on its LOCK.
     */
    @Test
    void aUseThatWaitedWhileTheStoreClosed_leavesTheIndexClosed() throws Exception {
        RocksCacheStore s = RocksCacheStore.open(dir);
        IndexLease lease = s.indexLease();
        java.util.concurrent.CountDownLatch holding = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        Thread a = new Thread(() -> {
            try {
                lease.withIndex(db -> {
                    holding.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        throw new IOException(e);
                    }
                    return null;
                });
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        a.start();
        holding.await();
        Thread closing = new Thread(s::close);
        closing.start();
        awaitWaiting(closing);                          // queued on the index's lock
        java.util.concurrent.atomic.AtomicReference<Throwable> late = new java.util.concurrent.atomic.AtomicReference<>();
        Thread b = new Thread(() -> {
            try {
                lease.withIndex(db -> null);
            } catch (Throwable e) {
                late.set(e);
            }
        });
        b.start();
        awaitWaiting(b);                                // queued behind the close
        release.countDown();
        a.join();
        closing.join();
        b.join();
        assertTrue(late.get() != null && late.get().getMessage().contains("closed"), String.valueOf(late.get()));
        long t0 = System.nanoTime();
        try (RocksCacheStore again = RocksCacheStore.open(dir)) {
            assertInstanceOf(Lookup.Miss.class, again.get("k", ClassResolver.DEFAULT));
        }
        assertTrue(System.nanoTime() - t0 < 5_000_000_000L, "opened at once, not after the lock timeout");
    }

    private static void awaitWaiting(Thread t) throws InterruptedException {
        for (int i = 0; i < 500 && t.getState() != Thread.State.WAITING; i++) {
            Thread.sleep(10);
        }
        assertEquals(Thread.State.WAITING, t.getState(), t.getName());
    }

    @Test
    void put_fullTmpfs_failsCleanly() throws Exception {
        try (SmallTmpfs mnt = SmallTmpfs.mount(dir.resolve("small"), "2m")) {
            try (RocksCacheStore s = RocksCacheStore.open(mnt.dir.resolve("store"))) {
                assertInstanceOf(PutResult.Stored.class, s.put("keep", info("k", 1), new double[20_000],
                        ClassResolver.DEFAULT));
                PutResult r = s.put("huge", info("h", 1), new double[1_000_000], ClassResolver.DEFAULT);
                assertInstanceOf(PutResult.Failed.class, r);
                Lookup.Hit hit = assertInstanceOf(Lookup.Hit.class, s.get("keep", ClassResolver.DEFAULT));
                assertEquals(20_000, ((double[]) hit.value()).length);
                assertInstanceOf(Lookup.Miss.class, s.get("huge", ClassResolver.DEFAULT));
            }
        }
    }

    /** Issue 17: a cell source over 64 KB was reported stored, then its commit failed in writeUTF. */
    @Test
    void put_provenanceOver64KB_isStoredAndReadAfterReopen() throws Exception {
        String source = "x".repeat(150_000) + "é€😀".repeat(20_000); // ~200 KB, multi-byte UTF-8 too
        String longName = "n".repeat(70_000);
        EntryInfo in = new EntryInfo(longName, "String", 5, Map.of("source", source), new byte[0]);
        try (RocksCacheStore s = RocksCacheStore.open(dir)) {
            assertInstanceOf(PutResult.Stored.class, s.put("k", in, "v", ClassResolver.DEFAULT));
            s.flush();
            assertEquals(0, s.failedCommits());
        }
        try (RocksCacheStore s = RocksCacheStore.open(dir)) {
            Lookup.Hit hit = assertInstanceOf(Lookup.Hit.class, s.get("k", ClassResolver.DEFAULT));
            assertEquals("v", hit.value());
            assertEquals(source, hit.meta().provenance().get("source"));
            assertEquals(longName, hit.meta().name());
            assertEquals(1, s.list().size());
        }
    }

    @Test
    void get_flippedByteInBlob_isUnusableThenRemoved() throws Exception {
        try (RocksCacheStore s = RocksCacheStore.open(dir)) {
            PutResult.Stored st = (PutResult.Stored) s.put("k", info("v", 1), new double[100_000], ClassResolver.DEFAULT);
            s.flush(); // the blob file is in place once the put is committed
            Path blob = blobFile(st.meta().digest());
            byte[] b = Files.readAllBytes(blob);
            b[b.length / 2] ^= 1;
            Files.write(blob, b);
            assertInstanceOf(Lookup.Unusable.class, s.get("k", ClassResolver.DEFAULT));
            assertInstanceOf(Lookup.Miss.class, s.get("k", ClassResolver.DEFAULT));
            assertFalse(Files.exists(blob));
        }
    }

    @Test
    void get_blobReplacedWithOtherValidEncoding_isUnusable() throws Exception {
        try (RocksCacheStore s = RocksCacheStore.open(dir)) {
            PutResult.Stored a = (PutResult.Stored) s.put("a", info("a", 1), new double[100_000], ClassResolver.DEFAULT);
            double[] other = new double[100_000];
            other[7] = 42;
            PutResult.Stored b = (PutResult.Stored) s.put("b", info("b", 1), other, ClassResolver.DEFAULT);
            s.flush();
            Files.copy(blobFile(b.meta().digest()), blobFile(a.meta().digest()),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Lookup l = s.get("a", ClassResolver.DEFAULT);
            assertInstanceOf(Lookup.Unusable.class, l);
            Lookup.Hit hb = assertInstanceOf(Lookup.Hit.class, s.get("b", ClassResolver.DEFAULT));
            assertEquals(42, ((double[]) hb.value())[7]);
        }
    }

    @Test
    void get_plantedIndexEntry_isRejected() throws Exception {
        // An entry signed by another store's key, copied into ours, must not verify.
        Path other = dir.resolve("other");
        try (RocksCacheStore s = RocksCacheStore.open(other)) {
            s.put("k", info("planted", 1), "evil", ClassResolver.DEFAULT);
        }
        byte[] planted;
        try (org.rocksdb.Options o = new org.rocksdb.Options();
             org.rocksdb.RocksDB db = org.rocksdb.RocksDB.open(o, other.resolve("index").toString())) {
            planted = db.get("e:k".getBytes());
        }
        Path mine = dir.resolve("mine");
        try (RocksCacheStore s = RocksCacheStore.open(mine)) {
            s.put("k", info("real", 1), "good", ClassResolver.DEFAULT);
        }
        try (org.rocksdb.Options o = new org.rocksdb.Options();
             org.rocksdb.RocksDB db = org.rocksdb.RocksDB.open(o, mine.resolve("index").toString())) {
            db.put("e:k".getBytes(), planted);
        }
        try (RocksCacheStore s = RocksCacheStore.open(mine)) {
            assertInstanceOf(Lookup.Unusable.class, s.get("k", ClassResolver.DEFAULT));
            assertInstanceOf(Lookup.Miss.class, s.get("k", ClassResolver.DEFAULT));
        }
    }

    @Test
    void get_inlineValueTampered_isRejected() throws Exception {
        try (RocksCacheStore s = RocksCacheStore.open(dir)) {
            s.put("k", info("v", 1), "secret-value", ClassResolver.DEFAULT);
        }
        try (org.rocksdb.Options o = new org.rocksdb.Options();
             org.rocksdb.RocksDB db = org.rocksdb.RocksDB.open(o, dir.resolve("index").toString())) {
            byte[] v = db.get("e:k".getBytes());
            String str = new String(v, java.nio.charset.StandardCharsets.ISO_8859_1).replace("secret-value", "SECRET-value");
            db.put("e:k".getBytes(), str.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        }
        try (RocksCacheStore s = RocksCacheStore.open(dir)) {
            assertInstanceOf(Lookup.Unusable.class, s.get("k", ClassResolver.DEFAULT));
            assertEquals(0, s.stats().entries());
        }
    }

    private Path blobFile(String digest) {
        return dir.resolve("blobs").resolve(digest.substring(0, 2)).resolve(digest);
    }

    @Test
    void deleteByName_andClear_removeEntriesAndBlobs() throws Exception {
        try (RocksCacheStore s = RocksCacheStore.open(dir)) {
            s.put("k1", info("x", 1), new double[100_000], ClassResolver.DEFAULT);
            s.put("k2", info("x", 1), 2, ClassResolver.DEFAULT);
            s.put("k3", info("y", 1), new long[100_000], ClassResolver.DEFAULT);
            assertEquals(2, s.deleteByName("x").size());
            assertEquals(1, s.list().size());
            assertTrue(s.delete("k3"));
            assertFalse(s.delete("k3"));
            s.put("k4", info("z", 1), 4, ClassResolver.DEFAULT);
            assertEquals(1, s.clear());
            try (Stream<Path> blobs = Files.walk(dir.resolve("blobs"))) {
                assertEquals(0, blobs.filter(Files::isRegularFile).count());
            }
        }
    }

    @Test
    void settings_andSizeLimit_persist() throws Exception {
        try (RocksCacheStore s = RocksCacheStore.open(dir)) {
            assertEquals(StoreConfig.DEFAULT_SIZE_LIMIT, s.sizeLimit());
            s.setSizeLimit(123_456_789);
            s.setSetting("threshold", "2s");
        }
        try (RocksCacheStore s = RocksCacheStore.open(dir)) {
            assertEquals(123_456_789, s.sizeLimit());
            assertEquals("2s", s.setting("threshold").orElseThrow());
            assertTrue(s.setting("nope").isEmpty());
        }
    }

    @Test
    void eviction_overLimit_dropsLeastWorthFirstAndKeepsPinned() throws Exception {
        java.time.Instant t0 = java.time.Instant.parse("2026-01-01T00:00:00Z");
        StoreConfig cfg = StoreConfig.at(dir).withClock(java.time.Clock.fixed(t0, java.time.ZoneOffset.UTC));
        try (RocksCacheStore s = RocksCacheStore.open(cfg)) {
            // each ~800 KB; worth = compute time per byte
            s.put("cheap", info("cheap", 1_000), new double[100_000], ClassResolver.DEFAULT);
            s.put("pinnedCheap", info("pc", 10), new double[100_000], ClassResolver.DEFAULT);
            s.put("medium", info("medium", 1_000_000), new double[100_000], ClassResolver.DEFAULT);
            s.put("costly", info("costly", 1_000_000_000), new double[100_000], ClassResolver.DEFAULT);
            assertTrue(s.setPinned("pinnedCheap", true));
            s.setSizeLimit(2_000_000);
            assertEquals(List.of("costly", "pinnedCheap"), s.list().stream().map(EntryMeta::key).sorted().toList());
            // automatic: a put over the limit evicts in the background
            s.put("another", info("another", 2_000_000_000), new double[100_000], ClassResolver.DEFAULT);
            s.awaitBackground();
            assertEquals(List.of("another", "pinnedCheap"), s.list().stream().map(EntryMeta::key).sorted().toList());
            assertEquals(1, s.stats().pinnedEntries());
        }
    }
    private long countFiles(Path d) throws IOException {
        try (Stream<Path> files = Files.walk(d)) {
            return files.filter(Files::isRegularFile).count();
        }
    }

    @Test
    void put_commitFailsInBackground_reportsOnceAndLeavesNoEntry() throws Exception {
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        java.io.PrintStream saved = System.err;
        try (RocksCacheStore s = RocksCacheStore.open(dir)) {
            double[] old = new double[100_000];
            old[1] = 1;
            s.put("k", info("k", 1), old, ClassResolver.DEFAULT);
            s.flush();
            System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
            s.setCommitFault(key -> {
                throw new IOException("Input/output error");
            });
            double[] replacement = new double[100_000];
            replacement[1] = 2;
            // put has returned before the commit runs: it reports Stored (see README, "Asynchronous commit")
            assertInstanceOf(PutResult.Stored.class, s.put("k", info("k", 1), replacement, ClassResolver.DEFAULT));
            assertInstanceOf(PutResult.Stored.class, s.put("new", info("n", 1), "small", ClassResolver.DEFAULT));
            s.flush();
            System.setErr(saved);
            s.setCommitFault(key -> { });
            assertEquals(2, s.failedCommits());
            String log = err.toString(java.nio.charset.StandardCharsets.UTF_8);
            assertEquals(2, log.split("was not stored after all", -1).length - 1, log);
            assertTrue(log.contains("Input/output error"), log);
            Lookup.Hit hit = assertInstanceOf(Lookup.Hit.class, s.get("k", ClassResolver.DEFAULT));
            assertEquals(1, ((double[]) hit.value())[1]);
            assertInstanceOf(Lookup.Miss.class, s.get("new", ClassResolver.DEFAULT));
            assertEquals(0, countFiles(dir.resolve("tmp")));
            assertEquals(1, countFiles(dir.resolve("blobs")));
        } finally {
            System.setErr(saved);
        }
    }

    @Test
    void put_sameContentAgain_keepsTheExistingBlobFile() throws Exception {
        double[] v = new double[200_000];
        Arrays.setAll(v, i -> i * 0.25);
        try (RocksCacheStore s = RocksCacheStore.open(dir)) {
            PutResult.Stored a = (PutResult.Stored) s.put("a", info("a", 1), v, ClassResolver.DEFAULT);
            s.flush();
            Path blob = blobFile(a.meta().digest());
            Object inode = Files.getAttribute(blob, "unix:ino");
            PutResult.Stored b = (PutResult.Stored) s.put("b", info("b", 1), v, ClassResolver.DEFAULT);
            s.flush();
            assertEquals(a.meta().digest(), b.meta().digest());
            assertEquals(inode, Files.getAttribute(blob, "unix:ino"), "the blob was not replaced");
            assertEquals(0, countFiles(dir.resolve("tmp")));
            assertEquals(1, countFiles(dir.resolve("blobs")));
            assertArrayEquals(v, (double[]) ((Lookup.Hit) s.get("a", ClassResolver.DEFAULT)).value());
            assertArrayEquals(v, (double[]) ((Lookup.Hit) s.get("b", ClassResolver.DEFAULT)).value());
            assertTrue(s.delete("a"));
            assertArrayEquals(v, (double[]) ((Lookup.Hit) s.get("b", ClassResolver.DEFAULT)).value());
        }
    }

    @Test
    void put_thenEveryOperation_seesThePutAtOnce() throws Exception {
        try (RocksCacheStore s = RocksCacheStore.open(dir)) {
            s.put("a", info("a", 1), new double[100_000], ClassResolver.DEFAULT);
            assertTrue(s.meta("a").isPresent());
            s.put("b", info("b", 1), "x", ClassResolver.DEFAULT);
            assertEquals(2, s.list().size());
            s.put("c", info("c", 1), "y", ClassResolver.DEFAULT);
            assertEquals(3, s.stats().entries());
            s.put("d", info("d", 1), "z", ClassResolver.DEFAULT);
            assertTrue(s.setPinned("d", true));
            s.put("e", info("e", 1), "w", ClassResolver.DEFAULT);
            assertTrue(s.delete("e"));
            s.put("f", info("f", 1), "v", ClassResolver.DEFAULT);
            assertEquals(5, s.clear());
        }
    }

    @Test
    void close_whileCommitsHang_abandonsThemCleanly() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.io.PrintStream saved = System.err;
        System.setErr(new java.io.PrintStream(new java.io.ByteArrayOutputStream(), true));
        try {
            RocksCacheStore s = RocksCacheStore.open(dir);
            s.setCommitFault(key -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
            });
            s.closeWaitMillis = 200;
            assertInstanceOf(PutResult.Stored.class, s.put("slow", info("s", 1), new double[100_000], ClassResolver.DEFAULT));
            long t = System.nanoTime();
            s.close();
            assertTrue(System.nanoTime() - t < 5_000_000_000L, "close waited too long");
            assertInstanceOf(PutResult.Failed.class, s.put("next", info("n", 1), "x", ClassResolver.DEFAULT));
            release.countDown();
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (countFiles(dir.resolve("tmp")) > 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(0, countFiles(dir.resolve("tmp")));
        } finally {
            System.setErr(saved);
        }
        try (RocksCacheStore s = RocksCacheStore.open(dir)) {
            assertInstanceOf(Lookup.Miss.class, s.get("slow", ClassResolver.DEFAULT));
            assertInstanceOf(Lookup.Miss.class, s.get("next", ClassResolver.DEFAULT));
        }
    }
}
