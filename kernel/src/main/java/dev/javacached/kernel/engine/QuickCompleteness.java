package dev.javacached.kernel.engine;

/**
 * A completeness verdict from bracket balance alone ({@link JavaLexer}'s tokens), for when
 * JShell is not up yet: jupyter console waits only one second for an is_complete_reply and
 * otherwise stops asking the kernel for the rest of the session. Open brackets, strings, text
 * blocks or block comments → incomplete (indented four spaces per open bracket); a stray
 * closing bracket or a string cut by a line break → invalid; anything else → complete. Magic
 * lines ({@code %...} at the start of a line outside brackets) are skipped.
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
        JavaLexer lexer = new JavaLexer(code);
        for (JavaLexer.Token t = lexer.next(); t != null; t = lexer.next()) {
            if (depth == 0 && code.charAt(t.start()) == '%' && startsLine(code, t.start())) {
                lexer.seek(lineEnd(code, t.start()));   // a magic line: not Java
            } else if (!t.terminated()) {
                boolean cutByLineBreak = t.end() < code.length();   // only a string or char literal is
                return new Scan(depth, !cutByLineBreak, unbalanced || cutByLineBreak);
            } else if (t.kind() == JavaLexer.Kind.OPERATOR) {
                char c = code.charAt(t.start());
                if (c == '{' || c == '(' || c == '[') {
                    depth++;
                } else if (c == '}' || c == ')' || c == ']') {
                    if (depth == 0) {
                        unbalanced = true;
                    } else {
                        depth--;
                    }
                }
            }
        }
        return new Scan(depth, false, unbalanced);
    }

    /** Whether only blanks come before {@code i} on its line. */
    private static boolean startsLine(String code, int i) {
        int j = i;
        while (j > 0 && (code.charAt(j - 1) == ' ' || code.charAt(j - 1) == '\t')) {
            j--;
        }
        return j == 0 || code.charAt(j - 1) == '\n';
    }

    private static int lineEnd(String code, int i) {
        int end = code.indexOf('\n', i);
        return end < 0 ? code.length() : end + 1;
    }
}
