package dev.javacached.kernel.engine;

import dev.javacached.kernel.display.MimeBundle;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What running one cell came to. */
public sealed interface ExecuteOutcome {

    /** Extra facts for the execute_reply metadata (e.g. what the cache restored), keyed by section. */
    Map<String, Object> replyMetadata();

    /** The cell ran to its end; {@code result} is the last expression's value, if the cell ended in one. */
    record Success(Optional<MimeBundle> result, Map<String, Object> replyMetadata) implements ExecuteOutcome {
        public Success {
            replyMetadata = Map.copyOf(replyMetadata);
        }
    }

    /**
     * The cell stopped at an error: a compile error (with line and column in the cell),
     * an exception, or an interrupt. {@code traceback} lines show the user's code, not
     * kernel internals.
     */
    record Failure(String ename, String evalue, List<String> traceback, Map<String, Object> replyMetadata)
            implements ExecuteOutcome {
        public Failure {
            traceback = List.copyOf(traceback);
            replyMetadata = Map.copyOf(replyMetadata);
        }
    }
}
