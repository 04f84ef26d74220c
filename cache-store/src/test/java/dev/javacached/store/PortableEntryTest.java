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
    @Test
    void importWithDecoding_handsOverTheValueOnlyForTheAnnouncedBytes() throws Exception {
        double[] v = new double[1_300_001];                          // 10.4 MB: three segments, the last partial
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.cos(i) * i;
        }
        try (RocksCacheStore a = RocksCacheStore.open(tmp.resolve("a")); RocksCacheStore b = RocksCacheStore.open(tmp.resolve("b"))) {
            a.put("k", new EntryInfo("v", "double[]", 1, Map.of(), null), v, ClassResolver.DEFAULT);
            PortableEntry.Exported x = a.export("k").orElseThrow();
            byte[] good = bytes(x);
            byte[] replaced = good.clone();
            replaced[good.length - 10] ^= 1;                         // after the decoder has seen most of it
            ByteArrayOutputStream longer = new ByteArrayOutputStream();
            longer.write(good);
            longer.write(new byte[5_000_000]);
            Map<String, byte[]> bad = Map.of("truncated", java.util.Arrays.copyOf(good, good.length - 1),
                    "more than", longer.toByteArray(), "SHA-256 mismatch", replaced);
            for (Map.Entry<String, byte[]> e : bad.entrySet()) {
                PortableEntry.Imported r = b.importEntry(x.entry(), new ByteArrayInputStream(e.getValue()), true);
                PutResult.Failed f = assertInstanceOf(PutResult.Failed.class, r.result(), e.getKey());
                assertTrue(f.message().contains(e.getKey()), f.message());
                assertTrue(!r.decoded() && r.value() == null, "no value from bytes that failed: " + e.getKey());
            }
            b.flush();
            assertTrue(b.meta("k").isEmpty());
            assertEquals(List.of(), files(tmp.resolve("b").resolve("tmp")));

            PortableEntry.Imported ok = b.importEntry(x.entry(), x.open(), true);
            assertInstanceOf(PutResult.Stored.class, ok.result());
            assertTrue(ok.decoded());
            assertArrayEquals(v, (double[]) ok.value());
            assertArrayEquals(v, (double[]) ((Lookup.Hit) b.get("k", ClassResolver.DEFAULT)).value(), "the same as kept");
        }
    }

    @Test
    void importWithDecoding_leavesAGraphToTheGet_andRefusesAGraphCalledPlain() throws Exception {
        java.util.ArrayList<String> graph = new java.util.ArrayList<>();
        for (int i = 0; i < 600_000; i++) {
            graph.add("s" + i);
        }
        try (RocksCacheStore a = RocksCacheStore.open(tmp.resolve("a")); RocksCacheStore b = RocksCacheStore.open(tmp.resolve("b"))) {
            assertInstanceOf(PutResult.Stored.class, a.put("g", new EntryInfo("g", "ArrayList", 1, Map.of(), null), graph,
                    ClassResolver.DEFAULT));
            PortableEntry.Exported x = a.export("g").orElseThrow();
            assertTrue(!x.entry().pure() && x.entry().sizeBytes() > 4 << 20, "an object graph over one segment");
            PortableEntry.Imported r = b.importEntry(x.entry(), x.open(), true);
            assertInstanceOf(PutResult.Stored.class, r.result());
            assertTrue(!r.decoded(), "its decoding may run a class's code: only the get decodes it");
            assertEquals(graph, ((Lookup.Hit) b.get("g", ClassResolver.DEFAULT)).value());

            PortableEntry e = x.entry();
            PortableEntry plain = new PortableEntry("g2", e.name(), e.typeName(), e.sizeBytes(), e.sha256(), e.computeNanos(),
                    e.createdMillis(), e.provenance(), e.attachment(), e.classes(), true);
            PortableEntry.Imported p = b.importEntry(plain, x.open(), true);
            assertTrue(!p.decoded() && p.value() == null, "the fast-path decoder refuses a graph");
            assertInstanceOf(Lookup.Unusable.class, b.get("g2", ClassResolver.DEFAULT), "and so does the local get");
        }
    }

    private static double[] oddArray() {
        double[] v = new double[1_300_003];                          // 10.4 MB: not a whole number of blocks
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.sin(i) * i;
        }
        return v;
    }

    @Test
    void decodedImport_writesItsBlobAroundThePageCache_withExactlyTheBytes_forTheNextRestart() throws Exception {
        double[] v = oddArray();
        Path probe = Files.createTempFile(tmp, "probe", ".tmp");
        DirectWrites d = DirectWrites.open(probe);
        org.junit.jupiter.api.Assumptions.assumeTrue(d != null, "this file system does not do O_DIRECT");
        d.finish(0, w -> { });
        d.channel().close();
        PortableEntry.Exported x;
        try (RocksCacheStore a = RocksCacheStore.open(tmp.resolve("a")); RocksCacheStore b = RocksCacheStore.open(tmp.resolve("b"))) {
            a.put("k", new EntryInfo("v", "double[]", 1, Map.of(), null), v, ClassResolver.DEFAULT);
            x = a.export("k").orElseThrow();
            long opened = DirectWrites.OPENED.get();
            PortableEntry.Imported r = b.importEntry(x.entry(), x.open(), true);
            assertTrue(r.decoded());
            assertArrayEquals(v, (double[]) r.value());
            assertEquals(opened + 1, DirectWrites.OPENED.get(), "the decoded import wrote its blob with O_DIRECT");
            b.flush();
        }
        List<Path> blobs = files(tmp.resolve("b").resolve("blobs"));
        assertEquals(1, blobs.size(), blobs.toString());
        assertEquals(x.entry().sizeBytes(), Files.size(blobs.get(0)), "no padding left after the last block");
        try (RocksCacheStore b = RocksCacheStore.open(tmp.resolve("b"))) {             // a restart
            assertArrayEquals(v, (double[]) ((Lookup.Hit) b.get("k", ClassResolver.DEFAULT)).value());
        }
    }

    @Test
    void decodedImport_failingWriteMidway_keepsNothing_andTheEntryBefore() throws Exception {
        double[] v = oddArray();
        try (RocksCacheStore a = RocksCacheStore.open(tmp.resolve("a")); RocksCacheStore b = RocksCacheStore.open(tmp.resolve("b"))) {
            a.put("k", new EntryInfo("v", "double[]", 1, Map.of(), null), v, ClassResolver.DEFAULT);
            PortableEntry.Exported x = a.export("k").orElseThrow();
            b.put("keep", new EntryInfo("w", "double[]", 1, Map.of(), null), new double[200_000], ClassResolver.DEFAULT);
            b.setWriteFault(written -> {
                if (written > 5_000_000) {
                    throw new java.io.IOException("No space left on device");
                }
            });
            PortableEntry.Imported r = b.importEntry(x.entry(), x.open(), true);
            PutResult.Failed f = assertInstanceOf(PutResult.Failed.class, r.result());
            assertTrue(f.message().contains("No space left on device"), f.message());
            assertTrue(!r.decoded() && r.value() == null);
            b.setWriteFault(w -> { });
            b.flush();
            assertTrue(b.meta("k").isEmpty());
            assertEquals(List.of(), files(tmp.resolve("b").resolve("tmp")));
            assertInstanceOf(Lookup.Hit.class, b.get("keep", ClassResolver.DEFAULT));
        }
    }

    @Test
    void decodedImport_ontoAFullFileSystem_failsCleanly() throws Exception {
        try (SmallTmpfs mnt = SmallTmpfs.mount(tmp.resolve("small"), "4m")) {
            double[] v = oddArray();
            try (RocksCacheStore a = RocksCacheStore.open(tmp.resolve("a")); RocksCacheStore b = RocksCacheStore.open(mnt.dir.resolve("b"))) {
                a.put("k", new EntryInfo("v", "double[]", 1, Map.of(), null), v, ClassResolver.DEFAULT);
                PortableEntry.Exported x = a.export("k").orElseThrow();
                PortableEntry.Imported r = b.importEntry(x.entry(), x.open(), true);
                assertInstanceOf(PutResult.Failed.class, r.result());
                assertTrue(!r.decoded() && r.value() == null);
                b.flush();
                assertTrue(b.meta("k").isEmpty());
                assertEquals(List.of(), files(mnt.dir.resolve("b").resolve("tmp")));
            }
        }
    }
}
