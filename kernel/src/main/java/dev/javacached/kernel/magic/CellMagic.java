package dev.javacached.kernel.magic;

import dev.javacached.kernel.cache.CellMode;
import java.util.Optional;

/** The cell magics that set the cache's mode: first line of a cell, no arguments. */
enum CellMagic {
    NOCACHE("nocache", CellMode.NOCACHE, "%%nocache\nRuns the cell without reading or writing the cache."),
    RECOMPUTE("recompute", CellMode.RECOMPUTE,
            "%%recompute\nRuns every declaration in the cell again and overwrites its stored value."),
    SNAPSHOT("snapshot", CellMode.SNAPSHOT,
            "%%snapshot\nStores and restores the cell's values even when they read the clock or unseeded"
                    + " randomness, which are otherwise never cached. For a value you want frozen, such as"
                    + " `var runId = UUID.randomUUID();` or a random sample you mean to keep.");

    final String name;
    final CellMode mode;
    final String help;

    CellMagic(String name, CellMode mode, String help) {
        this.name = name;
        this.mode = mode;
        this.help = help;
    }

    static Optional<CellMagic> named(String name) {
        for (CellMagic m : values()) {
            if (m.name.equals(name)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }
}
