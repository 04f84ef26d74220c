package dev.javacached.store;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A keyed polynomial hash over GF(2^61-1) (an ε-almost-universal hash, ε ≈ (elements+3) / 2^61).
 * It is NOT a MAC by itself: its outputs must never be revealed. The store only ever feeds
 * them into HMAC-SHA256 (hash-then-PRF), which is what makes the blob tag unforgeable; see
 * README "Integrity and authenticity". Input is consumed in 7-byte little-endian elements
 * (so every element is below the prime and the encoding is injective); the message is
 * zero-padded to a multiple of 28 bytes and its byte length is bound in by the caller.
 *
 * <p>Four interleaved lanes (each stepping by r^4) break the multiply dependency chain; lane j
 * of block k carries element e = 4k + j, and the lanes are recombined as
 * a0·r^3 + a1·r^2 + a2·r + a3, so the result is Σ m_e · r^(4K+3-e): one polynomial with distinct
 * exponents. Reduction is lazy: accumulators stay below 2^61 + 8 and are never fully reduced
 * inside the loop (the sum accumulator + element stays below 2^62, so the signed 64×64 multiply
 * is exact).
 *
 * <p>{@link #hashRange} hashes a whole message held in a buffer (the hot path, used per chunk by
 * {@link ChunkedHash}); {@link #update}/{@link #finish} stream a message given in pieces and give
 * the same value.
 */
final class PolyHash {
    static final long P = (1L << 61) - 1;
    private static final long MASK56 = (1L << 56) - 1;
    private final long r;
    private final long r2;
    private final long r3;
    private final long r4;
    private long a0;
    private long a1;
    private long a2;
    private long a3;
    private final ByteBuffer pending = ByteBuffer.allocate(28 + 8).order(ByteOrder.LITTLE_ENDIAN);
    private long length;

    PolyHash(long key) {
        long k = (key & P) % P;
        this.r = k == 0 ? 0x5DEECE66DL : k;
        this.r2 = mul(r, r);
        this.r3 = mul(r2, r);
        this.r4 = mul(r2, r2);
    }

    /** A fresh hash with the same key. */
    PolyHash fresh() {
        return new PolyHash(r);
    }

    /** Fully reduced product mod P; x, y below 2^62. */
    static long mul(long x, long y) {
        return reduce(mulLazy(x, y));
    }

    /** x·y mod P, result below 2^61 + 8 (not fully reduced); x below 2^62, y below 2^61. */
    private static long mulLazy(long x, long y) {
        long lo = x * y;
        long hi = Math.multiplyHigh(x, y);
        long s = (lo & P) + ((lo >>> 61) | (hi << 3));   // < 2^61 + 2^62
        return (s & P) + (s >>> 61);                      // < 2^61 + 4
    }

    private static long reduce(long s) {
        s = (s & P) + (s >>> 61);
        return s >= P ? s - P : s;
    }

    /** Consumes {@code buf} from position to limit; leaves position at limit. */
    void update(ByteBuffer buf) {
        ByteBuffer b = buf.order() == ByteOrder.LITTLE_ENDIAN ? buf : buf.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        int pos = b.position();
        int lim = b.limit();
        length += lim - pos;
        while (pending.position() > 0 && pos < lim) {
            pending.put(b.get(pos++));
            if (pending.position() == 28) {
                blocks(pending, 0, 28);
                pending.clear();
            }
        }
        int whole = (lim - pos) / 28 * 28;
        // blocks() reads 8 bytes at offset 21 of each block, so it needs one byte beyond the last block.
        if (whole > 0 && pos + whole == lim) {
            whole -= 28;
        }
        if (whole > 0) {
            blocks(b, pos, pos + whole);
            pos += whole;
        }
        while (pos < lim) {
            pending.put(b.get(pos++));
            if (pending.position() == 28) {
                blocks(pending, 0, 28);
                pending.clear();
            }
        }
        buf.position(buf.limit());
    }

    /** Processes whole 28-byte blocks in [from, to); b must be readable up to to + 1 (or be the pending buffer). */
    private void blocks(ByteBuffer b, int from, int to) {
        long x0 = a0;
        long x1 = a1;
        long x2 = a2;
        long x3 = a3;
        long k = r4;
        for (int i = from; i < to; i += 28) {
            x0 = mulLazy(x0 + (b.getLong(i) & MASK56), k);
            x1 = mulLazy(x1 + (b.getLong(i + 7) & MASK56), k);
            x2 = mulLazy(x2 + (b.getLong(i + 14) & MASK56), k);
            x3 = mulLazy(x3 + (b.getLong(i + 21) & MASK56), k);
        }
        a0 = x0;
        a1 = x1;
        a2 = x2;
        a3 = x3;
    }

    /** The hash of everything consumed; the tail is zero-padded (the length disambiguates). */
    long finish() {
        if (pending.position() > 0) {
            while (pending.position() < pending.capacity()) {
                pending.put((byte) 0);
            }
            blocks(pending, 0, 28);
            pending.clear();
        }
        return combine(a0, a1, a2, a3);
    }

    private long combine(long x0, long x1, long x2, long x3) {
        long h = mul(x0, r3);
        h = reduce(h + mul(x1, r2));
        h = reduce(h + mul(x2, r));
        h = reduce(h + reduce(x3));
        return h;
    }

    long length() {
        return length;
    }

    /**
     * The hash of the message held in {@code b} at [from, to) (absolute indexes, b little-endian),
     * equal to a fresh hash updated with those bytes. Does not change this object.
     */
    long hashRange(ByteBuffer b, int from, int to) {
        long x0 = 0;
        long x1 = 0;
        long x2 = 0;
        long x3 = 0;
        long k = r4;
        int i = from;
        // each block reads 8 bytes at i + 21, so stop while a spare byte remains within b
        int end = to - 29;
        for (; i <= end; i += 28) {
            x0 = mulLazy(x0 + (b.getLong(i) & MASK56), k);
            x1 = mulLazy(x1 + (b.getLong(i + 7) & MASK56), k);
            x2 = mulLazy(x2 + (b.getLong(i + 14) & MASK56), k);
            x3 = mulLazy(x3 + (b.getLong(i + 21) & MASK56), k);
        }
        if (i < to) {
            ByteBuffer tail = ByteBuffer.allocate(2 * 28 + 8).order(ByteOrder.LITTLE_ENDIAN);
            for (int j = i; j < to; j++) {
                tail.put(b.get(j));
            }
            int n = (to - i + 27) / 28 * 28;
            for (int t = 0; t < n; t += 28) {
                x0 = mulLazy(x0 + (tail.getLong(t) & MASK56), k);
                x1 = mulLazy(x1 + (tail.getLong(t + 7) & MASK56), k);
                x2 = mulLazy(x2 + (tail.getLong(t + 14) & MASK56), k);
                x3 = mulLazy(x3 + (tail.getLong(t + 21) & MASK56), k);
            }
        }
        return combine(x0, x1, x2, x3);
    }
}
