package dev.javacached.kernel.testkit;

import dev.javacached.kernel.display.MimeBundle;
import dev.javacached.kernel.engine.OutputSink;
import java.util.ArrayList;
import java.util.List;

/**
 * An {@link OutputSink} that keeps what a cell sent: its stdout and stderr text, and every
 * display with its id, whether it updated an earlier one, and the thread that sent it. Input is
 * refused ({@link InputNotAllowedException}, as from a frontend without stdin) unless a test sets
 * {@link #input}.
 */
public final class RecordingSink implements OutputSink {
    /** One display: its bundle, display id, whether it was an update, and who sent it. */
    public record Display(MimeBundle bundle, String displayId, boolean update, Thread thread) {
        public String plain() {
            return bundle.plain();
        }
    }

    public final StringBuilder stdout = new StringBuilder();
    public final StringBuilder stderr = new StringBuilder();
    public final List<Display> displays = new ArrayList<>();
    /** The line every input request gets; null refuses input. */
    public volatile String input;

    @Override
    public synchronized void stdout(String text) {
        stdout.append(text);
    }

    @Override
    public synchronized void stderr(String text) {
        stderr.append(text);
    }

    @Override
    public synchronized void display(MimeBundle bundle, String displayId, boolean update) {
        displays.add(new Display(bundle, displayId, update, Thread.currentThread()));
    }

    @Override
    public String readLine(String prompt, boolean password) throws InputNotAllowedException {
        String line = input;
        if (line == null) {
            throw new InputNotAllowedException("no stdin in tests");
        }
        return line;
    }

    /** The text/plain of the last display; empty when there was none. */
    public synchronized String lastDisplay() {
        return displays.isEmpty() ? "" : displays.get(displays.size() - 1).plain();
    }
}
