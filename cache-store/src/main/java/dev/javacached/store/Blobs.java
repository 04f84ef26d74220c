package dev.javacached.store;

import dev.javacached.store.codec.Input;
import dev.javacached.store.codec.Output;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HexFormat;
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

    String tag(long length, long poly) {
        Mac mac = secret.mac();
        mac.update("blob".getBytes(StandardCharsets.US_ASCII));
        ByteBuffer b = ByteBuffer.allocate(16).putLong(length).putLong(poly);
        return HexFormat.of().formatHex(mac.doFinal(b.array()));
    }

    String tagOf(byte[] bytes) {
        PolyHash h = secret.poly();
        h.update(ByteBuffer.wrap(bytes));
        return tag(bytes.length, h.finish());
    }

    /** An encoding target: memory up to {@code threshold} bytes, then a temp file. */
    final class Spill implements Output.Drain, AutoCloseable {
        private final int threshold;
        private final PolyHash hash = secret.poly();
        private byte[] mem = new byte[256];
        private int memLen;
        private Path tmp;
        private FileChannel ch;
        private long written;

        Spill(int threshold) {
            this.threshold = threshold;
        }

        @Override
        public void drain(ByteBuffer chunk) throws IOException {
            hash.update(chunk.duplicate());
            if (ch == null && memLen + chunk.remaining() <= threshold) {
                if (memLen + chunk.remaining() > mem.length) {
                    mem = Arrays.copyOf(mem, Math.max(mem.length * 2, memLen + chunk.remaining()));
                }
                int n = chunk.remaining();
                chunk.get(mem, memLen, n);
                memLen += n;
                return;
            }
            if (ch == null) {
                tmp = Files.createTempFile(tmpDir, "blob", ".tmp", Fs.FILE_ATTR);
                ch = FileChannel.open(tmp, StandardOpenOption.WRITE);
                writeFully(ByteBuffer.wrap(mem, 0, memLen));
                mem = null;
            }
            writeFully(chunk);
        }

        private void writeFully(ByteBuffer b) throws IOException {
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

        /** Finishes the temp file (fsync, close) and returns the content tag. */
        String finish() throws IOException {
            String t = tag(hash.length(), hash.finish());
            if (ch != null) {
                ch.force(true);
                ch.close();
            }
            return t;
        }

        Path tempFile() {
            return tmp;
        }

        @Override
        public void close() {
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

    /** Renames a finished temp file into place (atomic, durable). */
    void install(Path tmp, String digest) throws IOException {
        Path target = pathOf(digest);
        Fs.privateDir(target.getParent());
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        Fs.fsyncDir(target.getParent());
    }

    /** Reads a blob through a verifying {@link Input}; call {@link Reader#verify()} after decoding. */
    final class Reader implements AutoCloseable {
        private final FileChannel ch;
        private final long size;
        private final PolyHash hash = secret.poly();

        Reader(Path file) throws IOException {
            this.ch = FileChannel.open(file, StandardOpenOption.READ);
            this.size = ch.size();
        }

        long size() {
            return size;
        }

        Input input() {
            return new Input(CHUNK, size, buf -> {
                int start = buf.position();
                int n = ch.read(buf);
                if (n > 0) {
                    hash.update(buf.duplicate().position(start).limit(start + n));
                }
                return n;
            });
        }

        /** Hashes the whole file without decoding (first pass for values that run foreign code). */
        void hashAll() throws IOException {
            ByteBuffer buf = ByteBuffer.allocateDirect(CHUNK);
            long pos = 0;
            while (true) {
                buf.clear();
                int n = ch.read(buf, pos);
                if (n < 0) {
                    break;
                }
                pos += n;
                buf.flip();
                hash.update(buf);
            }
        }

        boolean verify(String digest) {
            String actual = tag(hash.length(), hash.finish());
            return hash.length() == size && Secret.equal(actual.getBytes(StandardCharsets.US_ASCII),
                    digest.getBytes(StandardCharsets.US_ASCII));
        }

        void rewind() throws IOException {
            ch.position(0);
        }

        @Override
        public void close() throws IOException {
            ch.close();
        }
    }
}
