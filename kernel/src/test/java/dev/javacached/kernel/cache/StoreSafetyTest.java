package dev.javacached.kernel.cache;

import static dev.javacached.kernel.cache.Notebook.var;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.javacached.kernel.engine.JavaLexer;
import dev.javacached.kernel.engine.SnippetKind;
import dev.javacached.kernel.engine.SnippetResult;
import dev.javacached.kernel.testkit.FakeLiveState;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The store-time checks: no value that shares objects with, or was computed by changing, another variable. */
class StoreSafetyTest extends WithCountedStore {

    /** {@code var name = ...} whose run computes its value from the live variables (and may change them). */
    private static Notebook.Step derived(String name, String source, Function<FakeLiveState, Object> run) {
        return Notebook.custom(SnippetKind.VAR_WITH_INITIALIZER, name, source, (st, out) -> {
            Object v = run.apply(st);
            st.values.put(name, v);
            st.types.put(name, v.getClass().getSimpleName());
            return new SnippetResult.Ok(Optional.empty(), v.getClass().getSimpleName(), Notebook.NANOS);
        });
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(FakeLiveState st, String name) {
        return (List<Object>) st.values.get(name);
    }

    @Test
    void elementOfAnotherVariable_notStored() {
        Notebook nb = new Notebook(store);
        List<List<Integer>> lists = new ArrayList<>(List.of(new ArrayList<>(List.of(1))));
        assertEquals(List.of("lists"), nb.cell(var("lists", "var lists = build();", lists)).stored());
        CellReport r = nb.cell(derived("first", "var first = lists.get(0);", st -> list(st, "lists").get(0)));
        assertEquals(List.of(), r.stored());
        assertTrue(r.uncacheable().get("first").contains("shares objects with `lists`"), r.uncacheable().toString());
    }

    @Test
    void containerOfAnotherVariable_notStored() {
        Notebook nb = new Notebook(store);
        nb.cell(var("base", "var base = load();", new ArrayList<>(List.of(1, 2))));
        CellReport r = nb.cell(derived("wrap", "var wrap = List.of(base);", st -> List.of(st.values.get("base"))));
        assertEquals(List.of(), r.stored());
        assertTrue(r.uncacheable().get("wrap").contains("shares objects with `base`"), r.uncacheable().toString());
        CellReport view = nb.cell(derived("view", "var view = Collections.unmodifiableList(base);",
                st -> Collections.unmodifiableList(list(st, "base"))));
        assertEquals(List.of(), view.stored(), "the list behind a JDK view is seen through serialization");
    }

    @Test
    void sharingThroughHelper_notStored() {
        Notebook nb = new Notebook(store);
        nb.cell(var("rows", "var rows = load();", new ArrayList<>(List.of(new int[] {1}, new int[] {2}))));
        nb.cell(Notebook.method("pick", "int[] pick() { return rows.get(1); }"));
        CellReport r = nb.cell(derived("p", "var p = pick();", st -> list(st, "rows").get(1)));
        assertEquals(List.of(), r.stored());
        assertTrue(r.uncacheable().get("p").contains("`rows`"), r.uncacheable().toString());
    }

    @Test
    void copyOfAnotherVariable_stored() {
        Notebook nb = new Notebook(store);
        nb.cell(var("base", "var base = load();", new ArrayList<>(List.of(new ArrayList<>(List.of(1))))));
        CellReport r = nb.cell(derived("copy", "var copy = deepCopy(base);", st -> new ArrayList<>(List.of(
                new ArrayList<>(List.of(1))))));
        assertEquals(List.of("copy"), r.stored(), r.uncacheable().toString());
        CellReport strings = nb.cell(derived("names", "var names = new ArrayList<>(base.get(0));",
                st -> new ArrayList<>(List.of("shared", "strings")))); // immutable leaves may be shared
        assertEquals(List.of("names"), strings.stored(), strings.uncacheable().toString());
    }

    @Test
    void mutatingInitializer_notStored() {
        Notebook nb = new Notebook(store);
        nb.cell(var("list", "var list = load();", new ArrayList<>(List.of(1, 2))));
        CellReport r = nb.cell(derived("n", "var n = fill(list);", st -> {
            list(st, "list").add(3);
            return list(st, "list").size();
        }));
        assertEquals(List.of(), r.stored());
        assertTrue(r.uncacheable().get("n").contains("changed `list`"), r.uncacheable().toString());
    }

    static final class Session {
        final Thread worker = new Thread(() -> { });     // not serializable: adds nothing to the digest
        final List<String> log = new ArrayList<>();
    }

    @Test
    void mutatingInitializerOfPartlyOpaqueObject_notStored() {
        Notebook nb = new Notebook(store);
        nb.cell(var("session", "var session = open();", new Session()));
        CellReport r = nb.cell(derived("n", "var n = run(session);", st -> {
            ((Session) st.values.get("session")).log.add("ran");
            return 1;
        }));
        assertEquals(List.of(), r.stored());
        assertTrue(r.uncacheable().get("n").contains("changed `session`"), r.uncacheable().toString());
        CellReport reads = nb.cell(derived("k", "var k = count(session);", st -> 1));
        assertEquals(List.of("k"), reads.stored(), reads.uncacheable().toString());
    }

    @Test
    void mutatingInitializerThroughHelper_notStored() {
        Notebook nb = new Notebook(store);
        nb.cell(var("samples", "var samples = load();", new double[] {3, 4}));
        nb.cell(Notebook.method("normalize", "double normalize() { samples[0] /= 5; return 5; }"));
        CellReport r = nb.cell(derived("norm", "var norm = normalize();", st -> {
            ((double[]) st.values.get("samples"))[0] /= 5;
            return 5.0;
        }));
        assertEquals(List.of(), r.stored());
        assertTrue(r.uncacheable().get("norm").contains("changed `samples`"), r.uncacheable().toString());
    }

    @Test
    void nonMutatingInitializerOverBigArray_stored() {
        Notebook nb = new Notebook(store);
        double[] samples = new double[5_000_000];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = i * 0.5;
        }
        nb.cell(var("samples", "var samples = load();", samples));
        long before = ObjectGraph.DIGESTS.get();
        CellReport r = nb.cell(derived("mean", "var mean = mean(samples);", st -> {
            double s = 0;
            for (double x : (double[]) st.values.get("samples")) {
                s += x;
            }
            return s / samples.length;
        }));
        assertEquals(List.of("mean"), r.stored(), r.uncacheable().toString());
        assertEquals(2, ObjectGraph.DIGESTS.get() - before, "digested before and after");
    }

