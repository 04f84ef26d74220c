package dev.javacached.kernel.cache;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The per-thread system-call counter on this process's real {@code /proc}: threads named
 * {@code user-*} play the notebook's, every other thread (the test runner's included) counts
 * as the kernel's, so the runner's own I/O cannot make a quiet window look busy. One read or
 * one write system call by a notebook thread must show, whether that thread still runs or
 * has ended; the counter's own reads must not.
 */
@EnabledOnOs(OS.LINUX)
class ThreadIoCounterTest {
    @TempDir
    Path dir;

    private ThreadIoCounter counter;
    private Path file;

    @BeforeEach
    void open() throws Exception {
        counter = new ThreadIoCounter(Path.of("/proc/self"), comm -> !comm.startsWith("user-"));
        file = Files.writeString(dir.resolve("f.txt"), "abc");
        assertNotNull(ThreadIoCounter.open(), "this Linux has per-thread I/O counters");
    }

    @Test
    void nothing_isQuiet() throws Exception {
        // The counter's own reads must never count. Now and then a JVM thread that ends inside
        // the window (a compiler or GC thread reading the cgroup's memory limit) leaves calls
        // no live thread owns: "not quiet", the safe side, so most tries, not all, are quiet.
        int quiet = 0;
        for (int i = 0; i < 50; i++) {
            ThreadIoCounter.Mark m = counter.mark();
            if (counter.quietSince(m)) {
                quiet++;
            }
        }
        assertTrue(quiet >= 40, quiet + " of 50 empty windows quiet");
    }

    /**
     * A kernel thread that makes calls now and then (the output stream, a status message) while
     * the counts are sampled: sampled again until it made none during the process's reading, it
     * cannot make an empty window look busy. Sampled once, a call between the process's reading
     * and the thread's made about one window in three "not quiet" here.
     */
    @Test
    void aBusyKernelThread_doesNotMakeEmptyWindowsBusy() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        Thread kernel = new Thread(() -> {
            while (!stop.get()) {
                try {
                    readOnce();
                    Thread.sleep(2);
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            }
        }, "kernel-busy");
        kernel.start();
        try {
            int quiet = 0;
            for (int i = 0; i < 100; i++) {
                ThreadIoCounter.Mark m = counter.mark();
                if (counter.quietSince(m)) {
                    quiet++;
                }
            }
            assertTrue(quiet >= 85, quiet + " of 100 empty windows quiet beside a busy kernel thread");
        } finally {
            stop.set(true);
            kernel.join();
        }
    }

    @Test
    void oneReadOnAnEndedUserThread_shows() throws Exception {
        for (int i = 0; i < 10; i++) {
            ThreadIoCounter.Mark m = counter.mark();
            run("user-reader", this::readOnce);
            assertFalse(counter.quietSince(m), "one read by a thread that has ended (try " + i + ")");
        }
    }

