package dev.javacached.kernel.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.TreeScanner;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * javac's parser called directly ({@link DirectParser}) gives what a {@code JavacTask} gives:
 * the same trees, the same start and end positions, the same verdict on errors. The test JVM
 * exports the parser's packages as the kernel jar's manifest does.
 */
class DirectParserTest {
    private static final List<String> SNIPPETS = List.of(
            "int x = 41;",
            "0 + 1",
            "var list = new ArrayList<Integer>(List.of(3, 1, 2));\nCollections.sort(list);\nlist",
            "String greet(String n) { return \"hi \" + n; }",
            "record P(int a, String b) { static P of(String s) { return new P(s.length(), s); } }",
            "for (var line : Files.readAllLines(Path.of(\"x\"))) { if (!line.startsWith(\"#\")) rows.add(line); }",
            "Map<String, double[]> m = new TreeMap<>(); m.computeIfAbsent(k, c -> new double[12])[3] += 2.5;",
            "@Cached double[] fit(List<Sale> data, double rate) { return new double[] {rate}; }",
            "x = switch (y) { case 1 -> \"a\"; default -> { yield \"b\"; } };",
            "int a = 1, b = 2;",
            "int broken = ;",
            "class Open {",
            "\"text block: \"\"\"\n  hi\n  \"\"\"",
            "enum Color { RED, GREEN }");

    @Test
    void givesWhatATaskGives_treesPositionsAndErrors() {
        JavacParse parse = JavacParse.forThisThread();
        assertTrue(parse.direct(), "the direct parser is reachable with the kernel's exports");
        DirectParser direct = DirectParser.open(javax.tools.ToolProvider.getSystemJavaCompiler().getStandardFileManager(null, null, null)).orElseThrow();
        for (String snippet : SNIPPETS) {
            for (String code : List.of(JavacParse.asStatements(snippet), JavacParse.asMembers(snippet),
                    JavacParse.asExpression(snippet))) {
                Optional<DirectParser.Parsed> mine = direct.parse(code);
                Optional<CompilationUnitTree> task = parse.parseWithTask(code);
                assertTrue(mine.isPresent(), code);
                assertEquals(task.isEmpty(), mine.get().hasErrors(), "errors of: " + code);
                if (task.isEmpty()) {
                    continue;
                }
                assertEquals(task.get().toString(), mine.get().unit().toString(), code);
                SourcePositions taskPositions = parse.positions(task.get()).orElseThrow();
                assertEquals(spans(task.get(), taskPositions), spans(mine.get().unit(), mine.get().positions()), code);
            }
        }
    }

    @Test
    void printsNothingAndGoesOnAfterManyErrors() {
        DirectParser direct = DirectParser.open(javax.tools.ToolProvider.getSystemJavaCompiler().getStandardFileManager(null, null, null)).orElseThrow();
        java.io.PrintStream err = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(captured, true));
        try {
            for (int i = 0; i < 300; i++) {   // javac stops reporting after 100 errors in one log
                assertTrue(direct.parse(JavacParse.asStatements(i + " + 1")).orElseThrow().hasErrors(), "error " + i);
            }
            assertTrue(!direct.parse(JavacParse.asStatements("int y = 2;")).orElseThrow().hasErrors());
        } finally {
            System.setErr(err);
        }
        assertEquals("", captured.toString());
    }

    /** Every tree's kind, start and end, in scan order. */
    private static List<String> spans(CompilationUnitTree unit, SourcePositions positions) {
        List<String> out = new ArrayList<>();
        new TreeScanner<Void, Void>() {
            @Override
            public Void scan(Tree tree, Void unused) {
                if (tree != null) {
                    out.add(tree.getKind() + "@" + positions.getStartPosition(unit, tree) + "-"
                            + positions.getEndPosition(unit, tree));
                }
                return super.scan(tree, unused);
            }
        }.scan(unit, null);
        return out;
    }
}
