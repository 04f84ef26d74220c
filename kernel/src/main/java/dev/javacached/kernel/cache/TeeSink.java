package dev.javacached.kernel.cache;

import dev.javacached.kernel.display.MimeBundle;
import dev.javacached.kernel.engine.OutputSink;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Passes everything to the real sink and records it for replay. Notes whether the snippet
 * read stdin (its value then depends on what was typed: not cacheable) and whether the
 * output grew beyond what is worth storing.
 */
final class TeeSink implements OutputSink {
    private final OutputSink target;
    private final long maxChars;
    private final List<RecordedOutput.Event> events = new ArrayList<>();
    private long chars;
    private boolean overflow;
    private boolean readStdin;

    TeeSink(OutputSink target, long maxChars) {
        this.target = target;
        this.maxChars = maxChars;
    }

    @Override
    public void stdout(String text) {
        target.stdout(text);
        add(new RecordedOutput.Event(RecordedOutput.Kind.STDOUT, text, null, null, false), text.length());
    }

    @Override
    public void stderr(String text) {
        target.stderr(text);
        add(new RecordedOutput.Event(RecordedOutput.Kind.STDERR, text, null, null, false), text.length());
    }

    @Override
    public void clearOutput(boolean wait) {
        target.clearOutput(wait);
    }

    @Override
    public void display(MimeBundle bundle, String displayId, boolean update) {
        target.display(bundle, displayId, update);
        long size = bundle.data().values().stream().mapToLong(String::length).sum();
        add(new RecordedOutput.Event(RecordedOutput.Kind.DISPLAY, null, RecordedOutput.Bundle.of(bundle), displayId, update), size);
    }

    @Override
    public String readLine(String prompt, boolean password) throws InputNotAllowedException {
        readStdin = true;
        return target.readLine(prompt, password);
    }

    private void add(RecordedOutput.Event e, long size) {
        chars += size;
        if (chars > maxChars) {
            overflow = true;
            events.clear();
        } else if (!overflow) {
            events.add(e);
        }
    }

    boolean readStdin() {
        return readStdin;
    }

    boolean overflow() {
        return overflow;
    }

    RecordedOutput recorded(Optional<MimeBundle> value) {
        return new RecordedOutput(RecordedOutput.FORMAT, events, value.map(RecordedOutput.Bundle::of).orElse(null));
    }
}
