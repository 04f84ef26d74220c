package dev.javacached.store.remote;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ed25519 keys of the remote tier's writers, in PEM (the JDK's own Ed25519, JDK 15+): a private
 * key (PKCS#8, {@code -----BEGIN PRIVATE KEY-----}) signs entries, public keys (X.509
 * SubjectPublicKeyInfo, {@code -----BEGIN PUBLIC KEY-----}) verify them. OpenSSL reads and writes
 * the same files ({@code openssl genpkey -algorithm ed25519}).
 */
public final class WriterKeys {
    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

    private WriterKeys() {
    }

    /** Writes a new key pair into {@code dir}: {@code private.pem} (0600) and {@code public.pem}. */
    public static void generate(Path dir) throws IOException {
        KeyPair pair;
        try {
            pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IOException("this JDK cannot make Ed25519 keys: " + e.getMessage(), e);
        }
        Files.createDirectories(dir);
        Path priv = dir.resolve("private.pem");
        Path pub = dir.resolve("public.pem");
        if (Files.exists(priv) || Files.exists(pub)) {
            throw new IOException(dir + " already holds private.pem or public.pem; not overwriting them");
        }
        Files.createFile(priv, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(priv, pem("PRIVATE KEY", pair.getPrivate().getEncoded()), StandardOpenOption.WRITE);
        Files.writeString(pub, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    /** The private key in {@code file}. */
    public static PrivateKey readPrivate(Path file) throws IOException {
        List<byte[]> ders = blocks(Files.readString(file), "PRIVATE KEY");
        if (ders.size() != 1) {
            throw new IOException(file + " holds " + ders.size() + " private keys (PEM \"PRIVATE KEY\"), not one");
        }
        try {
            return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(ders.get(0)));
        } catch (GeneralSecurityException e) {
            throw new IOException(file + " is not an Ed25519 private key: " + e.getMessage(), e);
        }
    }

    /** Every public key in {@code file} (one or more PEM blocks). */
    public static List<PublicKey> readPublic(Path file) throws IOException {
        List<PublicKey> keys = new ArrayList<>();
        for (byte[] der : blocks(Files.readString(file), "PUBLIC KEY")) {
            try {
                keys.add(KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der)));
            } catch (GeneralSecurityException e) {
                throw new IOException(file + " holds a public key that is not Ed25519: " + e.getMessage(), e);
            }
        }
        if (keys.isEmpty()) {
            throw new IOException(file + " holds no public key (PEM \"PUBLIC KEY\")");
        }
        return keys;
    }

    /** A short, stable id of a public key: the first 16 hex digits of SHA-256 over its encoding. */
    static String id(PublicKey key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getEncoded())).substring(0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<byte[]> blocks(String text, String type) throws IOException {
        List<byte[]> out = new ArrayList<>();
        Matcher m = PEM.matcher(text);
        while (m.find()) {
            if (m.group(1).equals(type)) {
                try {
                    out.add(Base64.getMimeDecoder().decode(m.group(2)));
                } catch (IllegalArgumentException e) {
                    throw new IOException("a PEM " + type + " block is not valid base64", e);
                }
            }
        }
        return out;
    }
}
