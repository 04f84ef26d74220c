package dev.javacached.store.codec;

import dev.javacached.store.ClassResolver;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.fory.Fory;
import org.apache.fory.config.Language;

/**
 * The object codec side by side with Apache Fory used directly and JDK serialization, on the
 * four cases of issue 10: (a) 60,000 records of a class recorded under another name (as notebook
 * classes are), (b) 1M strings, (c) a 1M-entry HashMap&lt;String, double[]&gt;, (d) 1,000 linked
 * user objects. A benchmark, not a test (bench/codec/run.sh runs it).
 *
 * <pre>
 *   CodecBench warm            in one JVM, after warm-up: encode and decode ms, bytes; the
 *                              project's encode split into Fory's write and the round-trip check
 *   CodecBench write DIR       writes each case's stored bytes (project codec, Fory, JDK) to DIR
 *   CodecBench cold DIR CASE   in a new JVM: decode CASE once per codec, as a restarted kernel does
 * </pre>
 */
public final class CodecBench {
    public record Row(int id, String name, double x, double y) implements Serializable {
    }

    public static final class Link implements Serializable {
        Link next;
        Link first;
        int v;
        double[] payload;

        Link(Link first, int v) {
            this.first = first;
            this.v = v;
            this.payload = new double[] {v, v * 0.5};
        }
    }

    /** Records are recorded as "nb:Row", like a notebook's classes ("jshell:Row"). */
    static final ClassResolver RESOLVER = new ClassResolver() {
        @Override
        public Class<?> resolve(String recorded) throws ClassNotFoundException {
            return recorded.equals("nb:Row") ? Row.class : DEFAULT.resolve(recorded);
        }

        @Override
        public String nameOf(Class<?> type) {
            return type == Row.class ? "nb:Row" : type.getName();
        }
    };

    static Object make(String c) {
        switch (c) {
            case "a-records": {
                List<Row> rows = new ArrayList<>();
                for (int i = 0; i < 60_000; i++) {
                    rows.add(new Row(i, "row" + i, i * 0.5, -i));
                }
                return rows;
            }
            case "b-strings": {
                List<String> s = new ArrayList<>();
                for (int i = 0; i < 1_000_000; i++) {
                    s.add("string number " + i);
                }
                return s;
            }
            case "c-map": {
                Map<String, double[]> m = new HashMap<>();
                for (int i = 0; i < 1_000_000; i++) {
                    m.put("key" + i, new double[] {i, i + 1, i + 2, i + 3});
                }
                return m;
            }
            case "d-linked": {
                List<Link> l = new ArrayList<>();
                Link first = new Link(null, 0);
                l.add(first);
                for (int i = 1; i < 1000; i++) {
                    Link n = new Link(first, i);
                    l.get(i - 1).next = n;
                    l.add(n);
                }
                return l;
            }
            default:
                throw new IllegalArgumentException(c);
        }
    }

    static final String[] CASES = {"a-records", "b-strings", "c-map", "d-linked"};

    static Fory fory() {
        org.apache.fory.logging.LoggerFactory.disableLogging();
        return Fory.builder().withLanguage(Language.JAVA).withRefTracking(true).requireClassRegistration(false)
                .withCodegen(true).withAsyncCompilation(false).withStringCompressed(false).withNumberCompressed(false)
                .withIntArrayCompressed(false).withLongArrayCompressed(false).withMaxDepth(GraphCodec.MAX_DEPTH).build();
    }

    record Encoded(byte[] bytes, Map<String, String> classes) {
    }

    static Encoded encode(Object v) throws Exception {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        ValueCodec.Encoded e = ValueCodec.encode(v, RESOLVER, new Output(1 << 20, chunk -> {
            byte[] b = new byte[chunk.remaining()];
            chunk.get(b);
            bos.write(b);
        }));
        return new Encoded(bos.toByteArray(), e.classes());
    }

    static Object decode(Encoded e) throws Exception {
        return ValueCodec.decode(new Input(e.bytes()), RESOLVER, e.classes());
    }

    static byte[] jdkWrite(Object v) throws Exception {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (ObjectOutputStream o = new ObjectOutputStream(bos)) {
            o.writeObject(v);
        }
        return bos.toByteArray();
    }

    static Object jdkRead(byte[] b) throws Exception {
        try (ObjectInputStream i = new ObjectInputStream(new ByteArrayInputStream(b))) {
            return i.readObject();
        }
    }

    static double ms(long nanos) {
        return nanos / 1e6;
    }

    interface Step {
        Object run() throws Exception;
    }

