package dev.javacached.kernel.display;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Rich output from notebook code. Every cell has these statically imported, so
 * {@code display(img)}, {@code display("<b>hi</b>", "text/html")},
 * {@code updateDisplay(id, value)}, {@code render(md, "text/markdown")}, {@code html(...)} and
 * {@code markdown(...)} work without an import.
 *
 * <p>The signatures are IJava's and JJava's ({@code io.github.spencerpark.ijava.runtime.Display}),
 * so notebooks written for them compile unchanged; {@code render} returns a {@link MimeBundle}
 * where IJava returns its {@code DisplayData}. Every MIME type is checked
 * ({@link MimeTypes}): a string that is not one is an error, not a bundle key. Where a
 * library writes the type first ({@code display("html", value)}, rapaio's order) and the
 * other argument is no MIME type, the arguments are taken in that order.
 *
 * <p>This is the one static bridge between user code and the kernel: user code cannot be
 * handed an object, so the engine binds the running cell's {@link DisplayTarget} here.
 */
public final class Display {
    private static volatile DisplayTarget target;

    private Display() {
    }

    /** Displays {@code value} as the renderer registry prefers; returns its display id. */
    public static String display(Object value) {
        return show(current().render(value, List.of()), newId(), false);
    }

    /**
     * Displays {@code value} as each of {@code mimeTypes} (text is taken as that type's
     * representation: {@code display("<b>x</b>", "text/html")}); returns its display id.
     */
    public static String display(Object value, String... mimeTypes) {
        return show(current().render(value, MimeTypes.checked("display", mimeTypes)), newId(), false);
    }

    /**
     * Two arguments, one of which names a MIME type: {@code display(value, "text/html")} as in
     * IJava, or {@code display("html", value)} with the type first. When both or neither look
     * like a MIME type, the first is the value and the second must be a MIME type.
     */
    public static String display(String first, Object second) {
        Typed t = typed("display", first, second);
        return show(current().render(t.value(), List.of(t.mimeType())), newId(), false);
    }

    /** Renders {@code value} as the registry prefers, without showing it: the cell's result when last. */
    public static MimeBundle render(Object value) {
        return current().render(value, List.of());
    }

    /** Renders {@code value} as {@code mimeTypes} without showing it; {@code render(md, "text/markdown")}. */
    public static MimeBundle render(Object value, String... mimeTypes) {
        return current().render(value, MimeTypes.checked("render", mimeTypes));
    }

    /** Replaces the output of an earlier {@code display} call. */
    public static void updateDisplay(String displayId, Object value) {
        show(current().render(value, List.of()), displayId, true);
    }

    /** Replaces the output of an earlier {@code display} call, as {@code mimeTypes}. */
    public static void updateDisplay(String displayId, Object value, String... mimeTypes) {
        show(current().render(value, MimeTypes.checked("updateDisplay", mimeTypes)), displayId, true);
    }

    /** {@code updateDisplay(id, value, "text/html")}, or with the type first as in {@link #display(String, Object)}. */
    public static void updateDisplay(String displayId, String first, Object second) {
        Typed t = typed("updateDisplay", first, second);
        show(current().render(t.value(), List.of(t.mimeType())), displayId, true);
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

    private record Typed(Object value, String mimeType) {
    }

    /** Which of two arguments is the MIME type: the second (IJava's order) unless only the first is one. */
    private static Typed typed(String call, String first, Object second) {
        Optional<String> secondType = MimeTypes.of(second);
        if (secondType.isPresent()) {
            return new Typed(first, secondType.get());
        }
        Optional<String> firstType = MimeTypes.of(first);
        if (firstType.isPresent()) {
            return new Typed(second, firstType.get());
        }
        throw MimeTypes.notAMimeType(call, second);
    }

    private static String show(MimeBundle bundle, String id, boolean update) {
        current().show(bundle, id, update);
        return id;
    }

    private static String newId() {
        return UUID.randomUUID().toString();
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
