package dev.javacached.kernel.cache;

import com.sun.source.tree.ArrayAccessTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import dev.javacached.kernel.engine.JavacParse;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Which top-level variables a snippet uses only in ways that cannot change their objects: as a
 * direct argument of a call to a {@code @Cached} method ({@code train(data, r)}), as
 * {@code v.length}, as an array element read ({@code v[i]}), or as what an enhanced
 * {@code for} iterates over. Such a variable's object keeps
 * its content while the snippet runs, except through the memoized bodies themselves (a miss
 * re-checks its arguments after the body) and through other objects that hold it (the limit
 * every state version has, see the README): a memoized call may reuse the digest it took of
 * that object earlier in the same snippet instead of hashing it again.
 */
final class MemoArgumentUse {
    private MemoArgumentUse() {
    }

    /**
     * The subset of {@code candidates} that {@code source} (a statement or declaration snippet)
     * uses only that way, where {@code memoized} are the names of the {@code @Cached} methods.
     * Empty when it cannot be parsed.
     */
    static Set<String> readOnly(String source, Set<String> candidates, Set<String> memoized) {
        if (candidates.isEmpty() || !JavacParse.forThisThread().available()) {
            return Set.of();
        }
        Optional<CompilationUnitTree> unit = JavacParse.forThisThread().parse(JavacParse.asStatements(source));
        if (unit.isEmpty()) {
            return Set.of();
        }
        Set<String> ok = new HashSet<>(candidates);
        Set<String> used = new HashSet<>();
        new TreePathScanner<Void, Void>() {
            @Override
            public Void visitVariable(VariableTree node, Void v) {
                ok.remove(node.getName().toString());   // a local of that name: not worth telling apart
                return super.visitVariable(node, v);
            }

            @Override
            public Void visitIdentifier(IdentifierTree node, Void v) {
                String name = node.getName().toString();
                if (ok.contains(name)) {
                    if (harmless(getCurrentPath(), memoized)) {
                        used.add(name);
                    } else {
                        ok.remove(name);
                    }
                }
                return null;
            }
        }.scan(unit.get(), null);
        ok.retainAll(used);
        return ok;
    }

    private static boolean harmless(TreePath path, Set<String> memoized) {
        Tree self = path.getLeaf();
        TreePath parentPath = path.getParentPath();
        if (parentPath == null) {
            return false;
        }
        Tree parent = parentPath.getLeaf();
        if (parent instanceof MemberSelectTree ms) {
            return ms.getExpression() == self && ms.getIdentifier().contentEquals("length")
                    && !(parentPath.getParentPath() != null
                    && parentPath.getParentPath().getLeaf() instanceof MethodInvocationTree);
        }
        if (parent instanceof ArrayAccessTree aa) {
            if (aa.getExpression() != self) {
                return false;
            }
            Tree above = parentPath.getParentPath() == null ? null : parentPath.getParentPath().getLeaf();
            boolean written = above instanceof AssignmentTree a && a.getVariable() == parent
                    || above instanceof CompoundAssignmentTree c && c.getVariable() == parent
                    || above instanceof UnaryTree u && u.getExpression() == parent && switch (u.getKind()) {
                        case PREFIX_INCREMENT, PREFIX_DECREMENT, POSTFIX_INCREMENT, POSTFIX_DECREMENT -> true;
                        default -> false;
                    };
            return !written;
        }
        if (parent instanceof com.sun.source.tree.EnhancedForLoopTree loop && loop.getExpression() == self) {
            return self instanceof IdentifierTree && true;   // for (double x : xs): reads the elements
        }
        if (parent instanceof MethodInvocationTree call && call.getArguments().contains(self)) {
            Tree select = call.getMethodSelect();
            String name = select instanceof IdentifierTree id ? id.getName().toString()
                    : select instanceof MemberSelectTree ms ? ms.getIdentifier().toString() : "";
            return memoized.contains(name);
        }
        return false;
    }
}
