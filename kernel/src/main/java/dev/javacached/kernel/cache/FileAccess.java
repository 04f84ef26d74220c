package dev.javacached.kernel.cache;

import dev.javacached.kernel.engine.KernelExecutionControl;
import dev.javacached.kernel.log.Log;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Which files the user's code read and wrote while a snippet ran, from the JDK's own
 * instrumentation: JFR's {@code jdk.FileRead} and {@code jdk.FileWrite} events (every
 * {@code FileInputStream}, {@code RandomAccessFile} and {@code FileChannel} read or write, so
 * {@code Files.*}, readers, scanners and libraries built on them), recorded with thresholds
 * at 0 in an in-process recording.
 *
 * <p>Why not a {@code RecordingStream}: a stream delivers events about a second after they
 * happen (the JDK flushes no more often than once a second), so "have I seen every event of
 * this snippet" costs up to a second. Instead {@link #observe} takes a snapshot, which makes the
 * JDK write out every thread's buffered events at once (a chunk rotation), and reads the events
 * since the snippet began from it: 5-60 ms on this machine, paid only when a value is about to
 * be stored. The window is bounded by two marker events committed around the snippet, so the
 * comparison uses JFR's own clock.
 *
 * <p>What counts: events of any thread except the kernel's own (the engine thread compiles and
 * stores, {@code java-cached-*} threads write the store), for regular files, outside the JDK's
 * home and other than jar files (the classpath is in every fingerprint already). Not seen:
 * memory-mapped reads ({@code FileChannel.map}), native code, directory listings
 * ({@code Files.list} sees a new file only when it reads it), and reads through
 * other processes. If JFR is missing or fails to start, {@link #observe} says so and the
 * caller stores nothing whose reads it cannot see.
 *
 * <p>The recording starts on a background thread once the kernel has been idle for a moment
 * after a cell ({@link #idle}), or when a snippet that is about to run needs it
 * ({@link #ensureStarted}); not in cells of plain expressions, such as a first {@code 1+1}, nor
 * beside a restarted kernel's restores. A snippet's window ({@link #begin}) starts just
 * before JShell runs the snippet's code, after compiling it, and only that waits for the
 * recording; code that cannot reach a file ({@link KernelExecutionControl#beforeRun}: a path
 * from a property, an empty collection, a literal) never starts its window, and is known to
 * have read nothing. On Linux, a snippet during which no thread but the kernel's own made a read
 * or write system call needs no snapshot ({@link ThreadIoCounter}); and a snippet whose last
 * run made none does not wait for a recorder that is not running yet: the counters alone decide
 * whether it read nothing, and if it made a call after all, its reads are unknown.
 */
final class FileAccess {
    /** What the user's code read and wrote in a window (absolute paths of regular files), or why unknown. */
    sealed interface Observed {
        record Known(Set<String> reads, Set<String> writes) implements Observed {
        }

        record Unknown(String reason) implements Observed {
        }
    }

    /**
     * A snippet's window. Opened by {@link #begin} before JShell compiles the snippet; it starts
     * ({@link #start}) when code that may reach a file is about to run, or never, when all the
     * snippet ran was code that cannot ({@link KernelExecutionControl#beforeRun}). Once started:
     * {@code id} is its start marker in the recording, 0 when the recorder was not running (then
     * {@code unavailable} says why, or the window is on the counters only); {@code io} the
     * system-call counts at its start, or null where they cannot be read.
     */
    static final class Window {
        private final FileAccess owner;
        /**
         * Opened for a snippet whose last run made no read or write system call while the
         * recorder was not running: it does not wait for the recorder, and the counters alone
         * decide ({@link #observe}), unless the recorder is running by the time it starts.
         */
        private boolean countersOnly;
        private boolean started;
        private long id;
        private Instant began;
        private String unavailable;
        private ThreadIoCounter.Mark io;
        /** After {@link #observe}: whether no notebook thread made a read or write system call; null if unknown. */
        private Boolean quiet;

        Window(FileAccess owner, boolean countersOnly) {
            this.owner = owner;
            this.countersOnly = countersOnly;
        }

        /**
         * Once observed: true when no thread but the kernel's made a read or write system call in
         * it (or no code that could reach a file ran), false when one did, null when the counters
         * could not be read.
         */
        Boolean quiet() {
            return quiet;
        }
    }

    /** The window {@link #begin} opened on this thread (the engine's) and {@link #observe} has not closed. */
    private static final ThreadLocal<Window> OPEN = new ThreadLocal<>();

    static {
        KernelExecutionControl.beforeRun(FileAccess::beforeRun);
    }

    private static final Set<String> KERNEL_THREADS = Set.of("jshell-engine", "shell", "control", "iopub",
            "stdin", "heartbeat", "engine-init", "maven-resolve", "archive-check", "json-warm-up", "zmq-term");
    /**
     * Whether a thread of this name is the kernel's own (the engine thread compiles and stores,
     * {@code java-cached-*} threads write the store): its file accesses are not the user's code's.
     * Every name is under 15 characters, so it reads the same as Linux's {@code comm}.
     */
    static boolean kernelThread(String name) {
        return KERNEL_THREADS.contains(name) || name.startsWith("java-cached-");
    }

    private static final AtomicLong IDS = new AtomicLong();

    private final CompletableFuture<Object> recording;
    private final String javaHome = Path.of(System.getProperty("java.home", "/nonexistent")).toAbsolutePath().toString();

    private final ThreadIoCounter counter;

    /**
     * The one kernel thread that counts system calls and reads snapshots, whatever thread asks
     * (a memoized call asks from a snippet thread): its own reads are then never taken for the
     * user's code's, neither by the counter nor in a later window's snapshot.
     */
    private final java.util.concurrent.ExecutorService probe = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "java-cached-file-probe");
        t.setDaemon(true);
        return t;
    });

    private FileAccess(CompletableFuture<Object> recording, ThreadIoCounter counter) {
        this.recording = recording;
        this.counter = counter;
    }

    private static FileAccess shared;

    /**
     * The JVM's one recorder (JFR recordings are JVM-wide, so every hook in this JVM shares one).
     * It starts once the kernel is idle after a cell ({@link #idle}) or at the first snippet that needs it
     * ({@link #ensureStarted}), not with the kernel: started during the kernel's own start-up or
     * its first cell, it competed for the CPU with JShell's start, the store's open and the
     * first result.
     */
    static synchronized FileAccess shared() {
        if (shared == null) {
            shared = new FileAccess(new CompletableFuture<>(), ThreadIoCounter.open());
        }
        return shared;
    }

    private final java.util.concurrent.atomic.AtomicBoolean started = new java.util.concurrent.atomic.AtomicBoolean();
    /** The kernel's start moment (JVM-wide, like the recording): see {@link StartMoment}. */
    private final StartMoment moment = new StartMoment(300);
    /** Counted down when a snippet's window needs the recording ({@link #ensureStarted}). */
    private final java.util.concurrent.CountDownLatch needed = new java.util.concurrent.CountDownLatch(1);

    /**
     * The kernel's start moment, which the store's open waits for. The recording does not start
     * at it: started when the cache first met a declaration, its 0.4-0.5 s of CPU ran beside a
     * restarted kernel's first restores (notebooks/03's rerun: 1.74 s with it, 1.26 s without,
     * on this 2-core machine); it starts when the kernel is idle, or when a window needs it.
     */
    StartMoment moment() {
        return moment;
    }

    /** Starts the recording on a background thread now, once (it does not wait for it); later calls do nothing. */
    void ensureStarted() {
        needed.countDown();
        startRecorder();
    }

    /** A cell began: the recording does not start in it unless a snippet needs it ({@link #ensureStarted}). */
    void busy() {
        moment.busy();
    }

    /**
     * A cell ended: the recording starts once no cell has run for a moment ({@link StartMoment}),
     * or at once when a snippet needs it. So it starts while the user reads the result, not
     * while the kernel makes one: JFR's start is about 0.4-0.5 s of CPU, and on this 2-core
     * machine, started in the first cell, it delayed the first {@code 1+1} result of a fresh
     * kernel on JDK 17 by 0.35 s (1.14 s against 0.80 s, alternating launches); started right
     * after that cell, it slowed the cells that followed.
     */
    void idle() {
        moment.idle();
        startRecorder();
    }

    private void startRecorder() {
        if (!started.compareAndSet(false, true) || recording.isDone()) {
            return;
        }
        CompletableFuture<Object> f = recording;
        Thread t = new Thread(() -> {
            try {
                moment.awaitIdleOr(needed);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Jfr jfr;
            long t0 = System.nanoTime();
            try {
                jfr = Jfr.start();
                Log.debug("file recorder started in %.1f ms", (System.nanoTime() - t0) / 1e6);
            } catch (Throwable e) {
                Log.warn("file reads cannot be observed (JFR did not start): %s", e);
                f.complete(e.toString());
                return;
            }
            f.complete(jfr);
            // the thread stays, parked, for the JVM's life (there is one recorder per JVM): Linux
            // adds an ended thread's system calls to the process's, where ThreadIoCounter would
            // take JFR's start-up reads for the user's code in the window open when it ended
            while (true) {
                java.util.concurrent.locks.LockSupport.park(this);
            }
        }, "java-cached-file-recorder");
        t.setDaemon(true);
        t.start();
    }

    /**
     * A recorder that has not started and never starts, over the real system-call counters
     * (tests of the windows that do not wait for it); null where the counters cannot be read.
     */
    static FileAccess neverStarting() {
        ThreadIoCounter counter = ThreadIoCounter.open();
        if (counter == null) {
            return null;
        }
        FileAccess f = new FileAccess(new CompletableFuture<>(), counter);
        f.started.set(true);
        return f;
    }

    /** A recorder that never observes anything (tests of the "JFR unavailable" rule). */
    static FileAccess unavailable(String reason) {
        return new FileAccess(CompletableFuture.completedFuture(reason), null);
    }

    /**
     * Opens the window of a declaration or statement about to be evaluated on this thread. It
     * does not wait for the recorder: the snippet's code runs only after JShell compiled it, and
     * the window starts then ({@link #beforeRun}), so JShell's compile overlaps the recorder's
     * start; for code that cannot reach a file it never starts at all.
     *
     * <p>{@code quietLastTime}: the snippet's last run (in this kernel or the one before) made no
     * read or write system call. Then, on Linux, while the recorder is not running yet, the window
     * neither starts nor waits for it: the system-call counters alone say whether the snippet read
     * nothing ({@link #observe}). So the computing snippets of a restarted kernel's first cells
     * do not wait for JFR's start, nor have it run beside them.
     */
    Window begin(boolean quietLastTime) {
        boolean countersOnly = quietLastTime && counter != null && !recording.isDone();
        if (!countersOnly) {
            ensureStarted();
        }
        Window w = new Window(this, countersOnly);
        if (KernelExecutionControl.reportsRunsOn(Thread.currentThread())) {
            OPEN.set(w);
        } else {
            start(w);   // evaluated where no control reports its runs: start now, as a run could come any time
        }
        return w;
    }

    /**
     * A window that starts now, for code that runs right away (a memoized call's body, on the
     * snippet's thread). Waits for the recording to have started (it starts at the kernel's start
     * moment, so normally it has; else this starts it and waits).
     */
    Window beginNow() {
        Window w = new Window(this, false);
        start(w);
        return w;
    }

    /**
     * JShell is about to run code of the snippet whose window is open on this thread: the window
     * starts, unless {@code ioFree} says this code cannot reach a file ({@link KernelExecutionControl#beforeRun}).
     */
    static void beforeRun(boolean ioFree) {
        Window w = OPEN.get();
        if (w != null && !w.started && !ioFree) {
            w.owner.start(w);
        }
    }

    /**
     * Starts {@code w}: waits for the recording, then marks the start in it; or, for a window on
     * the counters only while the recorder is still not running, takes the counters' mark.
     */
    private void start(Window w) {
        w.started = true;
        if (w.countersOnly && !recording.isDone()) {
            w.io = onProbe(counter::mark).orElse(null);
            if (w.io != null) {
                Log.debug("a window on the system-call counters only: the file recorder is not running yet");
                return;
            }
        }
        w.countersOnly = false;     // the recorder runs by now (or the counters failed): as any window
        ensureStarted();
        Object r;
        try {
            r = recording.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            w.unavailable = "the file recorder did not start in time";
            return;
        }
        if (!(r instanceof Jfr)) {
            w.unavailable = "JFR is not available (" + r + ")";
            return;
        }
        long id = IDS.incrementAndGet();
        ThreadIoCounter.Mark io = counter == null ? null : onProbe(counter::mark).orElse(null);
        Instant began = Instant.now();
        try {
            Jfr.mark(id);
        } catch (RuntimeException | LinkageError e) {
            w.unavailable = "the file recorder failed: " + e;
            return;
        }
        w.id = id;
        w.began = began;
        w.io = io;
    }

    /** The files read and written by the user's code since {@code window} began (from any thread). */
    Observed observe(Window window) {
        if (OPEN.get() == window) {
            OPEN.remove();
        }
        if (!window.started) {
            window.quiet = true;
            return new Observed.Known(Set.of(), Set.of());   // no code that could reach a file ran
        }
        ThreadIoCounter.Mark io = window.io;     // set whenever the window is on the counters only
        if (io != null) {
            window.quiet = onProbe(() -> counter.quietSince(io)).orElse(false);
        }
        if (window.countersOnly) {
            if (!window.quiet) {
                ensureStarted();    // the snippets that follow may not be as quiet as they were either
                return new Observed.Unknown("it made a read or write system call before the file recorder had"
                        + " started; its earlier runs made none, so it did not wait for the recorder, and from now on it does");
            }
            return new Observed.Known(Set.of(), Set.of());
        }
        if (window.id == 0) {
            return new Observed.Unknown(window.unavailable);
        }
        if (Boolean.TRUE.equals(window.quiet)) {
            return new Observed.Known(Set.of(), Set.of());
        }
        Jfr jfr = (Jfr) recording.join();
        try {
            return probe.submit(() -> jfr.collect(window.id, window.began, this::counts)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Observed.Unknown("interrupted while reading the file recording");
        } catch (Exception | LinkageError e) {
            Throwable cause = e instanceof java.util.concurrent.ExecutionException && e.getCause() != null ? e.getCause() : e;
            return new Observed.Unknown("the file recording could not be read: " + cause);
        }
    }

    /** {@code task} run on the probe thread; empty if it failed or was interrupted. */
    private <T> java.util.Optional<T> onProbe(java.util.concurrent.Callable<T> task) {
        try {
            return java.util.Optional.ofNullable(probe.submit(task).get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return java.util.Optional.empty();
        } catch (Exception e) {
            return java.util.Optional.empty();
        }
    }

    private boolean counts(String thread, String path) {
        if (path == null || path.isEmpty()) {
            return false;   // standard streams, pipes and sockets have no path
        }
        if (thread != null && kernelThread(thread)) {
            return false;
        }
        return countsPath(path);
    }

    private boolean countsPath(String path) {
        if (path.startsWith(javaHome + "/") || path.endsWith(".jar") || path.startsWith("/dev/")
                || path.startsWith("/proc/") || path.startsWith("/sys/")) {
            return false;
        }
        Path p = Path.of(path);
        return !Files.exists(p) || Files.isRegularFile(p);
    }

    /** The JFR side, in its own class so that a JVM without {@code jdk.jfr} only fails here. */
    static final class Jfr {
        @jdk.jfr.Name("javacached.SnippetStart")
        @jdk.jfr.Label("java-cached snippet start")
        @jdk.jfr.StackTrace(false)
        static final class Mark extends jdk.jfr.Event {
            @jdk.jfr.Label("id")
            long id;
        }

        /** Kept for the JVM's life; JFR closes it when the JVM exits. */
        private final jdk.jfr.Recording rec;

        /** Where the recording's chunks and snapshots go: a folder of this kernel's own, or null (JFR's default). */
        private final Path repository;

        private Jfr(jdk.jfr.Recording rec, Path repository) {
            this.rec = rec;
            this.repository = repository;
        }

        /**
         * Points JFR's repository (its chunk files, by default {@code <tmpdir>/<date>_<pid>}) into a
         * folder of this kernel's own ({@link dev.javacached.kernel.engine.SnippetApi#privateTempDirectory}),
         * so that a kernel killed with SIGKILL leaves nothing the next kernel does not sweep. Before
         * the first recording starts, through what the JVM's diagnostic command
         * {@code JFR.configure repositorypath=} calls ({@link #setBasePath}); where that is not
         * there, through the command itself; if both fail, JFR's default stays.
         */
        private static Path privateRepository() {
            Path dir;
            try {
                dir = dev.javacached.kernel.engine.SnippetApi.privateTempDirectory("jfr");
            } catch (java.io.IOException | RuntimeException e) {
                Log.warn("file recorder: JFR's repository stays in its default place: %s", e);
                return null;
            }
            try {
                setBasePath(dir);
                return dir;
            } catch (ReflectiveOperationException | RuntimeException | LinkageError direct) {
                try {
                    javax.management.MBeanServer server = java.lang.management.ManagementFactory.getPlatformMBeanServer();
                    server.invoke(new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"),
                            "jfrConfigure", new Object[] {new String[] {"repositorypath=" + dir}},
                            new String[] {String[].class.getName()});
                    return dir;
                } catch (Exception | LinkageError e) {
                    Log.warn("file recorder: JFR's repository stays in its default place: %s", e);
                    return null;
                }
            }
        }

        /**
         * {@code jdk.jfr.internal.Repository.getRepository().setBasePath(dir)}, which the diagnostic
         * command calls when no recording has started (its argument a {@code Path} from JDK 21 on, a
         * {@code SecuritySupport.SafePath} before), reached through the kernel jar's
         * {@code Add-Exports: jdk.jfr/jdk.jfr.internal}. Direct, because the command's way in is the
         * platform MBean server, whose start (JMX, about 110 ms of CPU here) JFR itself does not need.
         */
        static void setBasePath(Path dir) throws ReflectiveOperationException {
            Class<?> repositoryClass = Class.forName("jdk.jfr.internal.Repository", false, null);
            Object repository = repositoryClass.getMethod("getRepository").invoke(null);
            for (java.lang.reflect.Method m : repositoryClass.getMethods()) {
                if (m.getName().equals("setBasePath") && m.getParameterCount() == 1) {
                    Class<?> type = m.getParameterTypes()[0];
                    Object arg = type == Path.class ? dir : type.getConstructor(Path.class).newInstance(dir);
                    try {
                        m.invoke(repository, arg);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw new IllegalStateException("JFR refused " + dir + ": " + e.getCause(), e.getCause());
                    }
                    return;
                }
            }
            throw new NoSuchMethodException("jdk.jfr.internal.Repository.setBasePath");
        }

        static Jfr start() {
            Path repository = privateRepository();
            jdk.jfr.Recording rec = new jdk.jfr.Recording();
            rec.setName("java-cached file inputs");
            rec.enable("jdk.FileRead").withThreshold(Duration.ZERO).withoutStackTrace();
            rec.enable("jdk.FileWrite").withThreshold(Duration.ZERO).withoutStackTrace();
            rec.enable(Mark.class);
            rec.setToDisk(true);
            rec.setMaxAge(Duration.ofMinutes(10));
            rec.setMaxSize(64L << 20);
            rec.start();
            mark(0);    // loads and registers the marker class now, not in the first cell
            return new Jfr(rec, repository);
        }

        static void mark(long id) {
            Mark m = new Mark();
            m.id = id;
            m.commit();
        }

        interface Filter {
            boolean counts(String thread, String path);
        }

        Observed collect(long id, Instant began, Filter filter) throws IOException {
            long t0 = System.nanoTime();
            Path tmp = repository != null ? Files.createTempFile(repository, "snapshot", ".jfr")
                    : Files.createTempFile("java-cached-files", ".jfr");
            int events = 0;
            try {
                try (jdk.jfr.Recording snap = jdk.jfr.FlightRecorder.getFlightRecorder().takeSnapshot()) {
                    // the chunks overlapping the window (a small margin for the two clocks)
                    try (InputStream in = snap.getStream(began.minusMillis(50), null)) {
                        if (in == null) {
                            return new Observed.Unknown("the file recording is empty");
                        }
                        Files.copy(in, tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    }
                }
                Instant start = null;
                Set<String> reads = new TreeSet<>();
                Set<String> writes = new TreeSet<>();
                java.util.List<jdk.jfr.consumer.RecordedEvent> all = new java.util.ArrayList<>();
                try (jdk.jfr.consumer.RecordingFile rf = new jdk.jfr.consumer.RecordingFile(tmp)) {
                    while (rf.hasMoreEvents()) {
                        jdk.jfr.consumer.RecordedEvent e = rf.readEvent();
                        String type = e.getEventType().getName();
                        if (type.equals("javacached.SnippetStart")) {
                            if (e.getLong("id") == id) {
                                start = e.getStartTime();
                            }
                        } else {
                            all.add(e);
                        }
                    }
                }
                if (start == null) {
                    return new Observed.Unknown("the file recording lost the snippet's start (recording too long?)");
                }
                for (jdk.jfr.consumer.RecordedEvent e : all) {
                    if (e.getEndTime().isBefore(start)) {
                        continue;
                    }
                    jdk.jfr.consumer.RecordedThread t = e.getThread();
                    String thread = t == null ? null : t.getJavaName();
                    String path = e.getString("path");
                    if (!filter.counts(thread, path)) {
                        continue;
                    }
                    events++;
                    String abs = Path.of(path).toAbsolutePath().normalize().toString();
                    (e.getEventType().getName().equals("jdk.FileRead") ? reads : writes).add(abs);
                }
                return new Observed.Known(reads, writes);
            } finally {
                Files.deleteIfExists(tmp);
                if (Log.debugEnabled()) {
                    Log.debug("file accesses of a snippet: %.1f ms, %d events", (System.nanoTime() - t0) / 1e6, events);
                }
            }
        }
    }
}
