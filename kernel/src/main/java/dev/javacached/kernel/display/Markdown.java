package dev.javacached.kernel.display;

import java.util.Objects;

/** A value that renders as {@code text/markdown}; {@code Display.markdown("# Title")} in a cell. */
public record Markdown(String markdown) {
    public Markdown {
        Objects.requireNonNull(markdown, "markdown");
    }
}
