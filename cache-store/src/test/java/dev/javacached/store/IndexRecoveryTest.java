package dev.javacached.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.RocksDBException;
import org.rocksdb.Status;

/** Issue 17, finding 4: a damaged index is set aside and replaced, and the store keeps working. */
class IndexRecoveryTest {
    @TempDir
    Path dir;

    private static List<Path> files(Path d, String suffix) throws Exception {
        try (Stream<Path> s = Files.walk(d)) {
            return s.filter(p -> Files.isRegularFile(p) && p.toString().endsWith(suffix)).toList();
        }
    }

    private List<Path> damagedDirs() throws Exception {
        return damagedDirs(dir);
    }

    static List<Path> damagedDirs(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(DamagedIndexes.DAMAGED_PREFIX)).toList();
        }
    }

    /** Stores entries (every 3rd a blob), then flushes them into a table file and flips one of its bytes. */
    private List<Path> storeAndDamageIndex(int n) throws Exception {
        return storeAndDamageIndex(dir, n);
    }

    static List<Path> storeAndDamageIndex(Path dir, int n) throws Exception {
        try (RocksCacheStore s = RocksCacheStore.open(dir)) {
            for (int i = 0; i < n; i++) {
                assertInstanceOf(PutResult.Stored.class,
                        s.put("k" + i, StoreTest.info("v" + i, 1_000_000), StoreTest.valueFor("k" + i, i), ClassResolver.DEFAULT));
            }
        }
        try (org.rocksdb.Options o = new org.rocksdb.Options();
             org.rocksdb.RocksDB db = org.rocksdb.RocksDB.open(o, dir.resolve("index").toString());
             org.rocksdb.FlushOptions f = new org.rocksdb.FlushOptions().setWaitForFlush(true)) {
            db.flush(f);
        }
        List<Path> sst = files(dir.resolve("index"), ".sst");
        assertFalse(sst.isEmpty(), "the entries are in a table file");
        Path table = sst.get(0);
        byte[] b = Files.readAllBytes(table);
        b[100] ^= 0x40; // inside the first data block
        Files.write(table, b);
        List<Path> blobs = files(dir.resolve("blobs"), "");
        assertFalse(blobs.isEmpty());
        return blobs;
    }

    @Test
    void damagedIndex_setAsideAndReplaced_storeKeepsWorking() throws Exception {
        List<Path> blobs = storeAndDamageIndex(9);
        try (RocksCacheStore s = RocksCacheStore.open(dir)) {
            // the first operation meets the damage: a miss, never an exception
            assertInstanceOf(Lookup.Miss.class, s.get("k1", ClassResolver.DEFAULT));
            Optional<String> w = s.takeWarning();
            assertTrue(w.isPresent(), "the user is told");
            assertTrue(w.get().contains("damaged") && w.get().contains(DamagedIndexes.DAMAGED_PREFIX), w.get());
            assertEquals(Optional.empty(), s.takeWarning(), "told once");
            assertEquals(1, damagedDirs().size());
            assertFalse(files(damagedDirs().get(0), ".sst").isEmpty(), "the damaged index is kept for a person");

            assertEquals(List.of(), s.list());
            assertEquals(0, s.stats().entries());
            for (int i = 0; i < 4; i++) {
                assertInstanceOf(PutResult.Stored.class,
                        s.put("n" + i, StoreTest.info("n" + i, 1), StoreTest.valueFor("n" + i, i), ClassResolver.DEFAULT));
            }
            s.awaitBackground(); // the orphan sweep ran after those commits
            for (int i = 0; i < 4; i++) {
                Lookup.Hit hit = assertInstanceOf(Lookup.Hit.class, s.get("n" + i, ClassResolver.DEFAULT));
                assertTrue(StoreTest.matches("n" + i, i, hit.value()));
            }
            assertEquals(4, s.list().size());
            assertEquals(4, s.stats().entries());
            assertEquals(0, s.failedCommits());
            for (Path b : blobs) {
                assertTrue(Files.exists(b), "a blob the damaged index names is kept: " + b);
            }
            assertEquals(Optional.empty(), s.takeWarning());
        }
        try (RocksCacheStore s = RocksCacheStore.open(dir)) {
            assertEquals(4, s.list().size(), "the new index persists");
            assertEquals(Optional.empty(), s.takeWarning());
        }
    }

    @Test
    void damagedIndex_firstOperationAList_givesAnEmptyListNotAnError() throws Exception {
        storeAndDamageIndex(9);
        try (RocksCacheStore s = RocksCacheStore.open(dir)) {
            assertEquals(List.of(), s.list());
            assertTrue(s.takeWarning().isPresent());
            assertInstanceOf(PutResult.Stored.class, s.put("a", StoreTest.info("a", 1), "x", ClassResolver.DEFAULT));
            assertEquals("x", assertInstanceOf(Lookup.Hit.class, s.get("a", ClassResolver.DEFAULT)).value());
        }
    }

    @Test
    void damagedIndexes_atMostAFewKept() throws Exception {
        for (int round = 0; round < DamagedIndexes.DAMAGED_KEPT + 2; round++) {
            storeAndDamageIndex(3);
            try (RocksCacheStore s = RocksCacheStore.open(dir)) {
                s.list();
                assertTrue(s.takeWarning().isPresent());
            }
        }
        assertEquals(DamagedIndexes.DAMAGED_KEPT, damagedDirs().size());
    }

    @Test
    void isLockBusy_byStatusCode_notByTheWordLock() {
        assertTrue(IndexLease.isLockBusy(ex(Status.Code.IOError,
                "While lock file: /d/index/LOCK: Resource temporarily unavailable")));
        assertTrue(IndexLease.isLockBusy(ex(Status.Code.IOError,
                "lock hold by current process, acquire time 1 acquiring thread 2: /d/index/LOCK: No locks available")));
        // messages that mention a lock but are not a busy LOCK
        assertFalse(IndexLease.isLockBusy(ex(Status.Code.Corruption, "block checksum mismatch in LOCK-free block lock")));
        assertFalse(IndexLease.isLockBusy(ex(Status.Code.InvalidArgument, "lock: bad option")));
        assertFalse(IndexLease.isLockBusy(ex(Status.Code.IOError,
                "While open a file for lock: /d/index/LOCK: Permission denied")));
        assertFalse(IndexLease.isLockBusy(ex(Status.Code.IOError,
                "While lock file: /d/index/LOCK: No locks available")));
        assertFalse(IndexLease.isLockBusy(new RocksDBException("lock")));
        assertTrue(IndexLease.isCorruption(ex(Status.Code.Corruption, "block checksum mismatch")));
        assertFalse(IndexLease.isCorruption(ex(Status.Code.IOError, "Corruption")));
    }

    private static RocksDBException ex(Status.Code code, String state) {
        return new RocksDBException(code + ": " + state, new Status(code, Status.SubCode.None, state));
    }

    @Test
    void unavailableStore_hasNoWarning() {
        assertEquals(Optional.empty(), new UnavailableStore(dir, "x").takeWarning());
        assertEquals(new ArrayList<>(), new ArrayList<>(new UnavailableStore(dir, "x").list()));
    }
}
