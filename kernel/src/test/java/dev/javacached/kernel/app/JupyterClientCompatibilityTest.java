package dev.javacached.kernel.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.javacached.kernel.protocol.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client nobody here wrote: Debian's jupyter_kernel_test (on jupyter_client) runs its
 * protocol suite against the kernel process with the {@link EchoEngine}, started from a
 * kernelspec.
 */
@Timeout(300)
class JupyterClientCompatibilityTest {
    static final String SUITE = """
            import unittest, jupyter_kernel_test

            class EchoKernelTests(jupyter_kernel_test.KernelTests):
                kernel_name = "java-cached-echo"
                language_name = "java"
                file_extension = ".java"
                code_hello_world = "print:hello, world"
                code_stderr = "err:oops"
                completion_samples = [{"text": "ab", "matches": {"ab1", "ab2"}}]
                complete_code_samples = ["1", "int x = 1;"]
                incomplete_code_samples = ["if (x) {"]
                invalid_code_samples = ["bad"]
                code_generate_error = "raise boom"
                code_execute_result = [{"code": "6*7", "result": "6*7"}, {"code": "hello", "result": "hello"}]
                code_display_data = [{"code": "display", "mime": "text/html"}]
                code_history_pattern = "6?7"
                supported_history_operations = ("tail", "range", "search")
                code_inspect_sample = "foo"

            if __name__ == "__main__":
                unittest.main(verbosity=2)
            """;

    @TempDir
    Path tmp;

    @Test
    void jupyterKernelTestSuite_passesAgainstEchoKernel() throws Exception {
        Path python = Path.of("/usr/bin/python3");
        assumeTrue(Files.isExecutable(python), "/usr/bin/python3 missing");
        Process probe = new ProcessBuilder(python.toString(), "-c", "import jupyter_kernel_test").start();
        assumeTrue(probe.waitFor(60, TimeUnit.SECONDS) && probe.exitValue() == 0,
                "/usr/bin/python3 cannot import jupyter_kernel_test: skipping");

        Path specDir = tmp.resolve("share/jupyter/kernels/java-cached-echo");
        Files.createDirectories(specDir);
        ObjectNode spec = Json.object().put("display_name", "Java (cached, echo)").put("language", "java")
                .put("interrupt_mode", "message");
        spec.putArray("argv").add(Path.of(System.getProperty("java.home"), "bin", "java").toString())
                .add("-XX:+UseSerialGC").add("-cp").add(System.getProperty("java.class.path"))
                .add(EchoKernelMain.class.getName()).add("{connection_file}");
        Files.write(specDir.resolve("kernel.json"), Json.bytes(spec));
        Path suite = tmp.resolve("test_echo_kernel.py");
        Files.writeString(suite, SUITE);

        ProcessBuilder pb = new ProcessBuilder(python.toString(), suite.toString()).redirectErrorStream(true);
        pb.environment().put("JUPYTER_PATH", tmp.resolve("share/jupyter").toString());
        pb.environment().put("JUPYTER_DATA_DIR", tmp.resolve("data").toString());
        pb.environment().put("JUPYTER_RUNTIME_DIR", tmp.resolve("runtime").toString());
        pb.environment().put("JUPYTER_PLATFORM_DIRS", "1");
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(240, TimeUnit.SECONDS);
        assertEquals(0, p.exitValue(), output);
    }
}
