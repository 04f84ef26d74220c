package dev.javacached.kernel.protocol;

import com.fasterxml.jackson.databind.JsonNode;

/** history_request: hist_access_type "range", "tail" or "search"; {@code n} is null when absent. */
public record HistoryRequest(boolean output, boolean raw, String histAccessType, int session, int start, int stop,
                             Integer n, String pattern, boolean unique) {
    public static HistoryRequest from(JsonNode c) {
        return new HistoryRequest(c.path("output").asBoolean(false), c.path("raw").asBoolean(true),
                c.path("hist_access_type").asText("tail"), c.path("session").asInt(0), c.path("start").asInt(0),
                c.path("stop").isNumber() ? c.path("stop").asInt() : Integer.MAX_VALUE, c.path("n").isNumber() ? Integer.valueOf(c.path("n").asInt()) : null,
                c.path("pattern").asText("*"), c.path("unique").asBoolean(false));
    }
}
