package dev.javacached.kernel.cache;

import dev.javacached.kernel.engine.CellSnippet;
import dev.javacached.kernel.engine.LiveState;
import dev.javacached.kernel.engine.SnippetKind;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The table of top-level declarations seen so far in the session and their fingerprints.
 *
 * <p>Methods and types are late-bound in JShell (a caller uses the helper's current
 * definition), so their <em>effective</em> fingerprint is computed from the current table:
 * hash(own source and imports, effective fingerprints of everything they refer to), with
 * cycles (mutual recursion) cut by a marker. Variables hold values computed at one moment,
 * so they carry a <em>state version</em> instead: their declaration's fingerprint, advanced
 * by every later snippet that may have changed the value (see {@link #record}).
 *
 * <p>Not thread-safe: used on the engine thread only.
 */
public final class DependencyGraph {
    /** Bump when anything about how keys are computed changes: old entries then never match. */
    public static final String FORMAT_VERSION = "5"; // 5: input files recorded and checked, statements cached

    private record Decl(String id, String name, String label, String ownHash, Set<String> refs, Set<String> writes,
                        List<Nondeterminism.Source> nondeterministic) {
    }

    /** A variable's state: its declaration's fingerprint, its current version, whether reads can change it. */
    private record VarState(String base, String version, boolean immutable) {
    }

    private final int javaFeature;
    private final Map<String, TreeMap<String, Decl>> methods = new HashMap<>();
    private final Map<String, Decl> types = new HashMap<>();
    private final Map<String, VarState> vars = new HashMap<>();
    private final TreeSet<String> imports = new TreeSet<>();
    private final Map<String, String> memo = new HashMap<>();
    /**
     * Groups of variables that hold the same mutable object (by identity): {@code var alias =
     * list;}. A change through one is a change of all of them, and none of them may be restored
     * on its own (a restore makes a separate copy). Each member maps to its group's shared set.
     */
    private final Map<String, Set<String>> aliases = new HashMap<>();
    /** Mixed into every key after a snippet the cache could not analyse (deterministic). */
    private String salt = "";

    public DependencyGraph() {
        this(Runtime.version().feature());
    }

    public DependencyGraph(int javaFeature) {
        this.javaFeature = javaFeature;
    }

    /** The fingerprint of {@code snippet} in the current state of the table (changes nothing). */
    public Fingerprint fingerprint(CellSnippet snippet, SnippetAnalysis analysis, ClasspathState classpath) {
        Hasher h = new Hasher().add("java-cached").add(FORMAT_VERSION).add(javaFeature)
                .add(classpath.fingerprint()).add(salt).add(snippet.kind().name());
        h.add(imports.size());
        imports.forEach(h::add);
        h.add(analysis.tokens().size());
        analysis.tokens().forEach(h::add);
        for (String ref : new TreeSet<>(analysis.references())) {
            String f = dependencyHash(ref, new ArrayDeque<>(), new boolean[1]);
            if (f != null) {
                h.add(ref).add(f);
            }
        }
        return new Fingerprint(h.hex(), analysis.normalizedSource(), closure(analysis.references()),
                List.copyOf(imports), classpath, javaFeature);
    }

    /**
     * Updates the table after {@code snippet} ran or was restored ({@code ok}) or failed.
     * Must be called for every snippet in order, with the fingerprint computed before it ran.
     */
    public void record(CellSnippet snippet, SnippetAnalysis analysis, Fingerprint fp, boolean ok, LiveState state) {
        memo.clear();
        SnippetKind kind = snippet.kind();
        switch (kind) {
            case IMPORT -> {
                if (ok) {
                    imports.add(analysis.normalizedSource());
                }
                return;
            }
            case METHOD -> {
                if (ok) {
                    Decl d = new Decl("m:" + analysis.label(), snippet.name(), analysis.label(), ownHash(analysis),
                            analysis.references(), analysis.writes(), analysis.nondeterministic());
                    methods.computeIfAbsent(snippet.name(), k -> new TreeMap<>()).put(analysis.label(), d);
                }
                return;
            }
            case TYPE_DECLARATION -> {
                if (ok) {
                    types.put(snippet.name(), new Decl("t:" + snippet.name(), snippet.name(), snippet.name(),
                            ownHash(analysis), analysis.references(), analysis.writes(),
                            analysis.nondeterministic()));
                }
                return;
            }
            default -> {
            }
        }
        boolean declares = kind == SnippetKind.VAR_WITH_INITIALIZER || kind == SnippetKind.VAR_WITHOUT_INITIALIZER;
        Set<String> written = new TreeSet<>();
        Set<String> mentioned = mentionedVars(analysis, written);
        if (kind == SnippetKind.ASSIGNMENT && !snippet.name().isEmpty()) {
            written.add(snippet.name());
            mentioned.add(snippet.name());
        }
        Set<String> advanced = new TreeSet<>();
        for (String v : mentioned) {
            VarState st = vars.get(v);
            if (st == null || (declares && v.equals(snippet.name()))) {
                continue;
            }
            boolean isWritten = written.contains(v);
            if (isWritten || !st.immutable()) {
                advanced.add(v);
            }
        }
        for (String v : List.copyOf(advanced)) {
            // a change through one name is a change of every name holding the same object
            advanced.addAll(aliases.getOrDefault(v, Set.of()));
        }
        for (String v : advanced) {
            VarState st = vars.get(v);
            if (st == null || (declares && v.equals(snippet.name()))) {
                continue;
            }
            boolean isWritten = written.contains(v);
            String next = Hasher.of("advance", st.version(), fp.key());
            vars.put(v, new VarState(st.base(), next, isWritten ? judge(state, v) : st.immutable()));
        }
        if (declares && !snippet.name().isEmpty()) {
            String version = ok ? fp.key() : Hasher.of("failed", fp.key());
            vars.put(snippet.name(), new VarState(fp.key(), version, ok && judge(state, snippet.name())));
        }
        boolean binds = declares || kind == SnippetKind.ASSIGNMENT;
        if (binds && !snippet.name().isEmpty()) {
            unlink(snippet.name());
            if (ok) {
                link(snippet.name(), mentioned, state);
            }
        }
    }

    /**
     * Mixes the content of the files a snippet read into the state versions of the variables it
     * set ({@code names}), so that what is computed from them later is keyed by those files too.
     * Called after {@link #record}, the same way whether the snippet ran or was restored.
     */
    public void mixInputs(java.util.Collection<String> names, String inputsDigest) {
        memo.clear();
        Set<String> all = new TreeSet<>(names);
        for (String v : names) {
            all.addAll(aliases.getOrDefault(v, Set.of()));
        }
        for (String v : all) {
            VarState st = vars.get(v);
            if (st != null) {
                vars.put(v, new VarState(st.base(), Hasher.of("inputs", st.version(), inputsDigest), st.immutable()));
            }
        }
    }

    /** Every top-level variable the table knows (declared this session). */
    public Set<String> variables() {
        return Set.copyOf(vars.keySet());
    }

    /** The other variables holding the same mutable object as {@code name} (empty if none known). */
    public Set<String> aliasesOf(String name) {
        Set<String> group = aliases.get(name);
        if (group == null) {
            return Set.of();
        }
        Set<String> others = new TreeSet<>(group);
        others.remove(name);
        return others;
    }

    private void unlink(String name) {
        Set<String> group = aliases.remove(name);
        if (group != null) {
            group.remove(name);
            if (group.size() == 1) {
                aliases.remove(group.iterator().next());
            }
        }
    }

    /** Joins {@code name} to the group of each mutable variable it mentions that holds the same object. */
    private void link(String name, Set<String> mentioned, LiveState state) {
        VarState own = vars.get(name);
        if (own == null || own.immutable()) {
            return;
        }
        List<String> candidates = mentioned.stream().filter(v -> !v.equals(name))
                .filter(v -> vars.containsKey(v) && !vars.get(v).immutable()).toList();
        if (candidates.isEmpty()) {
            return;
        }
        try {
            Object value = state.value(name).orElse(null);
            if (value == null) {
                return;
            }
            for (String v : candidates) {
                if (state.value(v).orElse(null) == value) {
                    Set<String> group = aliases.computeIfAbsent(v, k -> new TreeSet<>(Set.of(k)));
                    group.add(name);
                    aliases.put(name, group);
                }
            }
        } catch (RuntimeException | LinkageError e) {
            // unknown sharing: nothing linked (the value is still fingerprinted as usual)
        }
    }

    /**
     * Top-level variables other than the snippet's own that it may assign, directly or through
     * the methods and classes it uses ({@code counter++} in a helper): a side effect that
     * restoring the snippet instead of running it would skip.
     */
    public Set<String> sideEffectWrites(CellSnippet snippet, SnippetAnalysis analysis) {
        Set<String> written = new TreeSet<>();
        mentionedVars(analysis, written);
        written.remove(snippet.name());
        return written;
    }

    /**
     * The top-level variables the snippet mentions, directly or through the methods and classes
     * it uses (transitively): the variables it may read, change, or take objects from.
     */
    public Set<String> mentionedVariables(SnippetAnalysis analysis) {
        return mentionedVars(analysis, new TreeSet<>());
    }

    /** The subset of {@link #mentionedVariables} mentioned inside the bodies of methods and classes it uses. */
    public Set<String> mentionedThroughDeclarations(SnippetAnalysis analysis) {
        Set<String> mentioned = new TreeSet<>();
        Set<String> seen = new LinkedHashSet<>();
        Deque<Decl> todo = new ArrayDeque<>();
        visitNames(analysis.references(), Set.of(), new TreeSet<>(), new TreeSet<>(), seen, todo);
        while (!todo.isEmpty()) {
            Decl d = todo.pop();
            visitNames(d.refs(), d.writes(), mentioned, new TreeSet<>(), seen, todo);
        }
        return mentioned;
    }

    /**
     * The first read of the clock or of unseeded randomness in the snippet itself or, failing
     * that, in the notebook methods and classes it uses, transitively (breadth first, so the
     * shortest chain of declarations); empty if none. A match on a class's simple name does not
     * count when the notebook declares a class of that name: that class's own body decides.
     */
    public Optional<Nondeterminism.Finding> nondeterminism(SnippetAnalysis analysis) {
        Optional<Nondeterminism.Source> own = firstNondeterministic(analysis.nondeterministic());
        if (own.isPresent()) {
            return Optional.of(new Nondeterminism.Finding(List.of(), own.get()));
        }
        record Step(Decl decl, List<String> via) {
        }
        Set<String> seen = new LinkedHashSet<>();
        Deque<Step> todo = new ArrayDeque<>();
        for (String r : new TreeSet<>(analysis.references())) {
            for (Decl d : declsNamed(r)) {
                if (seen.add(d.id())) {
                    todo.add(new Step(d, List.of(step(d))));
                }
            }
        }
        while (!todo.isEmpty()) {
            Step s = todo.poll();
            Optional<Nondeterminism.Source> found = firstNondeterministic(s.decl().nondeterministic());
            if (found.isPresent()) {
                return Optional.of(new Nondeterminism.Finding(s.via(), found.get()));
            }
            for (String r : new TreeSet<>(s.decl().refs())) {
                for (Decl d : declsNamed(r)) {
                    if (seen.add(d.id())) {
                        List<String> via = new ArrayList<>(s.via());
                        via.add(step(d));
                        todo.add(new Step(d, via));
                    }
                }
            }
        }
        return Optional.empty();
    }

    private Optional<Nondeterminism.Source> firstNondeterministic(List<Nondeterminism.Source> sources) {
        return sources.stream().filter(src -> src.receiver().isEmpty() || !types.containsKey(src.receiver()))
                .findFirst();
    }

    private static String step(Decl d) {
        return d.id().startsWith("t:") ? "uses class `" + d.label() + "`" : "calls `" + d.label() + "`";
    }

    /**
     * Mixes a snippet the cache could not analyse into every later key, so nothing computed
     * after it is restored from entries computed without it.
     */
    public void taint(String source) {
        salt = Hasher.of("taint", salt, source);
        memo.clear();
    }

    /** The current state version of variable {@code name}. */
    public Optional<String> version(String name) {
        return Optional.ofNullable(vars.get(name)).map(VarState::version);
    }

    /** Whether variable {@code name} was judged immutable (reads do not advance it). */
    public boolean isImmutable(String name) {
        VarState st = vars.get(name);
        return st != null && st.immutable();
    }

    /** The effective fingerprint of the overloads of method {@code name}, or of type {@code name}. */
    public Optional<String> declarationFingerprint(String name) {
        if (!methods.containsKey(name) && !types.containsKey(name)) {
            return Optional.empty();
        }
        return Optional.ofNullable(dependencyHash(name, new ArrayDeque<>(), new boolean[1]));
    }

    private static boolean judge(LiveState state, String name) {
        try {
            Optional<Object> v = state.value(name);
            return v.isEmpty() ? isPrimitiveOrString(state.typeName(name).orElse("")) : Mutability.isImmutable(v.get());
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private static boolean isPrimitiveOrString(String type) {
        return Set.of("int", "long", "short", "byte", "char", "boolean", "double", "float", "String",
                "java.lang.String").contains(type);
    }

    private String ownHash(SnippetAnalysis a) {
        Hasher h = new Hasher().add("decl");
        h.add(imports.size());
        imports.forEach(h::add);
        h.add(a.tokens().size());
        a.tokens().forEach(h::add);
        return h.hex();
    }

    /** Hash of everything top-level named {@code name} (variable version, method overloads, type); null if none. */
    private String dependencyHash(String name, Deque<String> stack, boolean[] hitCycle) {
        Hasher h = new Hasher();
        boolean any = false;
        VarState v = vars.get(name);
        if (v != null) {
            h.add("var").add(v.version());
            any = true;
        }
        TreeMap<String, Decl> overloads = methods.get(name);
        if (overloads != null) {
            for (Decl d : overloads.values()) {
                h.add("method").add(d.label()).add(effective(d, stack, hitCycle));
                any = true;
            }
        }
        Decl t = types.get(name);
        if (t != null) {
            h.add("type").add(effective(t, stack, hitCycle));
            any = true;
        }
        return any ? h.hex() : null;
    }

    private String effective(Decl d, Deque<String> stack, boolean[] hitCycle) {
        if (stack.contains(d.id())) {
            hitCycle[0] = true;
            return "cycle:" + d.id();
        }
        String cached = memo.get(d.id());
        if (cached != null) {
            return cached;
        }
        boolean[] inner = new boolean[1];
        stack.push(d.id());
        Hasher h = new Hasher().add(d.ownHash());
        for (String ref : new TreeSet<>(d.refs())) {
            String f = dependencyHash(ref, stack, inner);
            if (f != null) {
                h.add(ref).add(f);
            }
        }
        stack.pop();
        String result = h.hex();
        if (inner[0]) {
            hitCycle[0] = true;     // depends on where the cycle was entered: do not memoise
        } else {
            memo.put(d.id(), result);
        }
        return result;
    }

    /** Variables reachable from the snippet's references, through method and type bodies. */
    private Set<String> mentionedVars(SnippetAnalysis a, Set<String> writtenOut) {
        Set<String> mentioned = new TreeSet<>();
        Set<String> seen = new LinkedHashSet<>();
        Deque<Decl> todo = new ArrayDeque<>();
        visitNames(a.references(), a.writes(), mentioned, writtenOut, seen, todo);
        while (!todo.isEmpty()) {
            Decl d = todo.pop();
            visitNames(d.refs(), d.writes(), mentioned, writtenOut, seen, todo);
        }
        return mentioned;
    }

    private void visitNames(Set<String> refs, Set<String> writes, Set<String> mentioned, Set<String> writtenOut,
                            Set<String> seen, Deque<Decl> todo) {
        for (String r : refs) {
            if (vars.containsKey(r)) {
                mentioned.add(r);
                if (writes.contains(r)) {
                    writtenOut.add(r);
                }
            }
            for (Decl d : declsNamed(r)) {
                if (seen.add(d.id())) {
                    todo.push(d);
                }
            }
        }
    }

    private List<Decl> declsNamed(String name) {
        List<Decl> out = new ArrayList<>();
        TreeMap<String, Decl> overloads = methods.get(name);
        if (overloads != null) {
            out.addAll(overloads.values());
        }
        Decl t = types.get(name);
        if (t != null) {
            out.add(t);
        }
        return out;
    }

    /** Every declaration reachable from {@code refs}, as dependencies for provenance. */
    private List<Dependency> closure(Set<String> refs) {
        List<Dependency> out = new ArrayList<>();
        Set<String> seenNames = new TreeSet<>();
        Deque<String> todo = new ArrayDeque<>(new TreeSet<>(refs));
        while (!todo.isEmpty()) {
            String name = todo.pop();
            if (!seenNames.add(name)) {
                continue;
            }
            VarState v = vars.get(name);
            if (v != null) {
                out.add(new Dependency(Dependency.Kind.VAR, name, v.version(), v.base()));
            }
            TreeMap<String, Decl> overloads = methods.get(name);
            if (overloads != null) {
                for (Decl d : overloads.values()) {
                    out.add(new Dependency(Dependency.Kind.METHOD, d.label(), d.ownHash(), ""));
                    todo.addAll(d.refs());
                }
            }
            Decl t = types.get(name);
            if (t != null) {
                out.add(new Dependency(Dependency.Kind.TYPE, t.label(), t.ownHash(), ""));
                todo.addAll(t.refs());
            }
        }
        out.sort(Comparator.comparing(Dependency::kind).thenComparing(Dependency::label));
        return out;
    }
}
