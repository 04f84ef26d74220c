package dev.javacached.store;

import java.nio.file.Path;
import java.util.Map;

/**
 * A second JVM for the multi-process and crash tests. Modes:
 * {@code write DIR PREFIX N} stores N values (announcing each on stdout), and
 * {@code readwrite DIR PREFIX N OTHER} writes its own keys and reads the other process's keys.
 */
public final class Child {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[1]);
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
                System.out.println("stored " + i);
                System.out.flush();
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

    static EntryInfo info(String name) {
        return new EntryInfo(name, "Object", 1_000_000, Map.of("test", "child"), new byte[0]);
    }
}
