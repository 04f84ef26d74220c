package dev.javacached.kernel.cache;

import dev.javacached.store.ClassResolver;
import dev.javacached.store.codec.NotStorableException;
import dev.javacached.store.codec.Output;
import dev.javacached.store.codec.ValueCodec;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The content digest of a memoized call's argument (or receiver): SHA-256 over the bytes the
 * store's own codec ({@link ValueCodec}) writes for it, plus the class table it recorded. The
 * codec encodes an object graph only when its bytes decode to the same graph (the round-trip
 * check), so equal digests mean arguments the body cannot tell apart; a value the codec cannot
 * encode or give back the same (a stream, a lock, a lambda, a socket) has no digest, and the
 * call runs uncached with the codec's reason. Primitive arrays, strings and boxed values take
 * the codec's zero-copy path: hashing them costs one pass over their bytes.
 */
final class ArgumentDigest {
    /** Chunks the codec hands to the hash; large enough that per-chunk costs vanish. */
    private static final int CHUNK = 1 << 20;

    /** A digest, or why there is none. */
    sealed interface Result {
    }

    record Digest(String hex) implements Result {
    }

    record NotDigestible(String reason) implements Result {
    }

    private ArgumentDigest() {
    }

    static Result of(Object value, ClassResolver resolver) {
        MessageDigest sha = sha256();
        try {
            ValueCodec.Encoded enc = ValueCodec.encode(value, resolver, new Output(CHUNK, sha::update));
            // the class table says which classes the bytes' names stand for
            for (Map.Entry<String, String> c : new TreeMap<>(enc.classes()).entrySet()) {
                sha.update(("\u0000" + c.getKey() + "\u0000" + c.getValue()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            return new Digest(HexFormat.of().formatHex(sha.digest()));
        } catch (NotStorableException e) {
            return new NotDigestible(e.getMessage());
        } catch (IOException | RuntimeException | LinkageError | StackOverflowError e) {
            return new NotDigestible("its content could not be read: " + e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
