package dev.javacached.kernel.cache;

import dev.javacached.kernel.cache.DeclarationTable.Decl;
import dev.javacached.kernel.cache.VariableStates.VarState;
import dev.javacached.kernel.engine.CellSnippet;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Computes fingerprints from the declaration table and the variables' state versions: a
 * snippet's key, a declaration's own hash (its tokens and the imports that can matter to it,
 * {@link ImportRule}), and the <em>effective</em> fingerprint of a method or class: its own hash
 * and the effective fingerprints of everything it refers to, with cycles (mutual recursion) cut
 * by a marker. Effective fingerprints outside a cycle are memoised until {@link #forget}.
 *
 * <p>Not thread-safe: used on the engine thread only.
 */
final class Fingerprinter {
    private final int javaFeature;
    private final DeclarationTable table;
    private final VariableStates vars;
    /** Effective fingerprints by declaration id, valid until the table or a version changes. */
    private final Map<String, String> memo = new HashMap<>();

    Fingerprinter(int javaFeature, DeclarationTable table, VariableStates vars) {
        this.javaFeature = javaFeature;
        this.table = table;
        this.vars = vars;
    }

    /** Drops the memoised effective fingerprints: call on every change to the table or a version. */
    void forget() {
        memo.clear();
    }

    /** The fingerprint of {@code snippet}, with {@code salt} mixed in. */
    Fingerprint snippet(CellSnippet snippet, SnippetAnalysis analysis, ClasspathState classpath, String salt) {
        Hasher h = new Hasher().add("java-cached").add(DependencyGraph.FORMAT_VERSION).add(javaFeature)
                .add(classpath.fingerprint()).add(salt).add(snippet.kind().name());
        List<String> relevant = ImportRule.relevant(table.imports(), analysis.references());
        h.add(relevant.size());
        relevant.forEach(h::add);
        h.add(analysis.tokens().size());
        analysis.tokens().forEach(h::add);
        for (String ref : new TreeSet<>(analysis.references())) {
            String f = dependencyHash(ref, new ArrayDeque<>(), new boolean[1]);
            if (f != null) {
                h.add(ref).add(f);
            }
        }
        return new Fingerprint(h.hex(), analysis.normalizedSource(), closure(analysis.references()),
                relevant, classpath, javaFeature);
    }

    /** A method's or class's own hash: its tokens and the imports that can matter to it. */
    String ownHash(SnippetAnalysis a) {
        Hasher h = new Hasher().add("decl");
        List<String> relevant = ImportRule.relevant(table.imports(), a.references());
        h.add(relevant.size());
        relevant.forEach(h::add);
        h.add(a.tokens().size());
        a.tokens().forEach(h::add);
        return h.hex();
    }

    /** Hash of everything top-level named {@code name} (variable version, method overloads, type); null if none. */
    String dependencyHash(String name) {
        return dependencyHash(name, new ArrayDeque<>(), new boolean[1]);
    }

    private String dependencyHash(String name, Deque<String> stack, boolean[] hitCycle) {
        Hasher h = new Hasher();
        boolean any = false;
        VarState v = vars.get(name);
        if (v != null) {
            h.add("var").add(v.version());
            any = true;
        }
        for (Decl d : table.overloads(name)) {
            h.add("method").add(d.label()).add(effective(d, stack, hitCycle));
            any = true;
        }
        Decl t = table.type(name);
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
            for (Decl d : table.overloads(name)) {
                out.add(new Dependency(Dependency.Kind.METHOD, d.label(), d.ownHash(), ""));
                todo.addAll(d.refs());
            }
            Decl t = table.type(name);
            if (t != null) {
                out.add(new Dependency(Dependency.Kind.TYPE, t.label(), t.ownHash(), ""));
                todo.addAll(t.refs());
            }
        }
        out.sort(Comparator.comparing(Dependency::kind).thenComparing(Dependency::label));
        return out;
    }
}
