package dev.javacached.store.codec;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A little-endian reader over a bounded stream of {@code total} bytes (an array, a mapped file's
 * windows, or pieces that arrive one after another). Every length it
 * reads is checked against the bytes that remain, so a damaged length can never make it
 * allocate more than the stream holds.
 */
public final class Input {
    /** The bytes to read, one piece after another. */
    @FunctionalInterface
    public interface Pieces {
        /**
         * The next piece (its bytes between position and limit, read in place), or null after
         * the last. Asked only once the reader no longer needs the piece before it.
         */
        ByteBuffer next() throws IOException;
    }

    /** Bytes by which consecutive windows overlap (more than any single primitive read). */
    public static final int WINDOW_OVERLAP = 16;
    private ByteBuffer buf;
    private final Pieces pieces;
    private long remaining;
    private final ByteBuffer[] windows;
    private final long stride;
    private int window;
    /** Pieces: a primitive that spans two pieces is read from here, and the piece it ends in waits. */
    private ByteBuffer joint;
    private ByteBuffer waiting;

    /**
     * Reads {@code total} bytes that arrive as {@code pieces}, where they lie: only a primitive
     * that spans two pieces is copied (into a 16-byte joint), never a piece.
     */
    public Input(long total, Pieces pieces) {
        this.buf = ByteBuffer.allocate(0);
        this.pieces = pieces;
        this.remaining = total;
        this.windows = null;
        this.stride = 0;
    }

    /**
     * Reads {@code total} bytes held in memory (typically a mapped file) as windows: window i
     * holds bytes [i·stride, min(total, (i+1)·stride + {@link #WINDOW_OVERLAP})), position 0.
     * No bytes are copied except into the decoded values.
     */
    public Input(ByteBuffer[] windows, long stride, long total) {
        this.windows = new ByteBuffer[windows.length];
        for (int i = 0; i < windows.length; i++) {
            this.windows[i] = windows[i].duplicate().order(ByteOrder.LITTLE_ENDIAN);
        }
        this.stride = stride;
        this.buf = windows.length == 0 ? ByteBuffer.allocate(0) : this.windows[0];
        this.pieces = () -> null;
        this.remaining = total;
    }

    /** Reads an in-memory array. */
    public Input(byte[] bytes) {
        this.buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        this.pieces = () -> null;
        this.remaining = bytes.length;
        this.windows = null;
        this.stride = 0;
    }

    /** Bytes not yet consumed. */
    public long remaining() {
        return remaining;
    }

    private void need(int n) throws IOException {
        if (remaining < n) {
            throw new CorruptValueException("value truncated: needs " + n + " more bytes, " + remaining + " left");
        }
        if (buf.remaining() < n && windows != null) {
            while (buf.remaining() < n && window + 1 < windows.length) {
                long abs = window * stride + buf.position();
                window++;
                long at = abs - window * stride;
                if (at < 0) {
                    throw new IllegalStateException("window overlap too small");
                }
                buf = windows[window];
                buf.position((int) at);
            }
            if (buf.remaining() < n) {
                throw new CorruptValueException("value truncated: stream ended early");
            }
        } else {
            while (buf.remaining() < n) {
                nextPiece();
            }
        }
    }

    /**
     * Moves to the next piece, or (when bytes of this one are left) to a joint of those bytes
     * and the next piece's first ones, the rest of that piece waiting until the joint is read.
     */
    private void nextPiece() throws IOException {
        boolean left = buf.hasRemaining();
        if (!left && waiting != null) {
            buf = waiting;
            waiting = null;
            return;
        }
        if (left) {
            if (joint == null) {
                // what is left of a piece is under 8 bytes (no read needs more), so 16 hold it and the rest of any read
                joint = ByteBuffer.allocate(WINDOW_OVERLAP).order(ByteOrder.LITTLE_ENDIAN);
            }
            if (buf == joint) {
                joint.compact();
            } else {
                joint.clear();
                joint.put(buf);     // before the next piece is asked for: this one may be reused then
            }
        }
        ByteBuffer next = waiting;
        waiting = null;
        if (next == null) {
            next = pieces.next();
            if (next == null) {
                throw new CorruptValueException("value truncated: stream ended early");
            }
            next = next.slice().order(ByteOrder.LITTLE_ENDIAN);
        }
        if (!left) {
            buf = next;
            return;
        }
        int take = Math.min(joint.remaining(), next.remaining());
        joint.put(joint.position(), next, next.position(), take);
        joint.position(joint.position() + take);
        next.position(next.position() + take);
        joint.flip();
        buf = joint;
        if (next.hasRemaining()) {
            waiting = next;
        }
    }

