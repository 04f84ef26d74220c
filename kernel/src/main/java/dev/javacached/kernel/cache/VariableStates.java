package dev.javacached.kernel.cache;

import dev.javacached.kernel.engine.LiveState;
import dev.javacached.kernel.engine.SnippetKind;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The session's top-level variables: each one's state version, its declaration's fingerprint
 * advanced by every later snippet that may have changed the value, whether reads can change it,
 * and the groups of variables holding the same mutable object.
 *
 * <p>Not thread-safe: used on the engine thread only.
 */
final class VariableStates {

    /** A variable's state: its declaration's fingerprint, its current version, whether reads can change it. */
    record VarState(String base, String version, boolean immutable) {
    }

    private final Map<String, VarState> vars = new HashMap<>();
    /**
     * Groups of variables that hold the same mutable object (by identity): {@code var alias =
     * list;}. A change through one is a change of all of them, and none of them may be restored
     * on its own (a restore makes a separate copy). Each member maps to its group's shared set.
     */
    private final Map<String, Set<String>> aliases = new HashMap<>();

    boolean contains(String name) {
        return vars.containsKey(name);
    }

    /** The state of variable {@code name}, or null. */
    VarState get(String name) {
        return vars.get(name);
    }

    Optional<String> version(String name) {
        return Optional.ofNullable(vars.get(name)).map(VarState::version);
    }

    boolean isImmutable(String name) {
        VarState st = vars.get(name);
        return st != null && st.immutable();
    }

    /** Mixes {@code inputsDigest} into the versions of {@code names} and their alias groups. */
    void mixInputs(Collection<String> names, String inputsDigest) {
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

    /** Every variable known (declared this session). */
    Set<String> names() {
        return Set.copyOf(vars.keySet());
    }

    /** The other variables holding the same mutable object as {@code name} (empty if none known). */
    Set<String> aliasesOf(String name) {
        Set<String> group = aliases.get(name);
        if (group == null) {
            return Set.of();
        }
        Set<String> others = new TreeSet<>(group);
        others.remove(name);
        return others;
    }

    /**
     * Advances the versions after a snippet other than an import, method or class ran or was
     * restored ({@code ok}) or failed: every variable it may have changed ({@code mentioned}, of
     * which {@code written} it assigns; both completed here with an assignment's target), and a
     * declared variable's new state and alias group.
     */
    void record(SnippetKind kind, String snippetName, Set<String> mentioned, Set<String> written, Fingerprint fp,
            boolean ok, LiveState state) {
        boolean declares = kind == SnippetKind.VAR_WITH_INITIALIZER || kind == SnippetKind.VAR_WITHOUT_INITIALIZER;
        if (kind == SnippetKind.ASSIGNMENT && !snippetName.isEmpty()) {
            written.add(snippetName);
            mentioned.add(snippetName);
        }
        Set<String> advanced = new TreeSet<>();
        for (String v : mentioned) {
            VarState st = vars.get(v);
            if (st == null || (declares && v.equals(snippetName))) {
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
            if (st == null || (declares && v.equals(snippetName))) {
                continue;
            }
            boolean isWritten = written.contains(v);
            String next = Hasher.of("advance", st.version(), fp.key());
            vars.put(v, new VarState(st.base(), next, isWritten ? judge(state, v) : st.immutable()));
        }
        if (declares && !snippetName.isEmpty()) {
            String version = ok ? fp.key() : Hasher.of("failed", fp.key());
            vars.put(snippetName, new VarState(fp.key(), version, ok && judge(state, snippetName)));
        }
        boolean binds = declares || kind == SnippetKind.ASSIGNMENT;
        if (binds && !snippetName.isEmpty()) {
            unlink(snippetName);
            if (ok) {
                link(snippetName, mentioned, state);
            }
        }
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
}
