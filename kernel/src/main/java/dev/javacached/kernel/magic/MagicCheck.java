package dev.javacached.kernel.magic;

import dev.javacached.kernel.magic.CellParser.JavaChunk;
import dev.javacached.kernel.magic.CellParser.MagicLine;
import dev.javacached.kernel.magic.CellParser.Segment;
import java.util.Optional;

/**
 * Checks every magic line of a cell (its name, its place, its arguments) before any of the
 * cell runs: a typo is a {@code MagicError} and nothing runs.
 */
final class MagicCheck {

    private MagicCheck() {
    }

    /** The first problem with the cell's magic lines, if any: checked before anything runs. */
    static Optional<String> check(MagicRegistry registry, CellParser.Parsed cell) {
        boolean codeBefore = false;
        for (Segment s : cell.segments()) {
            if (s instanceof JavaChunk j) {
                codeBefore |= j.hasCode();
                continue;
            }
            MagicLine m = (MagicLine) s;
            Optional<String> problem = m.cell() ? checkCellMagic(registry, m, codeBefore) : checkLineMagic(registry, m);
            if (problem.isPresent()) {
                return Optional.of("line " + (m.line() + 1) + ": " + problem.get());
            }
            codeBefore = true;
        }
        return Optional.empty();
    }

    private static Optional<String> checkCellMagic(MagicRegistry registry, MagicLine m, boolean codeBefore) {
        if (registry.helpRequest(m).isPresent()) {
            return Optional.empty();
        }
        Optional<CellMagic> known = CellMagic.named(m.name());
        if (known.isEmpty()) {
            if (registry.bodyMagic(m.name()) != null) {
                return Optional.of("%%" + m.name() + " is a cell magic: it must be the first line of the cell");
            }
            return Optional.of(registry.unknown(m));
        }
        if (codeBefore) {
            return Optional.of("%%" + m.name() + " is a cell magic: it must be the first line of the cell");
        }
        if (!m.args().isEmpty()) {
            return Optional.of("%%" + m.name() + " takes no arguments (the Java goes on the next lines)");
        }
        return Optional.empty();
    }

    private static Optional<String> checkLineMagic(MagicRegistry registry, MagicLine m) {
        if (m.name().isEmpty()) {
            return Optional.of("a line starting with % is a magic: %name [arguments]. Try %lsmagic for the list");
        }
        if (registry.helpRequest(m).isPresent()) {
            return Optional.empty();
        }
        MagicCommand command = registry.command(m.name());
        if (command == null) {
            return Optional.of(registry.unknown(m));
        }
        return command.check(m.args()).map(MagicResult.Failure::message);
    }
}