    private void consumed(long n) {
        remaining -= n;
    }

    /** A count of {@code elementBytes}-sized items that must fit in what remains. */
    public int readCount(int elementBytes) throws IOException {
        int n = readInt();
        if (n < 0 || (long) n * elementBytes > remaining) {
            throw new CorruptValueException("bad length " + n + " with " + remaining + " bytes left");
        }
        return n;
    }

    public byte readByte() throws IOException {
        need(1);
        consumed(1);
        return buf.get();
    }

    public short readShort() throws IOException {
        need(2);
        consumed(2);
        return buf.getShort();
    }

    public char readChar() throws IOException {
        need(2);
        consumed(2);
        return buf.getChar();
    }

    public int readInt() throws IOException {
        need(4);
        consumed(4);
        return buf.getInt();
    }

    public long readLong() throws IOException {
        need(8);
        consumed(8);
        return buf.getLong();
    }

    public float readFloat() throws IOException {
        need(4);
        consumed(4);
        return buf.getFloat();
    }

    public double readDouble() throws IOException {
        need(8);
        consumed(8);
        return buf.getDouble();
    }

    /** Reads what {@link Output#writeString} wrote. */
    public String readString() throws IOException {
        int n = readInt();
        if (n < 0) {
            long chars = -1L - n;
            if (chars * 2 > remaining) {
                throw new CorruptValueException("bad string length " + chars + " with " + remaining + " bytes left");
            }
            char[] c = new char[(int) chars];
            readChars(c);
            return new String(c);
        }
        if (n > remaining) {
            throw new CorruptValueException("bad length " + n + " with " + remaining + " bytes left");
        }
        byte[] b = new byte[n];
        readBytes(b, 0, b.length);
        return new String(b, StandardCharsets.UTF_8);
    }

    public void readBytes(byte[] a, int off, int len) throws IOException {
        while (len > 0) {
            need(1);
            int n = Math.min(len, buf.remaining());
            buf.get(a, off, n);
            consumed(n);
            off += n;
            len -= n;
        }
    }

    public void readBooleans(boolean[] a) throws IOException {
        for (int i = 0; i < a.length; i++) {
            a[i] = readByte() != 0;
        }
    }

    /** Ensures at least one element of {@code size} bytes is buffered; returns how many are. */
    private int avail(int size, int wanted) throws IOException {
        need(size);
        return Math.min(wanted, buf.remaining() / size);
    }

    public void readShorts(short[] a) throws IOException {
        for (int off = 0; off < a.length; ) {
            int n = avail(2, a.length - off);
            buf.asShortBuffer().get(a, off, n);
            advance(n * 2);
            off += n;
        }
    }

    public void readChars(char[] a) throws IOException {
        for (int off = 0; off < a.length; ) {
            int n = avail(2, a.length - off);
            buf.asCharBuffer().get(a, off, n);
            advance(n * 2);
            off += n;
        }
    }

    public void readInts(int[] a) throws IOException {
        for (int off = 0; off < a.length; ) {
            int n = avail(4, a.length - off);
            buf.asIntBuffer().get(a, off, n);
            advance(n * 4);
            off += n;
        }
    }

    public void readFloats(float[] a) throws IOException {
        for (int off = 0; off < a.length; ) {
            int n = avail(4, a.length - off);
            buf.asFloatBuffer().get(a, off, n);
            advance(n * 4);
            off += n;
        }
    }

    public void readLongs(long[] a) throws IOException {
        for (int off = 0; off < a.length; ) {
            int n = avail(8, a.length - off);
            buf.asLongBuffer().get(a, off, n);
            advance(n * 8);
            off += n;
        }
    }

    public void readDoubles(double[] a) throws IOException {
        for (int off = 0; off < a.length; ) {
            int n = avail(8, a.length - off);
            buf.asDoubleBuffer().get(a, off, n);
            advance(n * 8);
            off += n;
        }
    }

    private void advance(int bytes) {
        buf.position(buf.position() + bytes);
        consumed(bytes);
    }
}
