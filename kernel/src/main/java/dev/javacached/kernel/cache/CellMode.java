package dev.javacached.kernel.cache;

/** How the cache treats one cell (set by magics before the cell runs). */
public enum CellMode {
    /** Restore what can be restored, store what is worth storing. */
    NORMAL,
    /** Run every declaration and overwrite its stored entry. */
    RECOMPUTE,
    /** Neither read nor write the store (fingerprints and versions are still tracked). */
    NOCACHE,
    /**
     * As {@link #NORMAL}, and values that read the clock or unseeded randomness ({@link
     * Nondeterminism}), which are otherwise never stored, are stored and restored too: the user
     * wants that snapshot.
     */
    SNAPSHOT
}
