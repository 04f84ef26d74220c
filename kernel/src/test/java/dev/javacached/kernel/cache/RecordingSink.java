package dev.javacached.kernel.cache;

import dev.javacached.kernel.display.MimeBundle;
import dev.javacached.kernel.engine.OutputSink;
import java.util.ArrayList;
import java.util.List;

/** Records what a cell printed, as one transcript. */
class RecordingSink implements OutputSink {
    final StringBuilder out = new StringBuilder();
    final StringBuilder err = new StringBuilder();
    final List<MimeBundle> displays = new ArrayList<>();
    String input = "typed";

    @Override
    public void stdout(String text) {
        out.append(text);
    }

    @Override
    public void stderr(String text) {
        err.append(text);
    }

    @Override
    public void display(MimeBundle bundle, String displayId, boolean update) {
        displays.add(bundle);
    }

    @Override
    public String readLine(String prompt, boolean password) {
        return input;
    }
}
