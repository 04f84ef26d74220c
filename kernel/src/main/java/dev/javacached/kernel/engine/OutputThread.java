package dev.javacached.kernel.engine;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * The one thread that calls into output sinks, plus a periodic task. Writers hand it work
 * through a lock-free queue and wait with {@link LockSupport#park}: a writer can be a snippet
 * thread that JDK 17 stops with {@code Thread.stop}, and a stop landing inside an executor's
 * queue lock would leave that lock held by a dead thread and all later output stuck behind it.
 * (Same reason as {@link StopSafeLock}.)
 */
final class OutputThread {
    private final ConcurrentLinkedQueue<Task> queue = new ConcurrentLinkedQueue<>();
    private final Runnable periodic;
    private final long periodNanos;
    private final Thread thread;

    private static final class Task {
        final Runnable call;
        final Thread waiter;
        Throwable failure;
        volatile boolean done;

        Task(Runnable call, Thread waiter) {
            this.call = call;
            this.waiter = waiter;
        }
    }

    /** Starts the (daemon) thread in {@code group}; it runs {@code periodic} every {@code periodNanos}. */
    OutputThread(ThreadGroup group, String name, Runnable periodic, long periodNanos) {
        this.periodic = periodic;
        this.periodNanos = periodNanos;
        this.thread = new Thread(group, this::loop, name);
        thread.setDaemon(true);
        thread.start();
    }

    boolean isCurrent() {
        return Thread.currentThread() == thread;
    }

    /**
     * Runs {@code call} on the output thread and waits for it, through interrupts (the
     * interrupt status is kept); rethrows what it threw.
     */
    void runAndWait(Runnable call) {
        if (isCurrent()) {
            call.run();
            return;
        }
        Task task = new Task(call, Thread.currentThread());
        queue.add(task);
        LockSupport.unpark(thread);
        boolean interrupted = false;
        while (!task.done) {
            LockSupport.park(this);
            interrupted |= Thread.interrupted();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        Throwable failure = task.failure;
        if (failure instanceof RuntimeException r) {
            throw r;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
    }

    private void loop() {
        long next = System.nanoTime() + periodNanos;
        while (true) {
            Task task = queue.poll();
            if (task != null) {
                try {
                    task.call.run();
                } catch (Throwable e) {
                    task.failure = e;
                }
                task.done = true;
                LockSupport.unpark(task.waiter);
                continue;
            }
            long now = System.nanoTime();
            if (now - next >= 0) {
                try {
                    periodic.run();
                } catch (RuntimeException e) {
                    // a failing sink must not end the thread every later cell's output needs
                }
                next = now + periodNanos;
            } else {
                LockSupport.parkNanos(this, next - now);
            }
        }
    }
}
