package dev.javacached.store;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Map;

/**
 * Benchmark harness (not a test). Prints "seconds GB/s what" (the last line is what run.sh reads).
 * <ul>
 * <li>{@code store DIR MB}: puts a double[] three times (cold: the first put in the JVM; warm: one
 *     element changed; same: the same content again) and prints, for each, the put-return time and
 *     the durable time (put + {@link RocksCacheStore#flush}).
 * <li>{@code putparts DIR MB}: where a put's time goes (encode, + hash, + write, put, commit).
 * <li>{@code restore DIR MB}: run in a fresh JVM; prints get alone (store already open), the open
 *     (JNI library + store) and open+get.
 * <li>{@code plain DIR MB}: reads the same blob file into a new double[] with a plain FileChannel.
 * <li>{@code fsync DIR MB}: writes MB to a new file with FileChannel and times write and force.
 * <li>{@code hash DIR MB}: PolyHash throughput over a direct buffer, one thread and all helpers.
 * <li>{@code openlat DIR N}: latency of one index open+get+close (meta) and of a small get.
 * <li>{@code threshold DIR N}: put and get latency, inline vs blob, 1 KiB … 4 MiB.
 * </ul>
 */
public final class StoreBench {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[1]);
        int mb = Integer.parseInt(args[2]);
        int n = (int) (mb * 1_000_000L / 8);
        String key = "bench-" + mb;
        switch (args[0]) {
            case "store" -> {
                // put-return: what the caller waits for; durable: put + flush (fsync, rename,
                // directory fsync, index commit). Cold = the first put in this JVM; warm = a second
                // put of different content (one element changed, so no blob is shared); same = the
                // warm array again (the blob exists: no fsync, no rename).
                double[] a = new double[n];
                for (int i = 0; i < n; i++) {
                    a[i] = i * 1.000001;
                }
                EntryInfo info = new EntryInfo("a", "double[]", 1_000_000_000L, Map.of(), null);
                try (RocksCacheStore s = RocksCacheStore.open(dir)) {
                    for (String what : new String[] {"cold", "warm", "same"}) {
                        if (what.equals("warm")) {
                            a[0] = -1;
                        }
                        long t = System.nanoTime();
                        PutResult r = s.put(what.equals("cold") ? key + "-first" : key, info, a, ClassResolver.DEFAULT);
                        long t1 = System.nanoTime();
                        s.flush();
                        long t2 = System.nanoTime();
                        System.out.printf("%.3f %.2f put-return-%s %.3f %.2f durable-%s %s%n", (t1 - t) / 1e9,
                                8L * n / ((t1 - t) / 1e9) / 1e9, what, (t2 - t) / 1e9,
                                8L * n / ((t2 - t) / 1e9) / 1e9, what, r.getClass().getSimpleName());
                    }
                    s.delete(key + "-first");
                }
            }
            case "putparts" -> {
                // where a put's time goes, in one JVM, each step 3 times: encode into a buffer that is
                // dropped, encode + hash, encode + write to a new file (no hash), the whole put
                double[] a = new double[n];
                for (int i = 0; i < n; i++) {
                    a[i] = i * 1.000001;
                }
                Secret secret = Secret.loadOrCreate(dir);
                Blobs blobs = new Blobs(dir, secret);
                EntryInfo info = new EntryInfo("a", "double[]", 1, Map.of(), null);
                try (RocksCacheStore s = RocksCacheStore.open(dir)) {
                    for (int rep = 0; rep < 3; rep++) {
                        long t0 = System.nanoTime();
                        dev.javacached.store.codec.ValueCodec.encode(a, ClassResolver.DEFAULT,
                                new dev.javacached.store.codec.Output(Blobs.CHUNK, c -> c.position(c.limit())));
                        long t1 = System.nanoTime();
                        ChunkedHash h = new ChunkedHash(secret.poly());
                        dev.javacached.store.codec.ValueCodec.encode(a, ClassResolver.DEFAULT,
                                new dev.javacached.store.codec.Output(Blobs.CHUNK, h::update));
                        long t2 = System.nanoTime();
                        Path f = dir.resolve("putparts.tmp");
                        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                            dev.javacached.store.codec.ValueCodec.encode(a, ClassResolver.DEFAULT,
                                    new dev.javacached.store.codec.Output(Blobs.CHUNK, c -> {
                                        while (c.hasRemaining()) {
                                            ch.write(c);
                                        }
                                    }));
                        }
                        long t3 = System.nanoTime();
                        Files.delete(f);
                        a[0] = rep;
                        long t4 = System.nanoTime();
                        s.put(key, info, a, ClassResolver.DEFAULT);
                        long t5 = System.nanoTime();
                        s.flush();
                        long t6 = System.nanoTime();
                        System.out.printf("encode %.0f ms, encode+hash %.0f ms, encode+write %.0f ms, put %.0f ms"
                                + " (+%.0f ms commit)%n", (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6,
                                (t5 - t4) / 1e6, (t6 - t5) / 1e6);
                    }
                }
            }
            case "restore", "restore-touched" -> {
                // A fresh JVM: "open" is from before RocksCacheStore.open (loads the RocksDB JNI
                // library, opens the store) until it returns; "get" is the get alone (index lookup,
                // mapping, verifying, decoding into a new double[]). Prints get, open, open+get.
                if (args[0].equals("restore-touched")) {
                    // A kernel that has been computing has touched its heap already; a fresh JVM
                    // pays the first touch of every page of the new array (slow on this VM).
                    double[] warm = new double[n];
                    Arrays.fill(warm, 1);
                    warm = null;
                    System.gc();
                    Class.forName("dev.javacached.store.RocksCacheStore"); // JNI library loaded at kernel start
                }
                long t = System.nanoTime();
                double[] a;
                long opened;
                long got;
                try (RocksCacheStore s = RocksCacheStore.open(dir)) {
                    opened = System.nanoTime();
                    Lookup l = s.get(key, ClassResolver.DEFAULT);
                    got = System.nanoTime();
                    a = (double[]) ((Lookup.Hit) l).value();
                }
                if (a[n - 1] != (n - 1) * 1.000001) {
                    throw new AssertionError("wrong value");
                }
                System.out.printf("%.3f %.2f get%n", (got - opened) / 1e9, 8L * a.length / ((got - opened) / 1e9) / 1e9);
                System.out.printf("%.3f %.0f open-ms%n", (opened - t) / 1e9, (opened - t) / 1e6);
                System.out.printf("%.3f %.2f open+get%n", (got - t) / 1e9, 8L * a.length / ((got - t) / 1e9) / 1e9);
            }
            case "floor-first", "get-first" -> {
                // The floor of a restore, in the JVM that restores (issue 15): a new double[] and one
                // copy into it from the blob file's pages (page cache warm, no verification), against
                // the store's get of the same value. Whichever runs first meets the fresh heap; the
                // other may reuse its pages, so the script takes turns and compares first with first.
                try (RocksCacheStore s = RocksCacheStore.open(dir)) {
                    Path blob = blobFile(s, dir, key);
                    double floor = 0;
                    double get = 0;
                    for (String step : args[0].equals("floor-first") ? java.util.List.of("floor", "get") : java.util.List.of("get", "floor")) {
                        long t0 = System.nanoTime();
                        double[] a;
                        if (step.equals("floor")) {
                            java.nio.MappedByteBuffer m;
                            try (FileChannel ch = FileChannel.open(blob, StandardOpenOption.READ)) {
                                m = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size());
                            }
                            a = new double[n];
                            m.order(ByteOrder.LITTLE_ENDIAN).position(5);
                            m.asDoubleBuffer().get(a);
                            floor = (System.nanoTime() - t0) / 1e9;
                        } else {
                            a = (double[]) ((Lookup.Hit) s.get(key, ClassResolver.DEFAULT)).value();
                            get = (System.nanoTime() - t0) / 1e9;
                        }
                        if (a[n - 1] != (n - 1) * 1.000001) {
                            throw new AssertionError("wrong value from the " + step);
                        }
                        a = null;
                        System.gc();
                    }
                    System.out.printf("%s get %.3f floor %.3f%n", args[0], get, floor);
                }
            }
            case "parts" -> {
                long t0 = System.nanoTime();
                Class.forName("dev.javacached.store.RocksCacheStore"); // loads the RocksDB JNI library
                long t1 = System.nanoTime();
                try (RocksCacheStore s = RocksCacheStore.open(dir)) {
                    long t2 = System.nanoTime();
                    s.meta(key);
                    long t3 = System.nanoTime();
                    Lookup l = s.get(key, ClassResolver.DEFAULT);
                    long t4 = System.nanoTime();
                    double[] fresh = new double[n];
                    long t5 = System.nanoTime();
                    System.out.printf("load JNI %.0f ms, open %.0f ms, meta %.0f ms, get %.0f ms (%s); "
                            + "allocating another new double[%d]: %.0f ms%n", (t1 - t0) / 1e6, (t2 - t1) / 1e6,
                            (t3 - t2) / 1e6, (t4 - t3) / 1e6, l.getClass().getSimpleName(), n, (t5 - t4) / 1e6,
                            fresh.length * 0.0);
                }
            }
            case "mapparts" -> {
                Path blob;
                try (RocksCacheStore s = RocksCacheStore.open(dir)) {
                    blob = blobFile(s, dir, key);
                }
                for (int rep = 0; rep < 3; rep++) {
                    long t0 = System.nanoTime();
                    java.nio.MappedByteBuffer m;
                    try (FileChannel ch = FileChannel.open(blob, StandardOpenOption.READ)) {
                        m = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size());
                    }
                    m.order(ByteOrder.LITTLE_ENDIAN);
                    long t1 = System.nanoTime();
                    double[] a = new double[n];
                    long t2 = System.nanoTime();
                    m.position(5);
                    m.asDoubleBuffer().get(a);
                    long t3 = System.nanoTime();
                    m.position(5);
                    m.asDoubleBuffer().get(a);
                    long t4 = System.nanoTime();
                    PolyHash h = new PolyHash(42);
                    long x = 0;
                    int size = m.capacity();
                    for (int off = 0; off < size; off += ChunkedHash.CHUNK) {
                        x ^= ChunkedHash.chunk(h, m, off, Math.min(size, off + ChunkedHash.CHUNK));
                    }
                    long t5 = System.nanoTime();
                    System.out.printf("map %.0f ms, new double[] %.0f ms, copy (first touch of mapping) %.0f ms, "
                            + "copy again %.0f ms, hash 1 thread %.0f ms %d%n", (t1 - t0) / 1e6, (t2 - t1) / 1e6,
                            (t3 - t2) / 1e6, (t4 - t3) / 1e6, (t5 - t4) / 1e6, x & 1);
                }
            }
            case "plain" -> {
                Path blob;
                try (RocksCacheStore s = RocksCacheStore.open(dir)) {
                    blob = blobFile(s, dir, key);
                }
                long t = System.nanoTime();
                double[] a = new double[n];
                ByteBuffer buf = ByteBuffer.allocateDirect(4 << 20).order(ByteOrder.LITTLE_ENDIAN);
                try (FileChannel ch = FileChannel.open(blob, StandardOpenOption.READ)) {
                    long pos = 5;
                    int off = 0;
                    while (off < n) {
                        buf.clear();
                        buf.limit((int) Math.min(buf.capacity(), 8L * (n - off)));
                        int k = ch.read(buf, pos);
                        pos += k;
                        buf.flip();
                        int m = buf.remaining() / 8;
                        buf.asDoubleBuffer().get(a, off, m);
                        off += m;
                    }
                }
                report(t, 8L * n, "plain");
            }
            case "fsync" -> {
                Path f = dir.resolve("fsync-probe");
                ByteBuffer buf = ByteBuffer.allocateDirect(4 << 20);
                long bytes = mb * 1_000_000L;
                try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                    long t = System.nanoTime();
                    for (long w = 0; w < bytes; ) {
                        buf.clear();
                        buf.limit((int) Math.min(buf.capacity(), bytes - w));
                        w += ch.write(buf);
                    }
                    report(t, bytes, "write-no-fsync");
                    long t2 = System.nanoTime();
                    ch.force(true);
                    report(t2, bytes, "fsync-alone");
                    report(t, bytes, "write+fsync");
                } finally {
                    Files.deleteIfExists(f);
                }
            }
            case "hash" -> {
                int bytes = mb * 1_000_000;
                ByteBuffer b = ByteBuffer.allocateDirect(bytes).order(ByteOrder.LITTLE_ENDIAN);
                for (int i = 0; i + 8 <= bytes; i += 8) {
                    b.putLong(i, i * 0x9E3779B97F4A7C15L);
                }
                PolyHash h = new PolyHash(42);
                for (int rep = 0; rep < 5; rep++) {
                    long t = System.nanoTime();
                    long x = 0;
                    for (int off = 0; off < bytes; off += ChunkedHash.CHUNK) {
                        x ^= ChunkedHash.chunk(h, b, off, Math.min(bytes, off + ChunkedHash.CHUNK));
                    }
                    report(t, bytes, "poly-1-thread " + (x & 1));
                }
                for (int rep = 0; rep < 5; rep++) {
                    long t = System.nanoTime();
                    long[] out = new long[ChunkedHash.chunks(bytes)];
                    Parallel.start(out.length, i -> {
                        int off = i * ChunkedHash.CHUNK;
                        out[i] = ChunkedHash.chunk(h, b, off, Math.min(bytes, off + ChunkedHash.CHUNK));
                    }).finish();
                    report(t, bytes, "poly-parallel(" + (Parallel.HELPERS + 1) + " threads)");
                }
            }
            case "openlat" -> {
                int reps = mb;
                try (RocksCacheStore s = RocksCacheStore.open(dir)) {
                    EntryInfo info = new EntryInfo("small", "String", 1, Map.of(), null);
                    s.put("small", info, "hello", ClassResolver.DEFAULT);
                    long[] meta = new long[reps];
                    long[] get = new long[reps];
                    for (int i = 0; i < reps; i++) {
                        long t = System.nanoTime();
                        s.meta("small");
                        meta[i] = System.nanoTime() - t;
                        t = System.nanoTime();
                        s.get("small", ClassResolver.DEFAULT);
                        get[i] = System.nanoTime() - t;
                    }
                    System.out.printf("open+get+close (meta): median %.2f ms, p90 %.2f ms; small get (open, get, "
                            + "touch, close, verify): median %.2f ms, p90 %.2f ms; %d reps%n",
                            pct(meta, 50), pct(meta, 90), pct(get, 50), pct(get, 90), reps);
                }
            }
            case "threshold" -> {
                int reps = mb;
                System.out.println("| value size | inline put ms | blob put ms | inline get ms | blob get ms |");
                System.out.println("|---|---|---|---|---|");
                for (int size = 1024; size <= 4 << 20; size *= 2) {
                    double[] v = new double[size / 8];
                    Arrays.fill(v, 1.5);
                    double[] res = new double[4];
                    int col = 0;
                    for (int threshold : new int[] {Integer.MAX_VALUE, 0}) {
                        Path d = dir.resolve("t-" + size + "-" + threshold);
                        try (RocksCacheStore s = RocksCacheStore.open(StoreConfig.at(d).withInlineThreshold(threshold))) {
                            EntryInfo info = new EntryInfo("v", "double[]", 1, Map.of(), null);
                            long[] put = new long[reps];
                            long[] get = new long[reps];
                            for (int i = 0; i < reps; i++) {
                                v[0] = i; // a new value each time, as in a notebook
                                long t = System.nanoTime();
                                s.put("k" + (i % 8), info, v, ClassResolver.DEFAULT);
                                put[i] = System.nanoTime() - t;
                                t = System.nanoTime();
                                s.get("k" + (i % 8), ClassResolver.DEFAULT);
                                get[i] = System.nanoTime() - t;
                            }
                            res[col] = pct(put, 50);
                            res[col + 2] = pct(get, 50);
                        }
                        col++;
                    }
                    System.out.printf("| %s | %.2f | %.2f | %.2f | %.2f |%n", human(size), res[0], res[1], res[2], res[3]);
                }
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    private static String human(int size) {
        return size >= 1 << 20 ? (size >> 20) + " MiB" : (size >> 10) + " KiB";
    }

    private static double pct(long[] nanos, int p) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        return s[Math.min(s.length - 1, s.length * p / 100)] / 1e6;
    }

    private static void report(long t0, long bytes, String what) {
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf("%.3f %.2f %s%n", s, bytes / 1e9 / s, what);
    }

    /** The blob file of the entry under {@code key} in the store at {@code dir}. */
    private static Path blobFile(RocksCacheStore s, Path dir, String key) {
        String digest = s.meta(key).orElseThrow().digest();
        return dir.resolve("blobs").resolve(digest.substring(0, 2)).resolve(digest);
    }
}
