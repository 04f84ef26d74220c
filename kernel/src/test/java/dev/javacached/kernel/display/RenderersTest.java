package dev.javacached.kernel.display;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RenderersTest {
    private final Renderers renderers = Renderers.defaults();

    @Test
    void render_plainValue_isTextOnly() {
        assertEquals(Map.of("text/plain", "42"), renderers.render(42).data());
    }

    @Test
    void render_html_hasHtmlAndPlain() {
        MimeBundle b = renderers.render(new Html("<b>x</b>"));
        assertEquals("<b>x</b>", b.data().get("text/html"));
        assertTrue(b.data().containsKey("text/plain"));
    }

    @Test
    void render_stringAsMimeType_takesTextAsRepresentation() {
        MimeBundle b = renderers.render("<i>y</i>", "<i>y</i>", "text/html");
        assertEquals("<i>y</i>", b.data().get("text/html"));
    }

    @Test
    void render_imageAsPng_isBase64Png() {
        System.setProperty("java.awt.headless", "true");
        MimeBundle b = renderers.render(new BufferedImage(2, 2, BufferedImage.TYPE_INT_ARGB));
        assertTrue(b.data().get("image/png").startsWith("iVBORw0KGgo"), "PNG magic in base64");
    }

    @Test
    void render_unrenderableAsMimeType_fails() {
        assertThrows(IllegalArgumentException.class, () -> renderers.render(42, "42", "image/png"));
    }

    @Test
    void with_customRenderer_winsOverDefaults() {
        Renderers custom = renderers.with(v -> v instanceof Integer i
                ? java.util.Optional.of(new MimeBundle(Map.of("text/html", "<b>" + i + "</b>"), Map.of()))
                : java.util.Optional.empty());
        MimeBundle b = custom.render(7);
        assertEquals("<b>7</b>", b.data().get("text/html"));
        assertEquals("7", b.plain());
    }

    @Test
    void display_outsideCell_fails() {
        assertThrows(IllegalStateException.class, () -> Display.display("x"));
    }

    @Test
    @SuppressWarnings("try")
    void display_boundTarget_receivesValueAndUpdates() {
        List<String> calls = new ArrayList<>();
        DisplayTarget target = new DisplayTarget() {
            @Override
            public MimeBundle render(Object value, List<String> mimeTypes) {
                calls.add("render " + value + "|" + mimeTypes);
                return renderers.render(value, String.valueOf(value), mimeTypes);
            }

            @Override
            public void show(MimeBundle bundle, String id, boolean update) {
                calls.add(new java.util.TreeSet<>(bundle.data().keySet()) + "|" + update + "|" + id.isEmpty());
            }

            @Override
            public void clear(boolean wait) {
                calls.add("clear|" + wait);
            }
        };
        try (Display.Binding ignored = Display.bind(target)) {
            String id = Display.display("a", "text/html");
            Display.updateDisplay(id, "b");
            Display.clearOutput();
            Display.clearOutput(true);
        }
        assertEquals(List.of("render a|[text/html]", "[text/html, text/plain]|false|false", "render b|[]",
                "[text/plain]|true|false", "clear|false", "clear|true"), calls);
        assertThrows(IllegalStateException.class, () -> Display.display("x"));
    }

    @Test
    void render_severalTypes_textTakesEachNonTextKeepsWhatItMakes() {
        assertEquals(Map.of("text/html", "<b>", "text/markdown", "<b>", "text/plain", "<b>"),
                renderers.render("<b>", "<b>", List.of("text/html", "text/markdown")).data());
        assertEquals(Map.of("text/html", "<i>h</i>", "text/plain", "<i>h</i>"),
                renderers.render(new Html("<i>h</i>"), "<i>h</i>", List.of("text/html", "text/markdown")).data());
        assertThrows(IllegalArgumentException.class, () -> renderers.render(42, "42", List.of("text/html")));
    }

    @Test
    void mimeTypes_typeSubtypeOrShortName_elseNone() {
        assertEquals("text/html", Display.MimeTypes.of("text/html").orElseThrow());
        assertEquals("image/svg+xml", Display.MimeTypes.of("image/svg+xml").orElseThrow());
        assertEquals("text/html", Display.MimeTypes.of("HTML").orElseThrow());
        assertTrue(Display.MimeTypes.of("<table>").isEmpty());
        assertTrue(Display.MimeTypes.of("a/b/c").isEmpty());
        assertTrue(Display.MimeTypes.of("and/or").isEmpty(), "not a registered top-level type");
        assertEquals("application/vnd.vegalite.v5+json", Display.MimeTypes.of("application/vnd.vegalite.v5+json").orElseThrow());
        assertTrue(Display.MimeTypes.of("1 / 2").isEmpty());
        assertTrue(Display.MimeTypes.of(42).isEmpty());
    }
}
