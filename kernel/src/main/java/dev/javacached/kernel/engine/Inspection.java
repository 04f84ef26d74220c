package dev.javacached.kernel.engine;

import dev.javacached.kernel.display.MimeBundle;
import java.util.Optional;

/** Signature and documentation of the symbol under the cursor, when known. */
public record Inspection(Optional<MimeBundle> doc) {
    public static Inspection none() {
        return new Inspection(Optional.empty());
    }
}
