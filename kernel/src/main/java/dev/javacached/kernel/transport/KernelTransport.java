package dev.javacached.kernel.transport;

import dev.javacached.kernel.log.Log;
import dev.javacached.kernel.protocol.Message;
import java.util.ArrayList;
import java.util.List;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;

/**
 * The five sockets of a kernel and the threads that own them. JeroMQ sockets are not
 * thread-safe, so each socket has exactly one owning thread:
 * <ul>
 *   <li>{@code shell} (ROUTER): receives requests and runs the handler on its thread,
 *       replies on the same thread;</li>
 *   <li>{@code control} (ROUTER): same, on its own thread — so interrupt and shutdown are
 *       served while a cell runs on shell;</li>
 *   <li>{@code iopub} (PUB): {@link IopubPublisher}'s thread, fed by a queue;</li>
 *   <li>{@code stdin} (ROUTER): {@link StdinChannel}'s thread;</li>
 *   <li>{@code hb} (REP): echoes pings on its own thread.</li>
 * </ul>
 * Messages that fail to decode (bad signature, malformed JSON, too few frames, too big)
 * are logged and dropped. {@link #close()} terminates the context, which wakes every
 * blocked receive with ETERM; each thread then closes its own socket.
 */
public final class KernelTransport implements AutoCloseable {

    public enum Channel { SHELL, CONTROL }

    /**
     * The channel a request came in on, for its handler: only valid on the handling thread,
     * during the call.
     */
    public interface Replier {
        /** Sends a reply on this channel. */
        void reply(Message message);

        /**
         * Takes the requests already waiting on this channel without blocking (valid ones
         * only) — for aborting queued execute_requests after an error.
         */
        List<Message> takeQueued();
    }

    @FunctionalInterface
    public interface RequestHandler {
        void handle(Channel channel, Message request, Replier replier);
    }

    private static final int LINGER_MS = 1000;

    private final ZMQ.Context context;
    private final ZMQ.Socket shell;
    private final ZMQ.Socket control;
    private final ZMQ.Socket hb;
    private final IopubPublisher iopub;
    private final StdinChannel stdin;
    private final WireCodec codec;
    private final ConnectionInfo bound;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean closing;
    private volatile boolean started;

    private KernelTransport(ConnectionInfo info, WireCodec codec) {
        this.codec = codec;
        this.context = ZMQ.context(1);
        try {
            shell = socket(SocketType.ROUTER);
            control = socket(SocketType.ROUTER);
            ZMQ.Socket stdinSocket = socket(SocketType.ROUTER);
            ZMQ.Socket iopubSocket = socket(SocketType.PUB);
            hb = socket(SocketType.REP);
            int shellPort = bind(shell, info, info.shellPort());
            int controlPort = bind(control, info, info.controlPort());
            int stdinPort = bind(stdinSocket, info, info.stdinPort());
            int iopubPort = bind(iopubSocket, info, info.iopubPort());
            int hbPort = bind(hb, info, info.hbPort());
            bound = info.withPorts(shellPort, controlPort, stdinPort, iopubPort, hbPort);
            iopub = new IopubPublisher(iopubSocket, codec);
            stdin = new StdinChannel(stdinSocket, codec);
        } catch (RuntimeException e) {
            context.term();
            throw e;
        }
    }

    /**
     * Binds all five sockets (ports of 0 are chosen at random).
     *
     * @throws UnsupportedSchemeException for a signature scheme other than hmac-sha256
     */
    public static KernelTransport bind(ConnectionInfo info, long maxMessageBytes) {
        if (!"tcp".equals(info.transport()) && !"ipc".equals(info.transport())) {
            throw new IllegalArgumentException("unsupported transport \"" + info.transport() + "\"");
        }
        Signer signer = Signer.create(info.signatureScheme(), info.key());
        if (!signer.enabled()) {
            Log.warn("empty key in the connection file: messages are not signed");
        }
        return new KernelTransport(info, new WireCodec(signer, maxMessageBytes));
    }

    private ZMQ.Socket socket(SocketType type) {
        ZMQ.Socket s = context.socket(type);
        s.setLinger(LINGER_MS);
        return s;
    }

    private static int bind(ZMQ.Socket socket, ConnectionInfo info, int port) {
        if (port == 0 && "tcp".equals(info.transport())) {
            return socket.bindToRandomPort(info.transport() + "://" + info.ip());
        }
        String address = "ipc".equals(info.transport()) ? "ipc://" + info.ip() + "-" + port : info.address(port);
        socket.bind(address);
        return port;
    }

    /** The connection info with the ports actually bound. */
    public ConnectionInfo connectionInfo() {
        return bound;
    }

    public IopubPublisher iopub() {
        return iopub;
    }

    public StdinChannel stdin() {
        return stdin;
    }

    /** Starts the socket threads; {@code handler} runs on the shell and control threads. */
    public void start(RequestHandler handler) {
        started = true;
        iopub.start();
        stdin.start();
        startThread("heartbeat", this::heartbeat);
        startThread("shell", () -> serve(Channel.SHELL, shell, handler));
        startThread("control", () -> serve(Channel.CONTROL, control, handler));
    }

