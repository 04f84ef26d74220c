package dev.javacached.kernel.cache;

import dev.javacached.kernel.engine.CellSnippet;
import dev.javacached.kernel.engine.LiveState;
import java.util.List;
import java.util.Set;

/**
 * The checks a computed value passes before it is stored, so that a later restore gives what
 * running the snippet gives: the initializer did not change a variable it mentions (digests
 * before and after, {@link #probes} then {@link #changedByInitializer}), the value shares no
 * mutable object with another variable ({@link #sharedWithOthers}), and a new session can
 * declare and load it ({@link #unrestorable}). Each returns why not, or null. Runs on the
 * engine thread, on the miss path only.
 */
final class StoreSafety {
    private final DependencyGraph graph;

    StoreSafety(DependencyGraph graph) {
        this.graph = graph;
    }

    /**
     * A mutable variable the initializer mentions, with its object and content digest taken
     * before the initializer ran ({@code before} null: too large to digest).
     */
    record Probe(String name, Object object, String before, boolean checked) {
    }

    private static final Set<String> ASSIGN_OPS = Set.of("=", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=",
            "<<=", ">>=", ">>>=", "++", "--");

    /**
     * Before a candidate runs on the miss path (only when its value may be stored): digests of
     * the mutable variables it mentions, so that {@link #changedByInitializer} can tell whether
     * running it changed them (a restore would not). Skipped: variables judged immutable, and
     * primitive arrays the snippet itself only reads as {@code v.length} or {@code v[i]}
     * (not assigned, incremented or passed anywhere, and not mentioned by a helper it calls).
     * Parts whose content cannot be read (non-serializable JDK objects: threads, connections)
     * add nothing to the digest; the rest of the variable is still checked. The exception: a
     * lambda the JDK generated around captured values ({@link ObjectGraph#unreadable()}, e.g.
     * {@code TemporalAdjusters.ofDateAdjuster(f)}) exists to run the notebook's code on the
     * notebook's objects, so its variable counts as possibly changed.
     */
    List<Probe> probes(CellSnippet snippet, SnippetAnalysis analysis, LiveState state, boolean digest) {
        try {
            Set<String> mentioned = graph.mentionedVariables(analysis);
            if (mentioned.isEmpty()) {
                return List.of();
            }
            Set<String> viaHelpers = graph.mentionedThroughDeclarations(analysis);
            List<Probe> out = new java.util.ArrayList<>();
            for (String v : mentioned) {
                if (graph.isImmutable(v)) {
                    continue;
                }
                Object o = state.value(v).orElse(null);
                if (o == null || Mutability.isImmutable(o)) {
                    continue;
                }
                if (o.getClass().isArray() && o.getClass().getComponentType().isPrimitive()
                        && !viaHelpers.contains(v) && onlyReadsElements(analysis.tokens(), v)) {
                    continue;
                }
                if (!digest) {
                    out.add(new Probe(v, o, null, false));
                    continue;
                }
                Walk g = walk(state, () -> ObjectGraph.digestOf(o));
                if (g.failed()) {
                    return List.of(new Probe("?", null, null, true));
                }
                out.add(new Probe(v, o, g.graph().tooLarge() ? null : g.graph().digest(), true));
            }
            return out;
        } catch (RuntimeException | LinkageError e) {
            return List.of(new Probe("?", null, null, true));
        }
    }

    /** Every mention of {@code name} in {@code tokens} is {@code name.length} or a read {@code name[...]}. */
    static boolean onlyReadsElements(List<String> tokens, String name) {
        for (int i = 0; i < tokens.size(); i++) {
            if (!tokens.get(i).equals(name)) {
                continue;
            }
            String prev = i > 0 ? tokens.get(i - 1) : "";
            if (prev.equals("++") || prev.equals("--") || prev.equals(".")) {
                return false;
            }
            String next = i + 1 < tokens.size() ? tokens.get(i + 1) : "";
            if (next.equals(".")) {
                if (i + 2 >= tokens.size() || !tokens.get(i + 2).equals("length")
                        || (i + 3 < tokens.size() && tokens.get(i + 3).equals("("))) {
                    return false;
                }
            } else if (next.equals("[")) {
                int depth = 0;
                int j = i + 1;
                for (; j < tokens.size(); j++) {
                    String t = tokens.get(j);
                    if (t.equals("[")) {
                        depth++;
                    } else if (t.equals("]") && --depth == 0) {
                        break;
                    }
                }
                if (j >= tokens.size()) {
                    return false;
                }
                String after = j + 1 < tokens.size() ? tokens.get(j + 1) : "";
                if (ASSIGN_OPS.contains(after) || after.equals("[")) {
                    return false;
                }
            } else {
                return false;
            }
        }
        return true;
    }

    /** A walk's graph, or, when it was stopped or failed, why ({@code failure}: the exception's message). */
    private record Walk(ObjectGraph graph, boolean failed, String failure) {
    }

    /**
     * Runs a walk of a value where the user's interrupt stops it ({@link LiveState#stoppable}):
     * a walk serializes the JDK's wrapper collections, which runs their elements' writeObject.
     * The one place a walk's failure is caught: each check turns it into its own reason.
     */
    private static Walk walk(LiveState state, java.util.concurrent.Callable<ObjectGraph> walk) {
        try {
            return new Walk(state.stoppable(walk), false, null);
        } catch (Exception e) {
            return new Walk(null, true, e.getMessage());
        }
    }

    /** Whether a probed variable's content changed since its probe, or why that cannot be told. */
    sealed interface Change {
        record Known(boolean changed) implements Change {
        }

        record Unknown(String reason) implements Change {
        }
    }

