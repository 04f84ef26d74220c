package dev.javacached.store;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/**
 * A few daemon helper threads (cores − 1, at least 1) for hashing blob chunks next to the
 * thread that copies or writes them. Work is handed out one chunk index at a time from a shared
 * counter, so the calling thread can join in as soon as it is free.
 */
final class Parallel {
    static final int HELPERS = Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
    private static final ExecutorService POOL = Executors.newFixedThreadPool(HELPERS, r -> {
        Thread t = new Thread(r, "java-cached-store-hash");
        t.setDaemon(true);
        return t;
    });

    private Parallel() {
    }

    /**
     * Waits for {@code f} to finish even when interrupted (work that may still touch mapped
     * memory or a temp file must be waited out); the interrupt is kept for the caller. Returns
     * the task's failure, or null. A cancelled task's {@code CancellationException} is thrown.
     */
    static Throwable awaitUninterruptibly(Future<?> f) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    f.get();
                    return null;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    return e.getCause();
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Throws {@code t} if it is unchecked (a RuntimeException or an Error); returns otherwise. */
    static void throwIfUnchecked(Throwable t) {
        if (t instanceof RuntimeException re) {
            throw re;
        }
        if (t instanceof Error err) {
            throw err;
        }
    }

    static <T> Future<T> submit(java.util.concurrent.Callable<T> task) {
        return POOL.submit(task);
    }

    /** Runs body(i) for i in [0, n) on the helpers; {@link Work#help} lets the caller take part too. */
    static Work start(int n, IntConsumer body) {
        Work w = new Work(n, body);
        for (int k = 0; k < Math.min(HELPERS, n); k++) {
            w.helpers.add(CompletableFuture.runAsync(w::help, POOL));
        }
        return w;
    }

    static final class Work {
        private final int n;
        private final IntConsumer body;
        private final AtomicInteger next = new AtomicInteger();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private final java.util.List<CompletableFuture<Void>> helpers = new java.util.ArrayList<>();

        private Work(int n, IntConsumer body) {
            this.n = n;
            this.body = body;
        }

        /** Takes chunks until none are left. */
        void help() {
            int i;
            while (failure.get() == null && (i = next.getAndIncrement()) < n) {
                try {
                    body.accept(i);
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
            }
        }

        /** Helps, then waits for every chunk; rethrows the first failure. */
        void finish() {
            help();
            for (CompletableFuture<Void> f : helpers) {
                Throwable t = awaitUninterruptibly(f);   // chunks may still be touching mapped memory
                if (t != null) {
                    failure.compareAndSet(null, t);
                }
            }
            Throwable t = failure.get();
            throwIfUnchecked(t);
            if (t != null) {
                throw new IllegalStateException(t);
            }
        }

        /** Stops handing out chunks and waits for the running ones (on an abandoned read). */
        void cancel() {
            failure.compareAndSet(null, new java.util.concurrent.CancellationException());
            try {
                finish();
            } catch (RuntimeException | Error ignored) {
                // cancelled on purpose
            }
        }
    }
}
