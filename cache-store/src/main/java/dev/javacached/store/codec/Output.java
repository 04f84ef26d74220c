package dev.javacached.store.codec;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A chunked little-endian writer. Bytes accumulate in one fixed buffer (direct, so a file
 * channel writes it without another copy) and are handed to the {@link Drain} whenever it
 * fills; primitive arrays are copied straight into that buffer through typed views, so a value
 * of any size is encoded with one bounded buffer and no intermediate array.
 */
public final class Output {
    /** Receives each full chunk (position 0, limit = its length); must consume it before returning. */
    @FunctionalInterface
    public interface Drain {
        void drain(ByteBuffer chunk) throws IOException;
    }

    private final ByteBuffer buf;
    private final Drain drain;
    private long flushed;

    public Output(int chunkBytes, Drain drain) {
        this.buf = ByteBuffer.allocateDirect(Math.max(chunkBytes, 64)).order(ByteOrder.LITTLE_ENDIAN);
        this.drain = drain;
    }

    /** Bytes written so far, including the ones still buffered. */
    public long size() {
        return flushed + buf.position();
    }

    public void flush() throws IOException {
        if (buf.position() > 0) {
            buf.flip();
            int n = buf.remaining();
            drain.drain(buf);
            flushed += n;
            buf.clear();
        }
    }

    private void ensure(int n) throws IOException {
        if (buf.remaining() < n) {
            flush();
        }
    }

    public void writeByte(int v) throws IOException {
        ensure(1);
        buf.put((byte) v);
    }

    public void writeShort(short v) throws IOException {
        ensure(2);
        buf.putShort(v);
    }

    public void writeChar(char v) throws IOException {
        ensure(2);
        buf.putChar(v);
    }

    public void writeInt(int v) throws IOException {
        ensure(4);
        buf.putInt(v);
    }

    public void writeLong(long v) throws IOException {
        ensure(8);
        buf.putLong(v);
    }

    public void writeFloat(float v) throws IOException {
        ensure(4);
        buf.putFloat(v);
    }

    public void writeDouble(double v) throws IOException {
        ensure(8);
        buf.putDouble(v);
    }

    /**
     * Writes a string exactly, to the UTF-16 unit: as UTF-8 when it is well-formed (the common
     * case), else as its chars behind a negative count (UTF-8 cannot carry an unpaired surrogate:
     * {@code getBytes} would turn it into {@code ?}).
     */
    public void writeString(String s) throws IOException {
        if (wellFormed(s)) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            writeInt(b.length);
            writeBytes(b, 0, b.length);
        } else {
            writeInt(-1 - s.length());
            writeChars(s.toCharArray());
        }
    }

    /** No unpaired surrogate: UTF-8 round-trips the string. */
    static boolean wellFormed(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else {
                    return false;
                }
            }
        }
        return true;
    }

    public void writeBytes(byte[] a, int off, int len) throws IOException {
        while (len > 0) {
            ensure(1);
            int n = Math.min(len, buf.remaining());
            buf.put(a, off, n);
            off += n;
            len -= n;
        }
    }

    public void writeBooleans(boolean[] a) throws IOException {
        for (boolean v : a) {
            ensure(1);
            buf.put((byte) (v ? 1 : 0));
        }
    }

    public void writeShorts(short[] a) throws IOException {
        int off = 0;
        while (off < a.length) {
            ensure(2);
            int n = Math.min(a.length - off, buf.remaining() / 2);
            buf.asShortBuffer().put(a, off, n);
            buf.position(buf.position() + n * 2);
            off += n;
        }
    }

    public void writeChars(char[] a) throws IOException {
        int off = 0;
        while (off < a.length) {
            ensure(2);
            int n = Math.min(a.length - off, buf.remaining() / 2);
            buf.asCharBuffer().put(a, off, n);
            buf.position(buf.position() + n * 2);
            off += n;
        }
    }

    public void writeInts(int[] a) throws IOException {
        int off = 0;
        while (off < a.length) {
            ensure(4);
            int n = Math.min(a.length - off, buf.remaining() / 4);
            buf.asIntBuffer().put(a, off, n);
            buf.position(buf.position() + n * 4);
            off += n;
        }
    }

    public void writeFloats(float[] a) throws IOException {
        int off = 0;
        while (off < a.length) {
            ensure(4);
            int n = Math.min(a.length - off, buf.remaining() / 4);
            buf.asFloatBuffer().put(a, off, n);
            buf.position(buf.position() + n * 4);
            off += n;
        }
    }

    public void writeLongs(long[] a) throws IOException {
        int off = 0;
        while (off < a.length) {
            ensure(8);
            int n = Math.min(a.length - off, buf.remaining() / 8);
            buf.asLongBuffer().put(a, off, n);
            buf.position(buf.position() + n * 8);
            off += n;
        }
    }

    public void writeDoubles(double[] a) throws IOException {
        int off = 0;
        while (off < a.length) {
            ensure(8);
            int n = Math.min(a.length - off, buf.remaining() / 8);
            buf.asDoubleBuffer().put(a, off, n);
            buf.position(buf.position() + n * 8);
            off += n;
        }
    }
}
