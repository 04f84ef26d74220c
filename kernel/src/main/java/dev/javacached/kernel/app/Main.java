package dev.javacached.kernel.app;

import dev.javacached.kernel.engine.Engine;
import dev.javacached.kernel.log.Log;
import dev.javacached.kernel.protocol.Json;
import dev.javacached.kernel.transport.ConnectionInfo;
import dev.javacached.kernel.transport.UnsupportedSchemeException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * {@code java -jar java-cached.jar CONNECTION_FILE} runs the kernel;
 * {@code java -jar java-cached.jar install [...]} writes its kernelspec.
 */
public final class Main {
    static final int EXIT_OK = 0;
    static final int EXIT_ERROR = 1;
    static final int EXIT_USAGE = 2;

    private Main() {
    }

    /**
     * THE place where the real engine is plugged in. Runs on a background thread while the
     * sockets already answer kernel_info.
     */
    static Engine createEngine() {
        return KernelAssembly.create();
    }

    public static void main(String[] args) {
        int code = run(args, Main::createEngine, System.out, System.err);
        System.exit(code);
    }

    /** Runs the command line; returns the exit status. {@code engineFactory} is used by the kernel command. */
    public static int run(String[] args, Supplier<? extends Engine> engineFactory, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.print(usage());
            return EXIT_USAGE;
        }
        CommandLine cl = new CommandLine(args);
        return switch (cl.next()) {
            case "--version", "-V" -> {
                out.println("java-cached " + Versions.kernel());
                yield EXIT_OK;
            }
            case "--help", "-h", "help" -> {
                out.print(usage());
                yield EXIT_OK;
            }
            case "--cds-warm-up" -> {
                try {
                    yield CdsWarmUp.run();
                } catch (Exception e) {
                    err.println("java-cached: warm-up failed: " + e);
                    yield EXIT_ERROR;
                }
            }
            case "--refresh-archive" -> {
                String stamp;
                try {
                    stamp = cl.value("the archive's stamp file");   // --refresh-archive STAMP or =STAMP
                } catch (IllegalArgumentException e) {
                    stamp = null;
                }
                if (stamp == null || cl.hasNext()) {
                    err.println("java-cached: --refresh-archive needs the archive's stamp file");
                    yield EXIT_USAGE;
                }
                yield StartupArchive.refresh(Path.of(stamp), Installer.javaBinary(), Installer.codeLocation());
            }
            case "install" -> Installer.run(cl.rest(), out, err);
            case "keygen" -> {
                String dir = cl.hasNext() ? cl.next() : null;
                if (dir == null || dir.startsWith("-") || cl.hasNext()) {
                    err.println("java-cached: keygen needs one folder: java -jar java-cached.jar keygen DIR");
                    yield EXIT_USAGE;
                }
                try {
                    dev.javacached.store.remote.WriterKeys.generate(Path.of(dir));
                } catch (IOException e) {
                    err.println("java-cached: keygen: " + e.getMessage());
                    yield EXIT_ERROR;
                }
                out.println("wrote " + Path.of(dir).resolve("private.pem") + " (the writer's; set"
                        + " JAVA_CACHED_REMOTE_WRITE to it) and " + Path.of(dir).resolve("public.pem")
                        + " (give it to readers: JAVA_CACHED_REMOTE_TRUST)");
                yield EXIT_OK;
            }
            default -> {
                if (cl.word().startsWith("-") || cl.hasNext()) {
                    err.println("java-cached: unknown option or extra arguments: " + String.join(" ", args));
                    err.print(usage());
                    yield EXIT_USAGE;
                }
                yield runKernel(Path.of(cl.word()), engineFactory, err);
            }
        };
    }

    /**
     * Jupyter clients put their own pid in {@code JPY_PARENT_PID} when they start a kernel
     * they own (as ipykernel does, the kernel watches it): when that process dies without a
     * shutdown_request (a killed console or notebook server), the kernel shuts itself down
     * instead of living on, unreachable, holding its memory.
     */
    static void watchParent(String parentPid, KernelServer server) {
        if (parentPid == null || parentPid.isBlank()) {
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(parentPid.trim());
        } catch (NumberFormatException e) {
            Log.warn("JPY_PARENT_PID=%s is not a process id; not watching it", parentPid);
            return;
        }
        if (pid <= 1) {
            return;
        }
        ProcessHandle.of(pid).ifPresentOrElse(
                parent -> parent.onExit().thenRun(() -> {
                    Log.info("parent process %d exited: shutting down", pid);
                    server.requestShutdown();
                }),
                () -> {
                    Log.info("parent process %d is already gone: shutting down", pid);
                    server.requestShutdown();
                });
    }

    /** Time since the JVM started, for start-up logging. */
    static String sinceStart() {
        return ProcessHandle.current().info().startInstant()
                .map(t -> java.time.Duration.between(t, java.time.Instant.now()).toMillis() + " ms after JVM start")
                .orElse("");
    }

    static String usage() {
        return """
                usage: java -jar java-cached.jar CONNECTION_FILE
                       java -jar java-cached.jar install [--user | --sys-prefix | --prefix DIR] [--name NAME]
                                                         [--jvm-opt OPT]...
                       java -jar java-cached.jar keygen DIR
                       java -jar java-cached.jar --version | --help

                Runs the java-cached Jupyter kernel with the given connection file, or installs
                its kernelspec (see `install --help`), or writes a signing key pair for the
                shared remote tier into DIR (private.pem, readable by you only, and public.pem).
                """;
    }

    private static int runKernel(Path connectionFile, Supplier<? extends Engine> engineFactory, PrintStream err) {
        ConnectionInfo info;
        Log.debug("main entered %s", sinceStart());
        // The engine (JShell's start, about a second of CPU) is the long pole: start it before
        // reading the connection file and binding the sockets, which take a few hundred ms
        // (unless the file is missing: then the kernel stops at once, with nothing started).
        EngineHandle engine = java.nio.file.Files.isReadable(connectionFile)
                ? EngineHandle.startInBackground(engineFactory)
                : EngineHandle.failed(new IOException("connection file not readable"));
        Thread archiveCheck = new Thread(
                () -> StartupArchive.refreshIfStale(Installer.javaBinary(), Installer.codeLocation()), "archive-check");
        archiveCheck.setDaemon(true);
        archiveCheck.start();
        Thread warmUp = new Thread(Json::warmUp, "json-warm-up");
        warmUp.setDaemon(true);
        warmUp.start();
        try {
            info = ConnectionInfo.read(connectionFile);
            Log.debug("connection file read %s", sinceStart());
        } catch (IOException e) {
            err.println("java-cached: error: cannot read connection file " + connectionFile + ": " + e.getMessage());
            engine.close();
            return EXIT_ERROR;
        }
        KernelServer server;
        try {
            server = KernelServer.start(info, engine, KernelServer.Limits.defaults());
        } catch (UnsupportedSchemeException e) {
            err.println("java-cached: error: " + e.getMessage());
            return EXIT_ERROR;
        } catch (RuntimeException e) {
            err.println("java-cached: error: cannot start the kernel: " + e);
            return EXIT_ERROR;
        }
        Log.info("kernel started (pid %d, %s), connection file %s", ProcessHandle.current().pid(), sinceStart(),
                connectionFile);
        Signals.onInterrupt(server::interrupt);
        watchParent(System.getenv("JPY_PARENT_PID"), server);
        try {
            boolean restart = server.awaitShutdown();
            Log.info("shutdown requested (restart=%s)", restart);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            server.close();
        }
        return EXIT_OK;
    }
}
