package dev.javacached.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessTest {
    @TempDir
    Path dir;

    private Process child(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), Child.class.getName()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }

    @Test
    void twoProcesses_writeAndReadSameDirectory_neverFail() throws Exception {
        int n = 30;
        Process a = child("readwrite", dir.toString(), "a", String.valueOf(n), "b");
        Process b = child("readwrite", dir.toString(), "b", String.valueOf(n), "a");
        String outA = new String(a.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String outB = new String(b.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, a.waitFor(), outA);
        assertEquals(0, b.waitFor(), outB);
        try (RocksCacheStore s = RocksCacheStore.open(dir)) {
            for (String p : List.of("a", "b")) {
                for (int i = 0; i < n; i++) {
                    Lookup.Hit hit = assertInstanceOf(Lookup.Hit.class, s.get(p + i, ClassResolver.DEFAULT));
                    assertTrue(StoreTest.matches(p + i, i, hit.value()), p + i);
                }
            }
        }
    }

    @Test
    void killDashNine_duringWrites_leavesOnlyHitsOrMisses() throws Exception {
        Random rnd = new Random(7);
        int rounds = 12;
        int n = 40;
        Set<String> durable = new HashSet<>();
        for (int round = 0; round < rounds; round++) {
            String prefix = "r" + round + "_";
            Process p = child("write", dir.toString(), prefix, String.valueOf(n));
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            int killAfter = rnd.nextInt(n - 2) + 1;
            String line;
            int stored = 0;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("durable")) {
                    durable.add(prefix + line.substring("durable ".length()));
                }
                if (line.startsWith("stored") && ++stored == killAfter) {
                    break;
                }
            }
            p.destroyForcibly();
            p.waitFor();
            assertEquals(killAfter, stored, "child died before the kill");
        }
        try (RocksCacheStore s = RocksCacheStore.open(dir)) {
            int hits = 0;
            for (int round = 0; round < rounds; round++) {
                for (int i = 0; i < n; i++) {
                    String key = "r" + round + "_" + i;
                    Lookup l = s.get(key, ClassResolver.DEFAULT);
                    if (l instanceof Lookup.Hit h) {
                        assertTrue(StoreTest.matches(key, i, h.value()), key);
                        hits++;
                    } else {
                        assertInstanceOf(Lookup.Miss.class, l, key);
                        assertFalse(durable.contains(key), key + " was flushed before the kill but is missing");
                    }
                }
            }
            assertTrue(hits >= rounds, "each round stored at least one entry before the kill: " + hits);
        }
    }

    /**
     * Kills the writer while its commits run in the background (put has returned; fsync, rename,
     * directory fsync and the index commit are under way): the store must open and every key
     * must be a hit with the right value or a miss, never a corrupt value.
     */
    @Test
    void killDashNine_duringAsyncCommit_leavesOnlyHitsOrMisses() throws Exception {
        Random rnd = new Random(11);
        int rounds = 8;
        int n = 12;
        for (int round = 0; round < rounds; round++) {
            Process p = child("writebig", dir.toString(), "b" + round + "_", String.valueOf(n));
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            int killAfter = rnd.nextInt(n - 1) + 1;
            String line;
            int stored = 0;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("stored") && ++stored == killAfter) {
                    break;
                }
            }
            Thread.sleep(rnd.nextInt(30));
            p.destroyForcibly();
            p.waitFor();
            assertEquals(killAfter, stored, "child died before the kill");
        }
        int hits = 0;
        try (RocksCacheStore s = RocksCacheStore.open(dir)) {
            for (int round = 0; round < rounds; round++) {
                for (int i = 0; i < n; i++) {
                    String key = "b" + round + "_" + i;
                    Lookup l = s.get(key, ClassResolver.DEFAULT);
                    if (l instanceof Lookup.Hit h) {
                        assertArrayEquals(Child.bigValue(key), (double[]) h.value(), key);
                        hits++;
                    } else {
                        assertInstanceOf(Lookup.Miss.class, l, key);
                    }
                }
            }
        }
        assertTrue(hits > 0, "some commits finished before the kills");
    }

    /** Issue 17: each kill during a large put left up to the value's size in tmp/ for 6 hours. */
    @Test
    void killDashNine_midBlobWrite_tempFileRemovedAtNextOpen() throws Exception {
        Process p = child("hangwrite", dir.toString());
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null && !line.equals("writing")) {
            // the child's other output
        }
        assertEquals("writing", line);
        p.destroyForcibly();
        p.waitFor();
        Path tmp = dir.resolve("tmp");
        List<Path> left = listFiles(tmp);
        assertEquals(1, left.size(), left.toString());
        assertTrue(left.get(0).getFileName().toString().contains("." + p.pid() + "."), left.toString());
        // a temp file of a live writer (this JVM) and one without a pid (older name) stay: the age rule
        Path mine = java.nio.file.Files.createTempFile(tmp, Blobs.TEMP_PREFIX, ".tmp");
        Path unnamed = java.nio.file.Files.createTempFile(tmp, "blob", ".tmp");
        try (RocksCacheStore s = RocksCacheStore.open(dir)) {
            s.awaitBackground();
            assertEquals(Set.of(mine, unnamed), new HashSet<>(listFiles(tmp)));
        }
    }

    private static List<Path> listFiles(Path d) throws java.io.IOException {
        try (java.util.stream.Stream<Path> s = java.nio.file.Files.list(d)) {
            return s.toList();
        }
    }

    /** Two processes meet the same damaged index: one sets it aside, neither fails, both carry on. */
    @Test
    void twoProcesses_damagedIndex_setAsideOnceAndBothKeepWorking() throws Exception {
        IndexRecoveryTest.storeAndDamageIndex(dir, 9);
        int n = 10;
        Process a = child("readwrite", dir.toString(), "a", String.valueOf(n), "k");
        Process b = child("readwrite", dir.toString(), "b", String.valueOf(n), "k");
        String outA = new String(a.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String outB = new String(b.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, a.waitFor(), outA);
        assertEquals(0, b.waitFor(), outB);
        assertEquals(1, IndexRecoveryTest.damagedDirs(dir).size());
        try (RocksCacheStore s = RocksCacheStore.open(dir)) {
            for (String p : List.of("a", "b")) {
                for (int i = 0; i < n; i++) {
                    Lookup.Hit hit = assertInstanceOf(Lookup.Hit.class, s.get(p + i, ClassResolver.DEFAULT), p + i);
                    assertTrue(StoreTest.matches(p + i, i, hit.value()), p + i);
                }
            }
        }
    }
}
