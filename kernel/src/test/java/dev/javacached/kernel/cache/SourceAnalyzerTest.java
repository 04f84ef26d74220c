package dev.javacached.kernel.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.javacached.kernel.engine.CellSnippet;
import dev.javacached.kernel.engine.JavaLexer;
import dev.javacached.kernel.engine.SnippetKind;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SourceAnalyzerTest {
    private final SourceAnalyzer analyzer = new SourceAnalyzer();

    private SnippetAnalysis analyze(SnippetKind kind, String name, String src) {
        return analyzer.analyze(new CellSnippet(src, 0, kind, name, ""));
    }

    private static String normalize(String src) {
        return String.join(" ", JavaLexer.texts(src));
    }

    @Test
    void tokenize_dropsWhitespaceAndComments() {
        assertEquals(normalize("int x = a+b; // sum"),
                normalize("int   x=\n a /* the a */ + b;"));
    }

    @Test
    void tokenize_keepsLiteralsExactly() {
        assertEquals(List.of("s", "=", "\"a  // not a comment /* */\"", ";"),
                JavaLexer.texts("s = \"a  // not a comment /* */\";"));
        assertEquals(List.of("c", "=", "'\\''", ";"), JavaLexer.texts("c = '\\'';"));
        String block = "\"\"\"\n  two  spaces\n  \\\"\"\" still inside\n  \"\"\"";
        assertEquals(List.of("t", "=", block, ";"), JavaLexer.texts("t = " + block + ";"));
        assertNotEquals(normalize("s = \"a b\";"), normalize("s = \"a  b\";"));
    }

    @Test
    void tokenize_operatorsAndNumbers() {
        assertEquals(List.of("x", ">>>=", "1.5e-3", ";"), JavaLexer.texts("x>>>=1.5e-3;"));
        assertEquals(List.of("a", "-", "-", "b"), JavaLexer.texts("a - -b"));
        assertEquals(List.of("a", "--"), JavaLexer.texts("a--"));
        assertEquals(List.of("0xE", "+", "1"), JavaLexer.texts("0xE+1"));
    }

    @Test
    void analyze_collectsReferencesThroughInitializer() {
        SnippetAnalysis a = analyze(SnippetKind.VAR_WITH_INITIALIZER, "total",
                "double total = sum(data) * factor + Math.PI");
        assertTrue(a.parsed());
        assertEquals(Set.of("sum", "data", "factor", "Math"), a.references());
        assertEquals(Set.of(), a.writes());
    }

    @Test
    void analyze_excludesLocalsParametersAndLambdaParameters() {
        SnippetAnalysis a = analyze(SnippetKind.METHOD, "f",
                "int f(int n) { int acc = 0; for (int i = 0; i < n; i++) acc += g(i); "
                        + "return list.stream().mapToInt(x -> x + acc2).sum() + acc; }");
        assertEquals(Set.of("g", "list", "acc2"), a.references());
        assertEquals(Set.of(), a.writes());
        assertEquals("f(int)", a.label());
    }

    @Test
    void analyze_scopesLocalsToTheirBlock() {
        SnippetAnalysis a = analyze(SnippetKind.STATEMENT, "",
                "{ int n = 1; System.out.println(n); } System.out.println(n);");
        assertTrue(a.references().contains("n"), "n after the block is the top-level n");
    }

    @Test
    void analyze_findsWrites() {
        SnippetAnalysis a = analyze(SnippetKind.STATEMENT, "", "counter++; total += x; y = 3; list.add(4);");
        assertEquals(Set.of("counter", "total", "y"), a.writes());
        assertTrue(a.references().containsAll(Set.of("counter", "total", "x", "y", "list")));
    }

    @Test
    void analyze_classMembersAreNotTopLevelReferences() {
        SnippetAnalysis a = analyze(SnippetKind.TYPE_DECLARATION, "Row",
                "record Row(String name, double v) { double scaled() { return v * scale; } }");
        assertFalse(a.references().contains("v"));
        assertTrue(a.references().contains("scale"));
    }

    @Test
    void analyze_expressionWithoutSemicolon() {
        SnippetAnalysis a = analyze(SnippetKind.EXPRESSION, "", "data.size() + helper(3)");
        assertTrue(a.parsed());
        assertEquals(Set.of("data", "helper"), a.references());
    }

    @Test
    void analyze_methodSignatureLabel() {
        assertEquals("normalize(double[])",
                analyze(SnippetKind.METHOD, "normalize", "double[] normalize(double[] xs) { return xs; }").label());
    }

    @Test
    void analyze_unparseableFallsBackToAllIdentifiers() {
        SnippetAnalysis a = analyze(SnippetKind.ERRONEOUS, "", "int x = foo(bar +;");
        assertFalse(a.parsed());
        assertTrue(a.references().containsAll(Set.of("x", "foo", "bar")));
        assertFalse(a.references().contains("int"));
    }

    /**
     * Regression: the cache's old tokenizer took {@code record}, {@code var}, {@code yield},
     * {@code sealed} and {@code permits} for keywords, so a snippet javac could not parse lost
     * its references to variables of those names, and a change of such a variable did not
     * change the snippet's key (a stale restore).
     */
    @Test
    void analyze_unparseableFallback_keepsContextualKeywordsAsReferences() {
        SnippetAnalysis a = analyze(SnippetKind.ERRONEOUS, "", "int x = record + var + yield + sealed + permits +;");
        assertFalse(a.parsed());
        assertTrue(a.references().containsAll(Set.of("record", "var", "yield", "sealed", "permits")), a.references()::toString);
        assertFalse(a.references().contains("int"));
    }
}
