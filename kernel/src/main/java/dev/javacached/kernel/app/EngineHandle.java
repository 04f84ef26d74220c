package dev.javacached.kernel.app;

import dev.javacached.kernel.engine.Engine;
import dev.javacached.kernel.log.Log;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * The engine, created in the background so the sockets are bound and kernel_info is
 * answered before the engine has finished initialising. Requests that need the engine
 * wait for it.
 */
final class EngineHandle implements AutoCloseable {
    private final CompletableFuture<Engine> future = new CompletableFuture<>();

    private EngineHandle() {
    }

    static EngineHandle startInBackground(Supplier<? extends Engine> factory) {
        EngineHandle handle = new EngineHandle();
        Thread t = new Thread(() -> {
            try {
                handle.future.complete(factory.get());
            } catch (Throwable e) {
                Log.error("engine failed to start", e);
                handle.future.completeExceptionally(e);
            }
        }, "engine-init");
        t.setDaemon(true);
        t.start();
        return handle;
    }

    static EngineHandle of(Engine engine) {
        EngineHandle handle = new EngineHandle();
        handle.future.complete(engine);
        return handle;
    }

    /** Waits for the engine. @throws EngineUnavailableException when it failed to start */
    Engine get() {
        try {
            return future.join();
        } catch (CompletionException | java.util.concurrent.CancellationException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new EngineUnavailableException("the Java engine failed to start: " + cause, cause);
        }
    }

    /** A handle whose engine never starts (for a kernel that stops before serving). */
    static EngineHandle failed(Throwable cause) {
        EngineHandle handle = new EngineHandle();
        handle.future.completeExceptionally(cause);
        return handle;
    }

    Optional<Engine> ifReady() {
        return future.isDone() && !future.isCompletedExceptionally() ? Optional.of(future.join()) : Optional.empty();
    }

    void interrupt() {
        ifReady().ifPresent(Engine::interrupt);
    }

    @Override
    public void close() {
        if (!future.isDone()) {
            future.cancel(false);
        }
        ifReady().ifPresent(e -> {
            try {
                e.close();
            } catch (RuntimeException ex) {
                Log.error("engine close failed", ex);
            }
        });
    }

    static final class EngineUnavailableException extends RuntimeException {
        EngineUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
