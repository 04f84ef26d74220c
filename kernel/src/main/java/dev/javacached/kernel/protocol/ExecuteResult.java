package dev.javacached.kernel.protocol;

import java.util.Map;

/** execute_result (IOPub); {@code data} always has text/plain. */
public record ExecuteResult(int executionCount, Map<String, Object> data, Map<String, Object> metadata) {
}
