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
import java.util.function.Consumer;

/**
 * Routes {@code System.out}, {@code System.err} and {@code System.in} to the running cell's
 * {@link OutputSink}. With local execution user code shares the JVM's standard streams, so
 * they are replaced once per JVM; outside a cell they fall through to the original streams.
 *
 * <p>Text is sent in order across out and err (pending text of one is flushed before the
 * other writes), in chunks of at most {@link #CHUNK} chars: when a chunk fills, when the
 * program flushes (println) and {@link #FLUSH_NANOS} passed since the last send, when text
 * waited that long, and completely on {@link #flush()}.
 *
 * <p>Every stdout/stderr/display call into a sink runs on one thread,
 * "java-cached-output", one at a time, while the writer waits for it: on JDK 17 an
 * interrupt is {@code Thread.stop} on the snippet thread, and it must not land halfway
 * through the kernel's message publishing. Only {@link OutputSink#readLine} runs on the
 * reading thread (it has to block there). For the same reason the writer's side holds no
 * java.util.concurrent lock a stop could strand: {@link StopSafeLock} guards the channels and
 * {@link OutputThread} takes the calls through a lock-free queue.
 *
 * <p>Which thread printed: a sink call can ask {@link #origin()} for the thread whose text (or
 * display) it is receiving, null when that is unknown (text of several threads in one chunk).
 * While {@link #attribute} is on (a {@code @Cached} body records its output), a channel sends
 * its pending text before another thread's text joins it, so every chunk has one origin.
 */
final class StdStreams {
    static final int CHUNK = 64 * 1024;
    static final long FLUSH_NANOS = 50_000_000L;
    static final String OUTPUT_THREAD = "java-cached-output";

    private static StdStreams installed;

    private final StopSafeLock lock = new StopSafeLock();
    private final OutputThread output;
    private final Channel out;
    private final Channel err;
    private final InputStream originalIn;
    private volatile OutputSink sink;
    /** Between cells: where threads started by snippets print (the last cell's sink). */
    private volatile OutputSink idleSink;
    private volatile ThreadGroup snippetThreads;
    /** How many callers want every chunk to come from one thread ({@link #attribute}). */
    private final java.util.concurrent.atomic.AtomicInteger attributing = new java.util.concurrent.atomic.AtomicInteger();
    /** The thread whose text or display the sink is receiving now; read and written on the output thread only. */
    private Thread origin;
    private PrintStream outStream;
    private PrintStream errStream;
    private byte[] input = new byte[0];
    private int inputPos;

    private StdStreams(PrintStream originalOut, PrintStream originalErr, InputStream originalIn) {
        this.out = new Channel(originalOut, false);
        this.err = new Channel(originalErr, true);
        this.originalIn = originalIn;
        // The thread must not join a snippet's thread group, which an interrupt stops: create
        // it in the installer's group.
        this.output = new OutputThread(Thread.currentThread().getThreadGroup(), OUTPUT_THREAD,
                this::flushStale, FLUSH_NANOS);
    }

    /** The installed streams, or null before {@link #install}. */
    static synchronized StdStreams installedOrNull() {
        return installed;
    }

    /**
     * Installs the routing streams into {@link System} (once per JVM: they and their output
     * thread live as long as the JVM, like the streams they replace) and returns them.
     */
    static synchronized StdStreams install() {
        if (installed == null) {
            StdStreams streams = new StdStreams(System.out, System.err, System.in);
            streams.outStream = new PrintStream(streams.out, true, StandardCharsets.UTF_8);
            streams.errStream = new PrintStream(streams.err, true, StandardCharsets.UTF_8);
            System.setOut(streams.outStream);
            System.setErr(streams.errStream);
            System.setIn(streams.new CellInput());
            installed = streams;
        }
        return installed;
    }

    /**
     * Puts the routing streams back where a cell set {@code System.out}, {@code System.err} or
     * {@code System.in} to null (a stream the user installed stays). With a null System.out,
     * JShell itself hands back no value string: every later result showed {@code null}.
     * Returns which were restored, e.g. "System.out", or an empty string.
     */
    String restoreNulled() {
        StringBuilder restored = new StringBuilder();
        if (System.out == null && outStream != null) {
            System.setOut(outStream);
            restored.append("System.out");
        }
        if (System.err == null && errStream != null) {
            System.setErr(errStream);
            restored.append(restored.length() > 0 ? ", " : "").append("System.err");
        }
        if (System.in == null) {
            System.setIn(new CellInput());
            restored.append(restored.length() > 0 ? ", " : "").append("System.in");
        }
        return restored.toString();
    }

    /** Sends output to {@code newSink} (null: to the original streams); returns the previous sink. */
    OutputSink swap(OutputSink newSink) {
        // A writer stopped inside println (Thread.stop, the JDK 17 interrupt) can leave text in
        // the PrintStream's own character buffer, which only its next write sends on; push it
        // into the channels now so it goes to the ending cell. Outside the lock: a writer takes
        // the PrintStream's monitor first and the lock second, and so must this.
        drainPrintBuffers();
        lock.lock();
        try {
            // Everything the ending cell wrote goes to its own sink, including bytes not yet
            // decoded (an unfinished UTF-8 sequence, or a writer stopped mid-println): left in
            // the decoder they would open the next cell's output.
            out.endCell();
            err.endCell();
            OutputSink previous = sink;
            sink = newSink;
            input = new byte[0];
            inputPos = 0;
            return previous;
        } finally {
            lock.unlock();
        }
    }

