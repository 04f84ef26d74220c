package dev.javacached.store;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A keyed polynomial hash over GF(2^61-1) (an ε-almost-universal hash, ε ≈ elements / 2^61).
 * It is NOT a MAC by itself: its outputs must never be revealed. The store only ever feeds
 * them into HMAC-SHA256 (hash-then-PRF), which is what makes the blob tag unforgeable; see
 * README "Integrity and authenticity". Input is consumed in 7-byte little-endian elements
 * (so every element is below the prime and the encoding is injective); the byte length is
 * bound in by the caller. Four interleaved lanes keep the multiplier busy.
 */
final class PolyHash {
    private static final long P = (1L << 61) - 1;
    private static final long MASK56 = (1L << 56) - 1;
    private final long r;
    private final long r2;
    private final long r3;
    private final long r4;
    private long a0;
    private long a1;
    private long a2;
    private long a3;
    private final byte[] pending = new byte[28 + 8];
    private int pendingLen;
    private long length;

    PolyHash(long key) {
        long k = (key & P) % P;
        this.r = k == 0 ? 0x5DEECE66DL : k;
        this.r2 = mul(r, r);
        this.r3 = mul(r2, r);
        this.r4 = mul(r2, r2);
    }

    static long mul(long x, long y) {
        long lo = x * y;
        long hi = Math.multiplyHigh(x, y);
        long s = (lo & P) + ((lo >>> 61) | (hi << 3));
        s = (s & P) + (s >>> 61);
        return s >= P ? s - P : s;
    }

    /** Consumes {@code buf} from position to limit; leaves position at limit. */
    void update(ByteBuffer buf) {
        length += buf.remaining();
        ByteBuffer b = buf.order() == ByteOrder.LITTLE_ENDIAN ? buf : buf.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        int pos = b.position();
        int lim = b.limit();
        while (pendingLen > 0 && pos < lim) {
            pending[pendingLen++] = b.get(pos++);
            if (pendingLen == 28) {
                block(ByteBuffer.wrap(pending).order(ByteOrder.LITTLE_ENDIAN), 0);
                pendingLen = 0;
            }
        }
        // 28 bytes = 4 lanes × 7; getLong reads 8 bytes, so keep one spare byte before the limit.
        while (lim - pos >= 29) {
            block(b, pos);
            pos += 28;
        }
        while (pos < lim) {
            pending[pendingLen++] = b.get(pos++);
            if (pendingLen == 28) {
                block(ByteBuffer.wrap(pending).order(ByteOrder.LITTLE_ENDIAN), 0);
                pendingLen = 0;
            }
        }
        buf.position(buf.limit());
    }

    private void block(ByteBuffer b, int i) {
        long m0 = b.getLong(i) & MASK56;
        long m1 = b.getLong(i + 7) & MASK56;
        long m2 = b.getLong(i + 14) & MASK56;
        long m3;
        if (i + 29 <= b.limit()) {
            m3 = b.getLong(i + 21) & MASK56;
        } else {
            m3 = 0;
            for (int k = 6; k >= 0; k--) {
                m3 = (m3 << 8) | (b.get(i + 21 + k) & 0xFF);
            }
        }
        a0 = mul(a0 + m0, r4);
        a1 = mul(a1 + m1, r4);
        a2 = mul(a2 + m2, r4);
        a3 = mul(a3 + m3, r4);
    }

    /** The hash of everything consumed; the tail is zero-padded (the length disambiguates). */
    long finish() {
        if (pendingLen > 0) {
            for (int k = pendingLen; k < pending.length; k++) {
                pending[k] = 0;
            }
            block(ByteBuffer.wrap(pending).order(ByteOrder.LITTLE_ENDIAN), 0);
            pendingLen = 0;
        }
        long h = mul(a0, r3);
        h = reduce(h + mul(a1, r2));
        h = reduce(h + mul(a2, r));
        h = reduce(h + a3);
        return h;
    }

    long length() {
        return length;
    }

    private static long reduce(long s) {
        s = (s & P) + (s >>> 61);
        return s >= P ? s - P : s;
    }
}
