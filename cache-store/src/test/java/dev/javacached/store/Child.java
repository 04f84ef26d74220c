package dev.javacached.store;

import java.nio.file.Path;
import java.util.Map;

/**
 * A second JVM for the multi-process and crash tests. Modes:
 * {@code write DIR PREFIX N} stores N values (announcing each on stdout, and every 4th again as
 * "durable" after a flush), {@code writebig DIR PREFIX N} stores N 4 MB arrays, and
 * {@code readwrite DIR PREFIX N OTHER} writes its own keys and reads the other process's keys,
 * {@code hangwrite DIR} starts a 16 MB put, says "writing" once its temp file has data, and hangs
 * there (to be killed), {@code open DIR} opens the store, says "opened" and closes it.
 */
public final class Child {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[1]);
        if (args[0].equals("open")) {
            try (RocksCacheStore store = RocksCacheStore.open(dir)) {
                System.out.println("opened");
            }
            return;
        }
        if (args[0].equals("hangwrite")) {
            try (RocksCacheStore store = RocksCacheStore.open(dir)) {
                store.setWriteFault(written -> {
                    if (written > 0) {
                        System.out.println("writing");
                        System.out.flush();
                        try {
                            Thread.sleep(Long.MAX_VALUE);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                });
                store.put("hang", info("hang"), new double[2_000_000], ClassResolver.DEFAULT); // 4 MiB buffers: several writes
            }
            return;
        }
        if (args[0].equals("writebig")) {
            writeBig(dir, args[2], Integer.parseInt(args[3]));
            return;
        }
        String prefix = args[2];
        int n = Integer.parseInt(args[3]);
        try (RocksCacheStore store = RocksCacheStore.open(dir)) {
            for (int i = 0; i < n; i++) {
                PutResult r = store.put(prefix + i, info(prefix + i), StoreTest.valueFor(prefix + i, i),
                        ClassResolver.DEFAULT);
                if (!(r instanceof PutResult.Stored)) {
                    System.out.println("FAIL put " + r);
                    System.exit(2);
                }
                System.out.println("stored " + i); // put returned: the commit may still be pending
                System.out.flush();
                if (args[0].equals("write") && i % 4 == 0) {
                    store.flush();
                    System.out.println("durable " + i);
                    System.out.flush();
                }
                if (args[0].equals("readwrite")) {
                    String other = args[4];
                    for (int j = 0; j <= i; j++) {
                        Lookup l = store.get(other + j, ClassResolver.DEFAULT);
                        if (!(l instanceof Lookup.Hit || l instanceof Lookup.Miss)) {
                            System.out.println("FAIL get " + l);
                            System.exit(3);
                        }
                    }
                }
            }
        }
        System.out.println("done");
    }

    /** Puts N blob values of 4 MB (announcing each as soon as put returns) without waiting for commits. */
    private static void writeBig(Path dir, String prefix, int n) throws Exception {
        try (RocksCacheStore store = RocksCacheStore.open(dir)) {
            for (int i = 0; i < n; i++) {
                PutResult r = store.put(prefix + i, info(prefix + i), bigValue(prefix + i), ClassResolver.DEFAULT);
                if (!(r instanceof PutResult.Stored)) {
                    System.out.println("FAIL put " + r);
                    System.exit(2);
                }
                System.out.println("stored " + i);
                System.out.flush();
            }
        }
        System.out.println("done");
    }

    static double[] bigValue(String key) {
        double[] a = new double[500_000];
        double base = key.hashCode();
        for (int i = 0; i < a.length; i++) {
            a[i] = base + i;
        }
        return a;
    }

    static EntryInfo info(String name) {
        return new EntryInfo(name, "Object", 1_000_000, Map.of("test", "child"), new byte[0]);
    }
}
