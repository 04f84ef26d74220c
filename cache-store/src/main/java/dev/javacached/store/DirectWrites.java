package dev.javacached.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ArrayBlockingQueue;

/**
 * A blob temp file written with O_DIRECT (the JDK's {@code ExtendedOpenOption.DIRECT}): the
 * bytes go from an aligned staging buffer to the disk, not into the page cache. Used for an
 * import that decodes its value while it arrives ({@link RocksCacheStore#importEntry}): that
 * value's new array is already as much fresh memory as the blob, and through the page cache
 * the file took as much again. On this project's 2-core VM, where the first touch of fresh
 * memory swings from 0.3 to 2 s per 800 MB with the host's mood, a buffered write of 800 MB
 * took 0.22-2.2 s of CPU and an O_DIRECT one 0.66-0.72 s at 0.3 s of CPU in the same runs.
 *
 * <p>O_DIRECT wants the file offset, the buffer's address and each write's length aligned to
 * the file system's block size: whole staging buffers are written, and the last, partial one is
 * padded with zeros to a block and the file then truncated to its length. Where the file system
 * refuses O_DIRECT (tmpfs on older kernels) or its block size is odd, {@link #open} returns null
 * and the caller writes as usual. The file's bytes are the same either way; durability is the
 * caller's fsync, as for any spill.
 */
final class DirectWrites {
    /** Bytes staged per write: a multiple of every block size accepted below. */
    static final int STAGE = 4 << 20;
    private static final int MAX_BLOCK = 64 << 10;
    /** Staging buffers kept for the next import (direct memory is freed only by a GC otherwise). */
    private static final ArrayBlockingQueue<ByteBuffer> POOL = new ArrayBlockingQueue<>(2);

    /** How many files were opened for direct writes (for tests: that the direct path ran). */
    static final java.util.concurrent.atomic.AtomicLong OPENED = new java.util.concurrent.atomic.AtomicLong();

    private final FileChannel ch;
    private final int block;
    private ByteBuffer stage;

    private DirectWrites(FileChannel ch, int block, ByteBuffer stage) {
        this.ch = ch;
        this.block = block;
        this.stage = stage;
    }

    /** Opens {@code file} (existing, empty) for direct writes; null where that is not possible here. */
    static DirectWrites open(Path file) {
        int block;
        try {
            long b = Files.getFileStore(file).getBlockSize();
            if (b <= 0 || b > MAX_BLOCK || Long.bitCount(b) != 1) {
                return null;
            }
            block = (int) b;
        } catch (IOException | RuntimeException e) {
            return null;
        }
        FileChannel ch;
        try {
            ch = FileChannel.open(file, StandardOpenOption.WRITE, com.sun.nio.file.ExtendedOpenOption.DIRECT);
        } catch (IOException | RuntimeException | LinkageError e) {
            return null;    // EINVAL: the file system does not do O_DIRECT
        }
        ByteBuffer stage = POOL.poll();   // aligned to MAX_BLOCK, so to any block size accepted
        if (stage == null) {
            stage = ByteBuffer.allocateDirect(STAGE + MAX_BLOCK).alignedSlice(MAX_BLOCK);
        }
        // one block written and cut away again: a file system that opens with O_DIRECT but
        // refuses its writes (some network and FUSE ones) gets the ordinary write, not a failed import
        try {
            stage.clear().limit(block);
            while (stage.hasRemaining()) {
                ch.write(stage, stage.position());
            }
            ch.truncate(0);
        } catch (IOException | RuntimeException e) {
            POOL.offer(stage);
            try {
                ch.close();
            } catch (IOException ignored) {
                // the caller opens the file again, without O_DIRECT
            }
            return null;
        }
        stage.clear().limit(STAGE);
        OPENED.incrementAndGet();
        return new DirectWrites(ch, block, stage);
    }

    FileChannel channel() {
        return ch;
    }

    /** Takes all of {@code src}, writing each staging buffer as it fills; {@code fault} is called before each write with the bytes on disk so far. */
    void write(ByteBuffer src, Blobs.WriteFault fault) throws IOException {
        while (src.hasRemaining()) {
            int n = Math.min(stage.remaining(), src.remaining());
            stage.put(src.slice(src.position(), n));
            src.position(src.position() + n);
            if (!stage.hasRemaining()) {
                flush(fault);
            }
        }
    }

    private void flush(Blobs.WriteFault fault) throws IOException {
        stage.flip();
        fault.beforeWrite(ch.position());
        while (stage.hasRemaining()) {
            ch.write(stage);
        }
        stage.clear().limit(STAGE);
    }

    /**
     * Writes what is staged, padded with zeros to a whole block, and cuts the file to
     * {@code length} (the bytes taken by {@link #write}); the file is then complete.
     */
    void finish(long length, Blobs.WriteFault fault) throws IOException {
        int used = stage.position();
        if (used > 0) {
            int padded = (used + block - 1) / block * block;
            stage.limit(padded);
            while (stage.position() < padded) {
                stage.put((byte) 0);
            }
            flush(fault);
        }
        if (ch.size() != length) {
            ch.truncate(length);
        }
        release();
    }

    /** Gives the staging buffer back (idempotent). */
    void release() {
        ByteBuffer s = stage;
        stage = null;
        if (s != null) {
            POOL.offer(s);
        }
    }
}
