package dev.javacached.kernel.engine;

import java.util.List;

/** Completion candidates replacing {@code code[start, end)}; indexes are UTF-16. */
public record Completion(List<String> matches, int start, int end) {
    public Completion {
        matches = List.copyOf(matches);
    }
}
