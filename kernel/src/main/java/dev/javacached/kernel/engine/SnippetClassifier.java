package dev.javacached.kernel.engine;

import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import jdk.jshell.ExpressionSnippet;
import jdk.jshell.Snippet;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.VarSnippet;

/**
 * Classifies one piece of a cell into a {@link CellSnippet}: its {@link SnippetKind}, the
 * name it declares or assigns, and its type as written. javac's parser
 * ({@link JavacParse}) settles almost every piece; JShell's
 * {@link SourceCodeAnalysis#sourceToSnippets} is asked only about imports and what the parse
 * does not settle. Runs on the engine thread.
 */
final class SnippetClassifier {

    private static final Pattern VAR_KEYWORD = Pattern.compile("\\bvar\\b");
    /** How a method or type declaration starts: modifiers, then `class ...` or `Type name(`. */
    private static final Pattern MEMBER_START = Pattern.compile(
            "\\s*(?:@[\\w.$]+\\s*)*(?:(?:public|protected|private|static|final|abstract|sealed|non-sealed|strictfp"
            + "|synchronized|native|default)\\s+)*(?:(?:class|interface|enum|record|@interface)\\s"
            + "|(?:<[^(){};=]*>\\s*)?[\\w$.]+\\s*(?:<[^(){};=]*>)?(?:\\s*\\[\\s*])*\\s+[\\w$]+\\s*\\()");

    private SnippetClassifier() {
    }

    static CellSnippet classify(JShellSession s, CellSplitter.Split split) {
        String source = split.source();
        CellSnippet parsed = classifyByParse(s, source, split.offset());
        if (parsed != null) {
            return parsed;
        }
        List<Snippet> snippets;
        try {
            snippets = s.analysis().sourceToSnippets(source);
        } catch (RuntimeException e) {
            snippets = List.of();
        }
        if (snippets.size() != 1) {
            SnippetKind kind = snippets.isEmpty() ? SnippetKind.ERRONEOUS : SnippetKind.STATEMENT;
            return new CellSnippet(source, split.offset(), kind, "", "");
        }
        Snippet sn = snippets.get(0);
        return switch (sn.kind()) {
            case IMPORT -> new CellSnippet(source, split.offset(), SnippetKind.IMPORT, "", "");
            case VAR -> {
                VarSnippet v = (VarSnippet) sn;
                yield switch (sn.subKind()) {
                    case TEMP_VAR_EXPRESSION_SUBKIND ->
                            new CellSnippet(source, split.offset(), SnippetKind.EXPRESSION, "", "");
                    case VAR_DECLARATION_WITH_INITIALIZER_SUBKIND -> new CellSnippet(source, split.offset(),
                            SnippetKind.VAR_WITH_INITIALIZER, v.name(), writtenType(source, v.name(), v.typeName()));
                    default -> new CellSnippet(source, split.offset(), SnippetKind.VAR_WITHOUT_INITIALIZER,
                            v.name(), writtenType(source, v.name(), v.typeName()));
                };
            }
            case EXPRESSION -> {
                ExpressionSnippet e = (ExpressionSnippet) sn;
                yield sn.subKind() == Snippet.SubKind.ASSIGNMENT_SUBKIND
                        ? new CellSnippet(source, split.offset(), SnippetKind.ASSIGNMENT, e.name(), e.typeName())
                        : new CellSnippet(source, split.offset(), SnippetKind.EXPRESSION, "", "");
            }
            case STATEMENT -> new CellSnippet(source, split.offset(), SnippetKind.STATEMENT, "", "");
            case METHOD -> new CellSnippet(source, split.offset(), SnippetKind.METHOD,
                    ((jdk.jshell.MethodSnippet) sn).name(), "");
            case TYPE_DECL -> new CellSnippet(source, split.offset(), SnippetKind.TYPE_DECLARATION,
                    ((jdk.jshell.TypeDeclSnippet) sn).name(), "");
            case ERRONEOUS -> new CellSnippet(source, split.offset(), SnippetKind.ERRONEOUS, "", "");
        };
    }

