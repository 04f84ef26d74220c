package dev.javacached.kernel.engine;

import dev.javacached.kernel.display.MimeBundle;
import java.util.Optional;

/** What running (or restoring) one snippet came to. */
public sealed interface SnippetResult {

    /**
     * The snippet ran or was restored. {@code value} is its rendered value when it is an
     * expression, {@code typeName} the variable's resolved type for declarations ("" otherwise),
     * {@code nanos} the time the snippet's own code took.
     */
    record Ok(Optional<MimeBundle> value, String typeName, long nanos) implements SnippetResult {
    }

    /** The snippet failed; the cell stops here. */
    record Failed(ExecuteOutcome.Failure failure) implements SnippetResult {
    }
}
