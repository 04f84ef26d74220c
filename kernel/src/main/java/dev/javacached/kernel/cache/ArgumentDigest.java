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
    /** Chunks the codec hands to the hash: small for small values (the buffer is allocated per digest), 1 MiB for big ones. */
    private static final int SMALL_CHUNK = 4 << 10;
    private static final int CHUNK = 1 << 20;

    /** A digest, or why there is none. */
    sealed interface Result {
    }

    record Digest(String hex) implements Result {
    }

    record NotDigestible(String reason) implements Result {
    }

    /** Separates the two ways a digest is made, so their inputs can never be confused. */
    private static final byte[] LEAF = "java-cached leaf\u0000".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    private static final byte[] CODEC = "java-cached codec\u0000".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    private ArgumentDigest() {
    }

    static Result of(Object value, ClassResolver resolver) {
        MessageDigest sha = sha256();
        String leaf = leaf(value);
        if (leaf != null) {
            // boxed values and short strings, the usual small arguments: no codec buffer to allocate
            sha.update(LEAF);
            return new Digest(HexFormat.of().formatHex(sha.digest(leaf.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
        }
        String resource = resource(value);
        if (resource != null) {
            return new NotDigestible(resource);
        }
        try {
            sha.update(CODEC);
            int chunk = value.getClass().isArray() && java.lang.reflect.Array.getLength(value) > 512 ? CHUNK : SMALL_CHUNK;
            ValueCodec.Encoded enc = ValueCodec.encode(value, resolver, new Output(chunk, sha::update));
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

    /**
     * Why {@code v} is a handle on something outside itself (a lock, a thread, an open stream or
     * socket, an iterator, a future, an executor), whose digest would say nothing about what the
     * body does with it; null for an ordinary value. Only the argument itself is checked: inside
     * a value, the codec decides.
     */
    static String resource(Object v) {
        String kind = v instanceof java.util.concurrent.locks.Lock ? "a lock"
                : v instanceof Thread ? "a thread"
                : v instanceof java.util.stream.BaseStream<?, ?> ? "a stream"
                : v instanceof AutoCloseable ? "an open resource (" + v.getClass().getSimpleName() + ")"
                : v instanceof java.util.Iterator<?> || v instanceof java.util.Spliterator<?> ? "an iterator"
                : v instanceof java.util.concurrent.Future<?> ? "a future"
                : v instanceof java.util.concurrent.Executor ? "an executor"
                : null;
        return kind == null ? null : "it is " + kind + ", whose use is not a value the cache can key on";
    }

    /**
     * An unambiguous text for null, a boxed primitive or a string (type tag, then the exact
     * value: doubles and floats by their bits), or null for anything else.
     */
    static String leaf(Object v) {
        if (v == null) {
            return "N";
        } else if (v instanceof String s) {
            return s.length() <= 4096 ? "S" + s : null;
        } else if (v instanceof Integer i) {
            return "I" + i;
        } else if (v instanceof Long l) {
            return "J" + l;
        } else if (v instanceof Double d) {
            return "D" + Double.doubleToRawLongBits(d);
        } else if (v instanceof Float f) {
            return "F" + Float.floatToRawIntBits(f);
        } else if (v instanceof Boolean b) {
            return "Z" + b;
        } else if (v instanceof Character c) {
            return "C" + (int) c;
        } else if (v instanceof Short s) {
            return "s" + s;
        } else if (v instanceof Byte b) {
            return "B" + b;
        }
        return null;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
