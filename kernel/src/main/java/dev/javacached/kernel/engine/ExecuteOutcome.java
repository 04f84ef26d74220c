package dev.javacached.kernel.engine;

import dev.javacached.kernel.display.MimeBundle;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** What running one cell came to. */
public sealed interface ExecuteOutcome {

    /** Extra facts for the execute_reply metadata (e.g. what the cache restored), keyed by section. */
    Map<String, Object> replyMetadata();

    /** The same outcome with {@code metadata} as its reply metadata. */
    ExecuteOutcome withReplyMetadata(Map<String, Object> metadata);

    /**
     * The cell ran to its end; {@code result} is the last expression's value, if the cell ended in
     * one. {@code userExpressions} holds the value of each of the request's user expressions
     * ({@link ExecuteOptions#userExpressions()}), by the request's key.
     */
    record Success(Optional<MimeBundle> result, Map<String, Object> replyMetadata,
                   Map<String, ExecuteOutcome> userExpressions) implements ExecuteOutcome {
        public Success {
            replyMetadata = Map.copyOf(replyMetadata);
            userExpressions = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(userExpressions));
        }

        public Success(Optional<MimeBundle> result, Map<String, Object> replyMetadata) {
            this(result, replyMetadata, Map.of());
        }

        @Override
        public Success withReplyMetadata(Map<String, Object> metadata) {
            return new Success(result, metadata, userExpressions);
        }

        /** The same success with {@code values} as the user expressions' values. */
        public Success withUserExpressions(Map<String, ExecuteOutcome> values) {
            return values.isEmpty() && userExpressions.isEmpty() ? this : new Success(result, replyMetadata, values);
        }
    }

    /**
     * The cell stopped at an error. {@code cause} is what kind of error it was, for the layers
     * that act on it (the cache, the dispatcher); {@code ename} is what the protocol shows (for
     * an exception, its class name). {@code traceback} lines show the user's code, not kernel
     * internals.
     */
    record Failure(Cause cause, String ename, String evalue, List<String> traceback, Map<String, Object> replyMetadata)
            implements ExecuteOutcome {
        public Failure {
            Objects.requireNonNull(cause, "cause");
            Objects.requireNonNull(ename, "ename");
            traceback = List.copyOf(traceback);
            replyMetadata = Map.copyOf(replyMetadata);
        }

        /** A failure whose ename is {@code cause}'s own (every cause but {@link Cause#EXCEPTION} has one). */
        public Failure(Cause cause, String evalue, List<String> traceback, Map<String, Object> replyMetadata) {
            this(cause, cause.ename().orElseThrow(() -> new IllegalArgumentException(cause + " needs an ename")),
                    evalue, traceback, replyMetadata);
        }

        @Override
        public Failure withReplyMetadata(Map<String, Object> metadata) {
            return new Failure(cause, ename, evalue, traceback, metadata);
        }

        /** The cell was stopped at the user's request. */
        public static Failure interrupted(Map<String, Object> replyMetadata) {
            return new Failure(Cause.INTERRUPTED, "The cell was interrupted",
                    List.of("Interrupted: the cell was stopped at the user's request"), replyMetadata);
        }
    }

    /** Why a cell stopped. */
    enum Cause {
        /** javac rejected a snippet: nothing of it ran. */
        COMPILE_ERROR("CompilationException"),
        /** The user's code threw; the ename is the exception's class. */
        EXCEPTION(null),
        /** The user interrupted the cell (a snippet or a magic). */
        INTERRUPTED("Interrupted"),
        /** JShell, javac or the kernel around a snippet failed, not the snippet itself. */
        KERNEL_ERROR("KernelError"),
        /** A magic line was wrong or its command failed; the ename is the magic's. */
        MAGIC_ERROR("MagicError");

        private final String ename;

        Cause(String ename) {
            this.ename = ename;
        }

        /** The ename the protocol shows for this cause, when it has a fixed one. */
        public Optional<String> ename() {
            return Optional.ofNullable(ename);
        }
    }
}
