package dev.javacached.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * What the RocksDB index holds and how it is laid out: {@code "e:<key>"} → an authenticated
 * {@link EntryRecord}, {@code "s:<name>"} → a setting, {@code "c:sizeLimit"} → the size cap.
 * Every method runs inside {@link IndexLease#withIndex} on the database it was given; an entry
 * that fails authentication is deleted where it is met and never returned.
 */
final class EntryIndex {
    private static final String ENTRY = "e:";
    private static final String SETTING = "s:";
    private static final String SIZE_LIMIT = "c:sizeLimit";

    private final Secret secret;
    private final Blobs blobs;
    private final long defaultSizeLimit;

    EntryIndex(Secret secret, Blobs blobs, long defaultSizeLimit) {
        this.secret = secret;
        this.blobs = blobs;
        this.defaultSizeLimit = defaultSizeLimit;
    }

    /** What the index holds under a key, as a lookup reads it (its entry is touched). */
    sealed interface Indexed {
        /** No entry, or one of an old format (forgotten). */
        record Absent() implements Indexed {
        }

        /** An entry that failed authentication or parsing; it has been deleted. */
        record Rejected(String reason) implements Indexed {
        }

        record Found(EntryRecord entry) implements Indexed {
        }
    }

    /**
     * The entry under {@code key} for a lookup: its last use is set to {@code nowMillis} (never
     * back in time); an entry of an old format is forgotten, a rejected one deleted.
     */
    Indexed lookup(RocksDB db, String key, long nowMillis) throws RocksDBException {
        byte[] raw = db.get(utf8(ENTRY + key));
        if (raw == null) {
            return new Indexed.Absent();
        }
        EntryRecord r;
        try {
            r = EntryRecord.parse(raw, secret);
            if (!r.key().equals(key)) {
                throw new IOException("index entry belongs to another key");
            }
        } catch (EntryRecord.OldVersionException e) {
            // written by an older format: never read, just forgotten (its blob is swept later)
            deleteEntry(db, key);
            return new Indexed.Absent();
        } catch (IOException e) {
            deleteEntry(db, key);
            return new Indexed.Rejected(e.getMessage());
        }
        EntryRecord t = r.touched(Math.max(nowMillis, r.lastUsedMillis()));
        try (WriteOptions wo = new WriteOptions()) {
            db.put(wo, utf8(ENTRY + key), t.toBytes(secret));
        }
        return new Indexed.Found(t);
    }

    /** The authentic entry under {@code key}, or null. */
    EntryRecord read(RocksDB db, String key) throws RocksDBException {
        byte[] raw = db.get(utf8(ENTRY + key));
        if (raw == null) {
            return null;
        }
        try {
            EntryRecord r = EntryRecord.parse(raw, secret);
            return r.key().equals(key) ? r : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Writes {@code rec} in one synced batch. */
    void write(RocksDB db, EntryRecord rec) throws RocksDBException {
        try (WriteBatch wb = new WriteBatch(); WriteOptions wo = syncWrites()) {
            wb.put(utf8(ENTRY + rec.key()), rec.toBytes(secret));
            db.write(wo, wb);
        }
    }

    void deleteEntry(RocksDB db, String key) throws RocksDBException {
        try (WriteOptions wo = syncWrites()) {
            db.delete(wo, utf8(ENTRY + key));
        }
    }

    /** All authentic entries; entries that fail authentication are removed as a side effect. */
    List<EntryRecord> scan(RocksDB db) throws RocksDBException {
        List<EntryRecord> out = new ArrayList<>();
        List<byte[]> bad = new ArrayList<>();
        byte[] prefix = utf8(ENTRY);
        try (RocksIterator it = db.newIterator()) {
            for (it.seek(prefix); it.isValid() && startsWith(it.key(), prefix); it.next()) {
                String key = new String(it.key(), prefix.length, it.key().length - prefix.length, StandardCharsets.UTF_8);
                try {
                    EntryRecord r = EntryRecord.parse(it.value(), secret);
                    if (r.key().equals(key)) {
                        out.add(r);
                        continue;
                    }
                } catch (IOException ignored) {
                    // falls through to removal
                }
                bad.add(it.key());
            }
            it.status(); // a damaged block ends the iteration early: report it, never a short list
        }
        if (!bad.isEmpty()) {
            try (WriteBatch wb = new WriteBatch(); WriteOptions wo = syncWrites()) {
                for (byte[] k : bad) {
                    wb.delete(k);
                }
                db.write(wo, wb);
            }
        }
        return out;
    }

    /** Removes {@code victims} in one synced batch, then the blobs no entry references any more. */
    void remove(RocksDB db, List<EntryRecord> victims) throws RocksDBException {
        if (victims.isEmpty()) {
            return;
        }
        Set<String> digests = new HashSet<>();
        try (WriteBatch wb = new WriteBatch(); WriteOptions wo = syncWrites()) {
            for (EntryRecord r : victims) {
                wb.delete(utf8(ENTRY + r.key()));
                if (r.isBlob()) {
                    digests.add(r.digest());
                }
            }
            db.write(wo, wb);
        }
        dropBlobsIfUnreferenced(db, digests);
    }

    /** Deletes blob files no remaining entry references (call after the index commit). */
    void dropBlobsIfUnreferenced(RocksDB db, Set<String> digests) throws RocksDBException {
        if (digests.isEmpty()) {
            return;
        }
        Set<String> live = new HashSet<>();
        for (EntryRecord r : scan(db)) {
            live.add(r.digest());
        }
        for (String d : digests) {
            if (!live.contains(d)) {
                try {
                    Files.deleteIfExists(blobs.pathOf(d));
                } catch (IOException ignored) {
                    // the orphan sweep retries
                }
            }
        }
    }

    /** The persisted size cap, or the configured default. */
    long sizeLimit(RocksDB db) throws RocksDBException {
        byte[] v = db.get(utf8(SIZE_LIMIT));
        if (v == null) {
            return defaultSizeLimit;
        }
        try {
            return Long.parseLong(new String(v, StandardCharsets.UTF_8));
        } catch (NumberFormatException e) {
            return defaultSizeLimit;
        }
    }

    void setSizeLimit(RocksDB db, long bytes) throws RocksDBException {
        try (WriteOptions wo = syncWrites()) {
            db.put(wo, utf8(SIZE_LIMIT), utf8(Long.toString(bytes)));
        }
    }

    Optional<String> setting(RocksDB db, String name) throws RocksDBException {
        byte[] v = db.get(utf8(SETTING + name));
        return Optional.ofNullable(v).map(b -> new String(b, StandardCharsets.UTF_8));
    }

    void setSetting(RocksDB db, String name, String value) throws RocksDBException {
        try (WriteOptions wo = syncWrites()) {
            db.put(wo, utf8(SETTING + name), utf8(value));
        }
    }

    private static boolean startsWith(byte[] a, byte[] prefix) {
        if (a.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (a[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static WriteOptions syncWrites() {
        return new WriteOptions().setSync(true);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
