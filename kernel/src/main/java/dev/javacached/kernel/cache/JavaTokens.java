package dev.javacached.kernel.cache;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A small Java lexer for normalisation: drops whitespace and comments, keeps every other
 * token exactly as written (string, char and text-block literals included), so two sources
 * that differ only in layout or comments give the same token list.
 *
 * <p>It never fails: malformed input (an unterminated literal) still yields tokens.
 * Unicode escapes outside literals are kept as written, not decoded.
 */
final class JavaTokens {

    private static final String[] OPERATORS = {
        ">>>=", "<<=", ">>=", ">>>", "...", "->", "::", "++", "--", "&&", "||", "==", "!=", "<=", ">=",
        "+=", "-=", "*=", "/=", "&=", "|=", "^=", "%=", "<<", ">>"
    };

    static final Set<String> KEYWORDS = Set.of(
        "abstract", "assert", "boolean", "break", "byte", "case", "catch", "char", "class", "const",
        "continue", "default", "do", "double", "else", "enum", "extends", "final", "finally", "float",
        "for", "goto", "if", "implements", "import", "instanceof", "int", "interface", "long", "native",
        "new", "package", "private", "protected", "public", "return", "short", "static", "strictfp",
        "super", "switch", "synchronized", "this", "throw", "throws", "transient", "try", "void",
        "volatile", "while", "true", "false", "null", "var", "record", "yield", "sealed", "permits",
        "non-sealed");

    private JavaTokens() {
    }

    /** The tokens of {@code src}, comments and whitespace removed. */
    static List<String> tokenize(String src) {
        List<String> out = new ArrayList<>();
        int i = 0;
        int n = src.length();
        while (i < n) {
            char c = src.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '/' && i + 1 < n && src.charAt(i + 1) == '/') {
                while (i < n && src.charAt(i) != '\n' && src.charAt(i) != '\r') {
                    i++;
                }
            } else if (c == '/' && i + 1 < n && src.charAt(i + 1) == '*') {
                int end = src.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else if (src.startsWith("\"\"\"", i)) {
                int j = i + 3;
                while (j < n && !src.startsWith("\"\"\"", j)) {
                    j += src.charAt(j) == '\\' ? 2 : 1;
                }
                j = Math.min(n, j + 3);
                out.add(src.substring(i, j));
                i = j;
            } else if (c == '"' || c == '\'') {
                int j = i + 1;
                while (j < n && src.charAt(j) != c && src.charAt(j) != '\n') {
                    j += src.charAt(j) == '\\' ? 2 : 1;
                }
                j = Math.min(n, j + 1);
                out.add(src.substring(i, j));
                i = j;
            } else if (Character.isJavaIdentifierStart(c)) {
                int j = i + 1;
                while (j < n && Character.isJavaIdentifierPart(src.charAt(j))) {
                    j++;
                }
                out.add(src.substring(i, j));
                i = j;
            } else if (Character.isDigit(c) || (c == '.' && i + 1 < n && Character.isDigit(src.charAt(i + 1)))) {
                i = number(src, i, out);
            } else {
                i = operator(src, i, out);
            }
        }
        return out;
    }

    /** The tokens joined by single spaces: the readable normalised form. */
    static String normalize(String src) {
        return String.join(" ", tokenize(src));
    }

    static boolean isIdentifier(String token) {
        return !token.isEmpty() && Character.isJavaIdentifierStart(token.charAt(0)) && !KEYWORDS.contains(token);
    }

    private static int number(String src, int i, List<String> out) {
        int n = src.length();
        boolean hex = src.startsWith("0x", i) || src.startsWith("0X", i);
        int j = i;
        while (j < n) {
            char d = src.charAt(j);
            char prev = j > i ? Character.toLowerCase(src.charAt(j - 1)) : ' ';
            boolean exponentSign = (d == '+' || d == '-') && ((prev == 'e' && !hex) || prev == 'p');
            if (Character.isLetterOrDigit(d) || d == '_' || d == '.' || exponentSign) {
                j++;
            } else {
                break;
            }
        }
        out.add(src.substring(i, j));
        return j;
    }

    private static int operator(String src, int i, List<String> out) {
        for (String op : OPERATORS) {
            if (src.startsWith(op, i)) {
                out.add(op);
                return i + op.length();
            }
        }
        out.add(String.valueOf(src.charAt(i)));
        return i + 1;
    }
}
