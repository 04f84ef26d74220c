package dev.javacached.store;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The blob hash of format 2: the value's bytes cut at fixed offsets into {@link #CHUNK}-byte
 * chunks (the last one shorter), each hashed on its own with {@link PolyHash} under the same
 * secret point. The chunks are independent, so a reader can hash them in parallel; the list of
 * chunk hashes goes, with the length, under HMAC (see {@link Blobs#tag}). Streaming use
 * ({@link #update}) and per-chunk use ({@link #chunk}) give the same values.
 */
final class ChunkedHash {
    /** Part of the format: changing it changes every tag. */
    static final int CHUNK = 1 << 20;
    private final PolyHash key;
    private PolyHash current;
    private long[] polys = new long[16];
    private int count;
    private long length;

    ChunkedHash(PolyHash key) {
        this.key = key;
        this.current = key.fresh();
    }

    static int chunks(long length) {
        return (int) ((length + CHUNK - 1) / CHUNK);
    }

    /** The hash of one whole chunk held in b at [from, to). */
    static long chunk(PolyHash key, ByteBuffer b, int from, int to) {
        ByteBuffer le = b.order() == ByteOrder.LITTLE_ENDIAN ? b : b.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        return key.hashRange(le, from, to);
    }

    /** Consumes buf from position to limit. */
    void update(ByteBuffer buf) {
        while (buf.hasRemaining()) {
            int inChunk = (int) (length % CHUNK);
            int n = Math.min(buf.remaining(), CHUNK - inChunk);
            if (inChunk == 0 && n == CHUNK) {
                // a whole chunk at once: the fast path
                push(chunk(key, buf, buf.position(), buf.position() + n));
                buf.position(buf.position() + n);
            } else {
                ByteBuffer part = buf.duplicate();
                part.limit(part.position() + n);
                current.update(part);
                buf.position(buf.position() + n);
                if (inChunk + n == CHUNK) {
                    push(current.finish());
                    current = key.fresh();
                }
            }
            length += n;
        }
    }

    /** Whether the next byte starts a chunk (so whole chunks may be hashed apart, see {@link #pushWhole}). */
    boolean aligned() {
        return length % CHUNK == 0;
    }

    /** Appends the hashes of whole chunks computed elsewhere with {@link #chunk}; needs {@link #aligned}. */
    void pushWhole(long[] chunkHashes) {
        if (!aligned()) {
            throw new IllegalStateException("not at a chunk boundary");
        }
        for (long h : chunkHashes) {
            push(h);
        }
        length += (long) chunkHashes.length * CHUNK;
    }

    PolyHash key() {
        return key;
    }

    private void push(long h) {
        if (count == polys.length) {
            polys = Arrays.copyOf(polys, count * 2);
        }
        polys[count++] = h;
    }

    long length() {
        return length;
    }

    /** The per-chunk hashes; call once, after the last update. */
    long[] finish() {
        if (length % CHUNK != 0) {
            push(current.finish());
        }
        return Arrays.copyOf(polys, count);
    }
}
