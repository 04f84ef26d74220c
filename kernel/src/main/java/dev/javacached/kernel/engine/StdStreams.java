package dev.javacached.kernel.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Routes {@code System.out}, {@code System.err} and {@code System.in} to the running cell's
 * {@link OutputSink}. With local execution user code shares the JVM's standard streams, so
 * they are replaced once per JVM; outside a cell they fall through to the original streams.
 *
 * <p>Text is sent in order across out and err (pending text of one is flushed before the
 * other writes), in chunks of at most {@link #CHUNK} chars: when a chunk fills, when the
 * program flushes (println) and {@link #FLUSH_NANOS} passed since the last send, when a
 * daemon flusher finds text that waited that long, and completely on {@link #flush()}.
 * Every call into a sink happens under one lock, so a sink never sees concurrent calls.
 */
final class StdStreams {
    static final int CHUNK = 64 * 1024;
    static final long FLUSH_NANOS = 50_000_000L;

    private static StdStreams installed;

    private final Object lock = new Object();
    private final LongSupplier nanoTime;
    private final Channel out;
    private final Channel err;
    private final InputStream originalIn;
    private volatile OutputSink sink;
    private byte[] input = new byte[0];
    private int inputPos;

    private StdStreams(PrintStream originalOut, PrintStream originalErr, InputStream originalIn, LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.out = new Channel(originalOut, false);
        this.err = new Channel(originalErr, true);
        this.originalIn = originalIn;
    }

    /** Installs the routing streams into {@link System} (once per JVM) and returns them. */
    static synchronized StdStreams install() {
        if (installed == null) {
            StdStreams streams = new StdStreams(System.out, System.err, System.in, System::nanoTime);
            System.setOut(new PrintStream(streams.out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(streams.err, true, StandardCharsets.UTF_8));
            System.setIn(streams.new CellInput());
            Thread flusher = new Thread(streams::flushPeriodically, "java-cached-output-flusher");
            flusher.setDaemon(true);
            flusher.start();
            installed = streams;
        }
        return installed;
    }

    /** Sends output to {@code newSink} (null: to the original streams); returns the previous sink. */
    OutputSink swap(OutputSink newSink) {
        synchronized (lock) {
            flushLocked();
            OutputSink previous = sink;
            sink = newSink;
            input = new byte[0];
            inputPos = 0;
            return previous;
        }
    }

    /** Sends text that waited {@link #FLUSH_NANOS} (output before a long sleep, say). Runs forever. */
    private void flushPeriodically() {
        while (true) {
            try {
                TimeUnit.NANOSECONDS.sleep(FLUSH_NANOS);
            } catch (InterruptedException e) {
                return;
            }
            synchronized (lock) {
                if (sink != null) {
                    out.emitIfStale();
                    err.emitIfStale();
                }
            }
        }
    }

    /** Runs {@code call} on the current sink (if any) after pending text, under the sink lock. */
    boolean withSink(java.util.function.Consumer<OutputSink> call) {
        synchronized (lock) {
            if (sink == null) {
                return false;
            }
            flushLocked();
            call.accept(sink);
            return true;
        }
    }

    /** Sends everything pending to the sink. */
    void flush() {
        synchronized (lock) {
            flushLocked();
        }
    }

    private void flushLocked() {
        out.emitAll();
        err.emitAll();
    }

    /** One of out/err: decodes UTF-8 and forwards text to the sink. */
    private final class Channel extends OutputStream {
        private final PrintStream original;
        private final boolean isErr;
        private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        private final ByteBuffer bytes = ByteBuffer.allocate(8192);
        private final CharBuffer chars = CharBuffer.allocate(8192);
        private final StringBuilder pending = new StringBuilder();
        private long lastEmit;

        Channel(PrintStream original, boolean isErr) {
            this.original = original;
            this.isErr = isErr;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            synchronized (lock) {
                if (sink == null) {
                    original.write(b, off, len);
                    return;
                }
                other().emitAll();
                int end = off + len;
                while (off < end) {
                    int n = Math.min(bytes.remaining(), end - off);
                    bytes.put(b, off, n);
                    off += n;
                    bytes.flip();
                    decoder.decode(bytes, chars, false);
                    bytes.compact();
                    chars.flip();
                    pending.append(chars);
                    chars.clear();
                    if (pending.length() >= CHUNK) {
                        emitFull();
                    }
                }
            }
        }

        @Override
        public void flush() {
            synchronized (lock) {
                if (sink == null) {
                    original.flush();
                } else if (nanoTime.getAsLong() - lastEmit >= FLUSH_NANOS) {
                    emitAll();
                }
            }
        }

        private Channel other() {
            return isErr ? out : err;
        }

        private void emitFull() {
            while (pending.length() >= CHUNK) {
                int n = CHUNK;
                if (Character.isHighSurrogate(pending.charAt(n - 1))) {
                    n--;
                }
                String chunk = pending.substring(0, n);
                pending.delete(0, n);
                send(chunk);
            }
        }

        void emitIfStale() {
            if (pending.length() > 0 && nanoTime.getAsLong() - lastEmit >= FLUSH_NANOS) {
                emitAll();
            }
        }

        void emitAll() {
            emitFull();
            if (pending.length() > 0) {
                // Clear before the call: on JDK 17 Thread.stop may end it halfway.
                String text = pending.toString();
                pending.setLength(0);
                send(text);
            }
        }

        private void send(String text) {
            lastEmit = nanoTime.getAsLong();
            OutputSink target = sink;
            if (target == null) {
                original.print(text);
            } else if (isErr) {
                target.stderr(text);
            } else {
                target.stdout(text);
            }
        }
    }

    /** System.in during a cell: each line comes from {@link OutputSink#readLine}. */
    private final class CellInput extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            synchronized (lock) {
                OutputSink target = sink;
                if (target == null) {
                    return originalIn.read(b, off, len);
                }
                if (inputPos >= input.length) {
                    flushLocked();
                    String line;
                    try {
                        line = target.readLine("", false);
                    } catch (OutputSink.InputNotAllowedException e) {
                        throw new StdinUnavailableException("reading System.in is not possible here: "
                                + e.getMessage());
                    }
                    input = (line + "\n").getBytes(StandardCharsets.UTF_8);
                    inputPos = 0;
                }
                int n = Math.min(len, input.length - inputPos);
                System.arraycopy(input, inputPos, b, off, n);
                inputPos += n;
                return n;
            }
        }

        @Override
        public int available() {
            synchronized (lock) {
                return sink == null ? 0 : input.length - inputPos;
            }
        }
    }
}
