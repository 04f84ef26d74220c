package dev.javacached.kernel.protocol;

import com.fasterxml.jackson.databind.JsonNode;

/** is_complete_request. */
public record IsCompleteRequest(String code) {
    public static IsCompleteRequest from(JsonNode c) {
        return new IsCompleteRequest(c.path("code").asText(""));
    }
}
