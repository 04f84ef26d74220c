package dev.javacached.kernel.cache;

import com.sun.source.tree.AnnotationTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodTree;
import javax.lang.model.element.Modifier;
import com.sun.source.tree.PrimitiveTypeTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.SourcePositions;
import dev.javacached.kernel.engine.JavacParse;
import dev.javacached.kernel.engine.Memo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Rewrites the {@code @Cached} methods of a method or type declaration snippet so that each
 * call goes through the session's memo table ({@link Memo#call}) with the original body as a
 * lambda:
 * <pre>
 * &#64;Cached double[] simulate(int n, long seed) throws IOException { BODY }
 * →
 *         double[] simulate(int n$memo, long seed$memo) throws IOException {
 *     return Memo.call(TABLE, "simulate(int,long)", null, new Object[] {n$memo, seed$memo},
 *             () -> { int n = n$memo; long seed = seed$memo; BODY }); }
 * </pre>
 * When the body assigns a parameter, the parameters are renamed and copied into locals of the
 * lambda, so it still compiles; otherwise the lambda captures them as they are (and the
 * signature JShell shows is the one written). The lambda's exception type is inferred from the body, so javac
 * still checks it against the method's {@code throws} clause when there is at most one type
 * there; with two or more, the call is wrapped in a rethrow and the caller compiles the
 * method as written first ({@link Rewrite#checkOriginalFirst}). Instance methods of notebook
 * classes pass {@code this} as the receiver. Only methods with a body that return a value
 * qualify: {@code @Cached} on a {@code void} method, a constructor or an abstract method is an
 * error. Methods of local and anonymous classes (inside a body) are not rewritten.
 */
final class MemoRewrite {
    /** Appended to a parameter's name in the rewritten signature. */
    static final String RENAMED = "$memo";
    private static final String CALL = Memo.class.getName() + ".call";
    private static final String RETHROW = Memo.class.getName() + ".rethrow";

    /** One memoized method. {@code id} names it in the table; {@code owner} is the top-level declaration it belongs to. */
    record Method(String id, String owner, String name, Set<Integer> readOnlyParameters) {
        Method {
            readOnlyParameters = Set.copyOf(readOnlyParameters);
        }

        Method(String id, String owner, String name) {
            this(id, owner, name, Set.of());
        }
    }

    /** The outcome for one snippet. */
    sealed interface Result {
    }

    /** No {@code @Cached} method in it. */
    record None() implements Result {
    }

    /** An annotated method that cannot be memoized; the message says why. */
    record Refused(String message) implements Result {
    }

    /** The snippet to run instead. */
    record Rewrite(String source, List<Method> methods, boolean checkOriginalFirst) implements Result {
        Rewrite {
            methods = List.copyOf(methods);
        }
    }

    private MemoRewrite() {
    }

    /** Quick test before parsing: most snippets never mention the annotation. */
    static boolean mentionsCached(String source) {
        return source.contains("Cached");
    }

    /**
     * Rewrites the {@code @Cached} methods of {@code source} (a method or type declaration)
     * to call the table {@code table}. {@code topName} is the snippet's declared name.
     */
    static Result rewrite(String source, String topName, String table) {
        if (!mentionsCached(source) || !JavacParse.forThisThread().available()) {
            return new None();
        }
        String wrapped = JavacParse.asMembers(source);
        int shift = wrapped.indexOf(source);
        Optional<CompilationUnitTree> unit = JavacParse.forThisThread().parse(wrapped);
        if (unit.isEmpty()) {
            return new None();  // JShell reports the syntax error when it runs as written
        }
        SourcePositions pos = JavacParse.forThisThread().positions(unit.get()).orElse(null);
        if (pos == null || unit.get().getTypeDecls().isEmpty()
                || !(unit.get().getTypeDecls().get(0) instanceof ClassTree wrapper)) {
            return new None();
        }
        List<Found> found = new ArrayList<>();
        for (Tree member : wrapper.getMembers()) {
            collect(member, List.of(), true, found);
        }
        if (found.isEmpty()) {
            return new None();
        }
        List<Edit> edits = new ArrayList<>();
        List<Method> methods = new ArrayList<>();
        boolean checkFirst = false;
        for (Found f : found) {
            MethodTree m = f.method();
            String label = label(m);
            String id = f.classes().isEmpty() ? label : String.join(".", f.classes()) + "." + label;
            if (m.getReturnType() == null) {
                return new Refused("@Cached cannot memoize the constructor " + id);
            }
            if (m.getReturnType() instanceof PrimitiveTypeTree p && p.getPrimitiveTypeKind() == javax.lang.model.type.TypeKind.VOID) {
                return new Refused("@Cached " + id + " returns void: there is no result to store. "
                        + "Return what it computes, or remove @Cached");
            }
            if (m.getBody() == null) {
                return new Refused("@Cached " + id + " has no body to memoize");
            }
            String owner = f.classes().isEmpty() ? m.getName().toString() : f.classes().get(0);
            String receiver = f.instance() && !m.getModifiers().getFlags().contains(Modifier.STATIC) ? "this" : "null";
            methods.add(new Method(id, owner, m.getName().toString(), readOnlyParameters(source, pos, unit.get(), shift, m)));
            AnnotationTree ann = f.annotation();
            edits.add(new Edit(start(pos, unit.get(), ann) - shift, end(pos, unit.get(), ann) - shift, ""));
            List<String> locals = new ArrayList<>();
            List<String> args = new ArrayList<>();
            java.util.Set<String> assigned = assignedNames(m.getBody());
            boolean rename = m.getParameters().stream().anyMatch(p -> assigned.contains(p.getName().toString()));
            for (VariableTree p : m.getParameters()) {
                if (!rename) {
                    args.add(p.getName().toString());  // captured as they are: none is assigned
                    continue;
                }
                int ps = start(pos, unit.get(), p) - shift;
                int pe = end(pos, unit.get(), p) - shift;
                String text = source.substring(ps, pe);
                String name = p.getName().toString();
                Matcher last = lastWord(text, name);
                if (last == null) {
                    return new Refused("@Cached " + id + ": cannot read parameter " + name);
                }
                edits.add(new Edit(ps + last.start(), ps + last.end(), name + RENAMED));
                String type = text.substring(0, last.start()).replaceAll("@[\\w.$]+(\\([^)]*\\))?", " ")
                        .replace("...", "[]").strip();
                String after = text.substring(last.end()).strip();   // C-style dims: int xs[]
                if (!after.isEmpty()) {
                    type = "var";
                    type = text.substring(0, last.start()).contains("final") ? "final var" : type;
                }
                locals.add(type + " " + name + " = " + name + RENAMED + ";");
                args.add(name + RENAMED);
            }
            int bs = start(pos, unit.get(), m.getBody()) - shift;
            int be = end(pos, unit.get(), m.getBody()) - shift;
            String inner = source.substring(bs + 1, be - 1);
            String call = CALL + "(\"" + table + "\", \"" + escape(id) + "\", " + receiver + ", new Object[] {"
                    + String.join(", ", args) + "}, () -> { " + String.join(" ", locals) + inner + "})";
            String body;
            if (m.getThrows().size() > 1) {
                checkFirst = true;
                body = "{ try { return " + call + "; } catch (Throwable $memoThrown) { throw " + RETHROW
                        + "($memoThrown); } }";
            } else {
                body = "{ return " + call + "; }";
            }
            edits.add(new Edit(bs, be, body));
        }
        edits.sort(Comparator.comparingInt(Edit::start).reversed());
        StringBuilder out = new StringBuilder(source);
        for (Edit e : edits) {
            out.replace(e.start(), e.end(), e.text());
        }
        return new Rewrite(out.toString(), methods, checkFirst);
    }

    /**
     * The indexes of the parameters the body only reads ({@link MemoArgumentUse}: {@code p.length},
     * {@code p[i]}, {@code for (x : p)}): a call need not check
     * after a miss whether the body changed them.
     */
    private static Set<Integer> readOnlyParameters(String source, SourcePositions pos, CompilationUnitTree unit,
                                                   int shift, MethodTree m) {
        List<String> names = m.getParameters().stream().map(p -> p.getName().toString()).toList();
        String body = source.substring(start(pos, unit, m.getBody()) - shift, end(pos, unit, m.getBody()) - shift);
        Set<String> readOnly = MemoArgumentUse.readOnly(body, new java.util.HashSet<>(names),
                Set.of());
        Set<Integer> out = new java.util.TreeSet<>();
        for (int i = 0; i < names.size(); i++) {
            if (readOnly.contains(names.get(i))) {
                out.add(i);
            }
        }
        return out;
    }

    /** Simple names the body assigns ({@code x = }, {@code x += }, {@code x++}), wherever they are declared. */
    private static java.util.Set<String> assignedNames(Tree body) {
        java.util.Set<String> out = new java.util.HashSet<>();
        new com.sun.source.util.TreeScanner<Void, Void>() {
            private void target(com.sun.source.tree.ExpressionTree t) {
                if (t instanceof IdentifierTree id) {
                    out.add(id.getName().toString());
                }
            }

            @Override
            public Void visitAssignment(com.sun.source.tree.AssignmentTree node, Void v) {
                target(node.getVariable());
                return super.visitAssignment(node, v);
            }

            @Override
            public Void visitCompoundAssignment(com.sun.source.tree.CompoundAssignmentTree node, Void v) {
                target(node.getVariable());
                return super.visitCompoundAssignment(node, v);
            }

            @Override
            public Void visitUnary(com.sun.source.tree.UnaryTree node, Void v) {
                switch (node.getKind()) {
                    case PREFIX_INCREMENT, PREFIX_DECREMENT, POSTFIX_INCREMENT, POSTFIX_DECREMENT ->
                            target(node.getExpression());
                    default -> {
                    }
                }
                return super.visitUnary(node, v);
            }
        }.scan(body, null);
        return out;
    }

    private record Found(MethodTree method, AnnotationTree annotation, List<String> classes, boolean instance) {
    }

    private record Edit(int start, int end, String text) {
    }

    /** Methods annotated @Cached among the members, descending into member classes (not into bodies). */
    private static void collect(Tree member, List<String> classes, boolean topLevel, List<Found> out) {
        if (member instanceof MethodTree m) {
            for (AnnotationTree a : m.getModifiers().getAnnotations()) {
                if (isCached(a)) {
                    out.add(new Found(m, a, classes, !classes.isEmpty()));
                    break;
                }
            }
        } else if (member instanceof ClassTree c) {
            List<String> inner = new ArrayList<>(classes);
            inner.add(c.getSimpleName().toString());
            for (Tree m : c.getMembers()) {
                collect(m, inner, false, out);
            }
        }
    }

    private static boolean isCached(AnnotationTree a) {
        Tree t = a.getAnnotationType();
        if (t instanceof IdentifierTree id) {
            return id.getName().contentEquals("Cached");
        }
        return t instanceof MemberSelectTree ms && ms.getIdentifier().contentEquals("Cached")
                && ms.toString().replace(" ", "").endsWith("Memo.Cached");
    }

    /** {@code simulate(int,long)}: the name and the parameter types as written. */
    static String label(MethodTree m) {
        return m.getName() + m.getParameters().stream().map(p -> String.valueOf(p.getType()).replace(" ", ""))
                .collect(Collectors.joining(",", "(", ")"));
    }

    private static Matcher lastWord(String text, String word) {
        Matcher m = Pattern.compile("(?<![\\w$])" + Pattern.quote(word) + "(?![\\w$])").matcher(text);
        Matcher last = null;
        int from = 0;
        while (m.find(from)) {
            last = Pattern.compile("(?<![\\w$])" + Pattern.quote(word) + "(?![\\w$])").matcher(text);
            last.find(m.start());
            from = m.end();
        }
        return last;
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static int start(SourcePositions pos, CompilationUnitTree unit, Tree t) {
        return (int) pos.getStartPosition(unit, t);
    }

    private static int end(SourcePositions pos, CompilationUnitTree unit, Tree t) {
        return (int) pos.getEndPosition(unit, t);
    }
}
