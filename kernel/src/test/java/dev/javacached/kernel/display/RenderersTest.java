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
            public void show(Object value, String mime, String id, boolean update) {
                calls.add(value + "|" + mime + "|" + update + "|" + id.isEmpty());
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
        assertEquals(List.of("a|text/html|false|false", "b|null|true|false", "clear|false", "clear|true"), calls);
        assertThrows(IllegalStateException.class, () -> Display.display("x"));
    }
}
