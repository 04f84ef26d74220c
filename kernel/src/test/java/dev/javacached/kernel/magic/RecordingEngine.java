package dev.javacached.kernel.magic;

import dev.javacached.kernel.display.MimeBundle;
import dev.javacached.kernel.engine.Completeness;
import dev.javacached.kernel.engine.Completion;
import dev.javacached.kernel.engine.Engine;
import dev.javacached.kernel.engine.EngineInfo;
import dev.javacached.kernel.engine.ExecuteOutcome;
import dev.javacached.kernel.engine.Inspection;
import dev.javacached.kernel.engine.OutputSink;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An inner engine that records what the dispatcher hands it, for the splitting and ordering
 * tests (the cache behaviour is tested with the real JShell engine). Code containing
 * {@code FAIL} fails; a completion offers "java" for the character before the cursor.
 */
final class RecordingEngine implements Engine {
    final List<String> log;
    int interrupts;

    RecordingEngine(List<String> log) {
        this.log = log;
    }

    RecordingEngine() {
        this(new CopyOnWriteArrayList<>());
    }

    @Override
    public ExecuteOutcome execute(String code, OutputSink sink) {
        log.add("java:" + code);
        if (code.contains("FAIL")) {
            return new ExecuteOutcome.Failure(ExecuteOutcome.Cause.EXCEPTION, "java.lang.IllegalStateException", "FAIL", List.of("FAIL"),
                    Map.of("engine", "failed"));
        }
        return new ExecuteOutcome.Success(Optional.of(MimeBundle.text("ran " + code.strip())),
                Map.of("engine", "ok"));
    }

    @Override
    public Completion complete(String code, int cursor) {
        log.add("complete:" + code + "|" + cursor);
        return new Completion(List.of("java"), Math.max(0, cursor - 1), cursor);
    }

    @Override
    public Inspection inspect(String code, int cursor, int detailLevel) {
        log.add("inspect:" + code + "|" + cursor);
        return new Inspection(Optional.of(MimeBundle.text("javadoc")));
    }

    @Override
    public Completeness isComplete(String code) {
        log.add("isComplete:" + code);
        return code.strip().endsWith("{") ? new Completeness(Completeness.Status.INCOMPLETE, "    ")
                : Completeness.of(Completeness.Status.COMPLETE);
    }

    @Override
    public void interrupt() {
        interrupts++;
    }

    @Override
    public EngineInfo info() {
        return new EngineInfo("17", "recording");
    }

    @Override
    public void close() {
        log.add("close");
    }
}
