package dev.javacached.kernel.cache;

import dev.javacached.store.CacheStore;
import dev.javacached.store.ClassResolver;
import dev.javacached.store.EntryInfo;
import dev.javacached.store.EntryMeta;
import dev.javacached.store.Lookup;
import dev.javacached.store.PutResult;
import dev.javacached.store.RocksCacheStore;
import dev.javacached.store.StoreConfig;
import dev.javacached.store.StoreStats;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The real store ({@link RocksCacheStore} in a test's temp folder) for the cache logic's tests,
 * counting the hook's reads and writes. Every value goes to a blob file (inline threshold 0),
 * so {@link #corruptValues()} damages stored values as a bad disk would. A full disk cannot be
 * had in a temp folder, so {@link #failPuts} stands in for it: a put then fails with that
 * message and stores nothing; everything else is the real store's.
 */
final class CountedStore implements CacheStore {
    private final RocksCacheStore store;
    private final Path dir;
    /** When set, every put fails with this message, as a full disk's would. */
    String failPuts;
    int gets;
    int puts;

    private CountedStore(Path dir) {
        this.dir = dir;
        try {
            this.store = RocksCacheStore.open(StoreConfig.at(dir).withInlineThreshold(0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static CountedStore open(Path dir) {
        return new CountedStore(dir);
    }

    /** Flips a byte in the middle of every stored value's blob file. */
    void corruptValues() {
        store.flush(); // blob files are in place once their puts are committed
        try (Stream<Path> files = Files.walk(dir.resolve("blobs"))) {
            for (Path blob : files.filter(Files::isRegularFile).toList()) {
                byte[] b = Files.readAllBytes(blob);
                b[b.length / 2] ^= 1;
                Files.write(blob, b);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public PutResult put(String key, EntryInfo info, Object value, ClassResolver resolver) {
        puts++;
        if (failPuts != null) {
            return new PutResult.Failed(failPuts);
        }
        return store.put(key, info, value, resolver);
    }

    @Override
    public Lookup get(String key, ClassResolver resolver) {
        gets++;
        return store.get(key, resolver);
    }

    @Override
    public Optional<EntryMeta> meta(String key) {
        return store.meta(key);
    }

    @Override
    public List<EntryMeta> list() {
        return store.list();
    }

    @Override
    public boolean delete(String key) {
        return store.delete(key);
    }

    @Override
    public List<EntryMeta> deleteByName(String name) {
        return store.deleteByName(name);
    }

    @Override
    public int clear() {
        return store.clear();
    }

    @Override
    public StoreStats stats() {
        return store.stats();
    }

    @Override
    public boolean setPinned(String key, boolean pinned) {
        return store.setPinned(key, pinned);
    }

    @Override
    public void setSizeLimit(long bytes) {
        store.setSizeLimit(bytes);
    }

    @Override
    public long sizeLimit() {
        return store.sizeLimit();
    }

    @Override
    public Optional<String> setting(String name) {
        return store.setting(name);
    }

    @Override
    public void setSetting(String name, String value) {
        store.setSetting(name, value);
    }

    @Override
    public Optional<String> takeWarning() {
        return store.takeWarning();
    }

    @Override
    public void close() {
        store.close();
    }
}
