package dev.javacached.kernel.engine;

import java.util.ArrayList;
import java.util.List;
import jdk.jshell.SourceCodeAnalysis;

/**
 * Splits a cell into the pieces JShell compiles one at a time (syntax only, with
 * {@link SourceCodeAnalysis#analyzeCompletion}), keeping each piece's place in the cell.
 */
final class CellSplitter {

    private CellSplitter() {
    }

    /** A piece of the cell holding one snippet: its source (as JShell wants it) and offset. */
    record Split(String source, int offset, int end, SourceCodeAnalysis.Completeness completeness) {
    }

    /** Splits a cell into snippets (syntax only), keeping each one's offset. */
    static List<Split> split(SourceCodeAnalysis analysis, String code) {
        List<Split> splits = new ArrayList<>();
        int offset = 0;
        String rest = code;
        while (!rest.isBlank()) {
            int lead = 0;
            while (Character.isWhitespace(rest.charAt(lead))) {
                lead++;
            }
            // Leading whitespace shifts JShell's line numbers inconsistently: start at the code.
            offset += lead;
            rest = rest.substring(lead);
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(rest);
            SourceCodeAnalysis.Completeness c = info.completeness();
            if (c == SourceCodeAnalysis.Completeness.EMPTY) {
                break;
            }
            if (!c.isComplete() && c != SourceCodeAnalysis.Completeness.UNKNOWN || info.source() == null) {
                // An unfinished tail: compile it as is so JShell reports what is missing.
                splits.add(new Split(rest, offset, code.length(), c));
                break;
            }
            int consumed = rest.length() - info.remaining().length();
            if (consumed <= 0) {
                splits.add(new Split(rest, offset, code.length(), c));
                break;
            }
            splits.add(new Split(info.source(), offset, offset + consumed, c));
            offset += consumed;
            rest = info.remaining();
        }
        return splits;
    }

    /** The piece of the cell holding {@code cursor} (the last piece when past all of them). */
    static Split splitAt(SourceCodeAnalysis analysis, String code, int cursor) {
        Split found = new Split(code, 0, code.length(), SourceCodeAnalysis.Completeness.EMPTY);
        for (Split split : split(analysis, code)) {
            if (split.offset() <= cursor) {
                found = split;
            }
        }
        if (cursor > found.end()) {
            found = new Split(code.substring(found.end(), cursor), found.end(), cursor,
                    SourceCodeAnalysis.Completeness.EMPTY);
        }
        return found;
    }
}
