package dev.javacached.kernel.engine;

/**
 * A completeness verdict from bracket balance alone, for when JShell is not up yet:
 * jupyter console waits only one second for an is_complete_reply and otherwise stops
 * asking the kernel for the rest of the session. Open brackets, strings, text blocks or
 * block comments → incomplete (indented four spaces per open bracket); a stray closing
 * bracket → invalid; anything else → complete. Magic lines ({@code %...}) are skipped.
 */
public final class QuickCompleteness {
    private QuickCompleteness() {
    }

    public static Completeness guess(String code) {
        Scan scan = scan(code);
        if (scan.unbalanced) {
            return Completeness.of(Completeness.Status.INVALID);
        }
        if (scan.openLiteral || scan.depth > 0) {
            return new Completeness(Completeness.Status.INCOMPLETE, "    ".repeat(scan.depth));
        }
        return Completeness.of(Completeness.Status.COMPLETE);
    }

    /** Four spaces per bracket left open (outside strings and comments). */
    static String indent(String code) {
        return "    ".repeat(scan(code).depth);
    }

    private record Scan(int depth, boolean openLiteral, boolean unbalanced) {
    }

    private static Scan scan(String code) {
        int depth = 0;
        boolean unbalanced = false;
        int n = code.length();
        int i = 0;
        while (i < n) {
            char c = code.charAt(i);
            boolean lineStart = i == 0 || code.charAt(i - 1) == '\n';
            if (lineStart && code.startsWith("%", skipBlanks(code, i)) && depth == 0) {
                i = lineEnd(code, i);
            } else if (c == '/' && i + 1 < n && code.charAt(i + 1) == '/') {
                i = lineEnd(code, i);
            } else if (c == '/' && i + 1 < n && code.charAt(i + 1) == '*') {
                int close = code.indexOf("*/", i + 2);
                if (close < 0) {
                    return new Scan(depth, true, unbalanced);
                }
                i = close + 2;
            } else if (c == '"' || c == '\'') {
                String quote = c == '"' && code.startsWith("\"\"\"", i) ? "\"\"\"" : String.valueOf(c);
                int j = i + quote.length();
                while (j < n && !code.startsWith(quote, j)) {
                    if (quote.length() == 1 && code.charAt(j) == '\n') {
                        return new Scan(depth, false, true);   // a string literal cannot span lines
                    }
                    j += code.charAt(j) == '\\' ? 2 : 1;
                }
                if (j >= n) {
                    return new Scan(depth, true, unbalanced);
                }
                i = j + quote.length();
            } else {
                if (c == '{' || c == '(' || c == '[') {
                    depth++;
                } else if (c == '}' || c == ')' || c == ']') {
                    if (depth == 0) {
                        unbalanced = true;
                    } else {
                        depth--;
                    }
                }
                i++;
            }
        }
        return new Scan(depth, false, unbalanced);
    }

    private static int skipBlanks(String code, int i) {
        while (i < code.length() && (code.charAt(i) == ' ' || code.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    private static int lineEnd(String code, int i) {
        int end = code.indexOf('\n', i);
        return end < 0 ? code.length() : end + 1;
    }
}
