package dev.javacached.kernel.engine;

import dev.javacached.kernel.display.DisplayTarget;
import dev.javacached.kernel.display.MimeBundle;
import dev.javacached.kernel.display.Renderers;
import java.util.List;
import java.util.Optional;
import jdk.jshell.ExpressionSnippet;
import jdk.jshell.Snippet;
import jdk.jshell.VarSnippet;

/**
 * Turns a snippet's value into a {@link MimeBundle}: JShell's value string, bounded, as
 * text/plain, and the live object through the {@link Renderers} where it can be read; and
 * renders what a running cell passes to {@code display(...)} ({@link #displayTarget}).
 */
final class ResultRenderer {

    /** A result's text/plain is cut here: frontends choke on megabytes of one string. */
    static final int MAX_RESULT_TEXT = 1 << 20;

    private final Renderers renderers;

    ResultRenderer(Renderers renderers) {
        this.renderers = renderers;
    }

    MimeBundle render(JShellSession s, Snippet sn, String valueString) {
        String plain = valueString == null ? "null" : valueString;
        if (plain.length() > MAX_RESULT_TEXT) {
            plain = plain.substring(0, MAX_RESULT_TEXT) + "... (" + (plain.length() - MAX_RESULT_TEXT)
                    + " more characters)";
        }
        Optional<VarSnippet> variable = sn instanceof VarSnippet v ? Optional.of(v)
                : sn instanceof ExpressionSnippet e ? s.findVariable(e.name()) : Optional.empty();
        if (variable.isEmpty()) {
            return MimeBundle.text(plain);
        }
        try {
            return renderers.render(s.liveValue(variable.get()), plain);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return MimeBundle.text(plain);
        }
    }

    /** display(...) from a running cell: rendered, then sent to the sink output goes to now. */
    DisplayTarget displayTarget(StdStreams streams) {
        return new CellDisplay(streams);
    }

    private final class CellDisplay implements DisplayTarget {
        private final StdStreams streams;

        CellDisplay(StdStreams streams) {
            this.streams = streams;
        }

        @Override
        public MimeBundle render(Object value, List<String> mimeTypes) {
            return renderers.render(value, String.valueOf(value), mimeTypes);
        }

        @Override
        public void show(MimeBundle bundle, String displayId, boolean update) {
            if (!streams.withSink(target -> target.display(bundle, displayId, update))) {
                throw new IllegalStateException("display is only available while a cell runs");
            }
        }

        @Override
        public void clear(boolean wait) {
            if (!streams.withSink(target -> target.clearOutput(wait))) {
                throw new IllegalStateException("clearOutput is only available while a cell runs");
            }
        }
    }
}
