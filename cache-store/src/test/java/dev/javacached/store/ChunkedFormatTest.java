package dev.javacached.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.javacached.store.codec.Input;
import dev.javacached.store.codec.Output;
import dev.javacached.store.codec.ValueCodec;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Format 2: per-chunk polynomial hashes under HMAC, mapped reads, parallel hashing. */
class ChunkedFormatTest {
    @TempDir
    Path dir;

    private static final long KEY = 0x1234_5678_9abc_def1L;

    /** Horner over 7-byte elements, zero-padded to whole 28-byte blocks, times r^3 (see PolyHash). */
    static long reference(byte[] m, long key) {
        long p = PolyHash.P;
        long k = (key & p) % p;
        long r = k == 0 ? 0x5DEECE66DL : k;
        int padded = (m.length + 27) / 28 * 28;
        byte[] b = java.util.Arrays.copyOf(m, padded);
        long h = 0;
        for (int i = 0; i < padded; i += 7) {
            long e = 0;
            for (int j = 6; j >= 0; j--) {
                e = (e << 8) | (b[i + j] & 0xFF);
            }
            h = PolyHash.mul(h + e, r);
        }
        return PolyHash.mul(h, PolyHash.mul(PolyHash.mul(r, r), r));
    }

    @Test
    void polyHash_rangeStreamingAndReference_agree() {
        Random rnd = new Random(1);
        for (int len : new int[] {0, 1, 6, 7, 27, 28, 29, 55, 56, 57, 100, 1000, 4099, 70_001}) {
            byte[] m = new byte[len];
            rnd.nextBytes(m);
            if (len > 10) {
                java.util.Arrays.fill(m, 0, 10, (byte) 0xFF); // elements at the top of the range
            }
            PolyHash key = new PolyHash(KEY);
            long whole = key.hashRange(ByteBuffer.wrap(m).order(ByteOrder.LITTLE_ENDIAN), 0, len);
            assertEquals(reference(m, KEY), whole, "reference, length " + len);
            for (int trial = 0; trial < 5; trial++) {
                PolyHash s = key.fresh();
                int pos = 0;
                while (pos < len) {
                    int n = Math.min(len - pos, 1 + rnd.nextInt(Math.max(1, len / 3 + 30)));
                    ByteBuffer piece = rnd.nextBoolean() ? ByteBuffer.wrap(m, pos, n)
                            : ByteBuffer.allocateDirect(n).put(m, pos, n).flip();
                    s.update(piece);
                    pos += n;
                }
                assertEquals(whole, s.finish(), "streamed, length " + len);
            }
        }
    }

    @Test
    void polyHash_differsOnOneBitAndOnTrailingZero() {
        byte[] a = new byte[1000];
        byte[] b = a.clone();
        b[500] = 1;
        PolyHash key = new PolyHash(KEY);
        assertNotEquals(key.hashRange(ByteBuffer.wrap(a), 0, 1000), key.hashRange(ByteBuffer.wrap(b), 0, 1000));
        assertNotEquals(key.hashRange(ByteBuffer.wrap(b), 0, 1000), new PolyHash(KEY + 1).hashRange(ByteBuffer.wrap(b), 0, 1000));
    }

    @Test
    void chunkedHash_streamingEqualsPerChunk() {
        Random rnd = new Random(2);
        int len = 3 * ChunkedHash.CHUNK + 12345;
        byte[] m = new byte[len];
        rnd.nextBytes(m);
        PolyHash key = new PolyHash(KEY);
        ChunkedHash c = new ChunkedHash(key);
        int pos = 0;
        while (pos < len) {
            int n = Math.min(len - pos, rnd.nextBoolean() ? ChunkedHash.CHUNK : 1 + rnd.nextInt(700_000));
            c.update(ByteBuffer.wrap(m, pos, n));
            pos += n;
        }
        long[] polys = c.finish();
        assertEquals(4, polys.length);
        for (int i = 0; i < 4; i++) {
            int from = i * ChunkedHash.CHUNK;
            int to = Math.min(len, from + ChunkedHash.CHUNK);
            assertEquals(key.hashRange(ByteBuffer.wrap(m).order(ByteOrder.LITTLE_ENDIAN), from, to), polys[i]);
        }
    }