    /** Least of {@code n} runs, in ms. */
    static double least(int n, Step s) throws Exception {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            System.gc();
            long t = System.nanoTime();
            s.run();
            best = Math.min(best, System.nanoTime() - t);
        }
        return ms(best);
    }

    public static void main(String[] args) throws Exception {
        // Fory recurses once per level: the linked case needs more than the default stack for
        // "Fory direct" and JDK serialization (the project codec retries on a deep thread itself)
        Throwable[] failed = new Throwable[1];
        Thread t = new Thread(null, () -> {
            try {
                run(args);
            } catch (Throwable e) {
                failed[0] = e;
            }
        }, "bench", 1L << 30);
        t.start();
        t.join();
        if (failed[0] != null) {
            throw new RuntimeException(failed[0]);
        }
    }

    static void run(String[] args) throws Exception {
        switch (args[0]) {
            case "warm" -> warm();
            case "write" -> write(Path.of(args[1]));
            case "cold" -> cold(Path.of(args[1]), args[2]);
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    static void warm() throws Exception {
        System.out.println("| case | project encode (Fory write + check) | project decode | Fory direct ser / de (one instance) | JDK ser / de | bytes project / Fory / JDK | check: decode + compare | census of classes |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (String c : CASES) {
            Object v = make(c);
            Fory f = fory();
            for (int i = 0; i < 3; i++) { // warm-up: JIT, and Fory's generated serializers
                decode(encode(v));
                f.deserialize(f.serialize(v));
                jdkRead(jdkWrite(v));
            }
            Encoded e = encode(v);
            byte[] fb = f.serialize(v);
            byte[] jb = jdkWrite(v);
            int n = 3;
            double enc = least(n, () -> encode(v));
            double dec = least(n, () -> decode(e));
            double fser = least(n, () -> f.serialize(v));
            double fde = least(n, () -> f.deserialize(fb));
            double jser = least(n, () -> jdkWrite(v));
            double jde = least(n, () -> jdkRead(jb));
            Object copy = decode(e);
            double cmp = least(n, () -> RoundTrip.difference(v, copy, Class::getName));
            double check = dec + cmp;
            double census = least(n, () -> RoundTrip.classesOf(v));
            System.out.printf("| %s | %.1f ms | %.1f ms | %.1f / %.1f ms | %.1f / %.1f ms | %.1f / %.1f / %.1f MB | %.1f ms (compare %.1f) | %.1f ms |%n",
                    c, enc, dec, fser, fde, jser, jde, e.bytes().length / 1e6, fb.length / 1e6, jb.length / 1e6,
                    check, cmp, census);
            if (RoundTrip.difference(v, copy, Class::getName).isPresent()) {
                throw new AssertionError(c + " differs");
            }
        }
    }

    static void write(Path dir) throws Exception {
        Files.createDirectories(dir);
        for (String c : CASES) {
            Object v = make(c);
            Encoded e = encode(v);
            Files.write(dir.resolve(c + ".project"), e.bytes());
            Files.write(dir.resolve(c + ".classes"), String.join("\n", e.classes().keySet()).getBytes());
            Files.write(dir.resolve(c + ".fory"), fory().serialize(v));
            Files.write(dir.resolve(c + ".jdk"), jdkWrite(v));
        }
    }

    /** One decode per codec in this fresh JVM: what a restarted kernel pays on its first restore. */
    static void cold(Path dir, String c) throws Exception {
        byte[] p = Files.readAllBytes(dir.resolve(c + ".project"));
        Map<String, String> classes = new HashMap<>();
        for (String n : Files.readString(dir.resolve(c + ".classes")).split("\n")) {
            if (!n.isEmpty()) {
                classes.put(n, n);
            }
        }
        byte[] fb = Files.readAllBytes(dir.resolve(c + ".fory"));
        byte[] jb = Files.readAllBytes(dir.resolve(c + ".jdk"));
        String which = System.getProperty("codec", "project");
        if (Boolean.getBoolean("warm")) {
            ValueCodec.warmUp(); // as the kernel does between cells
        }
        long t = System.nanoTime();
        Object v = switch (which) {
            case "project" -> decode(new Encoded(p, classes));
            case "fory" -> fory().deserialize(fb);
            case "jdk" -> jdkRead(jb);
            default -> throw new IllegalArgumentException(which);
        };
        long took = System.nanoTime() - t;
        System.out.printf("%s %s %.1f%n", c, which, ms(took));
        Optional.of(v).orElseThrow();
    }
}
