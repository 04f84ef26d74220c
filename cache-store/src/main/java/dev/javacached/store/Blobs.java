package dev.javacached.store;

import dev.javacached.store.codec.Input;
import dev.javacached.store.codec.Output;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.Future;
import javax.crypto.Mac;

/**
 * Content-addressed blob files under {@code blobs/} and the spill sink that encodes a value
 * into memory while small and into a temp file (0600, fsynced before it is renamed into place)
 * once it outgrows the inline threshold. Tags are HMAC-SHA256(key, "blob" ‖ length ‖ poly-hash).
 */
final class Blobs {
    static final int CHUNK = 4 << 20;
    private final Path blobDir;
    private final Path tmpDir;
    private final Secret secret;

    /** Test seam: called before each write to a blob temp file with the bytes written so far. */
    interface WriteFault {
        void beforeWrite(long written) throws IOException;
    }

    volatile WriteFault fault = w -> { };

    /** Bytes a spill writes between early write-back requests (see {@link Spill#drain}). */
    static final long WRITEBACK_STEP = 32L << 20;

    /** Runs early write-back ({@code force}) of spill files while they are still being written; null: none. */
    volatile java.util.concurrent.ExecutorService writeback;

    /**
     * Temp files are named {@code blob.<pid>.<pid space>.<random>.tmp}, so that a later open can
     * tell a dead writer's leftover (kill -9 during a large put) from a live writer's file. The
     * pid space ({@link #PID_SPACE}) says where the pid means something: processes in another pid
     * namespace or on another machine (a shared directory) have their own pids, and their files
     * are left to the age rule.
     */
    static final String PID_SPACE = pidSpace();
    static final String TEMP_PREFIX = "blob." + ProcessHandle.current().pid() + "." + PID_SPACE + ".";
    private static final java.util.regex.Pattern TEMP_NAME =
            java.util.regex.Pattern.compile("blob\\.(\\d+)\\.([0-9a-z-]+)\\..*\\.tmp");

    /** This boot of this machine (boot_id) and this pid namespace (its inode); "x" where unknown. */
    private static String pidSpace() {
        try {
            String boot = Files.readString(Path.of("/proc/sys/kernel/random/boot_id")).trim().replace("-", "");
            String ns = Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString().replaceAll("\\D", "");
            if (boot.length() >= 16 && !ns.isEmpty()) {
                return boot.substring(0, 16) + "-" + ns;
            }
        } catch (IOException | RuntimeException ignored) {
            // not Linux, or /proc hidden: files are swept by age only
        }
        return "x";
    }

