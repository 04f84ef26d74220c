package dev.javacached.kernel.magic;

import dev.javacached.kernel.display.MimeBundle;
import dev.javacached.kernel.engine.ExecuteOutcome;
import java.util.Objects;
import java.util.Optional;

/** What a magic did: succeeded (perhaps with a result to display) or failed with a reason. */
public sealed interface MagicResult {

    /** Success; {@code display} is shown as the cell's result when present. */
    record Success(Optional<MimeBundle> display) implements MagicResult {
        public Success {
            Objects.requireNonNull(display, "display");
        }
    }

    /**
     * Failure, reported to the user like an exception: {@code name} is a short error class
     * (e.g. {@code "MavenResolutionError"}, used as the Jupyter ename), {@code message} a
     * complete sentence naming what failed. {@code interrupted}: the magic stopped because the
     * user interrupted the cell (see {@link #interrupted}).
     */
    record Failure(String name, String message, boolean interrupted) implements MagicResult {
        public Failure {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(message, "message");
        }

        public Failure(String name, String message) {
            this(name, message, false);
        }
    }

    static MagicResult ok() {
        return new Success(Optional.empty());
    }

    static MagicResult ok(MimeBundle display) {
        return new Success(Optional.of(display));
    }

    static MagicResult okText(String plain) {
        return ok(MimeBundle.text(plain));
    }

    static MagicResult failure(String name, String message) {
        return new Failure(name, message);
    }

    /** The magic stopped because the cell was interrupted; {@code message} says what was left undone. */
    static MagicResult interrupted(String message) {
        return new Failure(ExecuteOutcome.Cause.INTERRUPTED.ename().orElseThrow(), message, true);
    }
}
