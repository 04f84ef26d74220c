package dev.javacached.kernel.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The temporary API copies of killed kernels are removed by the next kernel; nothing else is. */
class SnippetApiTest {

    /** The id of a process that has ended. */
    private static long deadPid() throws IOException, InterruptedException {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-version")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertEquals(0, p.waitFor());
        return p.pid();
    }

    private static Path copy(Path tmp, String name) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(name));
        Files.createDirectories(dir.resolve("dev/javacached/kernel/display"));
        Files.writeString(dir.resolve("dev/javacached/kernel/display/Display.class"), "x");
        return dir;
    }

    @Test
    void sweepOrphans_removesDeadKernelsCopies_keepsLiveOnesAndEverythingElse(@TempDir Path tmp) throws Exception {
        long dead = deadPid();
        Path orphan = copy(tmp, SnippetApi.tempPrefix(dead) + "123");
        Path live = copy(tmp, SnippetApi.tempPrefix(ProcessHandle.current().pid()) + "456");
        Path otherNamespace = copy(tmp, "java-cached-api-77-" + dead + "-789");
        Path olderFormat = copy(tmp, "java-cached-api-9876543210");
        Path unrelated = copy(tmp, "someone-else-" + dead);
        // a link named like an orphan: the link goes, never what it points to
        Path outside = copy(tmp, "outside");
        Path link = Files.createSymbolicLink(tmp.resolve(SnippetApi.tempPrefix(dead) + "link"), outside);

        assertEquals(2, SnippetApi.sweepOrphans(tmp));

        assertFalse(Files.exists(orphan, LinkOption.NOFOLLOW_LINKS));
        assertFalse(Files.exists(link, LinkOption.NOFOLLOW_LINKS));
        assertTrue(Files.isRegularFile(outside.resolve("dev/javacached/kernel/display/Display.class")));
        for (Path kept : new Path[] {live, otherNamespace, olderFormat, unrelated}) {
            assertTrue(Files.isRegularFile(kept.resolve("dev/javacached/kernel/display/Display.class")), kept.toString());
        }
        assertEquals(0, SnippetApi.sweepOrphans(tmp));
    }

    @Test
    void sweepOrphans_removesADeadKernelsFileRecorderRepository(@TempDir Path tmp) throws Exception {
        String ns = SnippetApi.tempPrefix(1).replaceAll("^java-cached-api-(\\d+)-1-$", "$1");
        Path dead = Files.createDirectories(tmp.resolve("java-cached-jfr-" + ns + "-" + deadPid() + "-42")
                .resolve("2026_12_05_03_04_57_1854"));
        Files.writeString(dead.resolve("chunk.jfr"), "x");
        Path live = Files.createDirectories(tmp.resolve("java-cached-jfr-" + ns + "-" + ProcessHandle.current().pid() + "-43"));

        assertEquals(1, SnippetApi.sweepOrphans(tmp));
        assertFalse(Files.exists(dead.getParent()));
        assertTrue(Files.isDirectory(live));
    }

    @Test
    void sweepOrphans_missingFolder_removesNothing(@TempDir Path tmp) {
        assertEquals(0, SnippetApi.sweepOrphans(tmp.resolve("missing")));
    }
}
