package dev.javacached.kernel.transport;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The connection file the client writes: where to bind and how to sign. A port of 0 means
 * "pick a free port" (used by tests; {@link KernelTransport#connectionInfo()} reports the
 * ports actually bound).
 */
public record ConnectionInfo(String transport, String ip, int shellPort, int controlPort, int stdinPort,
                             int iopubPort, int hbPort, String key, String signatureScheme, String kernelName) {

    /**
     * Reads the file with Jackson's streaming parser: start-up does not wait for the
     * ObjectMapper (which {@code Json.warmUp()} builds meanwhile on another thread).
     */
    public static ConnectionInfo read(Path file) throws IOException {
        Map<String, String> f = new HashMap<>();
        try (JsonParser p = new JsonFactory().createParser(Files.readAllBytes(file))) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("connection file is not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (value.isScalarValue()) {
                    f.put(name, p.getValueAsString());
                } else {
                    p.skipChildren();
                }
            }
        }
        try {
            return new ConnectionInfo(f.getOrDefault("transport", "tcp"), f.getOrDefault("ip", "127.0.0.1"),
                    port(f, "shell_port"), port(f, "control_port"), port(f, "stdin_port"), port(f, "iopub_port"),
                    port(f, "hb_port"), f.getOrDefault("key", ""), f.getOrDefault("signature_scheme", "hmac-sha256"),
                    f.getOrDefault("kernel_name", ""));
        } catch (NumberFormatException e) {
            throw new IOException("bad port in connection file: " + e.getMessage());
        }
    }

    private static int port(Map<String, String> fields, String name) {
        String v = fields.get(name);
        return v == null ? 0 : Integer.parseInt(v);
    }

    public String address(int port) {
        return transport + "://" + ip + ":" + port;
    }

    public ConnectionInfo withPorts(int shell, int control, int stdin, int iopub, int hb) {
        return new ConnectionInfo(transport, ip, shell, control, stdin, iopub, hb, key, signatureScheme, kernelName);
    }
}
