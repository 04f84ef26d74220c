package dev.javacached.kernel.magic;

import dev.javacached.kernel.display.MimeBundle;
import dev.javacached.kernel.engine.OutputSink;
import java.util.ArrayList;
import java.util.List;

/** An OutputSink that keeps what it is given. */
final class RecordingSink implements OutputSink {
    final List<MimeBundle> displays = new ArrayList<>();
    final StringBuilder stdout = new StringBuilder();
    final StringBuilder stderr = new StringBuilder();

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
        displays.add(bundle);
    }

    @Override
    public String readLine(String prompt, boolean password) throws InputNotAllowedException {
        throw new InputNotAllowedException("no stdin in tests");
    }
}
