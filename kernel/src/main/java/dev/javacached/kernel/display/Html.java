package dev.javacached.kernel.display;

import java.util.Objects;

/** A value that renders as {@code text/html}; {@code Display.html("<b>hi</b>")} in a cell. */
public record Html(String html) {
    public Html {
        Objects.requireNonNull(html, "html");
    }
}
