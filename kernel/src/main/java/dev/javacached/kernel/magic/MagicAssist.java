package dev.javacached.kernel.magic;

import dev.javacached.kernel.display.MimeBundle;
import dev.javacached.kernel.engine.Completion;
import dev.javacached.kernel.engine.Inspection;
import dev.javacached.kernel.magic.CellParser.MagicLine;
import java.util.List;
import java.util.Optional;

/**
 * What the editor gets on a magic line: completion of magic names and of a magic's arguments
 * ({@link MagicCommand#completeArgs}), and the magic's help as its inspection.
 */
final class MagicAssist {

    private MagicAssist() {
    }

    static Completion complete(MagicRegistry registry, String code, MagicLine m, int cursor) {
        if (cursor < m.start()) {
            return new Completion(List.of(), cursor, cursor);
        }
        String typed = code.substring(m.start(), cursor);
        int end = cursor;
        while (end < m.end() && !Character.isWhitespace(code.charAt(end))) {
            end++;
        }
        int space = MagicArgs.indexOfWhitespace(typed);
        if (space < 0) {
            List<String> names = registry.forms().stream().filter(f -> f.startsWith(typed)).toList();
            return new Completion(names, m.start(), end);
        }
        MagicCommand command = m.cell() ? null : registry.command(m.name());
        if (command == null) {
            return new Completion(List.of(), cursor, cursor);
        }
        String before = code.substring(m.nameStart() + m.name().length(), cursor);
        int wordStart = cursor;
        while (wordStart > m.start() && !Character.isWhitespace(code.charAt(wordStart - 1))) {
            wordStart--;
        }
        return new Completion(command.completeArgs(before.stripLeading()),
                wordStart, end);
    }

    static Inspection inspect(MagicRegistry registry, MagicLine m) {
        String name = m.name().endsWith("?") ? m.name().substring(0, m.name().length() - 1) : m.name();
        return registry.helpOf(name, m.cell()).map(h -> new Inspection(Optional.of(MimeBundle.text(h))))
                .orElseGet(Inspection::none);
    }
}
