package dev.javacached.kernel.display;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Rich output from notebook code. Every cell has these statically imported, so
 * {@code display(img)}, {@code display("<b>hi</b>", "text/html")},
 * {@code updateDisplay(id, value)}, {@code render(md, "text/markdown")}, {@code html(...)} and
 * {@code markdown(...)} work without an import.
 *
 * <p>The signatures are IJava's and JJava's ({@code io.github.spencerpark.ijava.runtime.Display}),
 * so notebooks written for them compile unchanged; {@code render} returns a {@link MimeBundle}
 * where IJava returns its {@code DisplayData}. Every MIME type is checked ({@code MimeTypes},
 * nested here so that the class snippets compile against carries it): a string that is not
 * one is an error, not a bundle key. Where a library writes the type first ({@code display("html", value)}, rapaio's order) and the
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

    /**
     * What counts as a MIME type in {@code display(value, mimeType)}: {@code type/subtype} with a
     * registered top-level type ({@code text/html}, {@code image/svg+xml}), or one of a few short names notebooks use
     * ({@code "html"}, {@code "markdown"}), so that a string meant as the content is never sent as a
     * bundle's key.
     */
    static final class MimeTypes {
        /** {@code type/subtype} with one of the registered top-level types (RFC 6838), any case. */
        private static final Pattern MIME = Pattern.compile(
                "(?i)(application|audio|font|image|message|model|multipart|text|video)/[a-z0-9][\\w!#$&^.+-]*");
        private static final Map<String, String> SHORT = Map.ofEntries(
                Map.entry("html", "text/html"),
                Map.entry("markdown", "text/markdown"),
                Map.entry("md", "text/markdown"),
                Map.entry("text", "text/plain"),
                Map.entry("plain", "text/plain"),
                Map.entry("latex", "text/latex"),
                Map.entry("svg", "image/svg+xml"),
                Map.entry("png", "image/png"),
                Map.entry("jpeg", "image/jpeg"),
                Map.entry("json", "application/json"),
                Map.entry("javascript", "application/javascript"),
                Map.entry("js", "application/javascript"));

        private MimeTypes() {
        }

        /** {@code s} as a MIME type: itself when it is {@code type/subtype}, the type of a short name, else empty. */
        static Optional<String> of(Object s) {
            if (!(s instanceof String text)) {
                return Optional.empty();
            }
            String t = text.strip();
            if (MIME.matcher(t).matches()) {
                return Optional.of(t.toLowerCase(Locale.ROOT));
            }
            return Optional.ofNullable(SHORT.get(t.toLowerCase(Locale.ROOT)));
        }

        /** Every one of {@code names} as a MIME type, or an {@link IllegalArgumentException} naming the first that is not. */
        static List<String> checked(String call, String... names) {
            List<String> out = new ArrayList<>();
            for (String n : names) {
                out.add(of(n).orElseThrow(() -> notAMimeType(call, n)));
            }
            return out;
        }

        static IllegalArgumentException notAMimeType(String call, Object s) {
            return new IllegalArgumentException(call + ": " + quote(s) + " is not a MIME type; name one as type/subtype"
                    + " (text/html, text/markdown, image/svg+xml, ...) or html, markdown, svg, json, latex, javascript,"
                    + " e.g. " + call + "(value, \"text/html\")");
        }

        private static String quote(Object s) {
            String text = String.valueOf(s).replace("\n", " ");
            return "\"" + (text.length() > 40 ? text.substring(0, 40) + "…" : text) + "\"";
        }
    }
}
