package dev.javacached.store;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;

/**
 * An index entry as stored in RocksDB: an immutable part authenticated by HMAC (key, metadata,
 * blob digest, class table, inline value) followed by mutable usage fields (last used, hits,
 * pinned) that change without re-signing.
 */
record EntryRecord(String key, String name, String typeName, long sizeBytes, String digest, long computeNanos,
                   long createdMillis, Map<String, String> provenance, byte[] attachment,
                   Map<String, String> classes, boolean pure, byte[] inline,
                   long lastUsedMillis, long hits, boolean pinned) {
    /**
     * 2: blob tags over per-chunk hashes ({@link ChunkedHash}); entries of version 1 are misses.
     * 3: strings as a u32 length and UTF-8 bytes instead of {@code writeUTF}, whose 64 KB limit
     * made a put with a long provenance (a cell's source) fail in its background commit. Version 2
     * entries are still read (same fields, same blob tags).
     */
    private static final int VERSION = 3;
    private static final int VERSION_UTF = 2;

    /** An authentic entry written by an older format version; treated as a miss, never read. */
    static final class OldVersionException extends IOException {
        OldVersionException(int version) {
            super("index entry version " + version + " is no longer read");
        }
    }
    private static final int MAC_LEN = 32;

    boolean isBlob() {
        return inline == null;
    }

    EntryMeta meta() {
        return new EntryMeta(key, name, typeName, sizeBytes, digest, computeNanos, createdMillis, lastUsedMillis,
                hits, pinned, provenance, attachment);
    }

    EntryRecord touched(long now) {
        return new EntryRecord(key, name, typeName, sizeBytes, digest, computeNanos, createdMillis, provenance,
                attachment, classes, pure, inline, now, hits + 1, pinned);
    }

    EntryRecord withPinned(boolean p) {
        return new EntryRecord(key, name, typeName, sizeBytes, digest, computeNanos, createdMillis, provenance,
                attachment, classes, pure, inline, lastUsedMillis, hits, p);
    }

    byte[] toBytes(Secret secret) {
        return toBytes(secret, VERSION);
    }

    /** Test seam: signs the entry as if written by format {@code version}. */
    byte[] toBytes(Secret secret, int version) {
        byte[] imm = immutableBytes(version);
        Mac mac = secret.mac();
        mac.update("entry".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        byte[] tag = mac.doFinal(imm);
        ByteBuffer b = ByteBuffer.allocate(4 + imm.length + MAC_LEN + 17);
        b.putInt(imm.length).put(imm).put(tag).putLong(lastUsedMillis).putLong(hits).put((byte) (pinned ? 1 : 0));
        return b.array();
    }

    /** Parses and authenticates; throws when the bytes are damaged or not signed with our key. */
    static EntryRecord parse(byte[] bytes, Secret secret) throws IOException {
        try {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            int len = b.getInt();
            if (len < 0 || len > b.remaining() - MAC_LEN - 17) {
                throw new IOException("index entry has a bad length");
            }
            byte[] imm = new byte[len];
            b.get(imm);
            byte[] tag = new byte[MAC_LEN];
            b.get(tag);
            Mac mac = secret.mac();
            mac.update("entry".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            if (!Secret.equal(tag, mac.doFinal(imm))) {
                throw new IOException("index entry fails authentication");
            }
            long lastUsed = b.getLong();
            long hits = b.getLong();
            boolean pinned = b.get() != 0;
            return fromImmutable(imm, lastUsed, hits, pinned);
        } catch (java.nio.BufferUnderflowException e) {
            throw new IOException("index entry truncated", e);
        }
    }

    private byte[] immutableBytes(int version) {
        try {
            ByteArrayOutputStream bos = new ByteArrayOutputStream(256 + (inline == null ? 0 : inline.length));
            DataOutputStream out = new DataOutputStream(bos);
            out.writeInt(version);
            boolean utf = version <= VERSION_UTF;
            writeString(out, key, utf);
            writeString(out, name, utf);
            writeString(out, typeName, utf);
            out.writeLong(sizeBytes);
            writeString(out, digest, utf);
            out.writeLong(computeNanos);
            out.writeLong(createdMillis);
            writeMap(out, provenance, utf);
            out.writeInt(attachment.length);
            out.write(attachment);
            writeMap(out, classes, utf);
            out.writeBoolean(pure);
            out.writeInt(inline == null ? -1 : inline.length);
            if (inline != null) {
                out.write(inline);
            }
            out.flush();
            return bos.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code utf}: the old {@code writeUTF} form (at most 64 KB of modified UTF-8; tests of old entries). */
    private static void writeString(DataOutputStream out, String s, boolean utf) throws IOException {
        if (utf) {
            out.writeUTF(s);
            return;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readString(DataInputStream in, boolean utf) throws IOException {
        if (utf) {
            return in.readUTF();
        }
        int n = in.readInt();
        if (n < 0 || n > in.available()) {
            throw new IOException("index entry has a bad string length");
        }
        return new String(in.readNBytes(n), StandardCharsets.UTF_8);
    }

    private static void writeMap(DataOutputStream out, Map<String, String> m, boolean utf) throws IOException {
        out.writeInt(m.size());
        for (Map.Entry<String, String> e : new TreeMap<>(m).entrySet()) {
            writeString(out, e.getKey(), utf);
            writeString(out, e.getValue(), utf);
        }
    }

    private static Map<String, String> readMap(DataInputStream in, boolean utf) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > in.available()) {
            throw new IOException("index entry has a bad map size");
        }
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < n; i++) {
            m.put(readString(in, utf), readString(in, utf));
        }
        return m;
    }

    private static EntryRecord fromImmutable(byte[] imm, long lastUsed, long hits, boolean pinned) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(imm));
        int version = in.readInt();
        if (version > 0 && version < VERSION_UTF) {
            throw new OldVersionException(version);
        }
        if (version != VERSION && version != VERSION_UTF) {
            throw new IOException("index entry version " + version + " is not supported");
        }
        boolean utf = version == VERSION_UTF;
        String key = readString(in, utf);
        String name = readString(in, utf);
        String typeName = readString(in, utf);
        long size = in.readLong();
        String digest = readString(in, utf);
        long compute = in.readLong();
        long created = in.readLong();
        Map<String, String> prov = readMap(in, utf);
        byte[] att = in.readNBytes(in.readInt());
        Map<String, String> classes = readMap(in, utf);
        boolean pure = in.readBoolean();
        int inlineLen = in.readInt();
        byte[] inline = inlineLen < 0 ? null : in.readNBytes(inlineLen);
        return new EntryRecord(key, name, typeName, size, digest, compute, created, prov, att, classes, pure, inline,
                lastUsed, hits, pinned);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EntryRecord r && key.equals(r.key) && digest.equals(r.digest)
                && createdMillis == r.createdMillis && Arrays.equals(inline, r.inline);
    }

    @Override
    public int hashCode() {
        return key.hashCode() * 31 + digest.hashCode();
    }
}
