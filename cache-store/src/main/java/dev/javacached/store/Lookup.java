package dev.javacached.store;

/** The outcome of {@link ValueStore#get}. */
public sealed interface Lookup {
    record Hit(Object value, EntryMeta meta) implements Lookup {
    }

    record Miss() implements Lookup {
    }

    /**
     * The entry existed but could not be used (corrupt, tampered, class no longer resolves);
     * it has been removed when unusable for good. Callers treat it as a miss and may warn.
     */
    record Unusable(String reason) implements Lookup {
    }
}
