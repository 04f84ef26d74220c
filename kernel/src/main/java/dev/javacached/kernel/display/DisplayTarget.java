package dev.javacached.kernel.display;

/** Where {@link Display} sends what a running cell displays; implemented by the engine. */
public interface DisplayTarget {
    /**
     * Shows {@code value} (rendered as {@code mimeType}, or by the registry when null) under
     * {@code displayId}; {@code update} replaces an earlier display with that id.
     */
    void show(Object value, String mimeType, String displayId, boolean update);

    /** Clears the cell's output so far; with {@code wait}, only once new output arrives. */
    void clear(boolean wait);
}
