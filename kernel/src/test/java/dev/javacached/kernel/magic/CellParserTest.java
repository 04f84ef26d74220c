package dev.javacached.kernel.magic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.javacached.kernel.magic.CellParser.JavaChunk;
import dev.javacached.kernel.magic.CellParser.MagicLine;
import dev.javacached.kernel.magic.CellParser.Parsed;
import java.util.List;
import org.junit.jupiter.api.Test;

class CellParserTest {

    private static List<String> shape(String code) {
        return CellParser.parse(code).segments().stream().map(s -> s instanceof MagicLine m
                ? m.form() + (m.args().isEmpty() ? "" : " " + m.args())
                : "java:" + ((JavaChunk) s).text().strip()).toList();
    }

    @Test
    void parse_javaOnly_isOneChunkWithoutMagic() {
        Parsed p = CellParser.parse("int x = 1;\nx % 2");
        assertFalse(p.hasMagic());
        assertEquals(List.of("java:int x = 1;\nx % 2"), shape("int x = 1;\nx % 2"));
    }

    @Test
    void parse_magicsBetweenStatements_splitInOrder() {
        String cell = "%maven a:b:1\nimport org.x.*;\n  %cache why x  \nvar y = 2;\n";
        assertEquals(List.of("%maven a:b:1", "java:import org.x.*;", "%cache why x", "java:var y = 2;"), shape(cell));
        Parsed p = CellParser.parse(cell);
        JavaChunk last = (JavaChunk) p.segments().get(3);
        assertEquals(3, last.line());
        assertEquals(cell.indexOf("var y"), last.start());
    }

    @Test
    void parse_cellMagicFirstLine_isCellForm() {
        MagicLine m = CellParser.parse("%%nocache\nvar a = 1;").magics().get(0);
        assertTrue(m.cell());
        assertEquals("nocache", m.name());
    }

    @Test
    void parse_percentContinuingAnExpression_staysJava() {
        assertEquals(List.of("java:int r = a\n  % b;"), shape("int r = a\n  % b;"));
        assertEquals(List.of("java:foo(a,\n%b)"), shape("foo(a,\n%b)"));
    }

    @Test
    void parse_percentInsideTextBlockOrComment_staysJava() {
        String block = "var t = \"\"\"\n%not a magic\n\"\"\";";
        assertEquals(List.of("java:" + block), shape(block));
        String comment = "/* a comment\n%still comment\n*/";
        assertEquals(List.of("java:" + comment), shape(comment));
        assertFalse(((JavaChunk) CellParser.parse(comment).segments().get(0)).hasCode());
    }

    @Test
    void parse_percentAfterClosedBlockOrLineComment_isMagic() {
        assertEquals(List.of("java:void f() {\n}", "%lsmagic"), shape("void f() {\n}\n%lsmagic"));
        assertEquals(List.of("java:int a = 1; // x % y", "%lsmagic"), shape("int a = 1; // x % y\n%lsmagic"));
        assertEquals(List.of("java:String s = \"}\";", "%lsmagic"), shape("String s = \"}\";\n%lsmagic"));
    }

    @Test
    void parse_crlfLines_keepArgsClean() {
        assertEquals(List.of("%cache list", "java:int x = 1;"), shape("%cache list\r\nint x = 1;"));
    }

    @Test
    void at_cursorOnMagicLineOrJava_findsTheSegment() {
        String cell = "%cache why x\nint y = 1;";
        Parsed p = CellParser.parse(cell);
        assertTrue(p.at(0) instanceof MagicLine);
        assertTrue(p.at(cell.indexOf('\n')) instanceof MagicLine);
        assertTrue(p.at(cell.indexOf("int")) instanceof JavaChunk);
        assertTrue(p.at(cell.length()) instanceof JavaChunk);
    }

    @Test
    void parse_quotesAndBracesInsideLiterals_doNotMoveTheBoundary() {
        assertEquals(List.of("java:char c = '}';\nString s = \"\\\";\";", "%lsmagic"),
                shape("char c = '}';\nString s = \"\\\";\";\n%lsmagic"));
        String block = "String t = \"\"\"\n  a \\\"\"\";\n%cache why t\n  \"\"\";";
        assertEquals(List.of("java:" + block), shape(block));
        assertEquals(List.of("java:int x = 1 // ;\n% 2;"), shape("int x = 1 // ;\n% 2;"));
        assertEquals(List.of("java:int x = 1; /* ( */", "%lsmagic"), shape("int x = 1; /* ( */\n%lsmagic"));
    }

    @Test
    void parse_quoteOrCommentInAMagicLine_opensNothing() {
        assertEquals(List.of("%cache why \"x", "java:int y = 1;", "%lsmagic"),
                shape("%cache why \"x\nint y = 1;\n%lsmagic"));
        assertEquals(List.of("%maven /*", "java:int y = 1;", "%lsmagic"), shape("%maven /*\nint y = 1;\n%lsmagic"));
    }
}
