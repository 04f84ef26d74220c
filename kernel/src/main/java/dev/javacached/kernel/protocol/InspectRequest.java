package dev.javacached.kernel.protocol;

import com.fasterxml.jackson.databind.JsonNode;

/** inspect_request; {@code cursorPos} counts code points. */
public record InspectRequest(String code, int cursorPos, int detailLevel) {
    public static InspectRequest from(JsonNode c) {
        String code = c.path("code").asText("");
        return new InspectRequest(code, c.path("cursor_pos").asInt(code.codePointCount(0, code.length())),
                c.path("detail_level").asInt(0));
    }
}
