package dev.javacached.kernel.protocol;

import com.fasterxml.jackson.databind.JsonNode;

/** input_reply (stdin channel, client → kernel). */
public record InputReply(String value) {
    public static InputReply from(JsonNode c) {
        return new InputReply(c.path("value").asText(""));
    }
}
