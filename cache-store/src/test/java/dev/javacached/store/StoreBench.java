package dev.javacached.store;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * Benchmark harness (not a test). {@code store DIR MB} stores a double[] under key "bench-MB";
 * {@code restore DIR MB} restores it (run in a fresh JVM); {@code plain DIR MB} reads the same
 * blob file into a double[] with a plain FileChannel. Prints "seconds GB/s".
 */
public final class StoreBench {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[1]);
        int mb = Integer.parseInt(args[2]);
        int n = (int) (mb * 1_000_000L / 8);
        String key = "bench-" + mb;
        try (RocksCacheStore s = RocksCacheStore.open(dir)) {
            switch (args[0]) {
                case "store" -> {
                    double[] a = new double[n];
                    for (int i = 0; i < n; i++) {
                        a[i] = i * 1.000001;
                    }
                    EntryInfo info = new EntryInfo("a", "double[]", 1_000_000_000L, Map.of(), null);
                    s.put(key, info, a, ClassResolver.DEFAULT); // warm-up (JIT), same content
                    long t = System.nanoTime();
                    PutResult r = s.put(key, info, a, ClassResolver.DEFAULT);
                    report(t, 8L * n, r.getClass().getSimpleName());
                }
                case "restore" -> {
                    long t = System.nanoTime();
                    Lookup l = s.get(key, ClassResolver.DEFAULT);
                    double[] a = (double[]) ((Lookup.Hit) l).value();
                    report(t, 8L * a.length, "hit");
                }
                case "plain" -> {
                    String digest = s.meta(key).orElseThrow().digest();
                    Path blob = dir.resolve("blobs").resolve(digest.substring(0, 2)).resolve(digest);
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
                default -> throw new IllegalArgumentException(args[0]);
            }
        }
    }

    private static void report(long t0, long bytes, String what) {
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf("%.3f %.2f %s%n", s, bytes / 1e9 / s, what);
    }
}
