package dev.javacached.kernel.display;

import java.util.Objects;

/** A value that renders as {@code text/html}; {@code Display.html("<b>hi</b>")} in a cell. */
public record Html(String html) {
    public Html {
        Objects.requireNonNull(html, "html");
    }

    /** {@code text} escaped for HTML text and attribute values: {@code & < > "}. */
    public static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
