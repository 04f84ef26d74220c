package dev.javacached.kernel.cache;

import static dev.javacached.kernel.cache.Notebook.assign;
import static dev.javacached.kernel.cache.Notebook.method;
import static dev.javacached.kernel.cache.Notebook.stmt;
import static dev.javacached.kernel.cache.Notebook.throwing;
import static dev.javacached.kernel.cache.Notebook.var;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.javacached.kernel.display.MimeBundle;
import dev.javacached.kernel.engine.CellSnippet;
import dev.javacached.kernel.engine.ExecuteOutcome;
import dev.javacached.kernel.engine.SnippetKind;
import dev.javacached.kernel.engine.SnippetResult;
import dev.javacached.kernel.testkit.RecordingSink;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CachingHookTest extends WithCountedStore {

    @Test
    void identicalRerun_restoresAndDoesNotRun() {
        Notebook first = new Notebook(store);
        CellReport r1 = first.cell(var("a", "var a = slowSum(10);", 55L, "computing...\n"));
        assertEquals(List.of("a"), r1.stored());
        assertEquals(List.of("a"), r1.computed());

        Notebook second = new Notebook(store);
        CellReport r2 = second.cell(var("a", "var a = slowSum( 10 ); // same", 55L, "computing...\n"));
        assertEquals(List.of("a"), r2.restored());
        assertEquals(List.of(), r2.computed());
        assertEquals(List.of(), second.ran, "Proceed not called");
        assertEquals(55L, second.state.values.get("a"));
        assertEquals("Long", second.state.types.get("a"));
        assertEquals("computing...\n", second.sink.stdout(), "output replayed");
    }

    @Test
    void initializerEdit_recomputes() {
        new Notebook(store).cell(var("a", "var a = slowSum(10);", 55L));
        Notebook second = new Notebook(store);
        CellReport r = second.cell(var("a", "var a = slowSum(11);", 66L));
        assertEquals(List.of("a"), r.computed());
        assertEquals(List.of("a"), r.stored());
        assertEquals(66L, second.state.values.get("a"));
    }

    private static CellReport helperNotebook(Notebook nb, String helperBody) {
        nb.cell(method("helper", "long helper(long x) { return " + helperBody + "; }"));
        return nb.cell(var("x", "var x = helper(2);", 1L), var("y", "var y = 6L * 7;", 42L));
    }

    @Test
    void helperMethodEdit_recomputesDependentsOnly() {
        helperNotebook(new Notebook(store), "x * 10");
        Notebook second = new Notebook(store);
        CellReport r = helperNotebook(second, "x * 100");
        assertEquals(List.of("x"), r.computed());
        assertEquals(List.of("y"), r.restored());

        Notebook third = new Notebook(store);
        CellReport again = helperNotebook(third, "x * 10");
        assertEquals(List.of("x", "y"), again.restored(), "the old helper's entry is still valid");
    }

    @Test
    void twoDeclarationsInOneCell_editingBOnlyRestoresA() {
        new Notebook(store).cell(var("a", "var a = load(1);", 1L), var("b", "var b = load(2);", 2L));
        Notebook second = new Notebook(store);
        CellReport r = second.cell(var("a", "var a = load(1);", 1L), var("b", "var b = load(3);", 3L));
        assertEquals(List.of("a"), r.restored());
        assertEquals(List.of("b"), r.computed());
        assertEquals(List.of("var b = load(3);"), second.ran);
    }

    @Test
    void dependentOfEditedDeclaration_recomputes() {
        new Notebook(store).cell(var("a", "var a = load(1);", 1L), var("b", "var b = a + 1;", 2L));
        CellReport r = new Notebook(store).cell(var("a", "var a = load(5);", 5L), var("b", "var b = a + 1;", 6L));
        assertEquals(List.of("a", "b"), r.computed());
    }

    @Test
    void exceptionInInitializer_storesNothing() {
        Notebook nb = new Notebook(store);
        CellReport r = nb.cell(throwing("a", "var a = explode();"));
        assertEquals(List.of(), r.stored());
        assertTrue(store.list().isEmpty());
        assertEquals(Explanation.Decision.FAILED, nb.hook.explain("a").orElseThrow().decision());
    }

    @Test
    void notStorableValue_reportsReason() {
        Notebook nb = new Notebook(store);
        // the real store refuses a lambda: its class is generated, so no later JVM has it
        Runnable task = () -> { };
        CellReport r = nb.cell(var("t", "var t = new ArrayList<>(List.of(task));", new ArrayList<>(List.of(task))));
        assertEquals(List.of("t"), r.computed());
        assertTrue(r.uncacheable().get("t").contains("lambda"), r.uncacheable().toString());
        assertEquals(r.uncacheable(), r.metadata().get("uncacheable"));
        assertTrue(nb.hook.why("t").contains("not storable"));
    }

    @Test
    void classpathChange_recomputes() {
        new Notebook(store).cell(var("a", "var a = parse();", 1L));
        Notebook second = new Notebook(store);
        second.hook.setClasspath(new ClasspathState(List.of("com.example:parser:2.0"), Map.of("parser.jar", "d1")));
        CellReport r = second.cell(var("a", "var a = parse();", 2L));
        assertEquals(List.of("a"), r.computed());
        assertTrue(second.hook.why("a").contains("classpath changed"), second.hook.why("a"));
    }

    @Test
    void defineFailure_fallsBackToRunning() {
        new Notebook(store).cell(var("a", "var a = slowSum(10);", 55L));
        Notebook second = new Notebook(store);
        second.state.failDefinesOf.add("Long");
        CellReport r = second.cell(var("a", "var a = slowSum(10);", 55L));
        assertEquals(List.of("a"), r.computed());
        assertEquals(List.of("var a = slowSum(10);"), second.ran);
        assertEquals(55L, second.state.values.get("a"));
        assertTrue(second.hook.why("a").contains("could not be restored"), second.hook.why("a"));
    }

    @Test
    void unusableEntry_runs() {
        new Notebook(store).cell(var("a", "var a = slowSum(10);", 55L));
        store.corruptValues();
        Notebook second = new Notebook(store);
        CellReport r = second.cell(var("a", "var a = slowSum(10);", 55L));
        assertEquals(List.of("a"), r.computed());
        assertEquals(1, second.ran.size());
    }

    @Test
    void mutationEdit_recomputesDownstreamAndRestoresUpstream() {
        runMutation(new Notebook(store), "list.add(4);", 4);
        Notebook same = new Notebook(store);
        CellReport unchanged = runMutation(same, "list.add(4);", 4);
        assertEquals(List.of("n"), unchanged.restored());

        Notebook edited = new Notebook(store);
        CellReport r = runMutation(edited, "list.add(4); list.add(5);", 5);
        assertEquals(List.of("n"), r.computed());
        assertTrue(edited.hook.why("n").contains("`list` was changed by a later cell"), edited.hook.why("n"));
    }

    private static CellReport runMutation(Notebook nb, String mutation, int size) {
        CellReport first = nb.cell(var("list", "var list = new ArrayList<>(List.of(1, 2, 3));",
                new ArrayList<>(List.of(1, 2, 3))));
        assertFalse(first.isEmpty());
        nb.cell(stmt(mutation, st -> { }));
        return nb.cell(var("n", "int n = list.size();", size));
    }

    @Test
    void belowThreshold_computedNotStored() {
        Notebook nb = new Notebook(store);
        nb.hook.setThresholdMillis(500);
        CellReport r = nb.cell(var("a", "var a = 1L;", 1L));
        assertEquals(List.of("a"), r.computed());
        assertEquals(List.of(), r.stored());
        assertTrue(store.list().isEmpty());
        assertEquals(Optional.of("500"), store.setting(CachingHook.THRESHOLD_SETTING));
        assertEquals(500, new Notebook(store).hook.thresholdMillis(), "persisted across restarts");
    }

    @Test
    void nocacheCell_neitherReadsNorWrites() {
        new Notebook(store).cell(var("a", "var a = slowSum(10);", 55L));
        Notebook nb = new Notebook(store);
        int gets = store.gets;
        int puts = store.puts;
        nb.hook.beginCell(CellMode.NOCACHE);
        nb.hook.around(var("a", "var a = slowSum(10);", 55L).snippet(), nb.state, nb.sink,
                out -> { nb.ran.add("a"); return new SnippetResult.Ok(Optional.empty(), "Long", Notebook.NANOS); });
        CellReport r = nb.hook.endCell();
        assertEquals(List.of("a"), r.computed());
        assertEquals(gets, store.gets);
        assertEquals(puts, store.puts);
        assertEquals(CellMode.NORMAL, nb.hook.cellMode(), "mode lasts one cell");
    }

    @Test
    void recomputeCell_runsAndOverwrites() {
        new Notebook(store).cell(var("a", "var a = random();", 1L));
        Notebook nb = new Notebook(store);
        nb.hook.beginCell(CellMode.RECOMPUTE);
        nb.hook.around(var("a", "var a = random();", 2L).snippet(), nb.state, nb.sink,
                out -> { nb.state.values.put("a", 2L); return new SnippetResult.Ok(Optional.empty(), "Long", Notebook.NANOS); });
        CellReport r = nb.hook.endCell();
        assertEquals(List.of("a"), r.stored());
        Notebook after = new Notebook(store);
        after.cell(var("a", "var a = random();", 3L));
        assertEquals(2L, after.state.values.get("a"), "the overwritten value is restored");
    }

    @Test
    void disabled_runsEverythingAndStoresNothing() {
        Notebook nb = new Notebook(store);
        nb.hook.setEnabled(false);
        CellReport r = nb.cell(var("a", "var a = slowSum(10);", 55L));
        assertEquals(List.of("a"), r.computed());
        assertTrue(store.list().isEmpty());
        assertTrue(nb.hook.why("a").contains("the cache is off"));
    }

    @Test
    void readsStdin_notStored() {
        Notebook nb = new Notebook(store);
        CellReport r = nb.cell(Notebook.custom(SnippetKind.VAR_WITH_INITIALIZER, "name", "var name = ask();",
                (st, out) -> {
                    try {
                        st.values.put("name", out.readLine("name?", false));
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                    return new SnippetResult.Ok(Optional.empty(), "String", Notebook.NANOS);
                }));
        assertEquals("reads standard input", r.uncacheable().get("name"));
        assertTrue(store.list().isEmpty());
    }

    @Test
    void storeFailure_warnsOneLineAndContinues() {
        store.failPuts = "No space left on device\n\tat somewhere";
        Notebook nb = new Notebook(store);
        CellReport r = nb.cell(var("a", "var a = slowSum(10);", 55L), var("b", "var b = 2L;", 2L));
        assertEquals(List.of("a", "b"), r.computed());
        String err = nb.sink.stderr();
        assertTrue(err.startsWith("java-cached: could not store `a`: No space left on device\n"), err);
        assertEquals(2, err.lines().count());
    }

    @Test
    void assignment_restoredThroughAssign() {
        Notebook first = new Notebook(store);
        first.cell(var("total", "long total = 0;", 0L));
        first.cell(assign("total", "total = slowSum(100);", 5050L));
        Notebook second = new Notebook(store);
        second.cell(var("total", "long total = 0;", 0L));
        CellReport r = second.cell(assign("total", "total = slowSum(100);", 5050L));
        assertEquals(List.of("total"), r.restored());
        assertEquals(5050L, second.state.values.get("total"));
    }

    @Test
    void jshellTemporary_notCached() {
        Notebook nb = new Notebook(store);
        CellReport r = nb.cell(var("b", "var b = $1 * 2;", 4L));
        assertTrue(r.uncacheable().get("b").contains("$1"), r.uncacheable().toString());
        assertTrue(store.list().isEmpty());
    }

    @Test
    void report_metadataAndFeedback() {
        new Notebook(store).cell(var("a", "var a = slowSum(10);", 55L));
        Notebook second = new Notebook(store);
        CellReport r = second.cell(var("a", "var a = slowSum(10);", 55L), var("c", "var c = load(3);", 3L));
        assertEquals(Map.of("restored", List.of("a"), "stored", List.of("c"), "computed", List.of("c"),
                "uncacheable", Map.of()), r.metadata());
        MimeBundle line = r.feedback().orElseThrow();
        assertTrue(line.plain().startsWith("♻ restored a from cache ("), line.plain());
        assertTrue(line.plain().contains("saved 200 ms"), line.plain());
        assertTrue(line.data().get("text/html").contains("<code>a</code>"));
        assertTrue(new Notebook(store).cell(var("z", "var z = load(9);", 9L)).feedback().isEmpty());
    }

    @Test
    void why_namesChangedHelper() {
        helperNotebook(new Notebook(store), "x * 10");
        Notebook second = new Notebook(store);
        helperNotebook(second, "x * 100");
        String why = second.hook.why("x");
        assertTrue(why.contains("helper `helper(long)` changed"), why);
        assertTrue(second.hook.why("y").contains("restored from cache"));
    }

    @Test
    void why_sourceChanged() {
        new Notebook(store).cell(var("a", "var a = load(1);", 1L));
        Notebook second = new Notebook(store);
        second.cell(var("a", "var a = load(2);", 2L));
        Explanation e = second.hook.explain("a").orElseThrow();
        assertEquals(List.of("source changed"), e.differences());
        assertEquals(Explanation.Decision.STORED, e.decision());
    }

    @Test
    void snippetsOfOtherKinds_alwaysRun() {
        Notebook nb = new Notebook(store);
        nb.cell(method("f", "long f() { return 1; }"), stmt("System.out.println(f());", st -> { }));
        Notebook again = new Notebook(store);
        again.cell(method("f", "long f() { return 1; }"), stmt("System.out.println(f());", st -> { }));
        assertEquals(2, again.ran.size());
    }

    @Test
    void initializerAssigningOtherVariable_alwaysRuns() {
        Notebook nb = new Notebook(store);
        nb.cell(var("calls", "int calls = 0;", 0), method("counted", "long counted() { calls++; return 7; }"));
        CellReport r = nb.cell(var("v", "var v = counted();", 7L));
        assertTrue(r.uncacheable().get("v").contains("assigns calls"), r.uncacheable().toString());
        assertTrue(store.list().stream().noneMatch(m -> m.name().equals("v")));
    }

    @Test
    void trailingSemicolon_doesNotMatter() {
        new Notebook(store).cell(var("a", "var a = slowSum(10);", 55L));
        assertEquals(List.of("a"), new Notebook(store).cell(var("a", "var a = slowSum(10)", 55L)).restored());
    }

    private static Notebook.Step failingStmt(String source, ExecuteOutcome.Cause cause, String ename) {
        return Notebook.custom(SnippetKind.STATEMENT, "", source, (st, out) -> new SnippetResult.Failed(
                new ExecuteOutcome.Failure(cause, ename, "x", List.of(), Map.of())));
    }

    @Test
    void compileErrorInMutation_advancesNothing() {
        runMutation(new Notebook(store), "list.add(4);", 4);
        Notebook nb = new Notebook(store);
        nb.cell(var("list", "var list = new ArrayList<>(List.of(1, 2, 3));", new ArrayList<>(List.of(1, 2, 3))));
        nb.cell(failingStmt("list.add(4;", ExecuteOutcome.Cause.COMPILE_ERROR, "CompilationException"));
        nb.cell(stmt("list.add(4);", st -> { }));
        assertEquals(List.of("n"), nb.cell(var("n", "int n = list.size();", 4)).restored());
    }

    @Test
    void exceptionInMutation_advancesWhatItMentions() {
        runMutation(new Notebook(store), "list.add(4);", 4);
        Notebook nb = new Notebook(store);
        nb.cell(var("list", "var list = new ArrayList<>(List.of(1, 2, 3));", new ArrayList<>(List.of(1, 2, 3))));
        nb.cell(failingStmt("list.add(4); throw new RuntimeException();", ExecuteOutcome.Cause.EXCEPTION,
                "java.lang.RuntimeException"));
        nb.cell(stmt("list.add(4);", st -> { }));
        assertEquals(List.of("n"), nb.cell(var("n", "int n = list.size();", 5)).computed());
    }

    @Test
    void restore_replaysDisplaysAndRenderedValue() {
        MimeBundle chart = new MimeBundle(Map.of("text/plain", "chart", "image/png", "iVBOR"), Map.of());
        MimeBundle rendered = MimeBundle.text("m ==> Model[7]");
        Notebook.Step step = Notebook.custom(SnippetKind.VAR_WITH_INITIALIZER, "m", "var m = train();",
                (st, out) -> {
                    out.stderr("warning: slow\n");
                    out.display(chart, "d1", false);
                    st.values.put("m", 7L);
                    st.types.put("m", "Long");
                    return new SnippetResult.Ok(Optional.of(rendered), "Long", Notebook.NANOS);
                });
        new Notebook(store).cell(step);
        Notebook second = new Notebook(store);
        SnippetResult r = second.hook.around(step.snippet(), second.state, second.sink, out -> {
            throw new AssertionError("must not run");
        });
        assertEquals(Optional.of(rendered), ((SnippetResult.Ok) r).value());
        assertEquals(List.of(chart), second.sink.displays().stream().map(RecordingSink.Display::bundle).toList());
        assertEquals("warning: slow\n", second.sink.stderr());
    }

    @Test
    void corruptAttachment_runsInstead() {
        new Notebook(store).cell(var("a", "var a = slowSum(10);", 55L, "hi\n"));
        String key = store.list().get(0).key();
        var meta = store.meta(key).orElseThrow();
        store.delete(key);
        store.put(key, new dev.javacached.store.EntryInfo("a", "Long", meta.computeNanos(), meta.provenance(),
                new byte[] {'{', 'x'}), 55L, dev.javacached.store.ClassResolver.DEFAULT);
        Notebook second = new Notebook(store);
        CellReport r = second.cell(var("a", "var a = slowSum(10);", 55L, "hi\n"));
        assertEquals(List.of("a"), r.computed());
        assertEquals("hi\n", second.sink.stdout(), "printed once, by running");
    }

    @Test
    void intersectionType_notStoredBecauseARestoreCannotDeclareIt() {
        String type = "List<Serializable&Comparable<?>>";
        Notebook.Step mixed = new Notebook.Step(
                new CellSnippet("var mixed = List.of(1, \"a\");", 0, SnippetKind.VAR_WITH_INITIALIZER, "mixed", "var"),
                (st, out) -> {
                    st.values.put("mixed", new ArrayList<>(List.of(1, "a")));
                    st.types.put("mixed", type);
                    return new SnippetResult.Ok(Optional.empty(), type, Notebook.NANOS);
                });
        CellReport r = new Notebook(store).cell(mixed);
        assertEquals(List.of("mixed"), r.computed());
        assertEquals(List.of(), r.stored());
        assertTrue(r.uncacheable().get("mixed").contains("intersection"), r.uncacheable().toString());
        assertTrue(store.list().isEmpty());
    }

    @Test
    void serializableLambda_notStoredBecauseANewSessionCannotLoadItsClass() {
        java.util.function.Supplier<Integer> lambda = (java.util.function.Supplier<Integer> & java.io.Serializable) () -> 3;
        CellReport r = new Notebook(store).cell(var("sup", "Supplier<Integer> sup = () -> 3;", lambda));
        assertEquals(List.of(), r.stored());
        assertTrue(r.uncacheable().get("sup").contains("lambda"), r.uncacheable().toString());
        assertTrue(store.list().isEmpty());
    }

    private static CellReport runAlias(Notebook nb, int added) {
        nb.cell(var("list", "var list = new ArrayList<>(List.of(1, 2, 3));", new ArrayList<>(List.of(1, 2, 3))));
        CellReport alias = nb.cell(Notebook.custom(SnippetKind.VAR_WITH_INITIALIZER, "alias", "var alias = list;",
                (st, out) -> {
                    st.values.put("alias", st.values.get("list"));
                    st.types.put("alias", "ArrayList<Integer>");
                    return new SnippetResult.Ok(Optional.empty(), "ArrayList<Integer>", Notebook.NANOS);
                }));
        @SuppressWarnings("unchecked")
        List<Integer> viaAlias = (List<Integer>) nb.state.values.get("alias");
        nb.cell(stmt("alias.add(" + added + ");", st -> viaAlias.add(added)));
        assertEquals(List.of(1, 2, 3, added), nb.state.values.get("list"));
        return alias;
    }

    @Test
    void mutationThroughAlias_advancesTheAliasedVariableAndTheAliasIsNotStored() {
        Notebook first = new Notebook(store);
        CellReport alias = runAlias(first, 7);
        assertEquals(List.of(), alias.stored());
        assertTrue(alias.uncacheable().get("alias").contains("same object as `list`"), alias.uncacheable().toString());
        first.cell(var("sum", "var sum = list.stream().mapToInt(i -> i).sum();", 13));

        Notebook same = new Notebook(store);
        runAlias(same, 7);
        assertEquals(List.of("sum"), same.cell(var("sum", "var sum = list.stream().mapToInt(i -> i).sum();", 13))
                .restored(), "unchanged notebook still restores");

        Notebook edited = new Notebook(store);
        runAlias(edited, 8);
        CellReport r = edited.cell(var("sum", "var sum = list.stream().mapToInt(i -> i).sum();", 14));
        assertEquals(List.of("sum"), r.computed(), "alias.add(8) changed list");
        assertEquals(14, edited.state.values.get("sum"));
    }

    @Test
    void reassignedAlias_isNoLongerLinked() {
        Notebook nb = new Notebook(store);
        runAlias(nb, 7);
        nb.cell(var("alias", "var alias = new ArrayList<Integer>();", new ArrayList<Integer>()));
        assertEquals(java.util.Set.of(), nb.hook.graph().aliasesOf("list"));
        assertEquals(java.util.Set.of(), nb.hook.graph().aliasesOf("alias"));
    }

    // ---- the clock and unseeded randomness ----

    @Test
    void unseededRandom_aboveThreshold_notStoredNotRestoredAndExplained() {
        Notebook nb = new Notebook(store);
        CellReport r = nb.cell(var("r", "var r = new Random().nextInt();", 17));
        assertEquals(List.of("r"), r.computed());
        assertEquals(List.of(), r.stored());
        assertTrue(store.list().isEmpty());
        String reason = r.uncacheable().get("r");
        assertTrue(reason.contains("its initializer calls `new Random()` (reads unseeded randomness)"), reason);
        assertTrue(reason.contains("%%snapshot"), reason);
        String why = nb.hook.why("r");
        assertTrue(why.contains("not storable") && why.contains("unseeded randomness"), why);
        assertTrue(nb.hook.graph().version("r").isPresent(), "still fingerprinted and recorded");

        Notebook second = new Notebook(store);
        CellReport again = second.cell(var("r", "var r = new Random().nextInt();", 23));
        assertEquals(List.of("r"), again.computed());
        assertEquals(List.of(), again.restored());
        assertEquals(23, second.state.values.get("r"));
    }

    @Test
    void seededRandom_storedAsUsual() {
        CellReport r = new Notebook(store).cell(var("r", "var r = new Random(42).nextInt();", 17));
        assertEquals(List.of("r"), r.stored());
    }

    @Test
    void randomnessThroughNotebookMethod_notStoredAndNamesThePath() {
        Notebook nb = new Notebook(store);
        nb.cell(method("noise", "double noise() { return Math.random(); }"),
                method("sample", "double[] sample(double x) { return new double[] { x }; }"));
        CellReport r = nb.cell(var("xs", "var xs = sample(noise());", new double[] {0.5}));
        assertEquals(List.of(), r.stored());
        assertTrue(r.uncacheable().get("xs").contains("its initializer calls `noise()`, which calls"
                + " `Math.random()` (reads unseeded randomness)"), r.uncacheable().toString());
    }

    @Test
    void clockInAssignment_notStored() {
        Notebook nb = new Notebook(store);
        nb.cell(var("t", "long t = 0;", 0L));
        CellReport r = nb.cell(assign("t", "t = System.currentTimeMillis();", 1234L));
        assertEquals(List.of(), r.stored());
        assertTrue(r.uncacheable().get("t").contains("the assigned value calls `System.currentTimeMillis()`"
                + " (reads the clock)"), r.uncacheable().toString());
    }

    @Test
    void snapshotCell_storesAndRestoresTheRandomValue_andSaysSo() {
        Notebook nb = new Notebook(store);
        CellReport r = nb.cell(CellMode.SNAPSHOT, var("r", "var r = new Random().nextInt();", 17));
        assertEquals(List.of("r"), r.stored());
        assertEquals(Map.of(), r.uncacheable());
        String why = nb.hook.why("r");
        assertTrue(why.contains("computed and stored") && why.contains("stored as a snapshot by request (%%snapshot)")
                && why.contains("`new Random()`"), why);

        Notebook second = new Notebook(store);
        CellReport again = second.cell(CellMode.SNAPSHOT, var("r", "var r = new Random().nextInt();", 23));
        assertEquals(List.of("r"), again.restored());
        assertEquals(List.of(), second.ran);
        assertEquals(17, second.state.values.get("r"));
        String whyRestored = second.hook.why("r");
        assertTrue(whyRestored.contains("restored from cache") && whyRestored.contains("snapshot stored by request"),
                whyRestored);

        Notebook third = new Notebook(store);
        CellReport normal = third.cell(var("r", "var r = new Random().nextInt();", 29));
        assertEquals(List.of("r"), normal.computed(), "without %%snapshot the snapshot is not used");
        assertEquals(29, third.state.values.get("r"));
    }

    @Test
    void snapshotCell_deterministicValue_behavesAsNormal() {
        new Notebook(store).cell(CellMode.SNAPSHOT, var("a", "var a = slowSum(10);", 55L));
        Notebook second = new Notebook(store);
        CellReport r = second.cell(var("a", "var a = slowSum(10);", 55L));
        assertEquals(List.of("a"), r.restored());
        assertFalse(second.hook.why("a").contains("snapshot"), second.hook.why("a"));
    }
}
