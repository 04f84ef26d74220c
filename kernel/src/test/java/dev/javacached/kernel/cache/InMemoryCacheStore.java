package dev.javacached.kernel.cache;

import dev.javacached.store.CacheStore;
import dev.javacached.store.ClassResolver;
import dev.javacached.store.EntryInfo;
import dev.javacached.store.EntryMeta;
import dev.javacached.store.Lookup;
import dev.javacached.store.PutResult;
import dev.javacached.store.StoreStats;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A HashMap-backed {@link CacheStore} for the cache logic's unit tests: values really are
 * encoded (Java serialization) so a restore gets a copy, like from the real store. Time is a
 * counter. {@link #failPuts} simulates a full disk; {@link #unusable} a corrupt entry.
 */
final class InMemoryCacheStore implements CacheStore {
    private record Entry(byte[] bytes, EntryMeta meta) {
    }

    private final Map<String, Entry> entries = new HashMap<>();
    private final Map<String, String> settings = new HashMap<>();
    private long clock;
    private long sizeLimit = Long.MAX_VALUE;
    String failPuts;
    String unusable;
    int gets;
    int puts;

    @Override
    public synchronized PutResult put(String key, EntryInfo info, Object value, ClassResolver resolver) {
        puts++;
        if (failPuts != null) {
            return new PutResult.Failed(failPuts);
        }
        byte[] bytes;
        try (ByteArrayOutputStream buf = new ByteArrayOutputStream();
             ObjectOutputStream out = new ObjectOutputStream(buf)) {
            out.writeObject(value);
            out.flush();
            bytes = buf.toByteArray();
        } catch (NotSerializableException e) {
            return new PutResult.NotStorable("not serializable: " + e.getMessage());
        } catch (IOException e) {
            return new PutResult.Failed(e.toString());
        }
        long now = ++clock;
        EntryMeta meta = new EntryMeta(key, info.name(), info.typeName(), bytes.length, digest(bytes),
                info.computeNanos(), now, now, 0, false, info.provenance(), info.attachment());
        entries.put(key, new Entry(bytes, meta));
        return new PutResult.Stored(meta);
    }

    @Override
    public synchronized Lookup get(String key, ClassResolver resolver) {
        gets++;
        Entry e = entries.get(key);
        if (e == null) {
            return new Lookup.Miss();
        }
        if (unusable != null) {
            return new Lookup.Unusable(unusable);
        }
        try (ObjectInputStream in = new ResolvingInput(new ByteArrayInputStream(e.bytes()), resolver)) {
            Object value = in.readObject();
            EntryMeta m = e.meta();
            EntryMeta used = new EntryMeta(m.key(), m.name(), m.typeName(), m.sizeBytes(), m.digest(),
                    m.computeNanos(), m.createdMillis(), ++clock, m.hits() + 1, m.pinned(), m.provenance(),
                    m.attachment());
            entries.put(key, new Entry(e.bytes(), used));
            return new Lookup.Hit(value, used);
        } catch (IOException | ClassNotFoundException ex) {
            return new Lookup.Unusable(ex.toString());
        }
    }

    private static final class ResolvingInput extends ObjectInputStream {
        private final ClassResolver resolver;

        ResolvingInput(InputStream in, ClassResolver resolver) throws IOException {
            super(in);
            this.resolver = resolver;
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
            try {
                return resolver.resolve(desc.getName());
            } catch (ClassNotFoundException e) {
                return super.resolveClass(desc);
            }
        }
    }

    @Override
    public synchronized Optional<EntryMeta> meta(String key) {
        return Optional.ofNullable(entries.get(key)).map(Entry::meta);
    }

    @Override
    public synchronized List<EntryMeta> list() {
        List<EntryMeta> out = new ArrayList<>();
        entries.values().forEach(e -> out.add(e.meta()));
        out.sort(Comparator.comparingLong(EntryMeta::createdMillis).reversed());
        return out;
    }

    @Override
    public synchronized boolean delete(String key) {
        return entries.remove(key) != null;
    }

    @Override
    public synchronized List<EntryMeta> deleteByName(String name) {
        List<EntryMeta> removed = new ArrayList<>();
        entries.values().removeIf(e -> e.meta().name().equals(name) && removed.add(e.meta()));
        return removed;
    }

    @Override
    public synchronized int clear() {
        int n = entries.size();
        entries.clear();
        return n;
    }

    @Override
    public synchronized StoreStats stats() {
        long bytes = entries.values().stream().mapToLong(e -> e.bytes().length).sum();
        long pinned = entries.values().stream().filter(e -> e.meta().pinned()).count();
        return new StoreStats(Path.of("memory"), entries.size(), bytes, sizeLimit, pinned);
    }

    @Override
    public synchronized boolean setPinned(String key, boolean pinned) {
        return entries.containsKey(key);
    }

    @Override
    public synchronized void setSizeLimit(long bytes) {
        sizeLimit = bytes;
    }

    @Override
    public synchronized long sizeLimit() {
        return sizeLimit;
    }

    @Override
    public synchronized Optional<String> setting(String name) {
        return Optional.ofNullable(settings.get(name));
    }

    @Override
    public synchronized void setSetting(String name, String value) {
        settings.put(name, value);
    }

    @Override
    public void close() {
    }

    synchronized Map<String, EntryMeta> byName() {
        Map<String, EntryMeta> out = new LinkedHashMap<>();
        list().forEach(m -> out.putIfAbsent(m.name(), m));
        return out;
    }

    private static String digest(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
