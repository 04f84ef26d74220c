package dev.javacached.kernel.transport;

import com.fasterxml.jackson.databind.JsonNode;
import dev.javacached.kernel.protocol.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The connection file the client writes: where to bind and how to sign. A port of 0 means
 * "pick a free port" (used by tests; {@link KernelTransport#connectionInfo()} reports the
 * ports actually bound).
 */
public record ConnectionInfo(String transport, String ip, int shellPort, int controlPort, int stdinPort,
                             int iopubPort, int hbPort, String key, String signatureScheme, String kernelName) {

    public static ConnectionInfo read(Path file) throws IOException {
        JsonNode n = Json.parseObject(Files.readAllBytes(file));
        return new ConnectionInfo(n.path("transport").asText("tcp"), n.path("ip").asText("127.0.0.1"),
                n.path("shell_port").asInt(0), n.path("control_port").asInt(0), n.path("stdin_port").asInt(0),
                n.path("iopub_port").asInt(0), n.path("hb_port").asInt(0), n.path("key").asText(""),
                n.path("signature_scheme").asText("hmac-sha256"), n.path("kernel_name").asText(""));
    }

    public String address(int port) {
        return transport + "://" + ip + ":" + port;
    }

    public ConnectionInfo withPorts(int shell, int control, int stdin, int iopub, int hb) {
        return new ConnectionInfo(transport, ip, shell, control, stdin, iopub, hb, key, signatureScheme, kernelName);
    }
}
