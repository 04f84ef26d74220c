package dev.javacached.store;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The store used when the cache directory cannot be opened (no permission, read-only or
 * full disk): every read misses, every write fails with {@code reason}, so the kernel keeps
 * running without a cache and says why instead of failing.
 */
public final class UnavailableStore implements CacheStore {
    private final Path directory;
    private final String reason;

    public UnavailableStore(Path directory, String reason) {
        this.directory = directory;
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }

    @Override
    public PutResult put(String key, EntryInfo info, Object value, ClassResolver resolver) {
        return new PutResult.Failed("cache unavailable: " + reason);
    }

    @Override
    public Lookup get(String key, ClassResolver resolver) {
        return new Lookup.Miss();
    }

    @Override
    public Optional<EntryMeta> meta(String key) {
        return Optional.empty();
    }

    @Override
    public List<EntryMeta> list() {
        return List.of();
    }

    @Override
    public boolean delete(String key) {
        return false;
    }

    @Override
    public List<EntryMeta> deleteByName(String name) {
        return List.of();
    }

    @Override
    public int clear() {
        return 0;
    }

    @Override
    public StoreStats stats() {
        return new StoreStats(directory, 0, 0, 0, 0);
    }

    @Override
    public boolean setPinned(String key, boolean pinned) {
        return false;
    }

    @Override
    public void setSizeLimit(long bytes) {
        throw new IllegalStateException("cache unavailable: " + reason);
    }

    @Override
    public long sizeLimit() {
        return 0;
    }

    @Override
    public Optional<String> setting(String name) {
        return Optional.empty();
    }

    @Override
    public void setSetting(String name, String value) {
        throw new IllegalStateException("cache unavailable: " + reason);
    }

    @Override
    public void close() {
    }
}
