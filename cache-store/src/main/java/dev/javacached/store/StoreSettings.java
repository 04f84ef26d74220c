package dev.javacached.store;

import java.util.Optional;

/**
 * Settings persisted in a {@link CacheStore}, shared by every kernel on its directory: the size
 * cap, and small named values the kernel keeps there (e.g. the admission threshold).
 */
public interface StoreSettings {

    /** The size cap in bytes (persisted in the store); evicts at once if over. */
    void setSizeLimit(long bytes);

    long sizeLimit();

    /** A small persisted setting; absent when never set. */
    Optional<String> setting(String name);

    void setSetting(String name, String value);
}
