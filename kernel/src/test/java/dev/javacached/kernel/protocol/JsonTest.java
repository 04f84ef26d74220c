package dev.javacached.kernel.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void records_serialiseWithSpecFieldNames() {
        JsonNode n = Json.tree(new DisplayData(Map.of("text/plain", "x"), Map.of(), Map.of("display_id", "d")));
        assertEquals("d", n.path("transient").path("display_id").asText());
        JsonNode r = Json.tree(ExecuteReply.error(3, "E", "v", List.of("t")));
        assertEquals(3, r.path("execution_count").asInt());
        assertEquals("error", r.path("status").asText());
        assertFalse(Json.tree(ExecuteReply.ok(1, Json.object())).has("ename"));
        assertEquals("busy", Json.tree(Status.BUSY).path("execution_state").asText());
    }

    @Test
    void header_hasVersionAndMicrosecondUtcDate() {
        Header h = Header.create("status", "s", "kernel");
        assertEquals("5.3", h.version());
        assertEquals(true, h.date().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z"), h.date());
        assertEquals(36, h.msgId().length());
    }

    @Test
    void executeRequest_defaultsFollowSpec() {
        ExecuteRequest r = ExecuteRequest.from(Json.object().put("code", "x"));
        assertEquals(new ExecuteRequest("x", false, true, Map.of(), true, true), r);
        ExecuteRequest silent = ExecuteRequest.from(Json.object().put("code", "x").put("silent", true)
                .put("store_history", true));
        assertFalse(silent.storeHistory());
    }
}
