package dev.javacached.kernel.engine;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import java.util.List;
import java.util.Optional;

/**
 * Whether a cell's last snippet, an expression, shows its value: the trailing-semicolon rule
 * (IJava's by default, IPython's with {@code %semicolon hide}) and the exception for a
 * {@code display(...)} call.
 */
final class ResultVisibility {

    private ResultVisibility() {
    }

    /**
     * Whether the cell's last snippet, an expression, shows its value. By default it does,
     * {@code ;} or not, as in IJava ({@code list.size();} shows the size); with
     * {@code semicolonHides} set, a final {@code ;} hides it, as in IPython. A
     * call of {@code display(...)} never shows the display id it returns: the display is the
     * output.
     */
    static boolean showsValue(boolean semicolonHides, String cell, CellSplitter.Split split, CellSnippet snippet) {
        if (isDisplayCall(snippet.source())) {
            return false;
        }
        return !semicolonHides || !endsWithSemicolon(cell, split);
    }

    /** {@code display(...)} or {@code Display.display(...)} as a whole statement. */
    private static boolean isDisplayCall(String source) {
        if (!source.contains("display")) {
            return false;
        }
        JavacParse parser = JavacParse.forThisThread();
        if (!parser.available()) {
            return false;
        }
        Optional<CompilationUnitTree> body = parser.parse(JavacParse.asStatements(source));
        List<? extends StatementTree> statements = body.map(SnippetClassifier::wrapperBody).orElse(List.of());
        if (statements.size() != 1 || !(statements.get(0) instanceof ExpressionStatementTree e)
                || !(e.getExpression() instanceof MethodInvocationTree call)) {
            return false;
        }
        Tree callee = call.getMethodSelect();
        return callee instanceof IdentifierTree id && id.getName().contentEquals("display")
                || callee instanceof MemberSelectTree m && m.getIdentifier().contentEquals("display")
                        && m.getExpression().toString().endsWith("Display");
    }

    /** Whether the user ended this snippet with {@code ;} (comments after it aside). */
    private static boolean endsWithSemicolon(String cell, CellSplitter.Split split) {
        String written = cell.substring(split.offset(), Math.min(cell.length(), split.end()));
        return lastSignificantChar(written) == ';';
    }

    /**
     * The last character outside comments and whitespace, per {@link JavaLexer}; a literal
     * counts as its opening quote, so a {@code ;} inside one is not the end of the snippet.
     */
    static char lastSignificantChar(String src) {
        JavaLexer.Token last = JavaLexer.last(src);
        if (last == null) {
            return 0;
        }
        return src.charAt(last.kind().isLiteral() ? last.start() : last.end() - 1);
    }
}
