package dev.javacached.kernel.magic;

import java.util.Optional;

/**
 * A cell whose first line is {@code %%name} of a {@link CellBodyMagic}: the magic, its
 * arguments, the rest of the cell (not Java, so it never reaches the engine or the cache).
 */
record BodyCell(CellBodyMagic magic, String args, String body) {

    /** The body cell {@code code} is, if its first line names a registered {@link CellBodyMagic}. */
    static Optional<BodyCell> of(MagicRegistry registry, String code) {
        if (!registry.hasBodyMagics()) {
            return Optional.empty();
        }
        String rest = code.stripLeading();
        if (!rest.startsWith("%%")) {
            return Optional.empty();
        }
        int eol = rest.indexOf('\n');
        String first = (eol < 0 ? rest : rest.substring(0, eol)).strip();
        String body = eol < 0 ? "" : rest.substring(eol + 1);
        int space = MagicArgs.indexOfWhitespace(first);
        String name = space < 0 ? first.substring(2) : first.substring(2, space);
        CellBodyMagic magic = registry.bodyMagic(name);
        return magic == null ? Optional.empty()
                : Optional.of(new BodyCell(magic, space < 0 ? "" : first.substring(space).strip(), body));
    }
}
