package dev.javacached.kernel.display;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Jupyter MIME bundle: MIME type → representation, plus per-type metadata.
 * Text types carry a {@link String}; binary types (image/png) carry base64 text, as the
 * protocol wants. Every bundle the kernel sends has a {@code text/plain} entry.
 */
public record MimeBundle(Map<String, String> data, Map<String, Object> metadata) {
    public MimeBundle {
        data = Map.copyOf(new LinkedHashMap<>(data));
        metadata = Map.copyOf(metadata);
    }

    public static MimeBundle text(String plain) {
        return new MimeBundle(Map.of("text/plain", plain), Map.of());
    }

    public String plain() {
        return data.getOrDefault("text/plain", "");
    }
}
