package dev.javacached.kernel.display;

import java.util.List;

/** Where {@link Display} sends what a running cell displays; implemented by the engine. */
public interface DisplayTarget {
    /**
     * Renders {@code value} as {@code mimeTypes} (checked MIME types; empty for the registry's
     * choice), with a {@code text/plain} entry.
     */
    MimeBundle render(Object value, List<String> mimeTypes);

    /** Shows {@code bundle} under {@code displayId}; {@code update} replaces an earlier display with that id. */
    void show(MimeBundle bundle, String displayId, boolean update);

    /** Clears the cell's output so far; with {@code wait}, only once new output arrives. */
    void clear(boolean wait);
}
