package dev.javacached.kernel.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/** execute_request content. Defaults follow the spec where the client leaves a field out. */
public record ExecuteRequest(String code, boolean silent, boolean storeHistory, Map<String, String> userExpressions,
                             boolean allowStdin, boolean stopOnError) {

    public static ExecuteRequest from(JsonNode c) {
        boolean silent = c.path("silent").asBoolean(false);
        Map<String, String> exprs = new LinkedHashMap<>();
        c.path("user_expressions").fields().forEachRemaining(e -> exprs.put(e.getKey(), e.getValue().asText("")));
        return new ExecuteRequest(c.path("code").asText(""), silent,
                !silent && c.path("store_history").asBoolean(true), exprs,
                c.path("allow_stdin").asBoolean(true), c.path("stop_on_error").asBoolean(true));
    }
}
