package dev.javacached.store;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
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
    /** 2: blob tags over per-chunk hashes ({@link ChunkedHash}); entries of version 1 are misses. */
    private static final int VERSION = 2;

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
            out.writeUTF(key);
            out.writeUTF(name);
            out.writeUTF(typeName);
            out.writeLong(sizeBytes);
            out.writeUTF(digest);
            out.writeLong(computeNanos);
            out.writeLong(createdMillis);
            writeMap(out, provenance);
            out.writeInt(attachment.length);
            out.write(attachment);
            writeMap(out, classes);
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

    private static void writeMap(DataOutputStream out, Map<String, String> m) throws IOException {
        out.writeInt(m.size());
        for (Map.Entry<String, String> e : new TreeMap<>(m).entrySet()) {
            out.writeUTF(e.getKey());
            out.writeUTF(e.getValue());
        }
    }

    private static Map<String, String> readMap(DataInputStream in) throws IOException {
        int n = in.readInt();
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < n; i++) {
            m.put(in.readUTF(), in.readUTF());
        }
        return m;
    }

    private static EntryRecord fromImmutable(byte[] imm, long lastUsed, long hits, boolean pinned) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(imm));
        int version = in.readInt();
        if (version > 0 && version < VERSION) {
            throw new OldVersionException(version);
        }
        if (version != VERSION) {
            throw new IOException("index entry version " + version + " is not supported");
        }
        String key = in.readUTF();
        String name = in.readUTF();
        String typeName = in.readUTF();
        long size = in.readLong();
        String digest = in.readUTF();
        long compute = in.readLong();
        long created = in.readLong();
        Map<String, String> prov = readMap(in);
        byte[] att = in.readNBytes(in.readInt());
        Map<String, String> classes = readMap(in);
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
