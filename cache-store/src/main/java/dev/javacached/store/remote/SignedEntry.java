package dev.javacached.store.remote;

import dev.javacached.store.PortableEntry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The bytes stored under {@code /ac/<key>}: a {@link PortableEntry} (fingerprint, metadata, the
 * value's length and SHA-256) and an Ed25519 signature over them by a writer's key.
 * <pre>
 *   "JCR1" | u32 body length | body | u32 signature length | signature
 *   signature = Ed25519(writer, "java-cached remote entry 1\0" | body)
 * </pre>
 * The body is big-endian: u32 version, the fields in record order (strings as u32 length and
 * UTF-8, maps sorted by key as u32 count and pairs, the attachment as u32 length and bytes).
 */
final class SignedEntry {
    static final int VERSION = 1;
    /** Refuses ac entries bigger than this before reading them (an attachment is at most a few MB). */
    static final int MAX_BYTES = 32 << 20;
    private static final byte[] MAGIC = "JCR1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CONTEXT = "java-cached remote entry 1\0".getBytes(StandardCharsets.US_ASCII);

    private SignedEntry() {
    }

    /** Why an entry on the server is not used: never a crash, always a miss. */
    static final class Rejected extends Exception {
        Rejected(String message) {
            super(message);
        }
    }

    static byte[] sign(PortableEntry e, PrivateKey key) throws GeneralSecurityException {
        byte[] body = body(e);
        byte[] sig = signature(body, key);
        ByteArrayOutputStream bos = new ByteArrayOutputStream(body.length + 80);
        try (DataOutputStream out = new DataOutputStream(bos)) {
            out.write(MAGIC);
            out.writeInt(body.length);
            out.write(body);
            out.writeInt(sig.length);
            out.write(sig);
        } catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
        return bos.toByteArray();
    }

    /**
     * Parses {@code bytes}, checks the signature against every trusted key and that the entry is
     * the one asked for ({@code key}); the verified entry, or {@link Rejected} with the reason.
     */
    static PortableEntry verify(byte[] bytes, String key, List<PublicKey> trusted) throws Rejected {
        byte[] body;
        byte[] sig;
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
            byte[] magic = in.readNBytes(4);
            if (!java.util.Arrays.equals(magic, MAGIC)) {
                throw new Rejected("not a java-cached entry (bad magic)");
            }
            body = readBytes(in);
            sig = readBytes(in);
            if (in.available() != 0) {
                throw new Rejected("trailing bytes after the signature");
            }
        } catch (IOException e) {
            throw new Rejected("malformed entry: " + e.getMessage());
        }
        if (!signedByOneOf(body, sig, trusted)) {
            throw new Rejected("not signed by a trusted writer");
        }
        PortableEntry e;
        try {
            e = parseBody(body);
        } catch (IOException | RuntimeException ex) {
            throw new Rejected("a signed entry that does not parse: " + ex.getMessage());
        }
        if (!e.key().equals(key)) {
            throw new Rejected("signed for another fingerprint (" + e.key() + ")");
        }
        if (!e.sha256().matches("[0-9a-f]{64}") || e.sizeBytes() < 0) {
            throw new Rejected("a bad blob digest or size");
        }
        return e;
    }

    /**
     * Signs and verifies one message with a new key pair, so that the first entry a kernel checks
     * does not pay for loading and initialising the Ed25519 code. Never throws.
     */
    static void warmUp() {
        try {
            java.security.KeyPair pair = java.security.KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            byte[] body = CONTEXT.clone();
            signedByOneOf(body, signature(body, pair.getPrivate()), List.of(pair.getPublic()));
        } catch (GeneralSecurityException | RuntimeException e) {
            // only a warm-up
        }
    }

    /** The Ed25519 signature of {@code body} under this format's context. */
    private static byte[] signature(byte[] body, PrivateKey key) throws GeneralSecurityException {
        Signature s = Signature.getInstance("Ed25519");
        s.initSign(key);
        s.update(CONTEXT);
        s.update(body);
        return s.sign();
    }

    private static boolean signedByOneOf(byte[] body, byte[] sig, List<PublicKey> trusted) {
        for (PublicKey k : trusted) {
            try {
                Signature s = Signature.getInstance("Ed25519");
                s.initVerify(k);
                s.update(CONTEXT);
                s.update(body);
                if (s.verify(sig)) {
                    return true;
                }
            } catch (GeneralSecurityException e) {
                // a malformed signature: try the next key, then reject
            }
        }
        return false;
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > in.available()) {
            throw new IOException("a length past the end");
        }
        return in.readNBytes(n);
    }

    static byte[] body(PortableEntry e) {
        ByteArrayOutputStream bos = new ByteArrayOutputStream(256 + e.attachment().length);
        try (DataOutputStream out = new DataOutputStream(bos)) {
            out.writeInt(VERSION);
            str(out, e.key());
            str(out, e.name());
            str(out, e.typeName());
            out.writeLong(e.sizeBytes());
            str(out, e.sha256());
            out.writeLong(e.computeNanos());
            out.writeLong(e.createdMillis());
            map(out, e.provenance());
            byte[] att = e.attachment();
            out.writeInt(att.length);
            out.write(att);
            map(out, e.classes());
            out.writeBoolean(e.pure());
        } catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
        return bos.toByteArray();
    }

    private static PortableEntry parseBody(byte[] body) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(body));
        int version = in.readInt();
        if (version != VERSION) {
            throw new IOException("entry version " + version + " (this kernel reads " + VERSION + ")");
        }
        String key = str(in);
        String name = str(in);
        String type = str(in);
        long size = in.readLong();
        String sha = str(in);
        long compute = in.readLong();
        long created = in.readLong();
        Map<String, String> prov = map(in);
        byte[] att = readBytes(in);
        Map<String, String> classes = map(in);
        boolean pure = in.readBoolean();
        if (in.available() != 0) {
            throw new IOException("trailing bytes in the body");
        }
        return new PortableEntry(key, name, type, size, sha, compute, created, prov, att, classes, pure);
    }

    private static void str(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String str(DataInputStream in) throws IOException {
        return new String(readBytes(in), StandardCharsets.UTF_8);
    }

    private static void map(DataOutputStream out, Map<String, String> m) throws IOException {
        out.writeInt(m.size());
        for (Map.Entry<String, String> e : new TreeMap<>(m).entrySet()) {
            str(out, e.getKey());
            str(out, e.getValue());
        }
    }

    private static Map<String, String> map(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > in.available()) {
            throw new IOException("a bad map size");
        }
        Map<String, String> m = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            m.put(str(in), str(in));
        }
        return m;
    }
}
