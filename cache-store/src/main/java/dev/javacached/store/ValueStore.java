package dev.javacached.store;

/**
 * The values of a {@link CacheStore}: objects in, objects out. The store encodes a value with
 * its codec ({@code dev.javacached.store.codec}) and stores the bytes; a get decodes them after
 * checking their authenticity. Callers never see the bytes.
 *
 * <p>No method throws for an ordinary failure: a put reports {@link PutResult}, a get
 * {@link Lookup}; a corrupt or tampered entry is removed and reported as unusable, then misses.
 */
public interface ValueStore {

    /**
     * Encodes and stores {@code value} under {@code key}. Values that cannot be encoded give
     * {@link PutResult.NotStorable}; I/O failure (disk full) gives {@link PutResult.Failed}
     * and leaves no partial entry. An existing entry under {@code key} is replaced.
     */
    PutResult put(String key, EntryInfo info, Object value, ClassResolver resolver);

    /** Reads and decodes the value under {@code key}, verifying its digest and authenticity. */
    Lookup get(String key, ClassResolver resolver);
}
