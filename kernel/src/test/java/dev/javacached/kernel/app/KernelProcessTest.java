package dev.javacached.kernel.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.javacached.kernel.protocol.Json;
import dev.javacached.kernel.protocol.Message;
import dev.javacached.kernel.protocol.MsgType;
import dev.javacached.kernel.transport.ConnectionInfo;
import dev.javacached.kernel.transport.JupyterTestClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The kernel as its own JVM, started with the real command line. */
@Timeout(120)
class KernelProcessTest {
    @TempDir
    Path dir;

    @Test
    void shutdownRequest_exitsProcessWithZero() throws Exception {
        ConnectionInfo info = connectionInfo("hmac-sha256");
        Process p = start(EchoKernelMain.class, write(info));
        try (JupyterTestClient client = new JupyterTestClient(info)) {
            client.awaitIopubReady();
            String exec = client.send(client.shell, MsgType.EXECUTE_REQUEST, JupyterTestClient.execute("print:hi\n1"));
            assertEquals("ok", client.reply(client.shell, exec).content().path("status").asText());
            String id = client.send(client.control, MsgType.SHUTDOWN_REQUEST, Json.object().put("restart", false));
            Message reply = client.reply(client.control, id);
            assertEquals(MsgType.SHUTDOWN_REPLY, reply.msgType());
            assertTrue(p.waitFor(20, TimeUnit.SECONDS), "kernel did not exit after shutdown_request");
            assertEquals(0, p.exitValue());
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void sigint_interruptsRunningCellAndKernelSurvives() throws Exception {
        ConnectionInfo info = connectionInfo("hmac-sha256");
        Process p = start(EchoKernelMain.class, write(info));
        try (JupyterTestClient client = new JupyterTestClient(info)) {
            client.awaitIopubReady();
            String exec = client.send(client.shell, MsgType.EXECUTE_REQUEST,
                    JupyterTestClient.execute("print:sleeping\nsleep"));
            client.iopubNext(exec, MsgType.STREAM);
            Process kill = new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).inheritIO().start();
            assertEquals(0, kill.waitFor());
            Message reply = client.reply(client.shell, exec);
            assertEquals("Interrupted", reply.content().path("ename").asText());
            assertTrue(p.isAlive());
            assertEquals(MsgType.KERNEL_INFO_REPLY, client.request(MsgType.KERNEL_INFO_REQUEST, Json.object()).msgType());
            client.reply(client.control, client.send(client.control, MsgType.SHUTDOWN_REQUEST, Json.object()));
            assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void parentProcessDies_kernelShutsItselfDown() throws Exception {
        Process parent = new ProcessBuilder("sleep", "600").start();
        ConnectionInfo info = connectionInfo("hmac-sha256");
        Process p = start(EchoKernelMain.class, write(info), parent.pid());
        try (JupyterTestClient client = new JupyterTestClient(info)) {
            client.awaitIopubReady();
            assertEquals(MsgType.KERNEL_INFO_REPLY, client.request(MsgType.KERNEL_INFO_REQUEST, Json.object()).msgType());
            assertTrue(p.isAlive());
            parent.destroyForcibly().waitFor();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "kernel outlived the process that started it");
            assertEquals(0, p.exitValue());
        } finally {
            parent.destroyForcibly();
            p.destroyForcibly();
        }
    }

    @Test
    void unsupportedSignatureScheme_exitsNonZeroWithClearMessage() throws Exception {
        Path conn = write(connectionInfo("hmac-md5"));
        Process p = start(Main.class, conn);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertNotEquals(0, p.exitValue());
        assertTrue(err.contains("unsupported signature_scheme \"hmac-md5\""), err);
    }

    @Test
    void realMain_withoutEngine_stillAnswersKernelInfo() throws Exception {
        ConnectionInfo info = connectionInfo("hmac-sha256");
        Process p = start(Main.class, write(info));
        try (JupyterTestClient client = new JupyterTestClient(info)) {
            client.awaitIopubReady();
            client.reply(client.control, client.send(client.control, MsgType.SHUTDOWN_REQUEST, Json.object()));
            assertTrue(p.waitFor(20, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue());
        } finally {
            p.destroyForcibly();
        }
    }

    private Process start(Class<?> main, Path connectionFile) throws IOException {
        return start(main, connectionFile, -1);
    }

    /** Starts the kernel; with {@code parentPid} > 0, as a Jupyter client would (JPY_PARENT_PID). */
    private Process start(Class<?> main, Path connectionFile, long parentPid) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(main.getName());
        cmd.add(connectionFile.toString());
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove("JPY_PARENT_PID");
        if (parentPid > 0) {
            pb.environment().put("JPY_PARENT_PID", Long.toString(parentPid));
        }
        if (main != Main.class || !connectionFile.toString().contains("md5")) {
            pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        }
        return pb.redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    private Path write(ConnectionInfo info) throws IOException {
        Path file = dir.resolve("kernel-" + UUID.randomUUID() + (info.signatureScheme().equals("hmac-md5") ? "-md5" : "")
                + ".json");
        Files.write(file, Json.mapper().writeValueAsBytes(info));
        return file;
    }

    private static ConnectionInfo connectionInfo(String scheme) throws IOException {
        return new ConnectionInfo("tcp", "127.0.0.1", freePort(), freePort(), freePort(), freePort(), freePort(),
                UUID.randomUUID().toString(), scheme, "java-cached");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
