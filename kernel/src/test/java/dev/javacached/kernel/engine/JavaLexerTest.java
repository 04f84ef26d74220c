package dev.javacached.kernel.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.javacached.kernel.engine.JavaLexer.Kind;
import dev.javacached.kernel.engine.JavaLexer.Token;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JavaLexerTest {

    /** Every token, comments included, as "KIND text" (an unterminated one marked with !). */
    private static List<String> all(String src) {
        List<String> out = new ArrayList<>();
        JavaLexer lexer = new JavaLexer(src);
        for (Token t = lexer.next(); t != null; t = lexer.next()) {
            out.add(t.kind() + (t.terminated() ? " " : "! ") + t.text(src));
        }
        return out;
    }

    private static Token only(String src) {
        List<Token> tokens = JavaLexer.tokens(src);
        assertEquals(1, tokens.size(), () -> "tokens of " + src + ": " + JavaLexer.texts(src));
        return tokens.get(0);
    }

    @Test
    void stringLiteral_endsAtTheFirstUnescapedQuote() {
        assertEquals(List.of("s", "=", "\"a \\\" b\"", ";"), JavaLexer.texts("s = \"a \\\" b\";"));
        assertEquals(List.of("\"\\\\\"", "+", "x"), JavaLexer.texts("\"\\\\\" + x"));
        assertEquals(List.of("\"\"", ".", "isEmpty", "(", ")"), JavaLexer.texts("\"\".isEmpty()"));
        assertEquals(Kind.STRING, only("\"'\"").kind());
    }

    @Test
    void charLiteral_holdsQuotesAndEscapes() {
        assertEquals(List.of("c", "=", "'\"'", ";"), JavaLexer.texts("c = '\"';"));
        assertEquals(List.of("'\\''", "+", "'\\\\'"), JavaLexer.texts("'\\'' + '\\\\'"));
        assertEquals(Kind.CHAR, only("'\\u0041'").kind());
    }

    @Test
    void textBlock_holdsQuotesEscapedQuotesAndLineBreaks() {
        String block = "\"\"\"\n  say \"hi\" and \\\"\"\" and \"\"\\\"\n  \"\"\"";
        Token t = only(block);
        assertEquals(Kind.TEXT_BLOCK, t.kind());
        assertTrue(t.terminated());
        assertEquals(List.of("t", "=", block, ";"), JavaLexer.texts("t = " + block + ";"));
        assertEquals(List.of("TEXT_BLOCK \"\"\"\n  // not /* a comment\n  \"\"\"", "OPERATOR ;"),
                all("\"\"\"\n  // not /* a comment\n  \"\"\";"));
    }

    @Test
    void comments_insideStringsAreText_stringsInsideCommentsAreComment() {
        assertEquals(List.of("s", "=", "\"a // b /* c */\"", ";"), JavaLexer.texts("s = \"a // b /* c */\"; // \"x"));
        assertEquals(List.of("BLOCK_COMMENT /* \" */", "IDENTIFIER x", "LINE_COMMENT // 'y"),
                all("/* \" */ x // 'y"));
        assertEquals(List.of("LINE_COMMENT // a \"", "IDENTIFIER b"), all("// a \"\nb"));
    }

    @Test
    void unterminatedLiterals_areMarkedAndStopWhereJavacStops() {
        assertEquals(List.of("STRING! \"abc", "KEYWORD int", "IDENTIFIER y", "OPERATOR ;"), all("\"abc\nint y;"));
        assertEquals(List.of("CHAR! 'a"), all("'a"));
        assertEquals(List.of("IDENTIFIER t", "OPERATOR =", "TEXT_BLOCK! \"\"\"\n  open"), all("t = \"\"\"\n  open"));
        assertEquals(List.of("IDENTIFIER x", "BLOCK_COMMENT! /* still"), all("x /* still"));
        assertEquals(List.of("STRING! \"ends in a backslash\\"), all("\"ends in a backslash\\"));
    }

    @Test
    void unicodeEscapes_areKeptAsWritten() {
        assertEquals(List.of("\"\\u0041\"", "+", "\\", "u0041"), JavaLexer.texts("\"\\u0041\" + \\u0041"));
    }

    @Test
    void contextualKeywords_areIdentifiers_reservedOnesAreNot() {
        for (String word : List.of("record", "var", "yield", "sealed", "permits", "module", "open", "when")) {
            assertTrue(JavaLexer.isIdentifier(word), word);
            assertEquals(Kind.IDENTIFIER, only(word).kind(), word);
        }
        for (String word : List.of("class", "int", "new", "true", "null", "_", "goto")) {
            assertFalse(JavaLexer.isIdentifier(word), word);
            assertEquals(Kind.KEYWORD, only(word).kind(), word);
        }
        assertEquals(List.of("record", "Point", "(", "int", "x", ")", "{", "}"),
                JavaLexer.texts("record Point(int x) {}"));
        assertEquals(List.of("var", "record", "=", "yield", "+", "var", ";"), JavaLexer.texts("var record = yield + var;"));
        assertEquals(List.of("non", "-", "sealed", "class", "A", "extends", "S", "permits", "B"),
                JavaLexer.texts("non-sealed class A extends S permits B"));
    }

    @Test
    void identifiers_outsideTheBasicPlane_areOneToken() {
        assertEquals(List.of("\uD835\uDC65", "+", "\uD835\uDC66"), JavaLexer.texts("\uD835\uDC65+\uD835\uDC66"));
        assertTrue(JavaLexer.isIdentifier("\uD835\uDC65"));
    }

    @Test
    void numbersAndOperators_takeTheLongestToken() {
        assertEquals(List.of("x", ">>>=", "1.5e-3", ";"), JavaLexer.texts("x>>>=1.5e-3;"));
        assertEquals(List.of("0xE", "+", "1"), JavaLexer.texts("0xE+1"));
        assertEquals(List.of("0x1.8p-3", "+", ".5f", "+", "1_000L", "+", "0b1010"),
                JavaLexer.texts("0x1.8p-3 + .5f + 1_000L + 0b1010"));
        assertEquals(List.of("a", "-", "-", "b", ";", "a", "--", ";"), JavaLexer.texts("a - -b; a--;"));
        assertEquals(List.of("f", "=", "x", "->", "x", "::", "m", ";", "int", "...", "xs"),
                JavaLexer.texts("f = x -> x::m; int... xs"));
        assertEquals(List.of("List", "<", "List", "<", "T", ">>", "l"), JavaLexer.texts("List<List<T>> l"));
    }

    @Test
    void last_skipsCommentsAndSeesLiterals() {
        assertEquals(";", JavaLexer.last("x; // y").text("x; // y"));
        assertEquals("x", JavaLexer.last("x /* ; */").text("x /* ; */"));
        assertEquals(Kind.STRING, JavaLexer.last("\"a;\"").kind());
        assertNull(JavaLexer.last("  // only a comment\n"));
    }

    @Test
    void seek_continuesFromThere() {
        String src = "%maven a:b:1 \"\nint x;";
        JavaLexer lexer = new JavaLexer(src);
        assertEquals(Kind.OPERATOR, lexer.next().kind());
        lexer.seek(src.indexOf('\n') + 1);
        assertEquals("int", lexer.next().text(src));
    }
}
