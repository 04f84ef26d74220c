package dev.javacached.kernel.app;

import dev.javacached.kernel.engine.Engine;
import dev.javacached.kernel.log.Log;
import dev.javacached.kernel.protocol.Message;
import dev.javacached.kernel.protocol.MsgType;
import dev.javacached.kernel.protocol.Status;
import dev.javacached.kernel.transport.ConnectionInfo;
import dev.javacached.kernel.transport.KernelTransport;
import dev.javacached.kernel.transport.WireCodec;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * A running kernel: the transport's sockets and threads, the request handlers, and the
 * engine (created in the background). {@link #awaitShutdown()} returns when a
 * shutdown_request has been answered; {@link #close()} then releases everything.
 */
public final class KernelServer implements AutoCloseable {

    /** Limits; {@link #defaults()} reads system properties {@code java.cached.maxMessageBytes} etc. */
    public record Limits(long maxMessageBytes, long maxStreamChars) {
        public static Limits defaults() {
            return new Limits(Long.getLong("java.cached.maxMessageBytes", WireCodec.DEFAULT_MAX_MESSAGE_BYTES),
                    Long.getLong("java.cached.maxStreamChars", RequestHandlers.DEFAULT_MAX_STREAM_CHARS));
        }
    }

    private final KernelTransport transport;
    private final EngineHandle engine;
    private final RequestHandlers handlers;
    private final CompletableFuture<Boolean> shutdown = new CompletableFuture<>();
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private KernelServer(KernelTransport transport, EngineHandle engine, Limits limits) {
        this.transport = transport;
        this.engine = engine;
        String session = UUID.randomUUID().toString();
        this.handlers = new RequestHandlers(engine, transport.iopub(), transport.stdin(), session,
                shutdown::complete, limits.maxStreamChars());
        transport.start(handlers);
        transport.iopub().publish(Message.create(List.of(), MsgType.STATUS, session, null, Status.STARTING));
    }

    /**
     * Binds the sockets and starts serving at once; {@code engineFactory} runs in the
     * background.
     *
     * @throws dev.javacached.kernel.transport.UnsupportedSchemeException for a signature
     *         scheme other than hmac-sha256
     */
    public static KernelServer start(ConnectionInfo info, Supplier<? extends Engine> engineFactory, Limits limits) {
        return start(info, EngineHandle.startInBackground(engineFactory), limits);
    }

    /**
     * Binds the sockets and serves {@code engine}, which is already starting (the kernel starts
     * it before anything else: JShell's start is the longest part of the kernel's start). The
     * engine is closed when binding fails.
     */
    static KernelServer start(ConnectionInfo info, EngineHandle engine, Limits limits) {
        KernelTransport transport;
        try {
            transport = KernelTransport.bind(info, limits.maxMessageBytes());
        } catch (RuntimeException | Error e) {
            engine.close();
            throw e;
        }
        return new KernelServer(transport, engine, limits);
    }

    /** The connection info with the ports actually bound (ports of 0 are chosen at random). */
    public ConnectionInfo connectionInfo() {
        return transport.connectionInfo();
    }

    /** Interrupts the running cell (SIGINT, or interrupt_request). */
    public void interrupt() {
        handlers.interrupt();
    }

    /**
     * Shuts the kernel down as if a shutdown_request (restart false) had come: used when the
     * process that started the kernel is gone and nobody can ask any more.
     */
    public void requestShutdown() {
        handlers.interrupt();
        shutdown.complete(false);
    }

    /** Blocks until a shutdown_request was answered; returns its {@code restart} flag. */
    public boolean awaitShutdown() throws InterruptedException {
        try {
            return shutdown.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    public boolean awaitShutdown(long timeout, TimeUnit unit) throws InterruptedException, TimeoutException {
        try {
            return shutdown.get(timeout, unit);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    public boolean isShutdownRequested() {
        return shutdown.isDone();
    }

    /** Stops the cell, closes sockets (waiting at most a few seconds) and the engine. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        engine.interrupt();
        if (!transport.close(3000)) {
            Log.warn("some kernel threads did not stop in time");
        }
        engine.close();
    }
}
