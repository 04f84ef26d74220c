package dev.javacached.kernel.display;

import java.util.UUID;

/**
 * Rich output from notebook code. Every cell has these statically imported, so
 * {@code display(img)}, {@code display("<b>hi</b>", "text/html")},
 * {@code updateDisplay(id, value)}, {@code html(...)} and {@code markdown(...)} work without
 * an import.
 *
 * <p>This is the one static bridge between user code and the kernel: user code cannot be
 * handed an object, so the engine binds the running cell's {@link DisplayTarget} here.
 */
public final class Display {
    private static volatile DisplayTarget target;

    private Display() {
    }

    /** Displays {@code value} with the renderer registry; returns its display id. */
    public static String display(Object value) {
        String id = UUID.randomUUID().toString();
        current().show(value, null, id, false);
        return id;
    }

    /** Displays {@code value} as {@code mimeType} (text is taken as that type's representation). */
    public static String display(Object value, String mimeType) {
        String id = UUID.randomUUID().toString();
        current().show(value, mimeType, id, false);
        return id;
    }

    /** Replaces the output of an earlier {@code display} call. */
    public static void updateDisplay(String displayId, Object value) {
        current().show(value, null, displayId, true);
    }

    /** Replaces the output of an earlier {@code display} call, as {@code mimeType}. */
    public static void updateDisplay(String displayId, Object value, String mimeType) {
        current().show(value, mimeType, displayId, true);
    }

    /**
     * Clears this cell's output in the frontend, e.g. before drawing the next frame of a
     * progress display; {@code clearOutput(true)} waits until new output replaces it.
     */
    public static void clearOutput(boolean wait) {
        current().clear(wait);
    }

    public static void clearOutput() {
        clearOutput(false);
    }

    public static Html html(String html) {
        return new Html(html);
    }

    public static Markdown markdown(String markdown) {
        return new Markdown(markdown);
    }

    /**
     * Binds the running cell's target; the returned handle restores the previous one.
     * Called by the engine, not by notebooks.
     */
    public static Binding bind(DisplayTarget newTarget) {
        DisplayTarget previous = target;
        target = newTarget;
        return () -> target = previous;
    }

    private static DisplayTarget current() {
        DisplayTarget t = target;
        if (t == null) {
            throw new IllegalStateException("display is only available while a cell runs");
        }
        return t;
    }

    /** Restores the previous target. */
    @FunctionalInterface
    public interface Binding extends AutoCloseable {
        @Override
        void close();
    }
}