    /**
     * The snippet's kind from javac's parser alone, or null when the parse does not settle it
     * (imports, syntax errors, anything unusual: {@link SourceCodeAnalysis#sourceToSnippets}
     * decides those). JShell's own classification attributes every expression statement to
     * learn whether it is void, which costs as much as compiling it (20-70 ms); here an
     * expression statement is an {@link SnippetKind#EXPRESSION} either way, and whether it
     * has a value to show is read from the evaluation.
     */
    static CellSnippet classifyByParse(JShellSession s, String source, int offset) {
        JavacParse parser = JavacParse.forThisThread();
        if (!parser.available() || source.stripLeading().startsWith("import")) {
            return null;
        }
        // A failed parse costs as much as a good one: what starts like a method or type
        // declaration is parsed as a member first.
        boolean memberFirst = MEMBER_START.matcher(source).lookingAt();
        if (!memberFirst) {
            Optional<CompilationUnitTree> body = parser.parse(JavacParse.asStatements(source));
            if (body.isPresent()) {
                return fromStatements(s, source, offset, body.get());
            }
        }
        Optional<CompilationUnitTree> members = parser.parse(JavacParse.asMembers(source));
        if (members.isPresent()) {
            List<? extends Tree> declared = wrapperMembers(members.get());
            if (declared.size() != 1) {
                return null;
            }
            Tree member = declared.get(0);
            if (member instanceof MethodTree m) {
                return new CellSnippet(source, offset, SnippetKind.METHOD, m.getName().toString(), "");
            }
            if (member instanceof ClassTree c) {
                return new CellSnippet(source, offset, SnippetKind.TYPE_DECLARATION, c.getSimpleName().toString(), "");
            }
            if (member instanceof VariableTree v) {
                return variable(source, offset, v);
            }
            return null;
        }
        if (memberFirst) {
            Optional<CompilationUnitTree> body = parser.parse(JavacParse.asStatements(source));
            if (body.isPresent()) {
                return fromStatements(s, source, offset, body.get());
            }
        }
        return parser.parse(JavacParse.asExpression(source)).isPresent()
                ? new CellSnippet(source, offset, SnippetKind.EXPRESSION, "", "") : null;
    }

    private static CellSnippet fromStatements(JShellSession s, String source, int offset, CompilationUnitTree body) {
        List<? extends StatementTree> statements = wrapperBody(body);
        if (statements.size() != 1) {
            // `int a = 1, b = 2;` declares two variables: one snippet to JShell, never cached
            boolean declarators = !statements.isEmpty()
                    && statements.stream().allMatch(VariableTree.class::isInstance);
            return declarators ? new CellSnippet(source, offset, SnippetKind.STATEMENT, "", "") : null;
        }
        StatementTree statement = statements.get(0);
        if (statement instanceof VariableTree v) {
            return variable(source, offset, v);
        }
        if (statement instanceof ClassTree c) {
            return new CellSnippet(source, offset, SnippetKind.TYPE_DECLARATION, c.getSimpleName().toString(), "");
        }
        if (statement instanceof ExpressionStatementTree e) {
            if (e.getExpression() instanceof AssignmentTree a && a.getVariable() instanceof IdentifierTree id) {
                String name = id.getName().toString();
                Optional<VarSnippet> variable = s.findVariable(name);
                if (variable.isPresent()) {
                    return new CellSnippet(source, offset, SnippetKind.ASSIGNMENT, name, variable.get().typeName());
                }
            }
            return new CellSnippet(source, offset, SnippetKind.EXPRESSION, "", "");
        }
        return new CellSnippet(source, offset, SnippetKind.STATEMENT, "", "");
    }

    private static CellSnippet variable(String source, int offset, VariableTree v) {
        String name = v.getName().toString();
        String type = writtenType(source, name, v.getType() == null ? "var" : v.getType().toString());
        return new CellSnippet(source, offset, v.getInitializer() != null ? SnippetKind.VAR_WITH_INITIALIZER
                : SnippetKind.VAR_WITHOUT_INITIALIZER, name, type);
    }

    private static List<? extends Tree> wrapperMembers(CompilationUnitTree unit) {
        return unit.getTypeDecls().size() == 1 && unit.getTypeDecls().get(0) instanceof ClassTree c
                ? c.getMembers() : List.of();
    }

    /** The wrapper method's statements, without empty ones (the wrapper adds a `;`). */
    static List<? extends StatementTree> wrapperBody(CompilationUnitTree unit) {
        List<? extends Tree> members = wrapperMembers(unit);
        return members.size() == 1 && members.get(0) instanceof MethodTree m && m.getBody() != null
                ? m.getBody().getStatements().stream().filter(t -> t.getKind() != Tree.Kind.EMPTY_STATEMENT).toList()
                : List.of();
    }

    /** "var" when the declaration infers its type, else {@code declared}. */
    private static String writtenType(String source, String name, String declared) {
        java.util.regex.Matcher at = Pattern.compile("(?<![\\w$])" + Pattern.quote(name) + "(?![\\w$])")
                .matcher(source);
        String before = at.find() ? source.substring(0, at.start()) : source;
        return VAR_KEYWORD.matcher(before).find() ? "var" : declared;
    }
}