    private void startThread(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        threads.add(t);
        t.start();
    }

    private void heartbeat() {
        try {
            while (!closing) {
                List<byte[]> ping = Frames.recv(hb, 0);
                if (ping != null) {
                    Frames.send(hb, ping);
                }
            }
        } catch (RuntimeException e) {
            if (!Frames.isTerminated(e)) {
                Log.error("heartbeat failed", e);
            }
        } finally {
            hb.close();
        }
    }

    /**
     * How long to wait, after a failed cell and before its reply, for requests still arriving
     * on the same socket, to abort them too (system property
     * {@code java.cached.abortWindowMillis}, default 0: only what has already arrived).
     */
    static final java.util.function.Supplier<Long> ABORT_WINDOW_MS =
            () -> Long.getLong("java.cached.abortWindowMillis", 0L);

    /** The next message, waiting at most until {@code deadline} (System.nanoTime); null when none came. */
    private static List<byte[]> recvUntil(ZMQ.Socket socket, long deadline) {
        List<byte[]> frames = Frames.recv(socket, ZMQ.DONTWAIT);
        long leftMs = (deadline - System.nanoTime()) / 1_000_000;
        if (frames != null || leftMs <= 0) {
            return frames;
        }
        int previous = socket.getReceiveTimeOut();
        socket.setReceiveTimeOut((int) Math.min(Integer.MAX_VALUE, leftMs));
        try {
            return Frames.recv(socket, 0);
        } finally {
            socket.setReceiveTimeOut(previous);
        }
    }

    private void serve(Channel channel, ZMQ.Socket socket, RequestHandler handler) {
        Replier replier = new Replier() {
            @Override
            public void reply(Message message) {
                try {
                    Frames.send(socket, codec.encode(message));
                } catch (RuntimeException e) {
                    if (!Frames.isTerminated(e)) {
                        throw e;
                    }
                    Log.debug("%s: kernel shutting down, %s not sent", channel, message.msgType());
                }
            }

            @Override
            public List<Message> takeQueued() {
                // Like ipykernel's stop_on_error_timeout: optionally wait a little for requests
                // still in flight when the error happened (a "Run all" sends them at once).
                long deadline = System.nanoTime() + ABORT_WINDOW_MS.get() * 1_000_000;
                List<Message> queued = new ArrayList<>();
                List<byte[]> frames;
                while ((frames = recvUntil(socket, deadline)) != null) {
                    try {
                        queued.add(codec.decode(frames));
                    } catch (MalformedMessageException e) {
                        Log.warn("%s: dropped message: %s", channel, e.getMessage());
                    }
                }
                return queued;
            }
        };
        try {
            while (!closing) {
                List<byte[]> frames = Frames.recv(socket, 0);
                if (frames == null) {
                    continue;
                }
                Message request;
                try {
                    request = codec.decode(frames);
                } catch (MalformedMessageException e) {
                    Log.warn("%s: dropped message: %s", channel, e.getMessage());
                    continue;
                }
                Log.debug("%s -> %s", channel, request.msgType());
                try {
                    handler.handle(channel, request, replier);
                } catch (RuntimeException e) {
                    if (Frames.isTerminated(e)) {
                        throw e;
                    }
                    Log.error(channel + ": handler failed on " + request.msgType(), e);
                } catch (StackOverflowError | OutOfMemoryError e) {
                    Log.error(channel + ": handler failed on " + request.msgType(), e);
                }
            }
        } catch (RuntimeException e) {
            if (!Frames.isTerminated(e)) {
                Log.error(channel + " loop failed", e);
            }
        } finally {
            socket.close();
        }
    }

    /**
     * Flushes and stops IOPub and stdin, then terminates the context. Waits at most
     * {@code timeoutMillis} for the shell thread (which may be stuck in a cell); returns
     * false if some thread did not finish.
     */
    public boolean close(long timeoutMillis) {
        if (closing) {
            return true;
        }
        closing = true;
        if (!started) {
            for (ZMQ.Socket s : List.of(shell, control, hb)) {
                s.close();
            }
            iopub.closeUnstarted();
            stdin.closeUnstarted();
            context.term();
            return true;
        }
        iopub.close();
        stdin.close();
        Thread terminator = new Thread(context::term, "zmq-term");
        terminator.setDaemon(true);
        terminator.start();
        long deadline = System.currentTimeMillis() + timeoutMillis;
        try {
            for (Thread t : threads) {
                t.join(Math.max(1, deadline - System.currentTimeMillis()));
            }
            terminator.join(Math.max(1, deadline - System.currentTimeMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        boolean clean = !terminator.isAlive();
        if (!clean) {
            Log.warn("sockets did not close within %d ms", timeoutMillis);
        }
        return clean;
    }

    @Override
    public void close() {
        close(5000);
    }
}