    /**
     * Whether {@code f} is a temp file whose writer is known to be gone: it was made in this pid
     * space by a process that no longer runs. False for files named otherwise (older versions).
     * A reused pid only keeps a leftover until the age rule removes it.
     */
    static boolean writerGone(Path f) {
        java.util.regex.Matcher m = TEMP_NAME.matcher(f.getFileName().toString());
        if (!m.matches() || PID_SPACE.equals("x") || !m.group(2).equals(PID_SPACE)) {
            return false;
        }
        try {
            long pid = Long.parseLong(m.group(1));
            return pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).isEmpty();
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Deletes the temp files of writers that are gone; returns how many. */
    int sweepGoneWriters() {
        int n = 0;
        try (java.util.stream.Stream<Path> files = Files.list(tmpDir)) {
            for (Path f : files.toList()) {
                if (writerGone(f)) {
                    try {
                        if (Files.deleteIfExists(f)) {
                            n++;
                        }
                    } catch (IOException ignored) {
                        // the age rule retries
                    }
                }
            }
        } catch (IOException ignored) {
            // the eviction pass retries
        }
        return n;
    }

    Blobs(Path root, Secret secret) throws IOException {
        this.blobDir = root.resolve("blobs");
        this.tmpDir = root.resolve("tmp");
        this.secret = secret;
        Fs.privateDir(blobDir);
        Fs.privateDir(tmpDir);
    }

    Path blobDir() {
        return blobDir;
    }

    Path tmpDir() {
        return tmpDir;
    }

    Path pathOf(String digest) {
        return blobDir.resolve(digest.substring(0, 2)).resolve(digest);
    }

    /**
     * Format 2: HMAC-SHA256(K, "blob2" ‖ u64 length ‖ u32 chunk size ‖ u32 chunk count ‖ u64 poly
     * of each chunk). The poly values are secret; only this MAC of them is ever stored.
     */
    String tag(long length, long[] polys) {
        Mac mac = secret.mac();
        mac.update("blob2".getBytes(StandardCharsets.US_ASCII));
        ByteBuffer b = ByteBuffer.allocate(16 + 8 * polys.length);
        b.putLong(length).putInt(ChunkedHash.CHUNK).putInt(polys.length);
        for (long p : polys) {
            b.putLong(p);
        }
        return HexFormat.of().formatHex(mac.doFinal(b.array()));
    }

    String tagOf(byte[] bytes) {
        ChunkedHash h = new ChunkedHash(secret.poly());
        h.update(ByteBuffer.wrap(bytes));
        return tag(bytes.length, h.finish());
    }

    /** An encoding target: memory up to {@code threshold} bytes, then a temp file. */
    final class Spill implements Output.Drain, AutoCloseable {
        private final int threshold;
        private final ChunkedHash hash = new ChunkedHash(secret.poly());
        private byte[] mem = new byte[256];
        private int memLen;
        private Path tmp;
        private FileChannel ch;
        private long written;
        /** Asked for: write the temp file around the page cache ({@link DirectWrites}). */
        private final boolean wantDirect;
        /** The file is open with O_DIRECT: its bytes go through this, not {@link #writeFully}. */
        private DirectWrites direct;

        Spill(int threshold) {
            this(threshold, false);
        }

        /**
         * With {@code direct}, a temp file (once the value outgrows the threshold) is written
         * with O_DIRECT where the file system allows it, else as usual. For an import that
         * decodes the value as it arrives: the value's new array is already that much fresh
         * memory, and on a machine where first touch is slow, the page cache's copy of the file
         * doubled it (see {@link DirectWrites}).
         */
        Spill(int threshold, boolean direct) {
            this.threshold = threshold;
            this.wantDirect = direct;
        }

        @Override
        public void drain(ByteBuffer chunk) throws IOException {
            if (ch == null && memLen + chunk.remaining() <= threshold) {
                hash.update(chunk.duplicate());
                if (memLen + chunk.remaining() > mem.length) {
                    mem = Arrays.copyOf(mem, Math.max(mem.length * 2, memLen + chunk.remaining()));
                }
                int n = chunk.remaining();
                chunk.get(mem, memLen, n);
                memLen += n;
                return;
            }
            if (ch == null) {
                tmp = Files.createTempFile(tmpDir, TEMP_PREFIX, ".tmp", Fs.FILE_ATTR);
                direct = wantDirect ? DirectWrites.open(tmp) : null;
                ch = direct != null ? direct.channel() : FileChannel.open(tmp, StandardOpenOption.WRITE);
                writeFully(ByteBuffer.wrap(mem, 0, memLen));
                mem = null;
            }
            if (hash.aligned() && chunk.remaining() >= ChunkedHash.CHUNK) {
                // The whole 1 MiB chunks are hashed by the helpers while this thread writes the
                // same (read-only) bytes; when its write is done it takes the chunks left.
                int whole = chunk.remaining() / ChunkedHash.CHUNK;
                int base = chunk.position();
                ByteBuffer src = chunk.duplicate();
                long[] polys = new long[whole];
                PolyHash key = hash.key();
                Parallel.Work work = Parallel.start(whole, i -> {
                    int from = base + i * ChunkedHash.CHUNK;
                    polys[i] = ChunkedHash.chunk(key, src, from, from + ChunkedHash.CHUNK);
                });
                try {
                    writeFully(chunk);
                } finally {
                    work.finish();
                }
                hash.pushWhole(polys);
                ByteBuffer tail = src.position(base + whole * ChunkedHash.CHUNK);
                hash.update(tail);
            } else {
                ByteBuffer forHash = chunk.duplicate();
                Future<?> hashing = Parallel.submit(() -> {
                    hash.update(forHash);
                    return null;
                });
                try {
                    writeFully(chunk);
                } finally {
                    awaitUninterruptibly(hashing);
                }
            }
            startWriteback();
        }

        private long writebackAt;
        private Future<?> writingBack;

        /**
         * Every {@link #WRITEBACK_STEP} bytes, asks the write-back thread to start flushing what is
         * written so far, so the disk works while the value is still being encoded and the final
         * fsync has only the tail left. Not needed for safety: the committer fsyncs the whole file.
         */
        private void startWriteback() {
            java.util.concurrent.ExecutorService ex = writeback;
            if (ex == null || direct != null || written - writebackAt < WRITEBACK_STEP || (writingBack != null && !writingBack.isDone())) {
                return;
            }
            writebackAt = written;
            FileChannel c = ch;
            try {
                writingBack = ex.submit(() -> {
                    try {
                        c.force(false);
                    } catch (IOException ignored) {
                        // closed or failing: the committer's fsync reports it
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException ignored) {
                // the store is closing
            }
        }

        private void writeFully(ByteBuffer b) throws IOException {
            if (direct != null) {
                int n = b.remaining();
                direct.write(b, fault);
                written += n;
                return;
            }
            while (b.hasRemaining()) {
                fault.beforeWrite(written);
                written += ch.write(b);
            }
        }

        boolean inMemory() {
            return ch == null;
        }

        byte[] bytes() {
            return Arrays.copyOf(mem, memLen);
        }

        long length() {
            return hash.length();
        }

        /**
         * Ends the encoding and returns the content tag; the temp file, now complete, stays open
         * until {@link #makeDurable}.
         */
        String finish() throws IOException {
            if (direct != null) {
                direct.finish(written, fault);
            }
            return tag(hash.length(), hash.finish());
        }

        /** Fsyncs and closes the temp file (idempotent; the committer calls it before the rename). */
        void makeDurable() throws IOException {
            if (ch != null && ch.isOpen()) {
                ch.force(true);
                ch.close();
            }
        }

        Path tempFile() {
            return tmp;
        }

        @Override
        public void close() {
            if (direct != null) {
                direct.release();
            }
            try {
                if (ch != null && ch.isOpen()) {
                    ch.close();
                }
            } catch (IOException ignored) {
                // abandoning the write anyway
            }
        }

        void discard() {
            close();
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // left for the orphan sweep
                }
            }
        }
    }

    /**
     * Whether the blob {@code digest} is already in place with {@code length} bytes. Blobs are
     * content-addressed and only ever appear under their name after an fsync and a rename, so
     * an existing one holds the same bytes (reads verify it anyway).
     */
    boolean present(String digest, long length) {
        try {
            Path target = pathOf(digest);
            return Files.isRegularFile(target) && Files.size(target) == length;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Puts a finished spill in place as blob {@code digest}: fsync, atomic rename, directory
     * fsync; or, when that blob is already present, drops the temp file unsynced (no write-back
     * at all). Call under the index lock, so an orphan sweep cannot remove the blob between the
     * check and the index commit.
     */
    void install(Spill spill, String digest) throws IOException {
        if (present(digest, spill.length())) {
            spill.discard();
            return;
        }
        spill.makeDurable();
        Path target = pathOf(digest);
        Fs.privateDir(target.getParent());
        Files.move(spill.tempFile(), target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        Fs.fsyncDir(target.getParent());
    }

    private static void awaitUninterruptibly(Future<?> f) throws IOException {
        Throwable c = Parallel.awaitUninterruptibly(f);
        Parallel.throwIfUnchecked(c);
        if (c != null) {
            throw new IOException(c);
        }
    }

    /** Mapping window for blob reads; a multiple of {@link ChunkedHash#CHUNK}. */
    static final long WINDOW = 1L << 30;

    /**
     * Reads a blob through a memory mapping (windows of 1 GiB, overlapping by a few bytes). The
     * chunk hashes are computed on helper threads ({@link #startHashing}) while the caller
     * decodes from the mapping, or before it ({@link #hashAll}); {@link #verify} waits for them.
     */
    final class Reader implements AutoCloseable {
        private final long size;
        private final ByteBuffer[] windows;
        private final Mapping mapping = new Mapping();
        private final PolyHash key = secret.poly();
        private long[] polys;
        private Parallel.Work work;

        Reader(Path file) throws IOException {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                this.size = ch.size();
                int n = (int) ((size + WINDOW - 1) / WINDOW);
                windows = new ByteBuffer[n];
                for (int i = 0; i < n; i++) {
                    long start = i * WINDOW;
                    long len = Math.min(size - start, WINDOW + Input.WINDOW_OVERLAP);
                    windows[i] = mapping.map(ch, start, len).order(ByteOrder.LITTLE_ENDIAN);
                }
            } catch (IOException | RuntimeException e) {
                mapping.close();
                throw e;
            }
        }

        long size() {
            return size;
        }

        /** A decoder input over the mapping. */
        Input input() {
            return new Input(windows, WINDOW, size);
        }

        /** Starts hashing every chunk on the helper threads. */
        void startHashing() {
            int n = ChunkedHash.chunks(size);
            long[] out = new long[n];
            polys = out;
            work = Parallel.start(n, i -> {
                long s = (long) i * ChunkedHash.CHUNK;
                int w = (int) (s / WINDOW);
                int from = (int) (s - w * WINDOW);
                int to = from + (int) Math.min(ChunkedHash.CHUNK, size - s);
                out[i] = ChunkedHash.chunk(key, windows[w], from, to);
            });
        }

        /** Hashes the whole file without decoding (first pass for values that run foreign code). */
        void hashAll() {
            startHashing();
            work.finish();
        }

        /** Waits for the hashes (helping compute them) and compares the tag. */
        boolean verify(String digest) {
            if (work == null) {
                startHashing();
            }
            work.finish();
            String actual = tag(size, polys);
            return Secret.equal(actual.getBytes(StandardCharsets.US_ASCII),
                    digest.getBytes(StandardCharsets.US_ASCII));
        }

        @Override
        public void close() {
            if (work != null) {
                work.cancel(); // waits until no helper touches the mapping
            }
            mapping.close();
        }
    }
}