    @Test
    void oneWriteOnAnEndedUserThread_shows() throws Exception {
        ThreadIoCounter.Mark m = counter.mark();
        run("user-writer", () -> {
            try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
                f.write('x');
            }
        });
        assertFalse(counter.quietSince(m));
    }

    @Test
    void aReadOnALiveUserThread_shows_andABornOneToo() throws Exception {
        CountDownLatch read = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        ThreadIoCounter.Mark m = counter.mark();
        Thread t = new Thread(() -> {
            try {
                readOnce();
                read.countDown();
                done.await();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        }, "user-alive");
        t.start();
        read.await();
        try {
            assertFalse(counter.quietSince(m));
        } finally {
            done.countDown();
            t.join();
        }
    }

    /**
     * A thread that was the notebook's at the mark and took a kernel name since (JShell's
     * indexer does, at its first task): its calls in the window are not known, so they count.
     * Taken for a kernel thread born since the mark, all its calls since it began would be
     * subtracted, more than the window's, which could hide another thread's read.
     */
    @Test
    void aThreadThatTookAKernelNameSinceTheMark_stillShows() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch marked = new CountDownLatch(1);
        CountDownLatch renamed = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        Thread t = new Thread(() -> {
            try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
                for (int k = 0; k < 20; k++) {
                    f.seek(0);
                    f.read();     // calls before the mark, which the window must not subtract
                }
                started.countDown();
                marked.await();
                f.seek(0);
                f.read();
                Thread.currentThread().setName("kernel-renamed");
                renamed.countDown();
                done.await();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        }, "user-renaming");
        t.start();
        started.await();
        ThreadIoCounter.Mark m = counter.mark();
        marked.countDown();
        renamed.await();
        try {
            assertFalse(counter.quietSince(m));
        } finally {
            done.countDown();
            t.join();
        }
    }

    @Test
    void aLiveKernelThreadsReads_areSubtracted() throws Exception {
        // (an ended kernel thread's calls are subtracted only while Linux still lists it: then
        // quiet, else not, both safe, so not asserted)
        CountDownLatch done = new CountDownLatch(1);
        CountDownLatch read = new CountDownLatch(1);
        Thread t = new Thread(() -> {
            try {
                for (int k = 0; k < 20; k++) {
                    Files.readString(file);
                }
                read.countDown();
                done.await();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        }, "kernel-live");
        ThreadIoCounter.Mark m = counter.mark();
        t.start();
        read.await();
        try {
            int quiet = 0;
            for (int i = 0; i < 5; i++) {
                quiet += counter.quietSince(m) ? 1 : 0;
            }
            assertTrue(quiet >= 3, "a live kernel thread's reads are its own: " + quiet + " of 5 quiet");
        } finally {
            done.countDown();
            t.join();
        }
    }

    @Test
    void kernelNames() {
        assertTrue(ThreadIoCounter.kernelThread("iopub"));
        assertTrue(ThreadIoCounter.kernelThread("java-cached-fil"));
        assertTrue(ThreadIoCounter.kernelThread("C2 CompilerThre"));
        assertFalse(ThreadIoCounter.kernelThread("Thread-9"));
        assertFalse(ThreadIoCounter.kernelThread("ForkJoinPool.co"));
        assertFalse(ThreadIoCounter.kernelThread("java"));
    }

    private interface Body {
        void run() throws Exception;
    }

    /**
     * A thread a library of the kernel starts ({@link ThreadIoCounter#adopt}) counts as the
     * kernel's although its name is a user's; another thread of the same name, started outside
     * {@code adopt}, still shows.
     */
    @Test
    void anAdoptedLibraryThread_isTheKernels_andItsNamesakeIsNot() throws Exception {
        String name = "user-lib-" + (System.nanoTime() % 1000);     // under 15 characters
        java.util.concurrent.Semaphore go = new java.util.concurrent.Semaphore(0);
        java.util.concurrent.Semaphore done = new java.util.concurrent.Semaphore(0);
        ThreadIoCounter.adopt(name, () -> {
            Thread library = new Thread(() -> {       // lives on, as a library's thread does
                try {
                    while (true) {
                        go.acquire();
                        readOnce();
                        done.release();
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, name);
            library.setDaemon(true);
            library.start();
        });
        // as in nothing_isQuiet, a JVM thread that ends inside a window now and then leaves
        // calls no live thread owns ("not quiet", the safe side): most rounds, not all
        int quiet = 0;
        for (int i = 0; i < 10; i++) {
            ThreadIoCounter.Mark m = counter.mark();
            go.release();
            done.acquire();
            if (counter.quietSince(m)) {
                quiet++;
            }
        }
        assertTrue(quiet >= 8, quiet + " of 10 windows with a read by the adopted thread quiet");

        ThreadIoCounter.Mark n = counter.mark();
        run(name, this::readOnce);
        assertFalse(counter.quietSince(n), "a thread of the same name that was not adopted");
    }

    /** Exactly one read system call, on the test file. */
    private void readOnce() throws java.io.IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            f.read();
        }
    }

    private static void run(String name, Body body) throws Exception {
        Throwable[] failed = new Throwable[1];
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                failed[0] = e;
            }
        }, name);
        t.start();
        t.join();
        if (failed[0] != null) {
            throw new AssertionError(failed[0]);
        }
    }
}