    @Test
    void elementReadsOfPrimitiveArray_noDigest() {
        Notebook nb = new Notebook(store);
        nb.cell(var("samples", "var samples = load();", new double[] {1, 2, 3}));
        long before = ObjectGraph.DIGESTS.get();
        CellReport r = nb.cell(derived("m", "var m = samples[samples.length - 1] * 2;", st -> 6.0));
        assertEquals(List.of("m"), r.stored());
        assertEquals(0, ObjectGraph.DIGESTS.get() - before);
    }

    @Test
    void immutableInputs_noDigest() {
        Notebook nb = new Notebook(store);
        nb.cell(var("names", "var names = List.of(\"a\", \"b\");", List.of("a", "b")));
        nb.cell(var("label", "var label = load();", "a label"));
        long before = ObjectGraph.DIGESTS.get();
        CellReport r = nb.cell(derived("joined", "var joined = slowJoin(names, label);", st -> "a,b a label"));
        assertEquals(List.of("joined"), r.stored());
        assertEquals(0, ObjectGraph.DIGESTS.get() - before);
    }

    private static Notebook.Step timed(String name, String source, long nanos, Object value) {
        return Notebook.custom(SnippetKind.VAR_WITH_INITIALIZER, name, source, (st, out) -> {
            st.values.put(name, value);
            st.types.put(name, "Integer");
            return new SnippetResult.Ok(Optional.empty(), "Integer", nanos);
        });
    }

    @Test
    void fastLastTime_skipsDigestsAndIsNotStoredIfSlowNow() {
        Notebook nb = new Notebook(store);
        nb.cell(var("list", "var list = load();", new ArrayList<>(List.of(1, 2))));
        long d0 = ObjectGraph.DIGESTS.get();
        nb.cell(timed("n", "var n = count(list);", 1_000_000L, 2));
        assertEquals(1, ObjectGraph.DIGESTS.get() - d0, "first run: before-digest (its time is unknown)");
        long d1 = ObjectGraph.DIGESTS.get();
        nb.cell(timed("n", "var n = count(list);", 1_000_000L, 2));
        assertEquals(0, ObjectGraph.DIGESTS.get() - d1, "fast last time: no digest");
        CellReport slow = nb.cell(timed("n", "var n = count(list);", Notebook.NANOS, 2));
        assertEquals(List.of(), slow.stored());
        assertTrue(slow.uncacheable().get("n").contains("not digested"), slow.uncacheable().toString());
        CellReport again = nb.cell(timed("n", "var n = count(list);", Notebook.NANOS, 2));
        assertEquals(List.of("n"), again.stored(), again.uncacheable().toString());
    }

    @Test
    void onlyReadsElements_exactlyReadsOfLengthAndElements() {
        List<String> reads = JavaLexer.texts("var m = v[v.length - 1] + v[0] * v[i + 1]");
        assertTrue(StoreSafety.onlyReadsElements(reads, "v"));
        for (String src : List.of("var m = v[0] = 1", "var m = v[0]++", "var m = ++v[0]", "var m = v[0] += 2",
                "var m = f(v)", "var m = v.clone()", "var m = v", "var m = (v)[0] = 2", "var m = x.v[0]",
                "var m = v[0][1] = 3", "var m = v.length()")) {
            assertFalse(StoreSafety.onlyReadsElements(JavaLexer.texts(src), "v"), src);
        }
    }

    @Test
    void digest_changesWithContentNotIdentity() {
        record Box(List<Integer> xs) {
        }
        class Node {
            int n;
            Node next;
        }
        Node a = new Node();
        a.next = a;
        String d1 = ObjectGraph.digestOf(new Box(new ArrayList<>(List.of(1, 2)))).digest();
        assertEquals(d1, ObjectGraph.digestOf(new Box(new ArrayList<>(List.of(1, 2)))).digest());
        assertNotEquals(d1, ObjectGraph.digestOf(new Box(new ArrayList<>(List.of(1, 3)))).digest());
        String n1 = ObjectGraph.digestOf(a).digest();
        a.n = 1;
        assertNotEquals(n1, ObjectGraph.digestOf(a).digest());
        assertNotEquals(ObjectGraph.digestOf(new ArrayList<>(List.of("Aa"))).digest(),
                ObjectGraph.digestOf(new ArrayList<>(List.of("BB"))).digest());
    }
}
