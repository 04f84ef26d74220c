package dev.javacached.kernel.app;

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
import java.util.concurrent.CountDownLatch;

/**
 * A trivial engine to test the protocol layer alone. Each line of a cell is a command:
 * {@code print:T} / {@code err:T} write a line to stdout / stderr; {@code raise [msg]}
 * fails; {@code sleep} blocks until {@link #interrupt()}; {@code input:PROMPT} reads a line
 * and prints "got LINE"; {@code display} shows and updates display "d1"; {@code big:N}
 * prints N characters; {@code none} clears the result; {@code throw} / {@code overflow} make the
 * engine itself fail (exception / StackOverflowError); anything else becomes the result.
 */
public final class EchoEngine implements Engine {
    private volatile CountDownLatch interrupted = new CountDownLatch(1);

    @Override
    public ExecuteOutcome execute(String code, OutputSink sink) {
        interrupted = new CountDownLatch(1);
        Optional<MimeBundle> result = Optional.empty();
        String[] lines = code.split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank()) {
                continue;
            }
            if (line.equals("raise") || line.startsWith("raise ")) {
                String msg = line.length() > 6 ? line.substring(6) : "raised";
                return new ExecuteOutcome.Failure(ExecuteOutcome.Cause.EXCEPTION, "EchoError", msg,
                        List.of("EchoError: " + msg, "    at line " + (i + 1)), Map.of("java_cached", Map.of("failed", true)));
            } else if (line.equals("sleep")) {
                try {
                    interrupted.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return new ExecuteOutcome.Failure(ExecuteOutcome.Cause.INTERRUPTED, "cell interrupted", List.of("Interrupted"), Map.of());
            } else if (line.startsWith("print:")) {
                sink.stdout(line.substring(6) + "\n");
            } else if (line.startsWith("err:")) {
                sink.stderr(line.substring(4) + "\n");
            } else if (line.startsWith("input:")) {
                try {
                    sink.stdout("got " + sink.readLine(line.substring(6), false) + "\n");
                } catch (OutputSink.InputNotAllowedException e) {
                    return new ExecuteOutcome.Failure(ExecuteOutcome.Cause.EXCEPTION, "InputNotAllowed", e.getMessage(), List.of(e.getMessage()), Map.of());
                }
            } else if (line.equals("display")) {
                sink.display(new MimeBundle(Map.of("text/plain", "disp", "text/html", "<b>disp</b>"), Map.of()), "d1", false);
                sink.display(MimeBundle.text("updated"), "d1", true);
            } else if (line.startsWith("big:")) {
                int n = Integer.parseInt(line.substring(4));
                String chunk = "x".repeat(8191) + "\n";
                for (int done = 0; done < n; done += chunk.length()) {
                    sink.stdout(chunk.substring(0, Math.min(chunk.length(), n - done)));
                }
            } else if (line.equals("throw")) {
                throw new IllegalStateException("engine bug");
            } else if (line.equals("overflow")) {
                return overflow(0);
            } else if (line.equals("none")) {
                result = Optional.empty();
            } else {
                result = Optional.of(MimeBundle.text(line));
            }
        }
        return new ExecuteOutcome.Success(result, Map.of("java_cached", Map.of("echo", true, "lines", lines.length)));
    }

    private static ExecuteOutcome overflow(int depth) {
        return depth < 0 ? null : overflow(depth + 1);
    }

    @Override
    public Completion complete(String code, int cursor) {
        if (code.equals("throw")) {
            throw new IllegalStateException("completion bug");
        }
        int start = cursor;
        while (start > 0 && Character.isLetterOrDigit(code.charAt(start - 1))) {
            start--;
        }
        String word = code.substring(start, cursor);
        return new Completion(List.of(word + "1", word + "2"), start, cursor);
    }

    @Override
    public Inspection inspect(String code, int cursor, int detailLevel) {
        int start = cursor;
        while (start > 0 && Character.isLetterOrDigit(code.charAt(start - 1))) {
            start--;
        }
        String word = code.substring(start, cursor);
        return word.isEmpty() ? Inspection.none() : new Inspection(Optional.of(MimeBundle.text("doc:" + word)));
    }

    @Override
    public Completeness isComplete(String code) {
        if (code.endsWith("{")) {
            return new Completeness(Completeness.Status.INCOMPLETE, "    ");
        }
        return switch (code) {
            case "bad" -> Completeness.of(Completeness.Status.INVALID);
            case "?" -> Completeness.of(Completeness.Status.UNKNOWN);
            default -> Completeness.of(Completeness.Status.COMPLETE);
        };
    }

    @Override
    public void interrupt() {
        interrupted.countDown();
    }

    @Override
    public EngineInfo info() {
        return new EngineInfo(System.getProperty("java.version"), "echo engine");
    }

    @Override
    public void close() {
    }
}
