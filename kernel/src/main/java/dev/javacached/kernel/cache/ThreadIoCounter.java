package dev.javacached.kernel.cache;

import dev.javacached.kernel.log.Log;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Did any thread other than the kernel's own make a read or write system call since a mark?
 * From Linux's per-process and per-thread I/O counters ({@code syscr}/{@code syscw} of
 * {@code /proc/self/io} and {@code /proc/self/task/TID/io}): the process's calls minus those of
 * the kernel's own threads (recognised by their native names, which the JVM sets from the Java
 * names, cut to 15 characters) and minus the counter's own. When nothing is left, no notebook
 * thread — the snippet's, one it started, or one that has ended since — read or wrote a file,
 * and {@link FileAccess} needs no JFR snapshot.
 *
 * <p>Why per thread: the kernel's own threads talk to the Jupyter client over sockets while a
 * snippet runs (the output stream, status messages, heartbeats), so the process's counters
 * alone move during almost every snippet, and every observation took a snapshot (10-150 ms).
 *
 * <p>Why the process's counters at all: a thread that ended during the window (JShell runs each
 * snippet on a thread of its own) is no longer listed, but its calls stay in the process's sum.
 *
 * <p>Every error leans one way: counts of a kernel thread that ended or was not seen are not
 * subtracted, and the kernel's threads are read before and after the process, at the mark and
 * at the check: when the two readings agree the split is exact, and when a kernel thread made a
 * call in between, the sample is taken again (a few times, then the reading that subtracts
 * less counts), so a race only ever reports "not quiet". Sampled once, such races made about
 * one empty window in seven "not quiet" in a kernel printing output. The counter's own calls are bracketed by two
 * reads of its thread's counters, one system call each, just outside the two reads of the
 * process's, so exactly the calls between those are subtracted. Absent {@code /proc} (not
 * Linux, or no task I/O accounting) {@link #open} returns null and every observation snapshots.
 *
 * <p>Not thread-safe: one thread, a kernel thread, calls {@link #mark} and {@link #quietSince}
 * ({@link FileAccess}'s probe thread).
 */
final class ThreadIoCounter {
    /** Native names (as {@code comm} shows them, cut to 15 characters) of the JVM's own threads. */
    private static final Set<String> JVM_NAMES = Set.of("VM Thread", "Reference Handl", "Finalizer",
            "Signal Dispatch", "Service Thread", "Monitor Deflati", "Sweeper thread", "Notification Th",
            "VM Periodic Tas", "Common-Cleaner", "process reaper");
    /** Prefixes of the native names of the JVM's threads, RocksDB's and JeroMQ's. */
    private static final String[] JVM_PREFIXES = {"C1 CompilerThre", "C2 CompilerThre", "GC Thread", "G1 ", "JFR ",
            "rocksdb:", "reaper-", "iothread-"};

    /**
     * The counts at a mark: the process's, the marking thread's own, and each other kernel
     * thread's by id; and the ids of every thread then, so that a thread that took a kernel
     * name since (JShell's indexer names itself that way) is not taken for one born since.
     */
    record Mark(long[] process, long[] own, String ownId, Map<String, long[]> kernel, Set<String> threads) {
    }

    /**
     * Threads that a library of the kernel started, by native id, with the name each had when
     * adopted ({@link #adopt}): counted as the kernel's while they keep that name.
     */
    private static final Map<String, String> ADOPTED = new java.util.concurrent.ConcurrentHashMap<>();

    private final Path proc;
    private final Path tasks;
    private final Predicate<String> kernelThread;
    private final byte[] buf = new byte[1024];

    ThreadIoCounter(Path proc, Predicate<String> kernelThread) {
        this.proc = proc;
        this.tasks = proc.resolve("task");
        this.kernelThread = kernelThread;
    }

    /** A counter over this process, or null where Linux's task I/O counters cannot be read. */
    static ThreadIoCounter open() {
        try {
            ThreadIoCounter c = new ThreadIoCounter(Path.of("/proc/self"), ThreadIoCounter::kernelThread);
            c.quietSince(c.mark());
            return c;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Runs {@code starts}, which makes a library of the kernel start a thread named {@code comm}
     * (as Linux shows it), and counts the new thread of that name as the kernel's from then on.
     * Call before any snippet runs: the thread's first calls, while this waits for it to take its
     * name, are not subtracted from any window. Where {@code /proc} cannot be read, nothing is adopted.
     */
    static void adopt(String comm, Runnable starts) {
        ThreadIoCounter self = new ThreadIoCounter(Path.of("/proc/self"), name -> false);   // for its readers only
        Set<String> before;
        try {
            before = Set.of(self.threads());
        } catch (IOException e) {
            starts.run();
            return;
        }
        starts.run();
        long until = System.nanoTime() + 500_000_000L;
        do {
            try {
                for (String tid : self.threads()) {
                    if (!before.contains(tid) && comm.equals(self.comm(tid))) {
                        ADOPTED.put(tid, comm);
                        return;
                    }
                }
                Thread.sleep(2);     // the new thread names itself once it runs
            } catch (IOException e) {
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        } while (System.nanoTime() < until);
    }

    /** Whether thread {@code tid}, now named {@code comm}, is the kernel's or the JVM's. */
    private boolean kernelOwn(String tid, String comm) {
        return kernelThread.test(comm) || comm.equals(ADOPTED.get(tid));
    }

    /** Whether a thread with this native name is the kernel's ({@link FileAccess#kernelThread}) or the JVM's own. */
    static boolean kernelThread(String comm) {
        if (FileAccess.kernelThread(comm) || JVM_NAMES.contains(comm)) {
            return true;
        }
        for (String p : JVM_PREFIXES) {
            if (comm.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    /** How often a sample is taken again when a kernel thread made a call while it was taken. */
    private static final int SAMPLE_TRIES = 3;

    /**
     * The counts now: each other kernel thread's, the own thread's, the process's, and each
     * other kernel thread's again. When the two readings of the kernel's threads agree, none of
     * them made a call while the process's was read, so the process's count splits exactly; when
     * they differ (an output message, a compile), the sample is taken again, up to
     * {@link #SAMPLE_TRIES} times, then the later reading is kept (the safe side: more subtracted
     * at the mark, less at the check).
     */
    Mark mark() throws IOException {
        String ownId = ownId();
        String[] ids = threads();
        List<String> kernelIds = new ArrayList<>();
        for (String tid : ids) {
            if (!tid.equals(ownId)) {
                String comm = comm(tid);
                if (comm != null && kernelOwn(tid, comm)) {
                    kernelIds.add(tid);
                }
            }
        }
        long[] own = null;
        long[] process = null;
        Map<String, long[]> kernel = null;
        for (int i = 0; i < SAMPLE_TRIES; i++) {
            Map<String, long[]> before = countsOf(kernelIds);
            own = counts(tasks.resolve(ownId).resolve("io"));
            process = counts(proc.resolve("io"));
            kernel = countsOf(kernelIds);
            if (same(before, kernel)) {
                break;
            }
        }
        return new Mark(process, own, ownId, kernel, Set.of(ids));
    }

    /**
     * True when every read and write system call the process made since {@code mark} was made
     * by a kernel thread (false when in doubt). The other kernel threads, then the process's,
     * then the own thread's, then the kernel threads again (sampled again while they differ, as
     * in {@link #mark}; else the earlier reading counts). Called on the thread that made the mark.
     */
    boolean quietSince(Mark mark) throws IOException {
        String ownId = ownId();
        if (!ownId.equals(mark.ownId())) {
            return false;
        }
        List<String> kernelIds = new ArrayList<>();    // the kernel's at the mark, and those born since
        for (String tid : threads()) {
            if (!tid.equals(ownId) && (mark.kernel().containsKey(tid) || !mark.threads().contains(tid))) {
                kernelIds.add(tid);
            }   // else not the kernel's at the mark: its calls in the window are not known, so they count
        }
        Map<String, long[]> kernel = null;
        long[] process = null;
        long[] own = null;
        for (int i = 0; i < SAMPLE_TRIES; i++) {
            kernel = countsOf(kernelIds);
            process = counts(proc.resolve("io"));
            own = counts(tasks.resolve(ownId).resolve("io"));
            if (same(kernel, countsOf(kernelIds))) {
                break;
            }
        }
        long kernelReads = 0;
        long kernelWrites = 0;
        for (Map.Entry<String, long[]> e : kernel.entrySet()) {
            String tid = e.getKey();
            long[] now = e.getValue();
            long[] base = mark.kernel().getOrDefault(tid, new long[2]);   // a thread born since the mark: all of it
            if (now[0] == base[0] && now[1] == base[1]) {
                continue;
            }
            String comm = comm(tid);     // read now, not taken from the mark: a thread id can be reused
            if (comm == null || !kernelOwn(tid, comm)) {
                continue;
            }
            kernelReads += now[0] - base[0];
            kernelWrites += now[1] - base[1];
        }
        // the own thread's calls from the first read of the process through the last: all it
        // made between its two self-reads but those two reads, one call each (see the class doc)
        long ownReads = own[0] - mark.own()[0] - 2;
        long ownWrites = own[1] - mark.own()[1];
        long userReads = process[0] - mark.process()[0] - kernelReads - ownReads;
        long userWrites = process[1] - mark.process()[1] - kernelWrites - ownWrites;
        if (Log.debugEnabled()) {
            Log.debug("system calls in a window not the kernel's: %d reads, %d writes", userReads, userWrites);
        }
        return userReads <= 0 && userWrites <= 0;
    }

    /** The counts of these threads now, by id; a thread that has ended is left out. */
    private Map<String, long[]> countsOf(List<String> ids) {
        Map<String, long[]> out = new HashMap<>();
        for (String tid : ids) {
            long[] c = countsOrNull(tid);
            if (c != null) {
                out.put(tid, c);
            }
        }
        return out;
    }

    private static boolean same(Map<String, long[]> a, Map<String, long[]> b) {
        if (!a.keySet().equals(b.keySet())) {
            return false;
        }
        for (Map.Entry<String, long[]> e : a.entrySet()) {
            if (!java.util.Arrays.equals(e.getValue(), b.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    private String ownId() throws IOException {
        Path self = Files.readSymbolicLink(proc.resolveSibling("thread-self"));   // "PID/task/TID"
        return self.getFileName().toString();
    }

    private String[] threads() throws IOException {
        String[] ids = tasks.toFile().list();
        if (ids == null) {
            throw new IOException("cannot list " + tasks);
        }
        return ids;
    }

    private String comm(String tid) {
        try (InputStream in = new FileInputStream(tasks.resolve(tid).resolve("comm").toFile())) {
            int n = in.read(buf);
            return n <= 0 ? null : new String(buf, 0, n, StandardCharsets.UTF_8).strip();
        } catch (IOException | RuntimeException e) {
            return null;    // the thread ended
        }
    }

    private long[] countsOrNull(String tid) {
        try {
            return counts(tasks.resolve(tid).resolve("io"));
        } catch (IOException | RuntimeException e) {
            return null;    // the thread ended
        }
    }

    /** One {@code read} system call (the file is far shorter than the buffer): the bracketing above counts on it. */
    private long[] counts(Path io) throws IOException {
        int n;
        try (InputStream in = new FileInputStream(io.toFile())) {
            n = in.read(buf);
        }
        long r = -1;
        long w = -1;
        for (String line : new String(buf, 0, Math.max(n, 0), StandardCharsets.US_ASCII).split("\n")) {
            if (line.startsWith("syscr:")) {
                r = Long.parseLong(line.substring(6).trim());
            } else if (line.startsWith("syscw:")) {
                w = Long.parseLong(line.substring(6).trim());
            }
        }
        if (r < 0 || w < 0) {
            throw new IOException("no syscr/syscw in " + io);
        }
        return new long[] {r, w};
    }
}
