package dev.javacached.kernel.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.javacached.kernel.display.MimeBundle;
import dev.javacached.kernel.testkit.RecordingSink;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JShellEngineExecuteTest {
    private final JShellEngine engine = new JShellEngine();

    @AfterAll
    void close() {
        engine.close();
    }

    private ExecuteOutcome.Success ok(String code, RecordingSink sink) {
        ExecuteOutcome outcome = engine.execute(code, sink);
        if (outcome instanceof ExecuteOutcome.Failure f) {
            throw new AssertionError(f.ename() + ": " + f.evalue() + "\n" + String.join("\n", f.traceback()));
        }
        return (ExecuteOutcome.Success) outcome;
    }

    private String result(String code) {
        return ok(code, new RecordingSink()).result().orElseThrow().plain();
    }

    private ExecuteOutcome.Failure fail(String code) {
        return assertInstanceOf(ExecuteOutcome.Failure.class, engine.execute(code, new RecordingSink()));
    }

    @Test
    void execute_multiSnippetCell_runsAllAndReturnsFinalExpression() {
        String cell = """
                import java.time.*;
                int a = 2;
                String greet(String n) { return "hi " + n; }
                interface Shape { double area(); }
                record Square(double side) implements Shape { public double area() { return side * side; } }
                class Counter { int n; int inc() { return ++n; } }
                enum Color { RED, GREEN }
                var c = new Counter(); c.inc();
                greet("x") + " " + new Square(a).area() + " " + Color.GREEN + " " + c.n + " " + Duration.ofSeconds(a)
                """;
        assertEquals("\"hi x 4.0 GREEN 1 PT2S\"", result(cell));
    }

    @Test
    void execute_trailingCommentAfterExpression_keepsResult() {
        assertEquals("2", result("// leading\n1 + 1 // same line\n// trailing\n"));
    }

    @Test
    void execute_emptyOrCommentOnlyCell_succeedsWithoutResult() {
        assertTrue(ok("", new RecordingSink()).result().isEmpty());
        assertTrue(ok("  // nothing\n/* here */", new RecordingSink()).result().isEmpty());
    }

    @Test
    void execute_declarationsOnly_printNothingAndHaveNoResult() {
        RecordingSink sink = new RecordingSink();
        ExecuteOutcome.Success s = ok("int quiet = 5;\nString quietS = \"q\";", sink);
        assertTrue(s.result().isEmpty());
        assertEquals(List.of(), sink.events());
    }

    @Test
    void execute_expressionInMiddle_producesNoResult() {
        assertTrue(ok("1 + 1;\nint afterExpr = 3;", new RecordingSink()).result().isEmpty());
    }

    @Test
    void execute_moduleNotInTheKernelsJvm_saysHowToAddIt() {
        // the test JVM runs without --add-modules=jdk.incubator.vector
        ExecuteOutcome.Failure f = fail("import jdk.incubator.vector.*;");
        assertTrue(f.evalue().contains("not in the module graph"), f.evalue());
        assertTrue(f.evalue().contains("--jvm-opt=--add-modules=jdk.incubator.vector"), f.evalue());
        assertTrue(f.evalue().contains("JAVA_CACHED_JVM_OPTS=--add-modules=jdk.incubator.vector"), f.evalue());
    }

    @Test
    void execute_compileErrorOnThirdLine_reportsCellLineAndColumn() {
        ExecuteOutcome.Failure f = fail("int a1 = 1;\nint b1 = 2;\nint c1 = a1 + missing;\nint d1 = 4;");
        assertEquals("CompilationException", f.ename());
        assertTrue(f.evalue().startsWith("line 3:15: cannot find symbol"), f.evalue());
        assertFalse(f.evalue().contains("location: class"), f.evalue());
        assertTrue(f.traceback().contains("    int c1 = a1 + missing;"), f.traceback().toString());
        assertTrue(f.traceback().contains("    " + " ".repeat(14) + "^"), f.traceback().toString());
        assertEquals("1", result("a1"), "snippets before the error ran");
        assertEquals(CompilationOrNot.UNDEFINED, definedOrNot("d1"), "snippets after the error did not run");
    }

    private enum CompilationOrNot { DEFINED, UNDEFINED }

    private CompilationOrNot definedOrNot(String name) {
        return engine.execute(name, new RecordingSink()) instanceof ExecuteOutcome.Success
                ? CompilationOrNot.DEFINED : CompilationOrNot.UNDEFINED;
    }

    @Test
    void execute_unresolvedMethodAtEndOfCell_isAnError() {
        ExecuteOutcome.Failure f = fail("int ok2 = 1;\nvoid usesMissing() { notDeclaredYet(); }");
        assertEquals("CompilationException", f.ename());
        assertTrue(f.evalue().contains("line 2:"), f.evalue());
        assertTrue(f.evalue().contains("notDeclaredYet"), f.evalue());
    }

    @Test
    void execute_forwardReferenceWithinCell_isFine() {
        assertEquals("7", result("int first() { return second(); }\nint second() { return 7; }\nfirst()"));
    }

    @Test
    void execute_runtimeException_tracebackShowsUserCodeOnly() {
        ExecuteOutcome.Failure f = fail("""
                void explode() {
                    throw new IllegalStateException("boom");
                }
                int before = 1;
                explode();
                """);
        assertEquals("java.lang.IllegalStateException", f.ename());
        assertEquals("boom", f.evalue());
        String tb = String.join("\n", f.traceback());
        assertTrue(tb.contains("explode(cell line 2)"), tb);
        assertTrue(tb.contains("(cell line 5)"), tb);
        assertFalse(tb.contains("jdk.jshell"), tb);
        assertFalse(tb.contains("dev.javacached"), tb);
        assertFalse(tb.contains("reflect"), tb);
    }

    @Test
    void execute_exceptionFromNotebookClass_reportedAndKernelAlive() {
        ok("class Fragile {\n  int divide(int a, int b) {\n    return a / b;\n  }\n}", new RecordingSink());
        ExecuteOutcome.Failure f = fail("new Fragile().divide(1, 0)");
        assertEquals("java.lang.ArithmeticException", f.ename());
        String tb = String.join("\n", f.traceback());
        assertTrue(tb.contains("Fragile.divide(cell "), tb);
        assertTrue(tb.contains("line 3)"), tb);
        assertEquals("2", result("1 + 1"));
    }

    @Test
    void execute_stackOverflow_reportedBoundedAndStateIntact() {
        ok("int keptBeforeSo = 11;", new RecordingSink());
        ExecuteOutcome.Failure f = fail("int down(int n) { return down(n + 1) + 1; }\ndown(0)");
        assertEquals("java.lang.StackOverflowError", f.ename());
        assertTrue(f.traceback().size() < 10, "recursion is folded: " + f.traceback());
        assertTrue(String.join("\n", f.traceback()).contains("the same frame"), f.traceback().toString());
        assertEquals("11", result("keptBeforeSo"));
    }

    @Test
    void execute_outOfMemory_reportedAndStateIntact() {
        ok("int keptBeforeOom = 12;", new RecordingSink());
        ExecuteOutcome.Failure f = fail("long[] huge = new long[Integer.MAX_VALUE - 8];");
        assertEquals("java.lang.OutOfMemoryError", f.ename());
        assertEquals("12", result("keptBeforeOom"));
    }

    @Test
    void execute_stdoutAndStderr_arriveInOrder() {
        RecordingSink sink = new RecordingSink();
        ok("System.out.print(\"a\"); System.err.print(\"b\"); System.out.println(\"c\");\nSystem.err.println(\"d\");", sink);
        assertEquals(List.of(new RecordingSink.Out("a"), new RecordingSink.Err("b"),
                new RecordingSink.Out("c\n"), new RecordingSink.Err("d\n")), sink.events());
    }

    @Test
    void execute_outputFromOtherThreadOutsideCell_doesNotCrash() throws Exception {
        Thread t = new Thread(() -> System.out.println("outside any cell"));
        t.start();
        t.join();
        assertEquals("3", result("1 + 2"));
    }

    @Test
    void execute_readsStdin_throughReadLine() {
        RecordingSink sink = RecordingSink.answering("Ann", "Bob");
        ExecuteOutcome.Success s = ok("""
                var sc = new Scanner(System.in);
                String first = sc.nextLine();
                var br = new BufferedReader(new InputStreamReader(System.in));
                String second = br.readLine();
                first + "+" + second
                """, sink);
        assertEquals("\"Ann+Bob\"", s.result().orElseThrow().plain());
    }

    @Test
    void execute_stdinNotAllowed_failsWithClearError() {
        ExecuteOutcome outcome = engine.execute("new Scanner(System.in).nextLine()", new RecordingSink());
        ExecuteOutcome.Failure f = assertInstanceOf(ExecuteOutcome.Failure.class, outcome);
        assertEquals(StdinUnavailableException.class.getName(), f.ename());
        assertTrue(f.evalue().contains("does not support input"), f.evalue());
    }

    @Test
    void execute_displayAndUpdateDisplay_reachSink() {
        RecordingSink sink = new RecordingSink();
        ok("String id = display(html(\"<b>x</b>\"));\nSystem.out.println(\"between\");\nupdateDisplay(id, \"done\");\n"
                + "display(\"<i>y</i>\", \"text/html\");", sink);
        List<RecordingSink.Event> events = sink.events();
        assertEquals(4, events.size(), events.toString());
        RecordingSink.Display first = (RecordingSink.Display) events.get(0);
        assertEquals("<b>x</b>", first.bundle().data().get("text/html"));
        assertFalse(first.update());
        assertEquals(new RecordingSink.Out("between\n"), events.get(1));
        RecordingSink.Display update = (RecordingSink.Display) events.get(2);
        assertTrue(update.update());
        assertEquals(first.displayId(), update.displayId());
        assertEquals("done", update.bundle().plain());
        assertEquals("<i>y</i>", ((RecordingSink.Display) events.get(3)).bundle().data().get("text/html"));
    }

    @Test
    void execute_bufferedImageResult_rendersPng() {
        MimeBundle bundle = ok("var img = new java.awt.image.BufferedImage(4, 3, java.awt.image.BufferedImage.TYPE_INT_RGB);\nimg",
                new RecordingSink()).result().orElseThrow();
        byte[] png = Base64.getDecoder().decode(bundle.data().get("image/png"));
        assertEquals((byte) 0x89, png[0]);
        assertEquals("PNG", new String(png, 1, 3, java.nio.charset.StandardCharsets.US_ASCII));
        assertTrue(bundle.plain().contains("4x3"), bundle.plain());
    }

    @Test
    void execute_markdownResult_rendersMarkdown() {
        MimeBundle bundle = ok("markdown(\"# T\")", new RecordingSink()).result().orElseThrow();
        assertEquals("# T", bundle.data().get("text/markdown"));
    }

    @Test
    void execute_fiftyMegabytesOfOutput_arrivesInBoundedChunks() {
        List<Integer> sizes = new ArrayList<>();
        long[] total = {0};
        OutputSink counting = new OutputSink() {
            @Override
            public void stdout(String text) {
                sizes.add(text.length());
                total[0] += text.length();
            }

            @Override
            public void stderr(String text) {
            }

            @Override
            public void display(MimeBundle bundle, String displayId, boolean update) {
            }

            @Override
            public String readLine(String prompt, boolean password) {
                return "";
            }
        };
        ExecuteOutcome outcome = engine.execute(
                "String line = \"x\".repeat(1023);\nfor (int i = 0; i < 51_200; i++) System.out.println(line);",
                counting);
        assertInstanceOf(ExecuteOutcome.Success.class, outcome);
        assertEquals(51_200L * 1024, total[0]);
        assertTrue(sizes.stream().allMatch(n -> n <= StdStreams.CHUNK), "every chunk is bounded");
        assertTrue(sizes.size() < 51_200, "output is coalesced, not one call per line: " + sizes.size());
    }

    @Test
    void info_reportsJavaVersion() {
        assertEquals(Runtime.version().toString(), engine.info().languageVersion());
        assertTrue(engine.info().banner().contains("Java"));
    }

    @Test
    void systemOutSetToNull_isRestoredAtTheNextCell_andResultsShowAgain() {
        RecordingSink first = new RecordingSink();
        engine.execute("System.setOut(null);", first);
        RecordingSink next = new RecordingSink();
        ExecuteOutcome outcome = engine.execute("1 + 2", next);
        ExecuteOutcome.Success ok = assertInstanceOf(ExecuteOutcome.Success.class, outcome);
        assertEquals("3", ok.result().orElseThrow().plain());
        assertTrue(next.stderr().contains("System.out had been set to null"), next.stderr());
        RecordingSink printed = new RecordingSink();
        engine.execute("System.out.println(\"back\");", printed);
        assertEquals("back\n", printed.stdout());
    }
}
