package dev.javacached.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The per-user secret kept in the store directory (0600). Entries and blobs are authenticated
 * with HMAC-SHA256 under keys derived from it, so bytes planted by someone who cannot read
 * the secret never verify.
 */
final class Secret {
    static final String FILE = "secret.key";
    private final byte[] macKey;
    private final long polyKey;

    private Secret(byte[] master) {
        this.macKey = derive(master, "java-cached entry+blob mac v1");
        this.polyKey = ByteBuffer.wrap(derive(master, "java-cached poly key v1")).getLong();
    }

    /** Loads the secret, creating it atomically (link, never replace) when absent. */
    static Secret loadOrCreate(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        if (!Files.exists(file)) {
            byte[] fresh = new byte[32];
            new SecureRandom().nextBytes(fresh);
            Path tmp = Files.createTempFile(dir, "secret", ".tmp", Fs.FILE_ATTR);
            try {
                Files.write(tmp, fresh);
                Fs.fsync(tmp);
                try {
                    Files.createLink(file, tmp);
                } catch (FileAlreadyExistsException raced) {
                    // another process won; use its key
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
            Fs.fsyncDir(dir);
        }
        byte[] master = Files.readAllBytes(file);
        if (master.length != 32) {
            throw new IOException(file + " is not a 32-byte key (" + master.length + " bytes)");
        }
        return new Secret(master);
    }

    private static byte[] derive(byte[] master, String label) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(master, "HmacSHA256"));
            return mac.doFinal(label.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    Mac mac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(macKey, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    PolyHash poly() {
        return new PolyHash(polyKey);
    }

    static boolean equal(byte[] a, byte[] b) {
        return MessageDigest.isEqual(a, b);
    }
}
