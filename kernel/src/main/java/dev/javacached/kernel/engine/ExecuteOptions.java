package dev.javacached.kernel.engine;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How to run a cell, from the execute_request: {@code silent} (publish nothing: the sink
 * drops output, and decorators show no courtesy lines), {@code storeHistory} (false: the cell
 * is kept out of the history and the execution count; the request handlers act on it) and
 * {@code userExpressions}, evaluated after a successful cell as expressions only: no magics,
 * no cache, no snippet left behind ({@link Engine#evaluate}).
 */
public record ExecuteOptions(boolean silent, boolean storeHistory, Map<String, String> userExpressions) {

    /** A cell typed by the user: output shown, kept in history, no user expressions. */
    public static final ExecuteOptions DEFAULT = new ExecuteOptions(false, true, Map.of());

    public ExecuteOptions {
        userExpressions = Collections.unmodifiableMap(new LinkedHashMap<>(userExpressions));
    }

    /** The same options without user expressions (for the parts of a cell). */
    public ExecuteOptions withoutUserExpressions() {
        return userExpressions.isEmpty() ? this : new ExecuteOptions(silent, storeHistory, Map.of());
    }
}
