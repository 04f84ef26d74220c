package dev.javacached.kernel.cache;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The session's top-level methods (by name, then overload label), classes and imports, as
 * {@link DependencyGraph} recorded them: each declaration with its own hash, the names it refers
 * to and assigns, and its reads of the clock or unseeded randomness. A table only: what is
 * computed from it is {@link Fingerprinter}'s and {@link Reachability}'s.
 *
 * <p>Not thread-safe: used on the engine thread only.
 */
final class DeclarationTable {

    /** One method overload ({@code id} "m:label") or class ({@code id} "t:name"). */
    record Decl(String id, String name, String label, String ownHash, Set<String> refs, Set<String> writes,
                List<Nondeterminism.Source> nondeterministic) {
    }

    private final Map<String, TreeMap<String, Decl>> methods = new HashMap<>();
    private final Map<String, Decl> types = new HashMap<>();
    private final TreeSet<String> imports = new TreeSet<>();

    void addImport(String normalizedSource) {
        imports.add(normalizedSource);
    }

    void putMethod(Decl d) {
        methods.computeIfAbsent(d.name(), k -> new TreeMap<>()).put(d.label(), d);
    }

    void putType(Decl d) {
        types.put(d.name(), d);
    }

    /** The session's imports, normalized and sorted (read-only use). */
    Collection<String> imports() {
        return imports;
    }

    /** Whether the session has a single-type import of a type named {@code simpleName}. */
    boolean importsSingle(String simpleName) {
        return imports.stream().anyMatch(i -> simpleName.equals(ImportRule.singleName(i))
                && !i.startsWith("import static"));
    }

    /** Whether a method or a class named {@code name} is declared. */
    boolean declares(String name) {
        return methods.containsKey(name) || types.containsKey(name);
    }

    boolean isType(String name) {
        return types.containsKey(name);
    }

    /** The overloads of method {@code name} in label order; empty if none. */
    Collection<Decl> overloads(String name) {
        TreeMap<String, Decl> overloads = methods.get(name);
        return overloads == null ? List.of() : overloads.values();
    }

    int overloadCount(String name) {
        TreeMap<String, Decl> overloads = methods.get(name);
        return overloads == null ? 0 : overloads.size();
    }

    /** The class named {@code name}, or null. */
    Decl type(String name) {
        return types.get(name);
    }

    /** The overloads of method {@code name}, then the class of that name. */
    List<Decl> declsNamed(String name) {
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
}
