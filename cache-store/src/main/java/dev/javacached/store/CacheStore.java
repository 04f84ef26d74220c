package dev.javacached.store;

import java.util.Optional;

/**
 * A persistent key → value store for cached declarations, safe across kernel restarts,
 * crashes and several processes sharing one directory. Knows nothing of Jupyter or JShell:
 * keys are fingerprints (hex strings), values are objects that the store encodes with its own
 * codec (objects in, objects out; the bytes stay inside), metadata is plain data.
 *
 * <p>Its methods come in three small interfaces, so that a caller can say which part it uses:
 * {@link ValueStore} (put and get a value), {@link EntryCatalog} (list, remove, pin entries by
 * their metadata) and {@link StoreSettings} (the size cap and persisted settings). This
 * interface adds what belongs to the store as a whole: its warnings and {@link #close()}.
 */
public interface CacheStore extends ValueStore, EntryCatalog, StoreSettings, AutoCloseable {

    /**
     * A one-time warning for the user about the store itself (e.g. its index was damaged and
     * replaced), returned once and then cleared; empty when there is none.
     */
    default Optional<String> takeWarning() {
        return Optional.empty();
    }

    /**
     * The state of the shared remote tier behind this store ({@code store.remote.RemoteTier}), for
     * {@code %cache remote}; empty when there is none.
     */
    default Optional<dev.javacached.store.remote.RemoteStatus> remoteStatus() {
        return Optional.empty();
    }

    /**
     * Pays first-use costs that a lookup would otherwise pay inside a cell (a remote tier's first
     * request and connection): called once by whoever opened the store, on a background thread.
     * Never throws; nothing to do by default.
     */
    default void warmUp() {
    }

    /**
     * Whether a lookup may soon decode an object graph (through the object codec, whose first use
     * in a JVM costs a few hundred ms): true unless this store knows it holds only plain values
     * (primitives, strings, primitive arrays). The kernel warms the codec when the store opens if
     * so, and otherwise only once it is idle, so that a restarted kernel's first restores of
     * plain values do not share the CPU with it. Never throws; true by default.
     */
    default boolean holdsObjectGraphs() {
        return true;
    }

    @Override
    void close();
}
