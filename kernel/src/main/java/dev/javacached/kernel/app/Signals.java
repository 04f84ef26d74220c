package dev.javacached.kernel.app;

import dev.javacached.kernel.log.Log;

/**
 * SIGINT interrupts the running cell instead of killing the JVM (clients with
 * interrupt_mode "signal", or a Ctrl-C in the terminal that started the kernel).
 */
final class Signals {
    private Signals() {
    }

    @SuppressWarnings("restriction")
    static void onInterrupt(Runnable action) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("INT"), signal -> {
                Log.info("SIGINT: interrupting the running cell");
                action.run();
            });
        } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
            Log.warn("cannot handle SIGINT: %s", e);
        }
    }
}
