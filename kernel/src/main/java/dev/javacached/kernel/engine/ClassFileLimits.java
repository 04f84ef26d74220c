package dev.javacached.kernel.engine;

import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.TreePathScanner;
import java.util.Optional;

/**
 * What a class file cannot hold, found in javac's parse before JShell compiles a snippet: a
 * string constant (a literal, a text block, or literals joined with {@code +}, which javac folds
 * into one) or a name longer than 65,535 bytes of modified UTF-8. JShell does not survive such a
 * snippet: its wrapper class fails to generate and every later snippet, even {@code 1+1}, fails
 * with "cannot be used until it is declared". Such a snippet is refused with a compile error
 * instead, and the session goes on.
 */
final class ClassFileLimits {
    /** The class file format's limit on one constant-pool string (CONSTANT_Utf8_info.length). */
    static final int MAX_CONSTANT_BYTES = 65_535;

    /** Where and why, in the snippet's own coordinates. */
    record Violation(int position, String message) {
    }

    private ClassFileLimits() {
    }

    /** The first violation in {@code source}; empty when it has none or does not parse. */
    static Optional<Violation> check(String source) {
        if (source.length() <= MAX_CONSTANT_BYTES / 3) {
            return Optional.empty(); // no constant or name in it can reach the limit
        }
        JavacParse parser = JavacParse.forThisThread();
        String[] wraps = {JavacParse.asStatements(source), JavacParse.asMembers(source), JavacParse.asExpression(source)};
        for (String wrapped : wraps) {
            Optional<CompilationUnitTree> unit = parser.parse(wrapped);
            if (unit.isPresent()) {
                int shift = wrapped.indexOf(source);
                return new Finder(parser, unit.get()).find().map(v -> new Violation(Math.max(0, v.position - shift), v.message));
            }
        }
        return Optional.empty();
    }

    /** Bytes of {@code s} in modified UTF-8, as a class file stores it. */
    static long utf8Length(CharSequence s) {
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            n += c >= 0x01 && c <= 0x7F ? 1 : c <= 0x7FF ? 2 : 3;
        }
        return n;
    }

    private static final class Finder extends TreePathScanner<Void, Void> {
        private final CompilationUnitTree unit;
        private final SourcePositions positions;
        private Violation found;

        Finder(JavacParse parser, CompilationUnitTree unit) {
            this.unit = unit;
            this.positions = parser.positions(unit).orElse(null);
        }

        Optional<Violation> find() {
            scan(unit, null);
            return Optional.ofNullable(found);
        }

        private void report(Tree at, String what, long bytes) {
            if (found == null) {
                long at0 = positions == null ? 0 : positions.getStartPosition(unit, at);
                found = new Violation((int) Math.max(0, at0),
                        what + " of " + bytes + " bytes is longer than a class file can hold ("
                                + MAX_CONSTANT_BYTES + " bytes); read it from a file, or build it while the cell runs"
                                + " (e.g. \"x\".repeat(70_000) or a StringBuilder)");
            }
        }

        private void name(Tree at, CharSequence name) {
            long bytes = utf8Length(name);
            if (bytes > MAX_CONSTANT_BYTES) {
                report(at, "a name", bytes);
            }
        }

        /** The folded length of a constant string expression, or -1 when it is not one. */
        private long constantLength(Tree t) {
            if (t instanceof LiteralTree lit && lit.getValue() instanceof String s) {
                return utf8Length(s);
            }
            if (t instanceof BinaryTree b && b.getKind() == Tree.Kind.PLUS) {
                long l = constantLength(b.getLeftOperand());
                long r = l < 0 ? -1 : constantLength(b.getRightOperand());
                return l < 0 || r < 0 ? -1 : l + r;
            }
            return -1;
        }

        @Override
        public Void visitBinary(BinaryTree t, Void unused) {
            long n = constantLength(t);
            if (n > MAX_CONSTANT_BYTES) {
                report(t, "a string constant", n);
                return null;
            }
            return super.visitBinary(t, unused);
        }

        @Override
        public Void visitLiteral(LiteralTree t, Void unused) {
            long n = constantLength(t);
            if (n > MAX_CONSTANT_BYTES) {
                report(t, "a string literal", n);
            }
            return null;
        }

        @Override
        public Void visitIdentifier(IdentifierTree t, Void unused) {
            name(t, t.getName());
            return null;
        }

        @Override
        public Void visitMemberSelect(MemberSelectTree t, Void unused) {
            name(t, t.getIdentifier());
            return super.visitMemberSelect(t, unused);
        }

        @Override
        public Void visitVariable(VariableTree t, Void unused) {
            name(t, t.getName());
            return super.visitVariable(t, unused);
        }

        @Override
        public Void visitMethod(MethodTree t, Void unused) {
            name(t, t.getName());
            return super.visitMethod(t, unused);
        }

        @Override
        public Void visitClass(ClassTree t, Void unused) {
            name(t, t.getSimpleName());
            return super.visitClass(t, unused);
        }
    }
}
