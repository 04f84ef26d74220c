package dev.javacached.kernel.protocol;

import com.fasterxml.jackson.databind.JsonNode;

/** complete_request; {@code cursorPos} counts code points. */
public record CompleteRequest(String code, int cursorPos) {
    public static CompleteRequest from(JsonNode c) {
        String code = c.path("code").asText("");
        return new CompleteRequest(code, c.path("cursor_pos").asInt(code.codePointCount(0, code.length())));
    }
}
