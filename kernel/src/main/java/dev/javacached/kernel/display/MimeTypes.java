package dev.javacached.kernel.display;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What counts as a MIME type in {@code display(value, mimeType)}: {@code type/subtype}
 * ({@code text/html}, {@code image/svg+xml}), or one of a few short names notebooks use
 * ({@code "html"}, {@code "markdown"}), so that a string meant as the content is never sent as a
 * bundle's key.
 */
public final class MimeTypes {
    private static final Pattern MIME = Pattern.compile("[A-Za-z0-9][\\w!#$&^.+-]*/[A-Za-z0-9][\\w!#$&^.+-]*");
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
    public static Optional<String> of(Object s) {
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
