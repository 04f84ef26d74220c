package dev.javacached.kernel.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file recorder's start in a fresh JVM (JFR is JVM-wide, so not in the test runner's): its
 * chunks go to a folder of the kernel's own, and getting them there starts no platform MBean
 * server (JMX), which JFR does not need.
 */
class FileRecorderStartTest {
    @TempDir
    Path dir;

    /** The child: starts the recorder and prints where JFR's repository is. */
    public static void main(String[] args) {
        FileAccess.Jfr.start();
        System.out.println("repository " + System.getProperty("jdk.jfr.repository"));
    }

    @Test
    void theRepositoryIsTheKernelsOwn_andNoMBeanServerStarts() throws Exception {
        Path log = dir.resolve("classes.log");
        Path tmp = Files.createDirectory(dir.resolve("tmp"));
        ProcessBuilder pb = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "--add-exports=jdk.jfr/jdk.jfr.internal=ALL-UNNAMED", "-Djava.io.tmpdir=" + tmp,
                "-Xlog:class+load=info:file=" + log, "-cp", System.getProperty("java.class.path"),
                FileRecorderStartTest.class.getName())).redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        String repository = out.lines().filter(l -> l.startsWith("repository ")).findFirst().orElse("")
                .substring("repository ".length());
        assertTrue(repository.startsWith(tmp.resolve("java-cached-jfr-").toString()), out);
        String classes = Files.readString(log);
        assertTrue(classes.contains("jdk.jfr.internal.Repository "), "JFR started");
        assertFalse(classes.contains("javax.management.MBeanServer "), "the platform MBean server was started");
    }
}
