package dev.javacached.kernel.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which imports go into a fingerprint ({@link ImportRule}), alone and through the graph. */
class ImportRuleTest {

    @Test
    void singleName_ofEachImportForm() {
        assertEquals("List", ImportRule.singleName("import java . util . List"));
        assertEquals("max", ImportRule.singleName("import static java . lang . Math . max"));
        assertEquals("Entry", ImportRule.singleName("import java . util . Map . Entry"));
        assertNull(ImportRule.singleName("import java . util . *"));
        assertNull(ImportRule.singleName("import static java . lang . Math . *"));
        assertNull(ImportRule.singleName("import module java . base"));
        assertNull(ImportRule.singleName("import Foo"));        // no package: not understood, so it always counts
        assertEquals("Foo", ImportRule.singleName("import com . module . Foo"));
    }

    @Test
    void relevant_keepsUsedSingleImportsAndAllOnDemandOnes() {
        List<String> all = List.of("import java . awt . Point", "import java . util . List",
                "import java . util . function . *", "import static java . lang . Math . max",
                "import static java . lang . Math . min");
        assertEquals(List.of("import java . util . List", "import java . util . function . *",
                "import static java . lang . Math . max"), ImportRule.relevant(all, Set.of("List", "max", "x")));
    }

    @Test
    void fingerprint_unrelatedSingleTypeImport_changesNothing() {
        GraphSession a = new GraphSession();
        Fingerprint before = a.var("xs", "var xs = new java.util.ArrayList<Integer>(List.of(1, 2));", null);
        GraphSession b = new GraphSession();
        b.imp("import java.awt.Point;");
        Fingerprint after = b.var("xs", "var xs = new java.util.ArrayList<Integer>(List.of(1, 2));", null);
        assertEquals(before.key(), after.key());
    }

    @Test
    void fingerprint_singleTypeImportTheSnippetUses_changesIt() {
        GraphSession a = new GraphSession();
        Fingerprint before = a.var("p", "var p = new Point(1, 2);", null);
        GraphSession b = new GraphSession();
        b.imp("import java.awt.Point;");
        Fingerprint after = b.var("p", "var p = new Point(1, 2);", null);
        assertNotEquals(before.key(), after.key());
        assertEquals(List.of("import java . awt . Point"), after.imports());
    }

    @Test
    void fingerprint_onDemandImport_alwaysCounts() {
        GraphSession a = new GraphSession();
        Fingerprint before = a.var("n", "int n = 1 + 2;", null);
        GraphSession b = new GraphSession();
        b.imp("import java.util.function.*;");
        Fingerprint after = b.var("n", "int n = 1 + 2;", null);
        assertNotEquals(before.key(), after.key());
    }

    @Test
    void fingerprint_staticImportByMemberName() {
        GraphSession a = new GraphSession();
        a.imp("import static java.lang.Math.min;");
        Fingerprint unrelated = a.var("m", "int m = max(1, 2);", null);
        GraphSession b = new GraphSession();
        b.imp("import static java.lang.Math.max;");
        Fingerprint used = b.var("m", "int m = max(1, 2);", null);
        GraphSession c = new GraphSession();
        Fingerprint none = c.var("m", "int m = max(1, 2);", null);
        assertEquals(none.key(), unrelated.key());
        assertNotEquals(none.key(), used.key());
    }

    @Test
    void fingerprint_importUsedByACalledMethod_countsThroughTheMethod() {
        GraphSession a = new GraphSession();
        a.method("origin", "Object origin() { return new Point(0, 0); }");
        Fingerprint before = a.var("o", "var o = origin();", null);
        GraphSession b = new GraphSession();
        b.imp("import java.awt.Point;");
        b.method("origin", "Object origin() { return new Point(0, 0); }");
        Fingerprint after = b.var("o", "var o = origin();", null);
        assertNotEquals(before.key(), after.key());
        assertEquals(List.of(), after.imports(), "the snippet's own imports: none it uses itself");
    }
}
