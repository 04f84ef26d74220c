package dev.javacached.kernel.cache;

import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.CatchTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TryTree;
import com.sun.source.tree.TypeParameterTree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreeScanner;
import dev.javacached.kernel.engine.CellSnippet;
import dev.javacached.kernel.engine.JavaLexer;
import dev.javacached.kernel.engine.JavacParse;
import dev.javacached.kernel.engine.SnippetKind;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Parses a snippet with javac's public Tree API (parse only, no attribution) and collects
 * the simple names it refers to, minus names it declares in an enclosing scope (locals,
 * parameters, lambda parameters, members of classes it declares).
 *
 * <p>JShell snippets are fragments, so the source is wrapped: declarations of methods and
 * types as members of a class, everything else as statements of a method body (with a
 * fallback to an expression wrapper and a member wrapper). When no wrapping parses cleanly,
 * every identifier token counts as a reference, contextual keywords such as {@code record}
 * or {@code var} included (they name variables too), which can only cause extra
 * recomputation. The token stream, hashed into the fingerprint, comes from {@link JavaLexer}.
 */
public final class SourceAnalyzer {
    private static final String WRAP_CLASS = JavacParse.WRAP_CLASS;
    private static final String WRAP_METHOD = JavacParse.WRAP_METHOD;

    public SnippetAnalysis analyze(CellSnippet snippet) {
        List<String> tokens = JavaLexer.texts(snippet.source());
        if (!tokens.isEmpty() && tokens.get(tokens.size() - 1).equals(";")) {
            // JShell adds a missing final semicolon itself: `int x = 1` and `int x = 1;` are one snippet
            tokens = tokens.subList(0, tokens.size() - 1);
        }
        String ownName = snippet.kind() == SnippetKind.VAR_WITH_INITIALIZER
                || snippet.kind() == SnippetKind.VAR_WITHOUT_INITIALIZER ? snippet.name() : "";
        if (JavacParse.forThisThread().available()) {
            for (String wrapped : wrappings(snippet)) {
                SnippetAnalysis a = tryParse(wrapped, tokens, ownName, snippet);
                if (a != null) {
                    return a;
                }
            }
        }
        Set<String> refs = new TreeSet<>();
        for (String t : tokens) {
            if (JavaLexer.isIdentifier(t) && !t.equals(ownName)) {
                refs.add(t);
            }
        }
        // Without a tree we cannot tell reads from writes: treat every reference as a write.
        return new SnippetAnalysis(tokens, refs, refs, snippet.name(), false, List.of());
    }

    private static List<String> wrappings(CellSnippet s) {
        String src = s.source();
        String member = JavacParse.asMembers(src);
        String body = JavacParse.asStatements(src);
        String expr = JavacParse.asExpression(src);
        return switch (s.kind()) {
            case METHOD, TYPE_DECLARATION -> List.of(member, body);
            case EXPRESSION -> List.of(body, expr, member);
            default -> List.of(body, member, expr);
        };
    }

