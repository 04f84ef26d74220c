package dev.javacached.kernel.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.javacached.kernel.testkit.RecordingSink;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** IJava's display API (display, render, updateDisplay with MIME varargs) in real snippets, and checked MIME types. */
class DisplayApiTest {
    private static JShellEngine engine;

    @BeforeAll
    static void start() {
        engine = new JShellEngine();
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    private static RecordingSink run(String code) {
        RecordingSink sink = new RecordingSink();
        ExecuteOutcome o = engine.execute(code, sink);
        assertInstanceOf(ExecuteOutcome.Success.class, o, o.toString());
        return sink;
    }

    private static ExecuteOutcome.Failure fails(String code) {
        ExecuteOutcome o = engine.execute(code, new RecordingSink());
        return assertInstanceOf(ExecuteOutcome.Failure.class, o, o.toString());
    }

    @Test
    void display_severalMimeTypes_oneBundleWithEachAndPlain() {
        RecordingSink sink = run("String id = display(\"<b>Bold</b>\", \"text/html\", \"text/markdown\");");
        Map<String, String> data = sink.displays().get(0).bundle().data();
        assertEquals(Map.of("text/html", "<b>Bold</b>", "text/markdown", "<b>Bold</b>", "text/plain", "<b>Bold</b>"),
                data);
    }

    @Test
    void updateDisplay_withMimeVarargs_updatesTheSameId() {
        RecordingSink sink = run("String id = display(\"<b>Countdown:</b> 3\", \"text/html\");\n"
                + "for (int i = 2; i >= 0; i--) updateDisplay(id, \"<b>Countdown:</b> \" + i, \"text/html\");");
        List<RecordingSink.Display> shown = sink.displays();
        assertEquals(4, shown.size());
        assertFalse(shown.get(0).update());
        assertTrue(shown.stream().skip(1).allMatch(s -> s.update() && s.displayId().equals(shown.get(0).displayId())));
        assertEquals("<b>Countdown:</b> 0", shown.get(3).bundle().data().get("text/html"));
    }

    @Test
    void render_lastExpression_isTheCellsRichResult() {
        ExecuteOutcome o = engine.execute("String md = \"Hello from **java-cached**\";\nrender(md, \"text/markdown\")",
                new RecordingSink());
        Map<String, String> data = ((ExecuteOutcome.Success) o).result().orElseThrow().data();
        assertEquals("Hello from **java-cached**", data.get("text/markdown"));
        // IJava: render(Object) returns the rendering without showing it
        assertEquals("<i>r</i>", ((ExecuteOutcome.Success) engine.execute("var r = render(html(\"<i>r</i>\"));\n"
                + "r", new RecordingSink())).result().orElseThrow().data().get("text/html"));
        assertTrue(run("var quiet = render(42);").displays().isEmpty());
    }

    /** rapaio writes the type first: display("html", value); the value is not a MIME type, so that order is clear. */
    @Test
    void display_typeFirst_takenInThatOrder() {
        RecordingSink sink = run("display(\"html\", \"<table><tr><td>1</td></tr></table>\");\n"
                + "display(\"text/markdown\", \"# T\");");
        assertEquals(Map.of("text/html", "<table><tr><td>1</td></tr></table>",
                "text/plain", "<table><tr><td>1</td></tr></table>"), sink.displays().get(0).bundle().data());
        assertEquals("# T", sink.displays().get(1).bundle().data().get("text/markdown"));
    }

    @Test
    void display_shortNameAsType_isItsMimeType() {
        RecordingSink sink = run("display(\"<svg/>\", \"svg\");");
        assertEquals("<svg/>", sink.displays().get(0).bundle().data().get("image/svg+xml"));
    }

    @Test
    void display_noMimeTypeAmongTheArguments_isAClearErrorAndNoBundle() {
        ExecuteOutcome.Failure f = fails("display(\"<table>\", \"not a type\");");
        assertEquals(IllegalArgumentException.class.getName(), f.ename());
        assertTrue(f.evalue().contains("\"not a type\" is not a MIME type"), f.evalue());
        ExecuteOutcome.Failure varargs = fails("display(List.of(1), \"text/html\", \"<b>\");");
        assertTrue(varargs.evalue().contains("\"<b>\" is not a MIME type"), varargs.evalue());
        ExecuteOutcome.Failure cannot = fails("display(42, \"image/png\");");
        assertTrue(cannot.evalue().contains("cannot render a java.lang.Integer as image/png"), cannot.evalue());
        // the session goes on
        assertEquals("2", RecordingSink.resultOf(engine, "1 + 1"));
    }
}
