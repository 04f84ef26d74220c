package dev.javacached.kernel.display;

import java.awt.image.RenderedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The renderer registry used for cell results and {@code display(...)}: the first renderer
 * that knows a value wins; anything else is {@code text/plain}.
 */
public final class Renderers {
    private final List<Renderer> renderers;

    private Renderers(List<Renderer> renderers) {
        this.renderers = List.copyOf(renderers);
    }

    /** MimeBundle (as is), {@link Html}, {@link Markdown}, images ({@code image/png}). */
    public static Renderers defaults() {
        return new Renderers(List.of(
                value -> value instanceof MimeBundle bundle ? Optional.of(bundle) : Optional.empty(),
                value -> value instanceof Html html
                        ? Optional.of(bundle("text/html", html.html(), html.html()))
                        : Optional.empty(),
                value -> value instanceof Markdown md
                        ? Optional.of(bundle("text/markdown", md.markdown(), md.markdown()))
                        : Optional.empty(),
                Renderers::image));
    }

    /** A registry that tries {@code first} before these renderers. */
    public Renderers with(Renderer first) {
        List<Renderer> all = new ArrayList<>();
        all.add(first);
        all.addAll(renderers);
        return new Renderers(all);
    }

    /** Renders {@code value}; {@code plain} is the text/plain used when no renderer knows the value. */
    public MimeBundle render(Object value, String plain) {
        if (value != null) {
            for (Renderer renderer : renderers) {
                Optional<MimeBundle> bundle = renderer.render(value);
                if (bundle.isPresent()) {
                    return withPlain(bundle.get(), plain);
                }
            }
        }
        return MimeBundle.text(plain);
    }

    /** Renders {@code value} with {@link String#valueOf} as its text/plain. */
    public MimeBundle render(Object value) {
        return render(value, String.valueOf(value));
    }

    /**
     * Renders {@code value} as {@code mimeType}: text is taken as the representation itself
     * (e.g. {@code display(str, "text/html")}); other values must render to that type.
     */
    public MimeBundle render(Object value, String plain, String mimeType) {
        return render(value, plain, List.of(mimeType));
    }

    /**
     * Renders {@code value} as {@code mimeTypes} (the registry's choice when empty): text is
     * taken as each type's representation; another value keeps those of the types its renderer
     * makes, and must make at least one. {@code text/plain} is always there.
     */
    public MimeBundle render(Object value, String plain, List<String> mimeTypes) {
        if (mimeTypes.isEmpty()) {
            return render(value, plain);
        }
        Map<String, String> data = new LinkedHashMap<>();
        if (value instanceof CharSequence text) {
            for (String type : mimeTypes) {
                data.put(type, text.toString());
            }
            data.putIfAbsent("text/plain", text.toString());
            return new MimeBundle(data, Map.of());
        }
        MimeBundle rendered = render(value, plain);
        for (String type : mimeTypes) {
            if (rendered.data().containsKey(type)) {
                data.put(type, rendered.data().get(type));
            }
        }
        if (data.isEmpty() || data.keySet().equals(java.util.Set.of("text/plain")) && !mimeTypes.equals(List.of("text/plain"))) {
            throw new IllegalArgumentException("cannot render a " + (value == null ? "null" : value.getClass().getName())
                    + " as " + String.join(", ", mimeTypes) + " (it renders as " + String.join(", ",
                    rendered.data().keySet()) + ")");
        }
        data.putIfAbsent("text/plain", rendered.plain());
        return new MimeBundle(data, rendered.metadata());
    }

    private static MimeBundle withPlain(MimeBundle bundle, String plain) {
        if (bundle.data().containsKey("text/plain")) {
            return bundle;
        }
        Map<String, String> data = new LinkedHashMap<>(bundle.data());
        data.put("text/plain", plain);
        return new MimeBundle(data, bundle.metadata());
    }

    private static MimeBundle bundle(String mimeType, String representation, String plain) {
        Map<String, String> data = new LinkedHashMap<>();
        data.put(mimeType, representation);
        data.put("text/plain", plain);
        return new MimeBundle(data, Map.of());
    }

    private static Optional<MimeBundle> image(Object value) {
        // Compare by name first so plain values never load java.desktop classes.
        if (!isImage(value.getClass())) {
            return Optional.empty();
        }
        RenderedImage image = (RenderedImage) value;
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            if (!javax.imageio.ImageIO.write(image, "png", png)) {
                return Optional.empty();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode image as PNG", e);
        }
        Map<String, String> data = new LinkedHashMap<>();
        data.put("image/png", Base64.getEncoder().encodeToString(png.toByteArray()));
        data.put("text/plain", value.getClass().getSimpleName() + " " + image.getWidth() + "x" + image.getHeight());
        return Optional.of(new MimeBundle(data,
                Map.of("image/png", Map.of("width", image.getWidth(), "height", image.getHeight()))));
    }

    private static boolean isImage(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            if (c.getName().equals("java.awt.image.BufferedImage")) {
                return true;
            }
        }
        return false;
    }
}
