package dev.javacached.kernel.cache;

import java.util.List;
import java.util.Set;

/**
 * What the cache needs to know of one snippet's source.
 *
 * @param tokens     the token stream (whitespace and comments dropped)
 * @param references simple names the snippet refers to that it does not declare itself
 * @param writes     the subset of {@code references} it assigns to ({@code x = ..}, {@code x += ..}, {@code x++})
 * @param label      for methods the signature as written ({@code normalize(double[])}), else the name
 * @param parsed     false when javac could not parse it and the names come from the token stream
 *                   (every identifier counts as a reference: over-approximate, never under)
 * @param nondeterministic the calls in its own source that read the clock or unseeded randomness
 *                   ({@link Nondeterminism}); empty when it could not be parsed
 */
public record SnippetAnalysis(List<String> tokens, Set<String> references, Set<String> writes, String label,
                              boolean parsed, List<Nondeterminism.Source> nondeterministic) {
    public SnippetAnalysis {
        tokens = List.copyOf(tokens);
        references = Set.copyOf(references);
        writes = Set.copyOf(writes);
        nondeterministic = List.copyOf(nondeterministic);
    }

    /** The normalised source: tokens joined by single spaces. */
    public String normalizedSource() {
        return String.join(" ", tokens);
    }
}
