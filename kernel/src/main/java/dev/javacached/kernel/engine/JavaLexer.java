package dev.javacached.kernel.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The kernel's one answer to "where does this literal, comment or token end" in Java source:
 * the completeness guess, the trailing-semicolon rule, the magic-line splitter and the
 * cache's fingerprints all read cells through it, so they cannot disagree.
 *
 * <p>Why not javac's own scanner: it lives in {@code com.sun.tools.javac.parser}, which
 * jdk.compiler does not export; compiling against it needs {@code --add-exports}, which javac
 * refuses together with {@code --release 17}, and reaching it by reflection would cost a
 * javac context per thread and a reflective call per token on every keystroke's
 * is_complete_request. javac still parses every snippet ({@link JavacParse}); this lexer only
 * finds token boundaries, which the JLS (§3) fixes for every Java version since 15.
 *
 * <p>It never fails: malformed input still yields tokens, and a literal or comment cut off
 * by the end of the input (or, for a string or char literal, by a line break) comes back
 * with {@link Token#terminated()} false. Tokens are spans of the input, so their text is
 * exactly as written. Contextual keywords ({@code var}, {@code yield}, {@code record},
 * {@code sealed}, {@code permits}, ...) are {@link Kind#IDENTIFIER}s: only the parser can
 * tell {@code record Point(..)} from a variable named {@code record}. Unicode escapes are
 * not translated (a {@code \u0041} outside a literal is a {@code \} and an identifier);
 * javac, which does translate them, decides what the snippet means. Not thread-safe; cheap
 * to create.
 */
public final class JavaLexer {

    /** What a token is. */
    public enum Kind {
        IDENTIFIER, KEYWORD, NUMBER, STRING, CHAR, TEXT_BLOCK, OPERATOR, LINE_COMMENT, BLOCK_COMMENT;

        public boolean isComment() {
            return this == LINE_COMMENT || this == BLOCK_COMMENT;
        }

        public boolean isLiteral() {
            return this == STRING || this == CHAR || this == TEXT_BLOCK;
        }
    }

    /**
     * One token, {@code [start, end)} of the input.
     *
     * @param terminated false for a literal or block comment the input ends inside, or a
     *                   string or char literal a line break ends
     */
    public record Token(Kind kind, int start, int end, boolean terminated) {
        public String text(String src) {
            return src.substring(start, end);
        }

        /** Whether it is the operator or separator {@code op}. */
        public boolean is(String src, String op) {
            return kind == Kind.OPERATOR && src.startsWith(op, start) && end - start == op.length();
        }
    }

    /** Longest first: {@code >>>=} before {@code >>>} before {@code >>}. */
    private static final String[] OPERATORS = {
        ">>>=", "<<=", ">>=", ">>>", "...", "->", "::", "++", "--", "&&", "||", "==", "!=", "<=", ">=",
        "+=", "-=", "*=", "/=", "&=", "|=", "^=", "%=", "<<", ">>"
    };

    /** The reserved keywords and literals of JLS §3.9–3.10; contextual keywords are identifiers. */
    private static final Set<String> RESERVED = Set.of(
        "abstract", "assert", "boolean", "break", "byte", "case", "catch", "char", "class", "const",
        "continue", "default", "do", "double", "else", "enum", "extends", "final", "finally", "float",
        "for", "goto", "if", "implements", "import", "instanceof", "int", "interface", "long", "native",
        "new", "package", "private", "protected", "public", "return", "short", "static", "strictfp",
        "super", "switch", "synchronized", "this", "throw", "throws", "transient", "try", "void",
        "volatile", "while", "true", "false", "null", "_");

    /** {@link Character#isJavaIdentifierPart} for ASCII, looked up (the common case, per character). */
    private static final boolean[] ASCII_PART = new boolean[128];
    /** The operators of {@link #OPERATORS} by first character. */
    private static final String[][] OPERATORS_BY_FIRST = new String[128][];

    static {
        for (char c = 0; c < 128; c++) {
            ASCII_PART[c] = Character.isJavaIdentifierPart(c);
            char first = c;
            OPERATORS_BY_FIRST[c] = java.util.Arrays.stream(OPERATORS).filter(op -> op.charAt(0) == first)
                    .toArray(String[]::new);
        }
    }

    /** {@link #RESERVED} by length, so that a lookup needs no substring. */
    private static final String[][] RESERVED_BY_LENGTH = new String[13][];

    static {
        for (int len = 0; len < RESERVED_BY_LENGTH.length; len++) {
            int l = len;
            RESERVED_BY_LENGTH[len] = RESERVED.stream().filter(w -> w.length() == l).toArray(String[]::new);
        }
    }

    private final String src;
    private final int n;
    private int pos;

    /** A lexer over {@code src} from its start. */
    public JavaLexer(String src) {
        this(src, 0);
    }

    /** A lexer over {@code src} from {@code from}. */
    public JavaLexer(String src, int from) {
        this.src = src;
        this.n = src.length();
        this.pos = from;
    }

    /** Continues from {@code at} (for a caller that skips a line that is not Java). */
    public void seek(int at) {
        pos = at;
    }

    /** The next token, comments included; null at the end of the input. */
    public Token next() {
        while (pos < n && Character.isWhitespace(src.charAt(pos))) {
            pos++;
        }
        if (pos >= n) {
            return null;
        }
        int start = pos;
        char c = src.charAt(pos);
        Token t;
        if (c == '/' && pos + 1 < n && src.charAt(pos + 1) == '/') {
            t = new Token(Kind.LINE_COMMENT, start, lineEnd(start), true);
        } else if (c == '/' && pos + 1 < n && src.charAt(pos + 1) == '*') {
            int close = src.indexOf("*/", start + 2);
            t = close < 0 ? new Token(Kind.BLOCK_COMMENT, start, n, false)
                    : new Token(Kind.BLOCK_COMMENT, start, close + 2, true);
        } else if (src.startsWith("\"\"\"", pos)) {
            t = textBlock(start);
        } else if (c == '"' || c == '\'') {
            t = quoted(start, c);
        } else {
            int cp = src.codePointAt(pos);
            if (identifierStart(cp)) {
                int j = pos + Character.charCount(cp);
                while (j < n) {
                    char d = src.charAt(j);
                    if (d < 128) {
                        if (!ASCII_PART[d]) {
                            break;
                        }
                        j++;
                        continue;
                    }
                    int p = src.codePointAt(j);
                    if (!Character.isJavaIdentifierPart(p)) {
                        break;
                    }
                    j += Character.charCount(p);
                }
                Kind kind = reserved(start, j) ? Kind.KEYWORD : Kind.IDENTIFIER;
                t = new Token(kind, start, j, true);
            } else if (Character.isDigit(c) || (c == '.' && pos + 1 < n && Character.isDigit(src.charAt(pos + 1)))) {
                t = new Token(Kind.NUMBER, start, number(start), true);
            } else {
                t = new Token(Kind.OPERATOR, start, operatorEnd(start), true);
            }
        }
        pos = t.end();
        return t;
    }

    /** The next token that is not a comment; null at the end. */
    public Token nextSignificant() {
        Token t = next();
        while (t != null && t.kind().isComment()) {
            t = next();
        }
        return t;
    }

    /** The tokens of {@code src}, comments left out. */
    public static List<Token> tokens(String src) {
        List<Token> out = new ArrayList<>();
        JavaLexer lexer = new JavaLexer(src);
        for (Token t = lexer.nextSignificant(); t != null; t = lexer.nextSignificant()) {
            out.add(t);
        }
        return out;
    }

    /** The text of each token of {@code src}, comments and whitespace left out. */
    public static List<String> texts(String src) {
        List<String> out = new ArrayList<>();
        JavaLexer lexer = new JavaLexer(src);
        for (Token t = lexer.nextSignificant(); t != null; t = lexer.nextSignificant()) {
            out.add(t.text(src));
        }
        return out;
    }

    /** The last token of {@code src} that is not a comment; null when there is none. */
    public static Token last(String src) {
        JavaLexer lexer = new JavaLexer(src);
        Token last = null;
        for (Token t = lexer.nextSignificant(); t != null; t = lexer.nextSignificant()) {
            last = t;
        }
        return last;
    }

    /** Whether {@code token} (a token's text) is an identifier: contextual keywords are, reserved ones not. */
    public static boolean isIdentifier(String token) {
        return !token.isEmpty() && Character.isJavaIdentifierStart(token.codePointAt(0)) && !RESERVED.contains(token);
    }

    private boolean reserved(int start, int end) {
        int len = end - start;
        if (len >= RESERVED_BY_LENGTH.length) {
            return false;
        }
        for (String w : RESERVED_BY_LENGTH[len]) {
            if (src.regionMatches(start, w, 0, len)) {
                return true;
            }
        }
        return false;
    }

    private int lineEnd(int from) {
        int j = from;
        while (j < n && src.charAt(j) != '\n' && src.charAt(j) != '\r') {
            j++;
        }
        return j;
    }

    /** A string or char literal: it ends at its quote, or unterminated before a line break. */
    private Token quoted(int start, char quote) {
        int j = start + 1;
        while (j < n) {
            char d = src.charAt(j);
            if (d == quote) {
                return new Token(quote == '"' ? Kind.STRING : Kind.CHAR, start, j + 1, true);
            }
            if (d == '\n' || d == '\r') {
                break;
            }
            j += d == '\\' && j + 1 < n && src.charAt(j + 1) != '\n' && src.charAt(j + 1) != '\r' ? 2 : 1;
        }
        return new Token(quote == '"' ? Kind.STRING : Kind.CHAR, start, Math.min(j, n), false);
    }

    /** A text block: from {@code """} to the next {@code """} not escaped by a backslash. */
    private Token textBlock(int start) {
        int j = start + 3;
        while (j < n) {
            if (src.startsWith("\"\"\"", j)) {
                return new Token(Kind.TEXT_BLOCK, start, j + 3, true);
            }
            j += src.charAt(j) == '\\' ? 2 : 1;
        }
        return new Token(Kind.TEXT_BLOCK, start, n, false);
    }

    /**
     * A numeric literal: digits, letters (radix prefixes, hex digits, suffixes), underscores,
     * dots, and a sign right after a decimal {@code e} or a hexadecimal {@code p} exponent.
     */
    private int number(int start) {
        boolean hex = src.startsWith("0x", start) || src.startsWith("0X", start);
        int j = start;
        while (j < n) {
            char d = src.charAt(j);
            char prev = j > start ? Character.toLowerCase(src.charAt(j - 1)) : ' ';
            boolean exponentSign = (d == '+' || d == '-') && ((prev == 'e' && !hex) || prev == 'p');
            if (Character.isLetterOrDigit(d) || d == '_' || d == '.' || exponentSign) {
                j++;
            } else {
                break;
            }
        }
        return j;
    }

    private static boolean identifierStart(int cp) {
        if (cp < 128) {
            return cp >= 'a' && cp <= 'z' || cp >= 'A' && cp <= 'Z' || cp == '_' || cp == '$';
        }
        return Character.isJavaIdentifierStart(cp);
    }

    private int operatorEnd(int start) {
        char c = src.charAt(start);
        for (String op : c < 128 ? OPERATORS_BY_FIRST[c] : OPERATORS) {
            if (src.startsWith(op, start)) {
                return start + op.length();
            }
        }
        return start + Character.charCount(src.codePointAt(start));
    }
}
