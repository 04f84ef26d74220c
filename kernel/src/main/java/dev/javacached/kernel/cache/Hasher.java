package dev.javacached.kernel.cache;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 over a sequence of length-prefixed fields, so that ("ab", "c") and ("a", "bc")
 * never hash alike.
 */
final class Hasher {
    private final MessageDigest digest;

    Hasher() {
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    Hasher add(String field) {
        byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
        int n = bytes.length;
        digest.update(new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
        digest.update(bytes);
        return this;
    }

    Hasher add(long value) {
        return add(Long.toString(value));
    }

    String hex() {
        return HexFormat.of().formatHex(digest.digest());
    }

    static String of(String... fields) {
        Hasher h = new Hasher();
        for (String f : fields) {
            h.add(f);
        }
        return h.hex();
    }
}
