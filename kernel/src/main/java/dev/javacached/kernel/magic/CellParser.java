package dev.javacached.kernel.magic;

import dev.javacached.kernel.engine.JavaLexer;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a cell into magic lines and the Java between them.
 *
 * <p>The rule: a line whose first non-blank character is {@code %} is a magic line when the
 * Java before it (since the cell start or the previous magic line) is at a statement
 * boundary — no open bracket, comment, string or text block, and its last token (if any) is
 * {@code ;} or {@code }}. Anywhere else a {@code %} line is Java (a continued {@code a % b},
 * a line inside a text block). {@code %%name} lines are cell magics; the dispatcher accepts
 * them only as the first line with code. Offsets are UTF-16 indexes into the cell. Where
 * literals and comments end is {@link JavaLexer}'s call, the same as the engine's and the
 * cache's.
 */
final class CellParser {

    private CellParser() {
    }

    /** A piece of the cell, {@code [start, end)}. */
    sealed interface Segment permits MagicLine, JavaChunk {
        int start();

        int end();
    }

    /**
     * {@code %name args} or (when {@code cell}) {@code %%name args}.
     *
     * @param lineStart where its line starts (before any indentation)
     * @param start     the first {@code %}
     * @param nameStart the first character of the name
     * @param end       the end of the line, before its line break
     * @param line      0-based line number in the cell
     */
    record MagicLine(boolean cell, String name, String args, int lineStart, int start, int nameStart, int end,
                     int line) implements Segment {
        /** How it is written: {@code %name} or {@code %%name}. */
        String form() {
            return (cell ? "%%" : "%") + name;
        }
    }

    /**
     * Java source between magic lines, with its line breaks.
     *
     * @param line    0-based line number of its first line in the cell
     * @param hasCode whether it holds anything besides whitespace and comments
     */
    record JavaChunk(String text, int start, int end, int line, boolean hasCode) implements Segment {
    }

    /** The segments of a cell, in order, covering all of it. */
    record Parsed(List<Segment> segments) {
        Parsed {
            segments = List.copyOf(segments);
        }

        boolean hasMagic() {
            return segments.stream().anyMatch(s -> s instanceof MagicLine);
        }

        List<MagicLine> magics() {
            return segments.stream().filter(s -> s instanceof MagicLine).map(s -> (MagicLine) s).toList();
        }

        /** The segment holding {@code cursor}: a magic line owns its whole line, ends included. */
        Segment at(int cursor) {
            for (Segment s : segments) {
                if (s instanceof MagicLine m && cursor >= m.lineStart() && cursor <= m.end()) {
                    return s;
                }
            }
            Segment last = segments.get(segments.size() - 1);
            for (Segment s : segments) {
                if (s instanceof JavaChunk && cursor >= s.start() && cursor < s.end()) {
                    return s;
                }
            }
            return last;
        }
    }

    static Parsed parse(String code) {
        List<Segment> out = new ArrayList<>();
        JavaLexer lexer = new JavaLexer(code);
        JavaLexer.Token pending = lexer.next();
        JavaState java = new JavaState();
        int chunkStart = 0;
        int chunkLine = 0;
        int pos = 0;
        int line = 0;
        int n = code.length();
        while (pos < n) {
            int eol = code.indexOf('\n', pos);
            if (eol < 0) {
                eol = n;
            }
            int next = eol < n ? eol + 1 : n;
            int contentEnd = eol > pos && code.charAt(eol - 1) == '\r' ? eol - 1 : eol;
            int first = pos;
            while (first < contentEnd && Character.isWhitespace(code.charAt(first))) {
                first++;
            }
            while (pending != null && pending.start() < pos) {
                java.feed(code, pending);
                pending = lexer.next();
            }
            if (first < contentEnd && code.charAt(first) == '%' && java.atBoundary(pos)) {
                if (pos > chunkStart) {
                    out.add(new JavaChunk(code.substring(chunkStart, pos), chunkStart, pos, chunkLine, java.code));
                }
                out.add(magic(code, pos, first, contentEnd, line));
                java = new JavaState();
                chunkStart = next;
                chunkLine = line + 1;
                lexer.seek(next);   // a magic line is not Java: an unclosed quote or /* in it opens nothing
                pending = lexer.next();
            }
            pos = next;
            line++;
        }
        while (pending != null) {
            java.feed(code, pending);
            pending = lexer.next();
        }
        if (chunkStart < n || out.isEmpty()) {
            out.add(new JavaChunk(code.substring(chunkStart), chunkStart, n, chunkLine, java.code));
        }
        return new Parsed(out);
    }

    private static MagicLine magic(String code, int lineStart, int start, int end, int line) {
        boolean cell = start + 1 < end && code.charAt(start + 1) == '%';
        int nameStart = start + (cell ? 2 : 1);
        int nameEnd = nameStart;
        while (nameEnd < end && !Character.isWhitespace(code.charAt(nameEnd))) {
            nameEnd++;
        }
        return new MagicLine(cell, code.substring(nameStart, nameEnd), code.substring(nameEnd, end).trim(),
                lineStart, start, nameStart, end, line);
    }

    /** The Java since the chunk's start, as far as a statement boundary is concerned. */
    private static final class JavaState {
        private int depth;
        private boolean afterStatement = true;
        private int end;
        boolean code;

        /** Whether a line starting at {@code lineStart} starts a statement: no open bracket, comment or literal. */
        boolean atBoundary(int lineStart) {
            return depth <= 0 && end <= lineStart && afterStatement;
        }

        void feed(String s, JavaLexer.Token t) {
            end = t.end();
            if (t.kind().isComment()) {
                return;
            }
            code = true;
            afterStatement = t.is(s, ";") || t.is(s, "}");
            if (t.kind() == JavaLexer.Kind.OPERATOR && t.end() - t.start() == 1) {
                char c = s.charAt(t.start());
                if (c == '(' || c == '[' || c == '{') {
                    depth++;
                } else if (c == ')' || c == ']' || c == '}') {
                    depth--;
                }
            }
        }
    }
}
