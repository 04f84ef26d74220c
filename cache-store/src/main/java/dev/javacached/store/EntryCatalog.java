package dev.javacached.store;

import java.util.List;
import java.util.Optional;

/**
 * The entries of a {@link CacheStore} as metadata, for {@code %cache} and the like: listing,
 * removing and pinning entries without reading a value.
 */
public interface EntryCatalog {

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

    /** Store-wide figures: entries, pinned entries, bytes used, the size cap. */
    StoreStats stats();

    /** Pins / unpins an entry so eviction keeps it; false when {@code key} is absent. */
    boolean setPinned(String key, boolean pinned);
}
