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
        expect.accept("s|VAR_WITH_INITIALIZER", "fbf0d575afd25367b294d2c9e950fc149ef4d81312c5e1e3d6a43010d3bb07f2");
        expect.accept("c|VAR_WITH_INITIALIZER", "8cab06f388743dbf97dfb726b5f36b1904bed9465f007f366a87bcc543513f5e");
        expect.accept("t|VAR_WITH_INITIALIZER", "d55ccdfd79039143807329f07ff82acdb71842a7d7779493470ae75109e9000b");
        expect.accept("n|VAR_WITH_INITIALIZER", "479276d8055eccfab258a6eb0d57290994e3149b807086f2026d31a7c2b1f365");
        expect.accept("shift|VAR_WITH_INITIALIZER", "6b72431fb8e4edbd794d4fd9edf5fd17101345b31d59d1f79127cf015dd6c8b8");
        expect.accept("m|VAR_WITH_INITIALIZER", "91f2c60f23e612b62e19074b423faccd4266581c764c10d646b717de01958223");
        expect.accept("f|VAR_WITH_INITIALIZER", "30a4f8f0a47f6df5878fea4efcb6a4612cacc0f419647dcfac40d416c26d1509");
        expect.accept("sum|METHOD", "21cd40a42fe29ae53a25bace0d833018c3aacc1ae1d984a0269574a4bdbbbf1a");
        expect.accept("Point|TYPE_DECLARATION", "6bf777c5570a62936164314437977e48fa9b815c07bff45297a5a43b34c307d7");
        expect.accept("Shape|TYPE_DECLARATION", "4133f650ec374690537ae9cf066f35a8c507d162114440d7b00675c43c9bfbaa");
        expect.accept("var|VAR_WITH_INITIALIZER", "96064013d03d5359832bc38d2de5a8a47700b915aa6466dc29e168d364c294c6");
        expect.accept("|IMPORT", "041176c1ed8f028b5579882243f572c3852bd5ecf2fd3e069655eb3a70b3f25d");
        expect.accept("q|VAR_WITH_INITIALIZER", "7c60ca363c159f8011c40e674ecb0711be3010b1eac358264f4324f0ca2927ac");
        assertEquals(expected, keys());
    }
}
