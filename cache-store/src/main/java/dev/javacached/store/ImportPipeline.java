package dev.javacached.store;

import dev.javacached.store.codec.Input;
import dev.javacached.store.codec.ValueCodec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bytes of an imported entry ({@link RocksCacheStore#importEntry}), read once from their
 * stream and worked on by separate threads at the same time: SHA-256 (one thread: it is
 * sequential), the spill into a blob temp file with this store's chunk tag (its own thread, the
 * tag's chunks on the hash helpers), and, for a value of the codec's fast paths, decoding into a
 * new array that only this import holds. The reading thread hands segments of
 * {@link #SEGMENT} bytes to every stage; a segment is reused once all of them are done with it,
 * so at most {@link #SEGMENTS} are in memory. Nothing here decides what is kept: the caller
 * compares length and SHA-256 with the signed ones, and only then commits the spill or hands
 * the decoded value to anyone.
 */
final class ImportPipeline {
    /** A multiple of the tag's chunk, so the spill hashes whole chunks beside its writes. */
    static final int SEGMENT = Blobs.CHUNK;
    static final int SEGMENTS = 6;
    private static final byte[] NONE = new byte[0];

    /** What came of it: the bytes' SHA-256 (hex) and, when decoding was asked, the value. */
    record Done(long length, String sha256, Object value, IOException decodeFailure) {
    }

    private static final class Segment {
        final byte[] bytes;
        final int length;
        final AtomicInteger users;

        Segment(byte[] bytes, int length, int users) {
            this.bytes = bytes;
            this.length = length;
            this.users = new AtomicInteger(users);
        }
    }

    private static final Segment END = new Segment(NONE, 0, 0);

    private final long size;
    private final Blobs.Spill spill;
    private final boolean decode;
    private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(SEGMENTS);
    private int allocated;
    private volatile boolean aborted;

    ImportPipeline(long size, Blobs.Spill spill, boolean decode) {
        this.size = size;
        this.spill = spill;
        this.decode = decode;
    }

    /**
     * Reads {@code in} to its end (at most {@code size} bytes: more is an error), spilling,
     * hashing and decoding as it goes. Throws the reading's or the spill's failure; a value that
     * does not decode is {@link Done#decodeFailure}.
     */
    Done run(InputStream in) throws IOException {
        if (size < SEGMENT) {
            return small(in);
        }
        MessageDigest sha = RocksCacheStore.sha256();
        List<Stage> stages = new ArrayList<>();
        stages.add(new Stage("java-cached-import-sha", s -> sha.update(s.bytes, 0, s.length)));
        stages.add(new Stage("java-cached-import-write", s -> spill.drain(ByteBuffer.wrap(s.bytes, 0, s.length))));
        Decoder decoder = decode ? new Decoder() : null;
        if (decoder != null) {
            stages.add(decoder);
        }
        stages.forEach(Stage::start);
        long total = 0;
        Throwable readFailure = null;
        try {
            while (!aborted) {
                byte[] b = segment();
                int n = in.readNBytes(b, 0, b.length);
                if (n <= 0) {
                    free.add(b);
                    break;
                }
                total += n;
                if (total > size) {
                    throw new IOException("more than the " + size + " bytes announced arrived");
                }
                Segment s = new Segment(b, n, stages.size());
                for (Stage st : stages) {
                    st.queue.add(s);
                }
            }
        } catch (IOException | RuntimeException | Error e) {
            readFailure = e;
            aborted = true;
        } finally {
            for (Stage st : stages) {
                st.queue.add(END);
            }
            boolean interrupted = false;
            for (Stage st : stages) {
                while (st.isAlive()) {
                    try {
                        st.join();
                    } catch (InterruptedException e) {
                        interrupted = true;    // the stages touch the spill: wait them out
                    }
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        rethrow(readFailure);
        for (Stage st : stages) {
            if (st != decoder) {
                rethrow(st.failure);
            }
        }
        IOException decodeFailure = null;
        if (decoder != null && decoder.failure != null) {
            decodeFailure = decoder.failure instanceof IOException io ? io : new IOException(decoder.failure);
        }
        return new Done(total, HexFormat.of().formatHex(sha.digest()), decoder == null ? null : decoder.value,
                decodeFailure);
    }

    /** Under one segment: read it whole, then the same steps one after the other on this thread. */
    private Done small(InputStream in) throws IOException {
        byte[] b = in.readNBytes((int) size + 1);
        if (b.length > size) {
            throw new IOException("more than the " + size + " bytes announced arrived");
        }
        MessageDigest sha = RocksCacheStore.sha256();
        sha.update(b);
        spill.drain(ByteBuffer.wrap(b));
        Object value = null;
        IOException decodeFailure = null;
        if (decode && b.length == size) {
            try {
                value = ValueCodec.decodeFastPath(new Input(b));
            } catch (IOException | RuntimeException e) {
                decodeFailure = e instanceof IOException io ? io : new IOException(e);
            }
        }
        return new Done(b.length, HexFormat.of().formatHex(sha.digest()), value, decodeFailure);
    }

    private static void rethrow(Throwable t) throws IOException {
        if (t == null) {
            return;
        }
        Parallel.throwIfUnchecked(t);
        if (t instanceof IOException io) {
            throw io;
        }
        throw new IOException(t);
    }

    /** A free segment: a new one while fewer than {@link #SEGMENTS} exist, else the next one released. */
    private byte[] segment() throws IOException {
        byte[] b = free.poll();
        if (b != null) {
            return b;
        }
        if (allocated < SEGMENTS) {
            allocated++;
            return new byte[SEGMENT];
        }
        try {
            return free.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("import interrupted");
        }
    }

    private void release(Segment s) {
        if (s != END && s.users.decrementAndGet() == 0) {
            free.add(s.bytes);
        }
    }

    @FunctionalInterface
    private interface Work {
        void accept(Segment s) throws IOException;
    }

    /** One step on its own thread, taking the segments in order; after a failure it only releases them. */
    private class Stage extends Thread {
        final BlockingQueue<Segment> queue = new LinkedBlockingQueue<>();
        private final Work work;
        volatile Throwable failure;

        Stage(String name, Work work) {
            super(name);
            this.work = work;
            setDaemon(true);
        }

        Segment next() {
            while (true) {
                try {
                    return queue.take();
                } catch (InterruptedException e) {
                    // nobody interrupts these threads; the reader's END ends them
                }
            }
        }

        @Override
        public void run() {
            while (true) {
                Segment s = next();
                if (s == END) {
                    return;
                }
                try {
                    if (failure == null && !aborted) {
                        work.accept(s);
                    }
                } catch (IOException | RuntimeException | Error e) {
                    fail(e);
                } finally {
                    release(s);
                }
            }
        }

        void fail(Throwable e) {
            failure = e;
            aborted = true;
        }
    }

    /**
     * Decodes the value as its segments arrive, through the codec's streaming {@link Input}, into
     * objects only this import holds. Only the codec's fast paths: no class's code runs.
     */
    private final class Decoder extends Stage {
        Object value;
        private Segment current;
        private boolean ended;

        Decoder() {
            super("java-cached-import-decode", null);
        }

        /** The next segment, read where it lies; the one before it goes back to the pool (the reader is done with it). */
        private ByteBuffer nextPiece() {
            if (current != null) {
                release(current);
                current = null;
            }
            if (aborted) {
                return null;
            }
            Segment s = next();
            if (s == END) {
                ended = true;
                return null;
            }
            current = s;
            return ByteBuffer.wrap(s.bytes, 0, s.length);
        }

        @Override
        public void run() {
            try {
                value = ValueCodec.decodeFastPath(new Input(size, this::nextPiece));
            } catch (IOException | RuntimeException | OutOfMemoryError e) {
                value = null;
                failure = e;   // the bytes are checked anyway; a value that does not decode is told apart
            } finally {
                if (current != null) {
                    release(current);
                }
                while (!ended) {
                    Segment s = next();
                    if (s == END) {
                        ended = true;
                    } else {
                        release(s);
                    }
                }
            }
        }
    }
}