    /** Compares {@code p}'s variable now with its digest from before the snippet ran. */
    static Change change(Probe p, LiveState state) {
        if (p.object() == null || !p.checked() || p.before() == null) {
            return new Change.Unknown("`" + p.name() + "` could not be digested before it ran (too large or"
                    + " not checked), so its changes cannot be told");
        }
        Walk walked = walk(state, () -> ObjectGraph.digestOf(p.object()));
        if (walked.failed()) {
            return new Change.Unknown("could not check whether it changed `" + p.name() + "`: " + walked.failure());
        }
        ObjectGraph after = walked.graph();
        if (after.tooLarge()) {
            return new Change.Unknown("`" + p.name() + "` is too large to check for changes");
        }
        if (after.unreadable() != null) {
            return new Change.Unknown(unreadable(p.name(), after.unreadable()));
        }
        return new Change.Known(!after.digest().equals(p.before()));
    }

    /** Why the value must not be stored because running the initializer changed a variable it mentions, or null. */
    static String changedByInitializer(List<Probe> probes, LiveState state) {
        for (Probe p : probes) {
            if (p.object() == null) {
                return "could not check whether its initializer changes the variables it mentions";
            }
            if (!p.checked()) {
                return "it ran fast last time, so `" + p.name() + "` was not digested before it ran and"
                        + " changes to it cannot be ruled out; it will be checked (and stored) on its next run";
            }
            if (p.before() == null) {
                return "its initializer mentions `" + p.name() + "`, which is too large to check for changes"
                        + " (more than " + ObjectGraph.MAX_OBJECTS + " objects)";
            }
            Walk walked = walk(state, () -> ObjectGraph.digestOf(p.object()));
            if (walked.failed()) {
                return "could not check whether its initializer changed `" + p.name() + "`: " + walked.failure();
            }
            ObjectGraph after = walked.graph();
            if (after.tooLarge()) {
                return "its initializer mentions `" + p.name() + "`, which is too large to check for changes";
            }
            if (after.unreadable() != null) {
                return unreadable(p.name(), after.unreadable());
            }
            if (!after.digest().equals(p.before())) {
                return "its initializer changed `" + p.name() + "`, which a restore would not do";
            }
        }
        return null;
    }

    /**
     * Why a change to {@code name} cannot be ruled out: it holds a lambda the JDK generated
     * ({@code cls}, e.g. the adjuster of {@code TemporalAdjusters.ofDateAdjuster(f)}) whose
     * captured values (the notebook's {@code f} and what it holds) the kernel cannot read.
     */
    private static String unreadable(String name, String cls) {
        int lambda = cls.indexOf("$$Lambda");
        String owner = lambda > 0 ? cls.substring(0, lambda) : cls;
        return "its initializer mentions `" + name + "`, which holds a lambda made by the JDK's " + owner
                + " (e.g. around a function of the notebook) whose captured values the cache cannot read,"
                + " so changes to them cannot be ruled out";
    }

    /**
     * Why the value must not be stored because it shares a mutable object with another variable
     * the snippet mentions (a restore would make a separate copy), or null.
     */
    String sharedWithOthers(String name, Object value, SnippetAnalysis analysis, LiveState state) {
        List<String> others = graph.mentionedVariables(analysis).stream()
                .filter(v -> !v.equals(name) && !graph.isImmutable(v)).toList();
        return sharedWith(value, others, state);
    }

    /**
     * Why {@code value} must not be stored because it shares a mutable object with one of the
     * variables {@code others}, or null.
     */
    String sharedWith(Object value, java.util.Collection<String> others, LiveState state) {
        if (others.isEmpty()) {
            return null;
        }
        Walk walked = walk(state, () -> ObjectGraph.mutableObjects(value));
        if (walked.failed()) {
            return "could not check it for objects shared with other variables: " + walked.failure();
        }
        ObjectGraph own = walked.graph();
        if (own.tooLarge()) {
            return "its value is too large to check for objects shared with `" + String.join("`, `", others)
                    + "` (more than " + ObjectGraph.MAX_OBJECTS + " objects)";
        }
        if (!own.hasMutable()) {
            return null;
        }
        if (own.opaque()) {
            return "its value holds a JDK object whose contents the cache cannot inspect for objects shared with `"
                    + String.join("`, `", others) + "`";
        }
        for (String v : others) {
            Object o = state.value(v).orElse(null);
            if (o == null) {
                continue;
            }
            Walk searched = walk(state, () -> ObjectGraph.search(o, own));
            if (searched.failed()) {
                return "could not check it for objects shared with `" + v + "`: " + searched.failure();
            }
            ObjectGraph g = searched.graph();
            if (g.found() != null) {
                return "it shares objects with `" + v + "`; a restore would make separate copies";
            }
            if (g.tooLarge()) {
                return "`" + v + "` is too large to check for objects shared with it";
            }
        }
        return null;
    }

    /**
     * Why a value that the store would accept could still never be restored, or null. A restore
     * declares {@code TYPE name = (TYPE) value}, which cannot name an intersection type (JShell
     * reports {@code var x = List.of(1, "a")} as {@code List<Serializable&Comparable<...>>}); and
     * a lambda's class is generated per session, so a serializable lambda never deserializes in
     * a new kernel. Storing either would only cost a write and a failed restore every run.
     */
    static String unrestorable(String typeName, Object value) {
        if (typeName != null && typeName.indexOf('&') >= 0) {
            return "its type `" + typeName + "` is an intersection type, which a declaration cannot name";
        }
        if (value.getClass().isHidden() || value.getClass().isSynthetic()) {
            return "it is a lambda or another generated class, which a new session cannot load";
        }
        return null;
    }
}
