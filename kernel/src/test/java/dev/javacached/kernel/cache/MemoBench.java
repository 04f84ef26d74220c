package dev.javacached.kernel.cache;

import dev.javacached.kernel.engine.Engine;
import dev.javacached.kernel.engine.ExecuteOutcome;
import dev.javacached.kernel.engine.JShellEngine;
import dev.javacached.kernel.testkit.RecordingSink;
import dev.javacached.store.ClassResolver;
import dev.javacached.store.RocksCacheStore;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Locale;

/**
 * Benchmark (not a test) for bench/memo/run.sh: what keying a memoized call costs.
 * {@code digest}: an 800 MB double[] argument, digested as a call does (the codec's bytes under
 * SHA-256), beside plain SHA-256 over the same bytes and the 64-bit ObjectGraph digest the
 * store-time checks use. {@code calls}: per-call cost of a trivial @Cached method through the
 * real engine, and a recursive one.
 */
public final class MemoBench {
    private MemoBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args[0].equals("digest")) {
            digest(Integer.parseInt(args[1]));
        } else if (args[0].equals("sweep")) {
            sweep(Path.of(args[1]), Integer.parseInt(args[2]));
        } else {
            calls(Path.of(args[1]));
        }
    }

    private static void digest(int mb) throws Exception {
        double[] big = new double[mb * (1 << 20) / 8];
        for (int i = 0; i < big.length; i++) {
            big[i] = i * 0.5;
        }
        byte[] chunk = new byte[1 << 20];
        System.out.println("| run | call's digest (codec + SHA-256) | SHA-256 of the bytes alone | ObjectGraph 64-bit digest |");
        System.out.println("|---|---|---|---|");
        for (int run = 1; run <= 4; run++) {
            long t0 = System.nanoTime();
            ArgumentDigest.Result r = ArgumentDigest.of(big, ClassResolver.DEFAULT);
            long t1 = System.nanoTime();
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (long done = 0; done < (long) big.length * 8; done += chunk.length) {
                sha.update(chunk);
            }
            sha.digest();
            long t2 = System.nanoTime();
            ObjectGraph.digestOf(big).digest();
            long t3 = System.nanoTime();
            if (!(r instanceof ArgumentDigest.Digest)) {
                throw new IllegalStateException(r.toString());
            }
            System.out.printf(Locale.ROOT, "| %d | %.0f ms (%.2f GB/s) | %.0f ms | %.0f ms |%n", run, (t1 - t0) / 1e6,
                    big.length * 8.0 / (t1 - t0), (t2 - t1) / 1e6, (t3 - t2) / 1e6);
        }
    }

    private static void calls(Path dir) throws Exception {
        RocksCacheStore store = RocksCacheStore.open(dir);
        CachingHook hook = new CachingHook(store);
        try (Engine e = new CachedEngine(new JShellEngine(hook), hook, store)) {
            run(e, "long plain(int n) { return n * 3L; }");
            run(e, "@Cached long memo(int n) { return n * 3L; }");
            run(e, "long fibPlain(int n) { return n < 2 ? n : fibPlain(n - 1) + fibPlain(n - 2); }");
            run(e, "@Cached long fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }");
            int n = 20_000;
            System.out.println("| what | time |");
            System.out.println("|---|---|");
            for (int round = 0; round < 2; round++) {
                // distinct arguments: every call a miss (digest, key, lookup, run, quick-result)
                long t0 = System.nanoTime();
                run(e, "long s = 0; for (int i = 0; i < " + n + "; i++) s += plain(i + " + round * n + ");");
                long t1 = System.nanoTime();
                run(e, "long s = 0; for (int i = 0; i < " + n + "; i++) s += memo(i + " + round * n + ");");
                long t2 = System.nanoTime();
                run(e, "long s = 0; for (int i = 0; i < " + n + "; i++) s += memo(i + " + round * n + ");");
                long t3 = System.nanoTime();
                if (round == 1) {
                    System.out.printf(Locale.ROOT, "| %d calls of a trivial method, plain (one cell) | %.0f ms |%n", n, (t1 - t0) / 1e6);
                    System.out.printf(Locale.ROOT, "| the same calls, @Cached, first time (misses) | %.0f ms (%.1f µs a call) |%n",
                            (t2 - t1) / 1e6, (t2 - t1) / 1e3 / n);
                    System.out.printf(Locale.ROOT, "| the same calls again (session hits) | %.0f ms (%.1f µs a call) |%n",
                            (t3 - t2) / 1e6, (t3 - t2) / 1e3 / n);
                }
            }
            long t0 = System.nanoTime();
            run(e, "var a = fibPlain(27);");
            long t1 = System.nanoTime();
            run(e, "var b = fib(27);");
            long t2 = System.nanoTime();
            System.out.printf(Locale.ROOT, "| fibPlain(27), 630k calls | %.0f ms |%n", (t1 - t0) / 1e6);
            System.out.printf(Locale.ROOT, "| @Cached fib(27): 28 distinct calls, the rest session hits | %.0f ms |%n", (t2 - t1) / 1e6);
        }
    }

    /**
     * A sweep as notebooks write it, over a big argument: ten calls in one cell, first run
     * (misses, stored) and after a restart (hits); the same cell with the method not memoized.
     */
    private static void sweep(Path dir, int mb) throws Exception {
        String data = "double[] data = new double[" + (mb * (1 << 20) / 8) + "]; for (int i = 0; i < data.length; i++) data[i] = i % 1000;";
        String plain = "double trainPlain(double[] xs, double rate) { double s = 0; for (int r = 0; r < 3; r++) for (double x : xs) s += x * rate; return s; }";
        String memo = "@Cached double train(double[] xs, double rate) { double s = 0; for (int r = 0; r < 3; r++) for (double x : xs) s += x * rate; return s; }";
        String sweepPlain = "double total = 0; for (int k = 1; k <= 10; k++) total += trainPlain(data, k * 0.1);";
        String sweepMemo = "double total = 0; for (int k = 1; k <= 10; k++) total += train(data, k * 0.1);";
        System.out.println("| " + mb + " MB double[] argument, 10 calls in one cell | time | digests taken / reused |");
        System.out.println("|---|---|---|");
        for (int session = 0; session < 2; session++) {
            RocksCacheStore store = RocksCacheStore.open(dir);
            CachingHook hook = new CachingHook(store);
            try (Engine e = new CachedEngine(new JShellEngine(hook), hook, store)) {
                run(e, data);
                run(e, plain);
                run(e, memo);
                if (session == 0) {
                    long t0 = System.nanoTime();
                    run(e, sweepPlain);
                    System.out.printf(Locale.ROOT, "| not memoized | %.0f ms | – |%n", (System.nanoTime() - t0) / 1e6);
                }
                long reused = hook.memoTable().reusedDigests();
                long t0 = System.nanoTime();
                run(e, sweepMemo);
                System.out.printf(Locale.ROOT, "| @Cached, %s | %.0f ms | %d reused |%n",
                        session == 0 ? "first run (10 misses, stored)" : "after a restart (10 hits)",
                        (System.nanoTime() - t0) / 1e6, hook.memoTable().reusedDigests() - reused);
            }
        }
    }

    private static void run(Engine e, String code) {
        ExecuteOutcome o = e.execute(code, new RecordingSink());
        if (!(o instanceof ExecuteOutcome.Success)) {
            throw new IllegalStateException(code + " -> " + o);
        }
    }

}
