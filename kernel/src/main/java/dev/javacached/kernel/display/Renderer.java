package dev.javacached.kernel.display;

import java.util.Optional;

/** Turns values of the types it knows into a MIME bundle (which must hold {@code text/plain}). */
@FunctionalInterface
public interface Renderer {
    Optional<MimeBundle> render(Object value);
}
