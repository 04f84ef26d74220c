package dev.javacached.store.remote;

import dev.javacached.store.ClassResolver;
import dev.javacached.store.EntryInfo;
import dev.javacached.store.Lookup;
import dev.javacached.store.PutResult;
import dev.javacached.store.RocksCacheStore;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * The remote tier's benchmark (bench/remote/run.sh runs it; not a test). Commands, each in a fresh JVM:
 * <ul>
 *   <li>{@code upload URL KEYS DIR MB}: a writer stores a double[] of MB·10^6 bytes and uploads it;
 *       prints the blob's SHA-256;</li>
 *   <li>{@code restore URL KEYS DIR MB}: a reader with an empty local store restores it from the
 *       server (download, SHA-256 and local tag while it streams into a blob file, then the local
 *       get); prints seconds;</li>
 *   <li>{@code miss URL KEYS DIR N}: N lookups of absent keys, local only and through the remote
 *       tier, interleaved; prints the median and p90 of each, in ms.</li>
 * </ul>
 */
public final class RemoteBench {
    public static void main(String[] args) throws Exception {
        URI url = URI.create(args[1]);
        Path keys = Path.of(args[2]);
        Path dir = Path.of(args[3]);
        long n = Long.parseLong(args[4]);
        switch (args[0]) {
            case "upload" -> upload(url, keys, dir, (int) n);
            case "restore" -> restore(url, keys, dir, (int) n);
            case "miss" -> miss(url, keys, dir, (int) n);
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    private static RemoteTier tier(URI url, Path keys, Path dir, boolean writer) throws Exception {
        return RemoteTier.over(RocksCacheStore.open(dir), new RemoteConfig(url, Optional.of(keys.resolve("public.pem")),
                writer ? Optional.of(keys.resolve("private.pem")) : Optional.empty(), Optional.empty(),
                Duration.ofSeconds(5), "bench"));
    }

    private static String key(int mb) {
        return "bench-" + mb;
    }

    private static void upload(URI url, Path keys, Path dir, int mb) throws Exception {
        double[] v = new double[mb * 125_000];
        for (int i = 0; i < v.length; i++) {
            v[i] = i * 0.25;
        }
        try (RemoteTier w = tier(url, keys, dir, true)) {
            PutResult r = w.put(key(mb), new EntryInfo("big", "double[]", 1, Map.of(), null), v, ClassResolver.DEFAULT);
            if (!(r instanceof PutResult.Stored)) {
                throw new IllegalStateException(r.toString());
            }
            long t0 = System.nanoTime();
            if (!w.awaitUploads(600_000)) {
                throw new IllegalStateException("upload did not finish");
            }
            System.out.printf("uploaded %d MB in %.2f s: %s%n", mb, (System.nanoTime() - t0) / 1e9,
                    w.remoteStatus().orElseThrow().describe().replace('\n', ' '));
        }
    }

    private static void restore(URI url, Path keys, Path dir, int mb) throws Exception {
        restoreOnce(url, keys, dir, mb, "restore");
        localGet(dir, mb);
        if (Boolean.getBoolean("bench.warm")) {          // again in this JVM, into another empty store
            restoreOnce(url, keys, dir.resolveSibling(dir.getFileName() + "-again"), mb, "warm");
        }
    }

    private static void restoreOnce(URI url, Path keys, Path dir, int mb, String label) throws Exception {
        try (RemoteTier r = tier(url, keys, dir, false)) {
            com.sun.management.OperatingSystemMXBean os =
                    (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            if (Boolean.getBoolean("bench.warmUp")) {      // as the kernel does when it opens the store
                r.warmUp();
            }
            long cpu0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            Lookup l = r.get(key(mb), ClassResolver.DEFAULT);
            double s = (System.nanoTime() - t0) / 1e9;
            double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
            if (!(l instanceof Lookup.Hit hit) || ((double[]) hit.value()).length != mb * 125_000
                    || ((double[]) hit.value())[12345] != 12345 * 0.25) {
                throw new IllegalStateException("not restored: " + l + " " + r.remoteStatus().orElseThrow().describe());
            }
            long t1 = System.nanoTime();
            if (r.meta(key(mb)).isEmpty()) {                    // waits for the commit (fsync, rename, index)
                throw new IllegalStateException("not kept locally");
            }
            System.out.printf(label + " %.3f s (import %.3f s, its commit %.3f s, local get %.3f s; cpu %.2f s;"
                    + " committed %.3f s after the value was handed over)%n", s, r.lastImportNanos / 1e9,
                    r.lastCommitNanos / 1e9, (r.lastLocalGetNanos - r.lastCommitNanos) / 1e9, cpu,
                    (System.nanoTime() - t1) / 1e9);
        }
    }

    /** The next restart: the local store alone, its blob read from the file the import wrote (called once the restore's frame is gone). */
    private static void localGet(Path dir, int mb) throws Exception {
        System.gc();   // the restored array is garbage now; the store checks free heap before a get
        try (RocksCacheStore s = RocksCacheStore.open(dir)) {
            long t0 = System.nanoTime();
            Lookup l = s.get(key(mb), ClassResolver.DEFAULT);
            double secs = (System.nanoTime() - t0) / 1e9;
            if (!(l instanceof Lookup.Hit hit) || ((double[]) hit.value()).length != mb * 125_000) {
                throw new IllegalStateException("not kept locally: " + l);
            }
            System.out.printf("  then a local get of it (a restart's, same JVM) %.3f s%n", secs);
        }
    }

    private static void miss(URI url, Path keys, Path dir, int n) throws Exception {
        try (RemoteTier r = tier(url, keys, dir, false); RocksCacheStore local = RocksCacheStore.open(dir.resolveSibling(dir.getFileName() + "-local"))) {
            if (Boolean.getBoolean("bench.warmUp")) {      // as the kernel does when it opens the store
                r.warmUp();
            }
            long f0 = System.nanoTime();                     // a kernel's first cacheable snippet
            if (!(r.get("first-" + System.nanoTime(), ClassResolver.DEFAULT) instanceof Lookup.Miss)) {
                throw new IllegalStateException("expected a miss");
            }
            long f1 = System.nanoTime();
            if (!(r.get("second-" + System.nanoTime(), ClassResolver.DEFAULT) instanceof Lookup.Miss)) {
                throw new IllegalStateException("expected a miss");
            }
            System.out.printf("first miss %.3f ms, second %.3f ms%n", (f1 - f0) / 1e6, (System.nanoTime() - f1) / 1e6);
            double[] remote = new double[n];
            double[] plain = new double[n];
            for (int i = -200; i < n; i++) {       // the first 200: warm-up
                String k = Long.toHexString(Double.doubleToLongBits(Math.random())) + i;
                long t0 = System.nanoTime();
                local.get(k, ClassResolver.DEFAULT);
                long t1 = System.nanoTime();
                if (!(r.get(k, ClassResolver.DEFAULT) instanceof Lookup.Miss)) {
                    throw new IllegalStateException("expected a miss");
                }
                long t2 = System.nanoTime();
                if (i >= 0) {
                    plain[i] = (t1 - t0) / 1e6;
                    remote[i] = (t2 - t1) / 1e6;
                }
            }
            Arrays.sort(remote);
            Arrays.sort(plain);
            System.out.printf("miss local-median %.3f local-p90 %.3f remote-median %.3f remote-p90 %.3f%n",
                    plain[n / 2], plain[n * 9 / 10], remote[n / 2], remote[n * 9 / 10]);
            if (Files.exists(dir)) {
                System.out.println(r.remoteStatus().orElseThrow().describe().replace('\n', ' '));
            }
        }
    }
}
