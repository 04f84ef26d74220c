package dev.javacached.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Moving an entry between two real stores as the remote tier does: {@code export} from one,
 * {@code importEntry} into the other, which keeps it only when exactly the announced bytes with
 * the announced SHA-256 arrive, and leaves nothing (no entry, no temp file) otherwise.
 */
class PortableEntryTest {
    @TempDir
    Path tmp;

    private static byte[] bytes(PortableEntry.Exported x) throws Exception {
        try (InputStream in = x.open()) {
            return in.readAllBytes();
        }
    }

    private static List<Path> files(Path dir) throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }

    @Test
    void exportThenImport_restoresTheSameValue_blobAndInline() throws Exception {
        double[] big = new double[500_000];
        for (int i = 0; i < big.length; i++) {
            big[i] = i / 3.0;
        }
        try (RocksCacheStore a = RocksCacheStore.open(tmp.resolve("a")); RocksCacheStore b = RocksCacheStore.open(tmp.resolve("b"))) {
            a.put("big", new EntryInfo("big", "double[]", 7, Map.of("p", "q"), new byte[]{9}), big, ClassResolver.DEFAULT);
            a.put("small", new EntryInfo("small", "String", 7, Map.of(), null), "hello", ClassResolver.DEFAULT);
            for (String key : List.of("big", "small")) {
                PortableEntry.Exported x = a.export(key).orElseThrow();
                assertEquals(key, x.entry().key());
                assertInstanceOf(PutResult.Stored.class, b.importEntry(x.entry(), x.open()));
            }
            Lookup.Hit hit = (Lookup.Hit) b.get("big", ClassResolver.DEFAULT);
            assertArrayEquals(big, (double[]) hit.value());
            assertEquals(7, hit.meta().computeNanos());
            assertArrayEquals(new byte[]{9}, hit.meta().attachment());
            assertEquals("hello", ((Lookup.Hit) b.get("small", ClassResolver.DEFAULT)).value());
            assertTrue(a.export("none").isEmpty());
        }
    }

    @Test
    void wrongBytes_truncated_extended_replaced_leaveNothing() throws Exception {
        double[] v = new double[400_000];
        java.util.Arrays.fill(v, 2.5);
        try (RocksCacheStore a = RocksCacheStore.open(tmp.resolve("a")); RocksCacheStore b = RocksCacheStore.open(tmp.resolve("b"))) {
            a.put("k", new EntryInfo("v", "double[]", 1, Map.of(), null), v, ClassResolver.DEFAULT);
            PortableEntry.Exported x = a.export("k").orElseThrow();
            byte[] good = bytes(x);
            byte[] replaced = good.clone();
            replaced[good.length / 3] ^= 1;
            ByteArrayOutputStream longer = new ByteArrayOutputStream();
            longer.write(good);
            longer.write(0);
            Map<String, byte[]> bad = Map.of("truncated", java.util.Arrays.copyOf(good, good.length - 1),
                    "more than", longer.toByteArray(), "SHA-256 mismatch", replaced);
            for (Map.Entry<String, byte[]> e : bad.entrySet()) {
                PutResult r = b.importEntry(x.entry(), new ByteArrayInputStream(e.getValue()));
                PutResult.Failed f = assertInstanceOf(PutResult.Failed.class, r, e.getKey());
                assertTrue(f.message().contains(e.getKey()), f.message());
            }
            b.flush();
            assertTrue(b.meta("k").isEmpty());
            assertEquals(List.of(), files(tmp.resolve("b").resolve("tmp")));
            assertEquals(List.of(), files(tmp.resolve("b").resolve("blobs")));
        }
    }

    @Test
    void export_refusesALocalBlobThatNoLongerVerifies() throws Exception {
        try (RocksCacheStore a = RocksCacheStore.open(tmp.resolve("a"))) {
            a.put("k", new EntryInfo("v", "double[]", 1, Map.of(), null), new double[300_000], ClassResolver.DEFAULT);
            a.flush();
            Path blob = files(tmp.resolve("a").resolve("blobs")).get(0);
            byte[] b = Files.readAllBytes(blob);
            b[100] ^= 1;
            Files.write(blob, b);
            assertTrue(a.export("k").isEmpty(), "damaged local bytes are never uploaded");
        }
    }
}
