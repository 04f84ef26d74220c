package dev.javacached.kernel.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jdk.jshell.EvalException;
import jdk.jshell.JShellException;

/** Renders compile errors and exceptions as Jupyter error fields, showing user code only. */
final class Tracebacks {
    private static final int MAX_FRAMES = 40;

    /** Where a snippet's first line sits: cell number (engine-internal, from 1) and line in it. */
    record Origin(int cell, int firstLine) {
    }

    private Tracebacks() {
    }

    /** A compile error at UTF-16 {@code position} of {@code cell}. */
    static ExecuteOutcome.Failure compileError(String cell, int position, String rawMessage) {
        // JShell compiles inside a synthetic class whose name it blanks: drop that line.
        String message = rawMessage.lines()
                .filter(l -> !l.strip().equals("location: class"))
                .collect(java.util.stream.Collectors.joining("\n")) + moduleHint(rawMessage);
        CellText text = new CellText(cell);
        int line = text.line(position);
        int column = text.column(position);
        List<String> tb = new ArrayList<>();
        tb.add("Compilation error at cell line " + line + ", column " + column + ":");
        String source = text.lineText(line);
        tb.add("    " + source);
        tb.add("    " + " ".repeat(Math.max(0, Math.min(column - 1, source.length()))) + "^");
        message.lines().forEach(tb::add);
        return new ExecuteOutcome.Failure(ExecuteOutcome.Cause.COMPILE_ERROR, "line " + line + ":" + column + ": " + message, tb, Map.of());
    }

    /** Whether a failure is JShell's or javac's (a compile error, JShell failing), not the snippet's. */
    static boolean fromJShell(ExecuteOutcome.Failure failure) {
        return failure.cause() == ExecuteOutcome.Cause.COMPILE_ERROR || failure.cause() == ExecuteOutcome.Cause.KERNEL_ERROR;
    }

    private static final java.util.regex.Pattern NOT_IN_GRAPH =
            java.util.regex.Pattern.compile("declared in module (\\S+), which is not in the module graph");

    /** For "not in the module graph" (an incubator module, say): how to start the kernel with the module. */
    static String moduleHint(String rawMessage) {
        java.util.regex.Matcher m = NOT_IN_GRAPH.matcher(rawMessage);
        if (!m.find()) {
            return "";
        }
        String option = "--add-modules=" + m.group(1);
        return "\nThe kernel was started without module " + m.group(1) + ": install it with `--jvm-opt=" + option
                + "`, or start Jupyter with JAVA_CACHED_JVM_OPTS=" + option + " (README: JVM options)";
    }

    static ExecuteOutcome.Failure interrupted() {
        return ExecuteOutcome.Failure.interrupted(Map.of());
    }

    /**
     * An exception thrown by a snippet. Frames after the outermost snippet frame (reflection,
     * JShell, the kernel) are dropped; snippet frames show the line in their cell.
     */
    static ExecuteOutcome.Failure exception(JShellException e, String ename, String evalue,
                                            Map<String, Origin> origins, int currentCell) {
        List<String> tb = new ArrayList<>();
        tb.add(evalue.isEmpty() ? ename : ename + ": " + evalue);
        frames(e, origins, currentCell, tb);
        for (Throwable cause = e.getCause(); cause instanceof JShellException c; cause = c.getCause()) {
            String name = c instanceof EvalException ev ? ev.getExceptionClassName() : c.getClass().getName();
            tb.add("Caused by: " + (c.getMessage() == null ? name : name + ": " + c.getMessage()));
            frames(c, origins, currentCell, tb);
        }
        return new ExecuteOutcome.Failure(ExecuteOutcome.Cause.EXCEPTION, ename, evalue, tb, Map.of());
    }

    private static void frames(Throwable e, Map<String, Origin> origins, int currentCell, List<String> tb) {
        StackTraceElement[] frames = e.getStackTrace();
        int last = -1;
        for (int i = 0; i < frames.length; i++) {
            if (isSnippetFrame(frames[i])) {
                last = i;
            }
        }
        int end = last < 0 ? frames.length : last + 1;
        int shown = 0;
        int i = 0;
        while (i < end && shown < MAX_FRAMES) {
            String line = "    at " + frame(frames[i], origins, currentCell);
            int same = 1;
            while (i + same < end && line.equals("    at " + frame(frames[i + same], origins, currentCell))) {
                same++;
            }
            tb.add(line);
            shown++;
            if (same > 1) {
                tb.add("    ... the same frame " + (same - 1) + " more times");
                shown++;
            }
            i += same;
        }
        if (i < end) {
            tb.add("    ... " + (end - i) + " more");
        }
    }

    private static boolean isSnippetFrame(StackTraceElement f) {
        return f.getFileName() != null && f.getFileName().startsWith("#");
    }

    private static String frame(StackTraceElement f, Map<String, Origin> origins, int currentCell) {
        if (!isSnippetFrame(f)) {
            return f.toString();
        }
        String method = f.getMethodName() == null || f.getMethodName().isEmpty() ? "" : f.getMethodName();
        String cls = f.getClassName() == null ? "" : f.getClassName();
        String where = cls.isEmpty() ? method : method.isEmpty() ? cls : cls + "." + method;
        Origin origin = origins.get(f.getFileName().substring(1));
        String location;
        if (origin == null) {
            location = "snippet " + f.getFileName() + ", line " + f.getLineNumber();
        } else {
            int line = origin.firstLine + Math.max(f.getLineNumber(), 1) - 1;
            location = origin.cell == currentCell ? "cell line " + line : "cell " + origin.cell + ", line " + line;
        }
        return where.isEmpty() ? "(" + location + ")" : where + "(" + location + ")";
    }

    /** Line/column arithmetic on a cell's text (1-based, UTF-16 columns). */
    static final class CellText {
        private final String text;
        private final List<Integer> lineStarts = new ArrayList<>();

        CellText(String text) {
            this.text = text;
            lineStarts.add(0);
            for (int i = 0; i < text.length(); i++) {
                if (text.charAt(i) == '\n') {
                    lineStarts.add(i + 1);
                }
            }
        }

        int line(int position) {
            int p = Math.max(0, Math.min(position, text.length()));
            int line = 1;
            while (line < lineStarts.size() && lineStarts.get(line) <= p) {
                line++;
            }
            return line;
        }

        int column(int position) {
            int p = Math.max(0, Math.min(position, text.length()));
            return p - lineStarts.get(line(p) - 1) + 1;
        }

        String lineText(int line) {
            int start = lineStarts.get(line - 1);
            int end = line < lineStarts.size() ? lineStarts.get(line) - 1 : text.length();
            return text.substring(start, end).stripTrailing();
        }
    }
}
