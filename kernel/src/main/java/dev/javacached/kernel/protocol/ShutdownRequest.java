package dev.javacached.kernel.protocol;

import com.fasterxml.jackson.databind.JsonNode;

/** shutdown_request. */
public record ShutdownRequest(boolean restart) {
    public static ShutdownRequest from(JsonNode c) {
        return new ShutdownRequest(c.path("restart").asBoolean(false));
    }
}
