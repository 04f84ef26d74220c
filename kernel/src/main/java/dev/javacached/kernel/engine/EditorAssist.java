package dev.javacached.kernel.engine;

import dev.javacached.kernel.display.MimeBundle;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import jdk.jshell.SourceCodeAnalysis;

/**
 * What the editor asks between cells, answered by JShell's source analysis on the engine
 * thread: completion, inspection (documentation at the cursor) and whether a cell is complete.
 */
final class EditorAssist {

    private EditorAssist() {
    }

    static Completion complete(JShellSession s, String code, int cursor) {
        CellSplitter.Split at = CellSplitter.splitAt(s.analysis(), code, cursor);
        String input = code.substring(at.offset(), at.end());
        int[] anchor = new int[1];
        List<SourceCodeAnalysis.Suggestion> suggestions =
                s.analysis().completionSuggestions(input, cursor - at.offset(), anchor);
        Map<String, Boolean> matches = new LinkedHashMap<>();
        for (SourceCodeAnalysis.Suggestion suggestion : suggestions) {
            matches.merge(suggestion.continuation(), suggestion.matchesType(), Boolean::logicalOr);
        }
        List<String> sorted = matches.entrySet().stream()
                .sorted(Comparator.comparing((Map.Entry<String, Boolean> e) -> !e.getValue())
                        .thenComparing(Map.Entry::getKey, String.CASE_INSENSITIVE_ORDER))
                .map(Map.Entry::getKey)
                .toList();
        int start = suggestions.isEmpty() ? cursor : at.offset() + anchor[0];
        return new Completion(sorted, start, cursor);
    }

    static Inspection inspect(JShellSession s, String code, int cursor) {
        CellSplitter.Split at = CellSplitter.splitAt(s.analysis(), code, cursor);
        String input = code.substring(at.offset(), at.end());
        int rel = cursor - at.offset();
        List<SourceCodeAnalysis.Documentation> docs = s.analysis().documentation(input, rel, true);
        if (docs.isEmpty()) {
            // Jupyter sends the cursor on a name; JShell documents a call being typed: name(|
            int end = rel;
            while (end < input.length() && Character.isJavaIdentifierPart(input.charAt(end))) {
                end++;
            }
            String call = input.substring(0, end) + "(";
            docs = s.analysis().documentation(call, call.length(), true);
        }
        if (docs.isEmpty()) {
            return Inspection.none();
        }
        String doc = docs.stream()
                .map(d -> d.javadoc() == null || d.javadoc().isBlank()
                        ? d.signature() : d.signature() + "\n\n" + d.javadoc())
                .distinct()
                .collect(Collectors.joining("\n\n"));
        return new Inspection(Optional.of(MimeBundle.text(doc)));
    }

    static Completeness isComplete(JShellSession s, String code) {
        String rest = code;
        while (!rest.isBlank()) {
            SourceCodeAnalysis.CompletionInfo info = s.analysis().analyzeCompletion(rest);
            switch (info.completeness()) {
                case EMPTY:
                    return Completeness.of(Completeness.Status.COMPLETE);
                case UNKNOWN:
                    return Completeness.of(Completeness.Status.INVALID);
                case DEFINITELY_INCOMPLETE:
                case CONSIDERED_INCOMPLETE:
                    return new Completeness(Completeness.Status.INCOMPLETE, QuickCompleteness.indent(rest));
                default:
                    if (info.remaining().length() >= rest.length()) {
                        return Completeness.of(Completeness.Status.UNKNOWN);
                    }
                    rest = info.remaining();
            }
        }
        return Completeness.of(Completeness.Status.COMPLETE);
    }
}
