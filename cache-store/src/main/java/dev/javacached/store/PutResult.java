package dev.javacached.store;

/** The outcome of {@link ValueStore#put}. */
public sealed interface PutResult {
    record Stored(EntryMeta meta) implements PutResult {
    }

    /** The value cannot be encoded (not serializable, a lambda, a thread, ...). */
    record NotStorable(String reason) implements PutResult {
    }

    /** Storing failed (I/O error, disk full, store unavailable); nothing partial was kept. */
    record Failed(String message) implements PutResult {
    }
}