    @Test
    void input_overSmallOverlappingWindows_decodesAcrossBoundaries() throws Exception {
        List<Object> value = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            value.add("s" + i);
            value.add(new double[] {i, i + 0.5, i + 0.25});
            value.add((long) i * 1_000_000_007L);
        }
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        Output out = new Output(64, chunk -> {
            byte[] b = new byte[chunk.remaining()];
            chunk.get(b);
            bos.write(b);
        });
        ValueCodec.encode(value, ClassResolver.DEFAULT, out);
        byte[] bytes = bos.toByteArray();
        for (int stride : new int[] {32, 61, 100, 4096}) {
            int n = (bytes.length + stride - 1) / stride;
            ByteBuffer[] windows = new ByteBuffer[n];
            for (int i = 0; i < n; i++) {
                int from = i * stride;
                int to = Math.min(bytes.length, from + stride + Input.WINDOW_OVERLAP);
                windows[i] = ByteBuffer.wrap(bytes, from, to - from).slice();
            }
            Object back = ValueCodec.decode(new Input(windows, stride, bytes.length), ClassResolver.DEFAULT, Map.of());
            assertEquals(value.size(), ((List<?>) back).size());
            for (int i = 0; i < value.size(); i++) {
                Object e = value.get(i);
                Object g = ((List<?>) back).get(i);
                if (e instanceof double[] d) {
                    assertArrayEquals(d, (double[]) g);
                } else {
                    assertEquals(e, g);
                }
            }
        }
    }

    private static double[] bigArray() {
        double[] a = new double[(int) (3.5 * ChunkedHash.CHUNK / 8)];
        for (int i = 0; i < a.length; i++) {
            a[i] = i * 1.25;
        }
        return a;
    }

    private Path blob(RocksCacheStore s, String key) {
        String d = s.meta(key).orElseThrow().digest();
        return dir.resolve("blobs").resolve(d.substring(0, 2)).resolve(d);
    }

    @Test
    void multiChunkBlob_roundTrips() throws Exception {
        double[] a = bigArray();
        try (RocksCacheStore s = RocksCacheStore.open(dir)) {
            assertInstanceOf(PutResult.Stored.class, s.put("k", StoreTest.info("a", 1), a, ClassResolver.DEFAULT));
        }
        try (RocksCacheStore s = RocksCacheStore.open(dir)) {
            Lookup.Hit h = assertInstanceOf(Lookup.Hit.class, s.get("k", ClassResolver.DEFAULT));
            assertArrayEquals(a, (double[]) h.value());
        }
    }

    @Test
    void tamperedByteInOneChunk_isUnusableThenMiss() throws Exception {
        for (int chunk = 0; chunk < 4; chunk++) {
            try (RocksCacheStore s = RocksCacheStore.open(dir)) {
                s.put("k", StoreTest.info("a", 1), bigArray(), ClassResolver.DEFAULT);
                Path f = blob(s, "k");
                try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                    long at = (long) chunk * ChunkedHash.CHUNK + 777;
                    ByteBuffer one = ByteBuffer.allocate(1);
                    ch.read(one, at);
                    one.put(0, (byte) (one.get(0) ^ 0x10)).rewind();
                    ch.write(one, at);
                }
                assertInstanceOf(Lookup.Unusable.class, s.get("k", ClassResolver.DEFAULT), "chunk " + chunk);
                assertInstanceOf(Lookup.Miss.class, s.get("k", ClassResolver.DEFAULT));
                assertFalse(Files.exists(f));
            }
        }
    }

    @Test
    void swappedChunks_areUnusable() throws Exception {
        double[] a = bigArray();
        try (RocksCacheStore s = RocksCacheStore.open(dir)) {
            s.put("k", StoreTest.info("a", 1), a, ClassResolver.DEFAULT);
            Path f = blob(s, "k");
            byte[] b = Files.readAllBytes(f);
            byte[] c0 = java.util.Arrays.copyOfRange(b, 0, ChunkedHash.CHUNK);
            System.arraycopy(b, ChunkedHash.CHUNK, b, 0, ChunkedHash.CHUNK);
            System.arraycopy(c0, 0, b, ChunkedHash.CHUNK, ChunkedHash.CHUNK);
            Files.write(f, b);
            assertInstanceOf(Lookup.Unusable.class, s.get("k", ClassResolver.DEFAULT));
        }
    }

    @Test
    void truncatedOrExtendedBlob_isUnusable() throws Exception {
        for (long newSize : new long[] {0, 3, ChunkedHash.CHUNK, 2L * ChunkedHash.CHUNK + 5, -1}) {
            try (RocksCacheStore s = RocksCacheStore.open(dir)) {
                s.put("k", StoreTest.info("a", 1), bigArray(), ClassResolver.DEFAULT);
                Path f = blob(s, "k");
                if (newSize < 0) {
                    Files.write(f, new byte[] {0}, StandardOpenOption.APPEND);
                } else {
                    try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
                        ch.truncate(newSize);
                    }
                }
                assertInstanceOf(Lookup.Unusable.class, s.get("k", ClassResolver.DEFAULT), "size " + newSize);
                assertInstanceOf(Lookup.Miss.class, s.get("k", ClassResolver.DEFAULT));
            }
        }
    }

    @Test
    void serializedValueOverSeveralChunks_verifiedBeforeDecodingAndTamperRejected() throws Exception {
        BitSet bits = new BitSet();
        for (int i = 0; i < 30_000_000; i += 3) {
            bits.set(i);
        }
        try (RocksCacheStore s = RocksCacheStore.open(dir)) {
            s.put("k", StoreTest.info("bits", 1), bits, ClassResolver.DEFAULT);
        }
        try (RocksCacheStore s = RocksCacheStore.open(dir)) {
            assertEquals(bits, assertInstanceOf(Lookup.Hit.class, s.get("k", ClassResolver.DEFAULT)).value());
            Path f = blob(s, "k");
            assertEquals(true, Files.size(f) > 2L * ChunkedHash.CHUNK);
            byte[] b = Files.readAllBytes(f);
            b[ChunkedHash.CHUNK + 10] ^= 1;
            Files.write(f, b);
            assertInstanceOf(Lookup.Unusable.class, s.get("k", ClassResolver.DEFAULT));
        }
    }

    @Test
    void entryOfOldFormat_isAMissNotAnError() throws Exception {
        try (RocksCacheStore s = RocksCacheStore.open(dir)) {
            s.put("k", StoreTest.info("a", 1), "value", ClassResolver.DEFAULT);
        }
        Secret secret = Secret.loadOrCreate(dir);
        try (org.rocksdb.Options o = new org.rocksdb.Options();
             org.rocksdb.RocksDB db = org.rocksdb.RocksDB.open(o, dir.resolve("index").toString())) {
            EntryRecord r = EntryRecord.parse(db.get("e:k".getBytes()), secret);
            db.put("e:k".getBytes(), r.toBytes(secret, 1));
        }
        try (RocksCacheStore s = RocksCacheStore.open(dir)) {
            assertInstanceOf(Lookup.Miss.class, s.get("k", ClassResolver.DEFAULT));
            assertInstanceOf(PutResult.Stored.class, s.put("k", StoreTest.info("a", 1), "v2", ClassResolver.DEFAULT));
            assertEquals("v2", assertInstanceOf(Lookup.Hit.class, s.get("k", ClassResolver.DEFAULT)).value());
        }
    }

    @Test
    void entryOfVersion2_writeUTFStrings_isStillRead() throws Exception {
        try (RocksCacheStore s = RocksCacheStore.open(dir)) {
            s.put("k", StoreTest.info("a", 1), "value", ClassResolver.DEFAULT);
        }
        Secret secret = Secret.loadOrCreate(dir);
        try (org.rocksdb.Options o = new org.rocksdb.Options();
             org.rocksdb.RocksDB db = org.rocksdb.RocksDB.open(o, dir.resolve("index").toString())) {
            EntryRecord r = EntryRecord.parse(db.get("e:k".getBytes()), secret);
            db.put("e:k".getBytes(), r.toBytes(secret, 2));
        }
        try (RocksCacheStore s = RocksCacheStore.open(dir)) {
            Lookup.Hit hit = assertInstanceOf(Lookup.Hit.class, s.get("k", ClassResolver.DEFAULT));
            assertEquals("value", hit.value());
            assertEquals("a", hit.meta().name());
        }
    }
}
