package dev.javacached.kernel.cache;

import dev.javacached.kernel.cache.DeclarationTable.Decl;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a snippet reaches through the bodies of the notebook methods and classes it uses,
 * transitively: the top-level variables it mentions and assigns, and its first read of the
 * clock or unseeded randomness.
 */
final class Reachability {
    private final DeclarationTable table;
    private final VariableStates vars;

    Reachability(DeclarationTable table, VariableStates vars) {
        this.table = table;
        this.vars = vars;
    }

    /** Variables reachable from the snippet's references, through method and type bodies. */
    Set<String> mentionedVars(SnippetAnalysis a, Set<String> writtenOut) {
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

    /** See {@link DependencyGraph#mentionedThroughDeclarations}. */
    Set<String> mentionedThroughDeclarations(SnippetAnalysis analysis) {
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

    private void visitNames(Set<String> refs, Set<String> writes, Set<String> mentioned, Set<String> writtenOut,
                            Set<String> seen, Deque<Decl> todo) {
        for (String r : refs) {
            if (vars.contains(r)) {
                mentioned.add(r);
                if (writes.contains(r)) {
                    writtenOut.add(r);
                }
            }
            for (Decl d : table.declsNamed(r)) {
                if (seen.add(d.id())) {
                    todo.push(d);
                }
            }
        }
    }

    /** See {@link DependencyGraph#nondeterminism}. */
    Optional<Nondeterminism.Finding> nondeterminism(SnippetAnalysis analysis) {
        Optional<Nondeterminism.Source> own = firstNondeterministic(analysis.nondeterministic());
        if (own.isPresent()) {
            return Optional.of(new Nondeterminism.Finding(List.of(), own.get()));
        }
        record Step(Decl decl, List<String> via) {
        }
        Set<String> seen = new LinkedHashSet<>();
        Deque<Step> todo = new ArrayDeque<>();
        for (String r : new TreeSet<>(analysis.references())) {
            for (Decl d : table.declsNamed(r)) {
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
                for (Decl d : table.declsNamed(r)) {
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
        return sources.stream().filter(src -> src.receiver().isEmpty() || !table.isType(src.receiver()))
                .findFirst();
    }

    private static String step(Decl d) {
        return d.id().startsWith("t:") ? "uses class `" + d.label() + "`" : "calls `" + d.label() + "`";
    }
}
