package dev.javacached.kernel.transport;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC signing of the four JSON frames (header, parent_header, metadata, content).
 * An empty key disables signing: signatures are "" and not checked (spec).
 * Thread-safe: a {@link Mac} per call (cheap clone of the initialised prototype).
 */
public final class Signer {
    private static final HexFormat HEX = HexFormat.of();
    private final Mac prototype;

    private Signer(Mac prototype) {
        this.prototype = prototype;
    }

    public static Signer create(String scheme, String key) {
        if (!"hmac-sha256".equals(scheme)) {
            throw new UnsupportedSchemeException("unsupported signature_scheme \"" + scheme
                    + "\" in the connection file: java-cached supports only hmac-sha256");
        }
        if (key == null || key.isEmpty()) {
            return new Signer(null);
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return new Signer(mac);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    public boolean enabled() {
        return prototype != null;
    }

    /** Hex signature of the frames, or "" when signing is off. */
    public String sign(byte[]... frames) {
        if (prototype == null) {
            return "";
        }
        Mac mac;
        try {
            mac = (Mac) prototype.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
        for (byte[] f : frames) {
            mac.update(f);
        }
        return HEX.formatHex(mac.doFinal());
    }

    /** Constant-time check; always true when signing is off. */
    public boolean verify(byte[] signature, byte[]... frames) {
        if (prototype == null) {
            return true;
        }
        byte[] expected = sign(frames).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, signature);
    }
}