    private void drainPrintBuffers() {
        if (outStream != null) {
            outStream.print("");
            errStream.print("");
        }
    }

    /**
     * After a cell: text that threads started by snippets (members of {@code snippets}) print
     * while no cell runs goes to {@code cellSink}, the sink of the cell that just ended, as
     * Jupyter kernels do; anything else printed between cells goes to the original streams.
     */
    void afterCell(OutputSink cellSink, ThreadGroup snippets) {
        idleSink = cellSink;
        snippetThreads = snippets;
    }

    /** Whether the current thread, printing while no cell runs, goes to {@link #idleSink}. */
    private boolean routedWhenIdle() {
        ThreadGroup snippets = snippetThreads;
        ThreadGroup mine = Thread.currentThread().getThreadGroup();
        return idleSink != null && snippets != null && mine != null && snippets.parentOf(mine);
    }

    /** Sends text that waited {@link #FLUSH_NANOS} (printed before a long computation, say). */
    private void flushStale() {
        // A writer holding the lock may be waiting for this thread: never block on it here.
        if (!lock.tryLock()) {
            return;
        }
        try {
            if (sink != null || idleSink != null) {
                out.emitIfStale();
                err.emitIfStale();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Calls {@code call} on the current sink (if any) after pending text; false outside a cell. */
    boolean withSink(Consumer<OutputSink> call) {
        Thread caller = Thread.currentThread();
        lock.lock();
        try {
            OutputSink target = sink;
            if (target == null) {
                return false;
            }
            flushLocked();
            output.runAndWait(() -> fromThread(caller, () -> call.accept(target)));
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * On (true) or off (false) again: while any caller has it on, each chunk of text sent to
     * the sink was printed by one thread, {@link #origin()}. Text pending when it goes on is sent
     * first (its origin may be mixed).
     */
    void attribute(boolean on) {
        if (on) {
            attributing.incrementAndGet();
            flush();
        } else {
            attributing.decrementAndGet();
        }
    }

    /**
     * Inside a sink call (on the output thread): the thread whose text or display it receives;
     * null elsewhere, or when the text came from several threads.
     */
    Thread origin() {
        return output.isCurrent() ? origin : null;
    }

    /** Runs a sink call on the output thread with {@link #origin} set to {@code from}. */
    private void fromThread(Thread from, Runnable call) {
        origin = from;
        try {
            call.run();
        } finally {
            origin = null;
        }
    }

    /** Sends everything pending to the sink. */
    void flush() {
        lock.lock();
        try {
            flushLocked();
        } finally {
            lock.unlock();
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
        /** The thread that printed all of {@link #pending}, or null: several did. */
        private Thread pendingOwner;
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
            if (output.isCurrent()) {
                // A sink that logs to System.out/err: straight to the real stream (the writer
                // waiting for this thread holds the lock).
                original.write(b, off, len);
                return;
            }
            lock.lock();
            try {
                if (sink == null && !routedWhenIdle()) {
                    original.write(b, off, len);
                    return;
                }
                other().emitAll();
                Thread me = Thread.currentThread();
                if (pending.length() == 0) {
                    pendingOwner = me;
                } else if (pendingOwner != me) {
                    if (attributing.get() > 0) {
                        emitAll();      // one origin per chunk
                        pendingOwner = me;
                    } else {
                        pendingOwner = null;
                    }
                }
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
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void flush() {
            if (output.isCurrent()) {
                original.flush();
                return;
            }
            lock.lock();
            try {
                if (sink == null && !routedWhenIdle()) {
                    original.flush();
                } else {
                    emitIfStale();
                }
            } finally {
                lock.unlock();
            }
        }

        private Channel other() {
            return isErr ? out : err;
        }

        void emitIfStale() {
            if (pending.length() > 0 && System.nanoTime() - lastEmit >= FLUSH_NANOS) {
                emitAll();
            }
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

        /** Decodes what is left (a cut-off sequence becomes U+FFFD), sends it, resets the decoder. */
        void endCell() {
            bytes.flip();
            decoder.decode(bytes, chars, true);
            decoder.flush(chars);
            decoder.reset();
            bytes.clear();
            chars.flip();
            pending.append(chars);
            chars.clear();
            emitAll();
        }

        void emitAll() {
            emitFull();
            if (pending.length() > 0) {
                String text = pending.toString();
                pending.setLength(0);
                send(text);
            }
        }

        private void send(String text) {
            lastEmit = System.nanoTime();
            Thread from = pendingOwner;
            // Between cells only text from snippets' threads is ever pending (see write).
            OutputSink target = sink != null ? sink : idleSink;
            if (target == null) {
                original.print(text);
                return;
            }
            try {
                output.runAndWait(isErr ? () -> fromThread(from, () -> target.stderr(text))
                        : () -> fromThread(from, () -> target.stdout(text)));
            } catch (RuntimeException e) {
                if (target != idleSink || sink != null) {
                    throw e;
                }
                original.print(text); // the ended cell's sink is gone (kernel shutting down)
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
            lock.lock();
            try {
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
            } finally {
                lock.unlock();
            }
        }

        @Override
        public int available() {
            lock.lock();
            try {
                return sink == null ? 0 : input.length - inputPos;
            } finally {
                lock.unlock();
            }
        }
    }
}
