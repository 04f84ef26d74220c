package dev.javacached.kernel.magic.maven;

import dev.javacached.kernel.display.MimeBundle;
import dev.javacached.kernel.engine.OutputSink;
import java.util.ArrayList;
import java.util.List;

/** An OutputSink that keeps what it is given. */
final class RecordingSink implements OutputSink {
    record Display(String text, String displayId, boolean update, Thread thread) {
    }

    final List<Display> displays = new ArrayList<>();
    final StringBuilder stdout = new StringBuilder();
    final StringBuilder stderr = new StringBuilder();

    @Override
    public void stdout(String text) {
        stdout.append(text);
    }

    @Override
    public void stderr(String text) {
        stderr.append(text);
    }

    @Override
    public void display(MimeBundle bundle, String displayId, boolean update) {
        displays.add(new Display(bundle.plain(), displayId, update, Thread.currentThread()));
    }

    @Override
    public String readLine(String prompt, boolean password) throws InputNotAllowedException {
        throw new InputNotAllowedException("no stdin in tests");
    }

    String lastDisplay() {
        return displays.isEmpty() ? "" : displays.get(displays.size() - 1).text();
    }
}
