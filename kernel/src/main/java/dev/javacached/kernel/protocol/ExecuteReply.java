package dev.javacached.kernel.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** execute_reply content: status ok, error (with ename/evalue/traceback) or aborted. */
public record ExecuteReply(String status, int executionCount, ObjectNode userExpressions, List<Object> payload,
                           String ename, String evalue, List<String> traceback) {

    public static ExecuteReply ok(int executionCount, ObjectNode userExpressions) {
        return new ExecuteReply("ok", executionCount, userExpressions, List.of(), null, null, null);
    }

    public static ExecuteReply error(int executionCount, String ename, String evalue, List<String> traceback) {
        return new ExecuteReply("error", executionCount, Json.object(), List.of(), ename, evalue, traceback);
    }

    public static ExecuteReply aborted(int executionCount) {
        return new ExecuteReply("aborted", executionCount, null, null, null, null, null);
    }
}
