package dev.javacached.kernel.cache;

import dev.javacached.kernel.testkit.FakeLiveState;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.javacached.kernel.engine.CellSnippet;
import dev.javacached.kernel.engine.SnippetKind;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

/**
 * Keys of representative declarations, as computed before the shared lexer replaced the
 * cache's own tokenizer. A change here invalidates every user's stored cache: only make one
 * together with {@link DependencyGraph#FORMAT_VERSION}, on purpose.
 */
class FingerprintPinTest {
    private static final Map<String, String[]> DECLARATIONS = new LinkedHashMap<>();

    static {
        decl("s", SnippetKind.VAR_WITH_INITIALIZER, "String s = \"a // b /* c */ \\\" d\"; // trailing");
        decl("c", SnippetKind.VAR_WITH_INITIALIZER, "char c = '\"';");
        decl("t", SnippetKind.VAR_WITH_INITIALIZER,
                "String t = \"\"\"\n    He said \\\"\"\"hi\\\"\"\" and \"left\"\n    \"\"\";");
        decl("n", SnippetKind.VAR_WITH_INITIALIZER, "double n = 1_000L + 0x1.8p1 + 1e-5 + .5f + 0b1010 + 017;");
        decl("shift", SnippetKind.VAR_WITH_INITIALIZER, "int shift = -8 >>> 2 >> 1 << 3;");
        decl("m", SnippetKind.VAR_WITH_INITIALIZER,
                "java.util.Map<String, java.util.List<Integer>> m = new java.util.HashMap<>();");
        decl("f", SnippetKind.VAR_WITH_INITIALIZER,
                "java.util.function.Function<Integer, Integer> f = x -> x * 2; /* doubled */");
        decl("sum", SnippetKind.METHOD,
                "int sum(int... xs) {\n    // adds\n    return java.util.Arrays.stream(xs).reduce(0, Integer::sum);\n}");
        decl("Point", SnippetKind.TYPE_DECLARATION, "record Point(int x, int y) { }");
        decl("Shape", SnippetKind.TYPE_DECLARATION,
                "sealed interface Shape permits Circle, Square { }");
        decl("var", SnippetKind.VAR_WITH_INITIALIZER, "var var = java.util.List.of(\"record\", 'y');");
        decl("", SnippetKind.IMPORT, "import java.util.stream.*;");
        decl("q", SnippetKind.VAR_WITH_INITIALIZER, "int q = sum(1, 2) > 2 ? 1 : 0;");
    }

    private static void decl(String name, SnippetKind kind, String source) {
        DECLARATIONS.put(name + "|" + kind, new String[] {name, kind.name(), source});
    }

    /** Each declaration's key in a fresh table (Java 17, empty classpath), recorded in order. */
    private static Map<String, String> keys() {
        DependencyGraph graph = new DependencyGraph(17);
        SourceAnalyzer analyzer = new SourceAnalyzer();
        FakeLiveState state = new FakeLiveState();
        Map<String, String> out = new LinkedHashMap<>();
        for (String[] d : DECLARATIONS.values()) {
            CellSnippet snippet = new CellSnippet(d[2], 0, SnippetKind.valueOf(d[1]), d[0], "");
            SnippetAnalysis analysis = analyzer.analyze(snippet);
            Fingerprint fp = graph.fingerprint(snippet, analysis, ClasspathState.empty());
            graph.record(snippet, analysis, fp, true, state);
            out.put(d[0] + "|" + d[1], fp.key());
        }
        return out;
    }

    @Test
    void fingerprint_ofRepresentativeDeclarations_isPinned() {
        Map<String, String> expected = new LinkedHashMap<>();
        BiConsumer<String, String> expect = expected::put;
        expect.accept("s|VAR_WITH_INITIALIZER", "af12cfc725bd3dc51be15454cfe0082a0eb4a14d4890b513773555936d9d34c6");
        expect.accept("c|VAR_WITH_INITIALIZER", "5ddd6ec3c6c6e8c22b75455a720792cab4ff4fcc0f56a776cc4a39b0022b8d99");
        expect.accept("t|VAR_WITH_INITIALIZER", "411b35d9bef250af28bd8c22e55ff924568180f8efc3042d888526049bfb44a4");
        expect.accept("n|VAR_WITH_INITIALIZER", "8e68dbf491466d61fd76714766a2f7561246e7afee05de3b65cec749ef1e7f8c");
        expect.accept("shift|VAR_WITH_INITIALIZER", "aff6416db774e154d2481a77d0bbb1a96aad8abde0996f77fdbb62a808d0ab27");
        expect.accept("m|VAR_WITH_INITIALIZER", "d0bbfff1b174d9517a45648b94546ee350f7d44d04aa267a42abac36803c7b91");
        expect.accept("f|VAR_WITH_INITIALIZER", "62cbeb230e02f4a536f6380c2685546e72288a6ab906be2205eb9bbb12441679");
        expect.accept("sum|METHOD", "9f496b4a291b3f372c4d9aeb67a5963023f17a70604da4eaf036a479915eb79c");
        expect.accept("Point|TYPE_DECLARATION", "82302f34dbbe46619364533c809bb57db8b7edd817ef202441d6f246797fb9f4");
        expect.accept("Shape|TYPE_DECLARATION", "2c23699ae806ec7395f2722bc0816bdf797ba33821ca902ba25ce92c06bd0e0b");
        expect.accept("var|VAR_WITH_INITIALIZER", "e73a68482845a97ae1cc05ae63b9515bd8a50ec085037fcd24aefbadb5745b40");
        expect.accept("|IMPORT", "e3ba44bb66b2397a22bd9d20c4eb36c0604d9f6bcb50a1d3d137d64b3a0fd890");
        expect.accept("q|VAR_WITH_INITIALIZER", "817c86622f25e30044c5843bd7b5b38a7110ec5aee6a309d8890c47fbdd3c188");
        assertEquals(expected, keys());
    }
}
