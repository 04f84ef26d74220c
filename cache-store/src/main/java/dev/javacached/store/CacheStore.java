package dev.javacached.store;

import java.util.List;
import java.util.Optional;

/**
 * A persistent key → value store for cached declarations, safe across kernel restarts,
 * crashes and several processes sharing one directory. Knows nothing of Jupyter or JShell:
 * keys are fingerprints (hex strings), values are objects encoded by the store's codecs,
 * metadata is plain data.
 *
 * <p>No method throws for an ordinary failure: puts report {@link PutResult}, gets report
 * {@link Lookup}; a corrupt or tampered entry is removed and reported as a miss.
 */
public interface CacheStore extends AutoCloseable {

    /**
     * Encodes and stores {@code value} under {@code key}. Values that cannot be encoded give
     * {@link PutResult.NotStorable}; I/O failure (disk full) gives {@link PutResult.Failed}
     * and leaves no partial entry. An existing entry under {@code key} is replaced.
     */
    PutResult put(String key, EntryInfo info, Object value, ClassResolver resolver);

    /** Reads and decodes the value under {@code key}, verifying its digest and authenticity. */
    Lookup get(String key, ClassResolver resolver);

    /** Metadata of {@code key} without reading its value. */
    Optional<EntryMeta> meta(String key);

    /** All entries' metadata, newest first. */
    List<EntryMeta> list();

    /** Removes {@code key}; true when it existed. */
    boolean delete(String key);

    /** Removes every entry declared under {@code name}; returns the removed entries. */
    List<EntryMeta> deleteByName(String name);

    /** Removes everything; returns how many entries were removed. */
    int clear();

    StoreStats stats();

    /** Pins / unpins an entry so eviction keeps it; false when {@code key} is absent. */
    boolean setPinned(String key, boolean pinned);

    /** The size cap in bytes (persisted in the store); evicts at once if over. */
    void setSizeLimit(long bytes);

    long sizeLimit();

    /** A small persisted setting (e.g. the admission threshold); absent when never set. */
    Optional<String> setting(String name);

    void setSetting(String name, String value);

    /**
     * A one-time warning for the user about the store itself (e.g. its index was damaged and
     * replaced), returned once and then cleared; empty when there is none.
     */
    default Optional<String> takeWarning() {
        return Optional.empty();
    }

    @Override
    void close();
}