    private SnippetAnalysis tryParse(String code, List<String> tokens, String ownName, CellSnippet snippet) {
        Optional<CompilationUnitTree> unit = JavacParse.forThisThread().parse(code);
        if (unit.isEmpty()) {
            return null;
        }
        try {
            Collector collector = new Collector();
            collector.scan(unit.get(), null);
            collector.references.remove(ownName);
            collector.writes.remove(ownName);
            String label = snippet.kind() == SnippetKind.METHOD && collector.firstMethodLabel != null
                    ? collector.firstMethodLabel : snippet.name();
            return new SnippetAnalysis(tokens, collector.references, collector.writes, label, true,
                    nondeterministic(unit.get()));
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }

    /** The clock and randomness reads in the unit; none if the search fails (the references still count). */
    private static List<Nondeterminism.Source> nondeterministic(CompilationUnitTree unit) {
        try {
            return Nondeterminism.find(unit);
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    /** Scope-aware collection of free simple names. */
    private static final class Collector extends TreeScanner<Void, Void> {
        final Set<String> references = new TreeSet<>();
        final Set<String> writes = new TreeSet<>();
        final Deque<Set<String>> scopes = new ArrayDeque<>();
        String firstMethodLabel;

        Collector() {
            scopes.push(new HashSet<>());
        }

        private boolean isLocal(String name) {
            for (Set<String> s : scopes) {
                if (s.contains(name)) {
                    return true;
                }
            }
            return false;
        }

        private void declare(String name) {
            scopes.peek().add(name);
        }

        private Void inScope(Set<String> names, Runnable body) {
            scopes.push(new HashSet<>(names));
            try {
                body.run();
            } finally {
                scopes.pop();
            }
            return null;
        }

        @Override
        public Void visitClass(ClassTree node, Void unused) {
            String name = node.getSimpleName().toString();
            boolean wrapper = name.equals(WRAP_CLASS);
            Set<String> members = new LinkedHashSet<>();
            if (!wrapper) {
                declare(name);
                members.add(name);
                for (TypeParameterTree tp : node.getTypeParameters()) {
                    members.add(tp.getName().toString());
                }
                for (Tree m : node.getMembers()) {
                    if (m instanceof VariableTree v) {
                        members.add(v.getName().toString());
                    } else if (m instanceof MethodTree mt) {
                        members.add(mt.getName().toString());
                    } else if (m instanceof ClassTree ct) {
                        members.add(ct.getSimpleName().toString());
                    }
                }
            }
            return inScope(members, () -> super.visitClass(node, null));
        }

        @Override
        public Void visitMethod(MethodTree node, Void unused) {
            String name = node.getName().toString();
            if (name.equals(WRAP_METHOD)) {
                return inScope(Set.of(), () -> scan(node.getBody(), null));
            }
            if (firstMethodLabel == null) {
                firstMethodLabel = name + node.getParameters().stream()
                        .map(p -> String.valueOf(p.getType()))
                        .collect(Collectors.joining(",", "(", ")"));
            }
            Set<String> names = new HashSet<>();
            node.getTypeParameters().forEach(tp -> names.add(tp.getName().toString()));
            return inScope(names, () -> {
                scan(node.getModifiers(), null);
                scan(node.getTypeParameters(), null);
                scan(node.getReturnType(), null);
                scan(node.getReceiverParameter(), null);
                scan(node.getThrows(), null);
                scan(node.getParameters(), null);
                scan(node.getDefaultValue(), null);
                scan(node.getBody(), null);
            });
        }

        @Override
        public Void visitVariable(VariableTree node, Void unused) {
            scan(node.getModifiers(), null);
            scan(node.getType(), null);
            scan(node.getNameExpression(), null);
            declare(node.getName().toString());
            scan(node.getInitializer(), null);
            return null;
        }

        @Override
        public Void visitBlock(BlockTree node, Void unused) {
            return inScope(Set.of(), () -> super.visitBlock(node, null));
        }

        @Override
        public Void visitLambdaExpression(LambdaExpressionTree node, Void unused) {
            return inScope(Set.of(), () -> super.visitLambdaExpression(node, null));
        }

        @Override
        public Void visitForLoop(ForLoopTree node, Void unused) {
            return inScope(Set.of(), () -> super.visitForLoop(node, null));
        }

        @Override
        public Void visitEnhancedForLoop(EnhancedForLoopTree node, Void unused) {
            return inScope(Set.of(), () -> super.visitEnhancedForLoop(node, null));
        }

        @Override
        public Void visitCatch(CatchTree node, Void unused) {
            return inScope(Set.of(), () -> super.visitCatch(node, null));
        }

        @Override
        public Void visitTry(TryTree node, Void unused) {
            return inScope(Set.of(), () -> super.visitTry(node, null));
        }

        @Override
        public Void visitIdentifier(IdentifierTree node, Void unused) {
            String name = node.getName().toString();
            if (!isLocal(name)) {
                references.add(name);
            }
            return null;
        }

        private void written(ExpressionTree target) {
            if (target instanceof IdentifierTree id && !isLocal(id.getName().toString())) {
                writes.add(id.getName().toString());
            }
        }

        @Override
        public Void visitAssignment(AssignmentTree node, Void unused) {
            written(node.getVariable());
            return super.visitAssignment(node, null);
        }

        @Override
        public Void visitCompoundAssignment(CompoundAssignmentTree node, Void unused) {
            written(node.getVariable());
            return super.visitCompoundAssignment(node, null);
        }

        @Override
        public Void visitUnary(UnaryTree node, Void unused) {
            switch (node.getKind()) {
                case PREFIX_INCREMENT, PREFIX_DECREMENT, POSTFIX_INCREMENT, POSTFIX_DECREMENT ->
                        written(node.getExpression());
                default -> {
                }
            }
            return super.visitUnary(node, null);
        }
    }
}
