package dev.javacached.kernel.app;

/** Test-only entry point: the real command line, with the {@link EchoEngine}. */
public final class EchoKernelMain {
    private EchoKernelMain() {
    }

    public static void main(String[] args) {
        System.exit(Main.run(args, EchoEngine::new, System.out, System.err));
    }
}
