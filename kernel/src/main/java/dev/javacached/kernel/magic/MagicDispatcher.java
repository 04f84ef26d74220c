package dev.javacached.kernel.magic;

import dev.javacached.kernel.cache.CachingHook;
import dev.javacached.kernel.cache.CellMode;
import dev.javacached.kernel.display.MimeBundle;
import dev.javacached.kernel.engine.Completeness;
import dev.javacached.kernel.engine.Completion;
import dev.javacached.kernel.engine.Engine;
import dev.javacached.kernel.engine.EngineInfo;
import dev.javacached.kernel.engine.ExecuteOptions;
import dev.javacached.kernel.engine.ExecuteOutcome;
import dev.javacached.kernel.engine.Inspection;
import dev.javacached.kernel.engine.OutputSink;
import dev.javacached.kernel.magic.CellParser.JavaChunk;
import dev.javacached.kernel.magic.CellParser.MagicLine;
import dev.javacached.kernel.magic.CellParser.Segment;
import dev.javacached.store.CacheStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Magics, in front of the Java engine: runs a cell's magics itself and hands the Java between
 * them to the inner engine, in cell order. The cache's cell around it all (begin, end, report,
 * feedback) is {@link dev.javacached.kernel.cache.CachedEngine}'s, outside this one; a cell
 * magic ({@code %%nocache}, ...) only sets the cell's {@link CellMode} on the hook.
 *
 * <p>Which lines are magics ({@link CellParser}): a line whose first non-blank character is
 * {@code %}, when the Java above it is at a statement boundary (no open bracket, comment,
 * string or text block; last token {@code ;} or {@code }}). So {@code %maven g:a:v} then
 * {@code import g.*;} works in one cell, while a {@code % b} continuing an expression stays
 * Java. {@code %%nocache} / {@code %%recompute} / {@code %%snapshot} are cell magics: first line only.
 *
 * <p>Every magic line of a cell is checked (name and arguments) before any of the cell runs:
 * a typo is a {@code MagicError} and nothing runs. Otherwise segments run in order and the
 * cell stops at the first failure.
 */
public final class MagicDispatcher implements Engine {

    static final String ERROR = ExecuteOutcome.Cause.MAGIC_ERROR.ename().orElseThrow();

    /** The cell magics: first line of a cell, no arguments. */
    private enum CellMagic {
        NOCACHE("nocache", CellMode.NOCACHE, "%%nocache\nRuns the cell without reading or writing the cache."),
        RECOMPUTE("recompute", CellMode.RECOMPUTE,
                "%%recompute\nRuns every declaration in the cell again and overwrites its stored value."),
        SNAPSHOT("snapshot", CellMode.SNAPSHOT,
                "%%snapshot\nStores and restores the cell's values even when they read the clock or unseeded"
                        + " randomness, which are otherwise never cached. For a value you want frozen, such as"
                        + " `var runId = UUID.randomUUID();` or a random sample you mean to keep.");

        final String name;
        final CellMode mode;
        final String help;

        CellMagic(String name, CellMode mode, String help) {
            this.name = name;
            this.mode = mode;
            this.help = help;
        }

        static Optional<CellMagic> named(String name) {
            for (CellMagic m : values()) {
                if (m.name.equals(name)) {
                    return Optional.of(m);
                }
            }
            return Optional.empty();
        }
    }

    private final Engine inner;
    private final CachingHook hook;
    private final Map<String, MagicCommand> magics = new TreeMap<>();
    private final Map<String, CellBodyMagic> bodyMagics = new TreeMap<>();
    private final Object[] services;
    private final Object lock = new Object();
    /** The thread running a magic, interrupted by {@link #interrupt()}; guarded by {@link #lock}. */
    private Thread magicThread;
    private volatile boolean cancelled;

    /**
     * @param inner    the Java engine (a {@code JShellEngine} built with {@code hook})
     * @param hook     the cache the engine calls around snippets (cell magics set its mode)
     * @param commands the line magics; {@code %lsmagic} is added
     * @param services what magics may ask their context for (e.g. a {@code ClasspathTarget})
     */
    public MagicDispatcher(Engine inner, CachingHook hook, Collection<? extends MagicCommand> commands,
                           List<?> services) {
        this(inner, hook, commands, List.of(), services);
    }

    /** As above, with cell magics whose body is not Java ({@link CellBodyMagic}). */
    public MagicDispatcher(Engine inner, CachingHook hook, Collection<? extends MagicCommand> commands,
                           Collection<? extends CellBodyMagic> bodyCommands, List<?> services) {
        this.inner = Objects.requireNonNull(inner, "inner");
        this.hook = Objects.requireNonNull(hook, "hook");
        this.services = services.toArray();
        List<MagicCommand> all = new ArrayList<>(commands);
        all.add(new LsMagic(this::listed));
        for (MagicCommand c : all) {
            List<String> names = new ArrayList<>();
            names.add(c.name());
            names.addAll(c.aliases());
            for (String name : names) {
                if (magics.putIfAbsent(name, c) != null) {
                    throw new IllegalArgumentException("two magics named %" + name);
                }
            }
        }
        for (CellBodyMagic c : bodyCommands) {
            if (CellMagic.named(c.name()).isPresent() || bodyMagics.putIfAbsent(c.name(), c) != null) {
                throw new IllegalArgumentException("two cell magics named %%" + c.name());
            }
        }
    }

    /** A dispatcher over {@code inner} and {@code hook}: add {@code %cache}, other magics and services. */
    public static Builder builder(Engine inner, CachingHook hook) {
        return new Builder(inner, hook);
    }

    /** Wiring helper; see {@link MagicDispatcher#MagicDispatcher}. */
    public static final class Builder {
        private final Engine inner;
        private final CachingHook hook;
        private final List<MagicCommand> commands = new ArrayList<>();
        private final List<CellBodyMagic> bodyCommands = new ArrayList<>();
        private final List<Object> services = new ArrayList<>();

        private Builder(Engine inner, CachingHook hook) {
            this.inner = inner;
            this.hook = hook;
        }

        /** Adds {@code %cache} over the hook's store (the same store the hook was built with). */
        public Builder cacheMagic(CacheStore store) {
            commands.add(new CacheMagic(hook, store, hook.tally()));
            return this;
        }

        public Builder magic(MagicCommand command) {
            commands.add(command);
            return this;
        }

        public Builder magics(Collection<? extends MagicCommand> more) {
            commands.addAll(more);
            return this;
        }

        public Builder cellMagic(CellBodyMagic command) {
            bodyCommands.add(command);
            return this;
        }

        public Builder cellMagics(Collection<? extends CellBodyMagic> more) {
            bodyCommands.addAll(more);
            return this;
        }

        public Builder service(Object service) {
            services.add(Objects.requireNonNull(service, "service"));
            return this;
        }

        public MagicDispatcher build() {
            return new MagicDispatcher(inner, hook, commands, bodyCommands, services);
        }
    }

    // ---------------------------------------------------------------- execute

    @Override
    public ExecuteOutcome execute(String code, OutputSink sink) {
        return execute(code, ExecuteOptions.DEFAULT, sink);
    }

    /** Runs the cell's magics and Java; user expressions go to the inner engine after a successful cell, never as magics. */
    @Override
    public ExecuteOutcome execute(String code, ExecuteOptions options, OutputSink sink) {
        ExecuteOutcome outcome = runCell(code, options.withoutUserExpressions(), sink);
        return outcome instanceof ExecuteOutcome.Success s ? s.withUserExpressions(evaluateAll(options)) : outcome;
    }

    /** An expression for user_expressions: the inner engine's, magics never run. */
    @Override
    public ExecuteOutcome evaluate(String expression) {
        return inner.evaluate(expression);
    }

    private ExecuteOutcome runCell(String code, ExecuteOptions options, OutputSink sink) {
        cancelled = false;
        Optional<BodyCell> body = bodyCell(code);
        if (body.isPresent()) {
            return runBodyMagic(body.get(), sink);
        }
        CellParser.Parsed cell = CellParser.parse(code);
        if (!cell.hasMagic()) {
            return inner.execute(code, options, sink);
        }
        Optional<String> problem = check(cell);
        if (problem.isPresent()) {
            return failure(new MagicResult.Failure(ERROR, problem.get()), Map.of());
        }
        cell.magics().stream().filter(MagicLine::cell).findFirst()
                .flatMap(m -> CellMagic.named(m.name())).ifPresent(m -> hook.setCellMode(m.mode));
        return run(cell, options, sink);
    }

    /** The first problem with the cell's magic lines, if any: checked before anything runs. */
    private Optional<String> check(CellParser.Parsed cell) {
        boolean codeBefore = false;
        for (Segment s : cell.segments()) {
            if (s instanceof JavaChunk j) {
                codeBefore |= j.hasCode();
                continue;
            }
            MagicLine m = (MagicLine) s;
            Optional<String> problem = m.cell() ? checkCellMagic(m, codeBefore) : checkLineMagic(m);
            if (problem.isPresent()) {
                return Optional.of("line " + (m.line() + 1) + ": " + problem.get());
            }
            codeBefore = true;
        }
        return Optional.empty();
    }

    private Optional<String> checkCellMagic(MagicLine m, boolean codeBefore) {
        if (helpRequest(m).isPresent()) {
            return Optional.empty();
        }
        Optional<CellMagic> known = CellMagic.named(m.name());
        if (known.isEmpty()) {
            if (bodyMagics.containsKey(m.name())) {
                return Optional.of("%%" + m.name() + " is a cell magic: it must be the first line of the cell");
            }
            return Optional.of(unknown(m));
        }
        if (codeBefore) {
            return Optional.of("%%" + m.name() + " is a cell magic: it must be the first line of the cell");
        }
        if (!m.args().isEmpty()) {
            return Optional.of("%%" + m.name() + " takes no arguments (the Java goes on the next lines)");
        }
        return Optional.empty();
    }

    private Optional<String> checkLineMagic(MagicLine m) {
        if (m.name().isEmpty()) {
            return Optional.of("a line starting with % is a magic: %name [arguments]. Try %lsmagic for the list");
        }
        if (helpRequest(m).isPresent()) {
            return Optional.empty();
        }
        MagicCommand command = magics.get(m.name());
        if (command == null) {
            return Optional.of(unknown(m));
        }
        return command.check(m.args()).map(MagicResult.Failure::message);
    }

    private String unknown(MagicLine m) {
        List<String> forms = forms();
        String typed = m.form();
        Optional<String> near = Suggest.nearest(typed, forms);
        if (near.isEmpty()) {
            // %nocache for %%nocache, %%cache for %cache
            String bare = m.name();
            near = forms.stream().filter(f -> f.replace("%", "").equals(bare)).findFirst();
        }
        return "unknown " + (m.cell() ? "cell " : "") + "magic " + typed
                + near.map(n -> " — did you mean " + n + "?").orElse("")
                + " Try %lsmagic for the list (line magics: " + String.join(" ", lineForms())
                + "; cell magics, first line only: " + String.join(" ", cellForms()) + ")";
    }

    /** {@code %name?} asks for a magic's help. */
    private Optional<String> helpRequest(MagicLine m) {
        if (!m.name().endsWith("?") || !m.args().isEmpty()) {
            return Optional.empty();
        }
        return helpOf(m.name().substring(0, m.name().length() - 1), m.cell());
    }

    private Optional<String> helpOf(String name, boolean cell) {
        if (cell) {
            return CellMagic.named(name).map(c -> c.help)
                    .or(() -> Optional.ofNullable(bodyMagics.get(name)).map(CellBodyMagic::help));
        }
        return Optional.ofNullable(magics.get(name)).map(MagicCommand::help);
    }

    private ExecuteOutcome run(CellParser.Parsed cell, ExecuteOptions options, OutputSink sink) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        Optional<MimeBundle> result = Optional.empty();
        List<Segment> segments = joinLines(cell.segments());
        for (Segment s : segments) {
            if (cancelled) {
                return ExecuteOutcome.Failure.interrupted(metadata);
            }
            if (s instanceof JavaChunk j) {
                if (!j.hasCode()) {
                    continue;
                }
                // Blank lines in place of the lines above keep the engine's "cell line N" right.
                ExecuteOutcome o = inner.execute("\n".repeat(j.line()) + j.text(), options, sink);
                metadata.putAll(o.replyMetadata());
                if (o instanceof ExecuteOutcome.Failure f) {
                    return f.withReplyMetadata(metadata);
                }
                result = ((ExecuteOutcome.Success) o).result();
                continue;
            }
            MagicLine m = (MagicLine) s;
            if (m.cell() && helpRequest(m).isEmpty()) {
                continue;
            }
            MagicResult r = runMagic(m, sink);
            if (r instanceof MagicResult.Failure f) {
                return failure(f, metadata);
            }
            Optional<MimeBundle> shown = ((MagicResult.Success) r).display();
            if (isLastAction(segments, s)) {
                result = shown;
            } else {
                shown.ifPresent(b -> sink.display(b, null, false));
                result = Optional.empty();
            }
        }
        return new ExecuteOutcome.Success(result, metadata);
    }

    /**
     * The cell's segments with the lines of each {@link MagicCommand#joinsLinesOfCell()} magic
     * made one: its first line carries the arguments of all of them, the others are dropped.
     */
    private List<Segment> joinLines(List<Segment> segments) {
        Map<MagicCommand, List<MagicLine>> groups = new LinkedHashMap<>();
        for (Segment s : segments) {
            if (s instanceof MagicLine m && !m.cell() && helpRequest(m).isEmpty()) {
                MagicCommand c = magics.get(m.name());
                if (c != null && c.joinsLinesOfCell()) {
                    groups.computeIfAbsent(c, k -> new ArrayList<>()).add(m);
                }
            }
        }
        if (groups.values().stream().allMatch(g -> g.size() < 2)) {
            return segments;
        }
        List<Segment> out = new ArrayList<>();
        for (Segment s : segments) {
            List<MagicLine> group = s instanceof MagicLine m ? groups.get(magics.get(m.name())) : null;
            if (group != null && group.size() > 1 && group.get(0) == s) {
                out.addAll(preparing(segments, group));
            }
            if (s instanceof MagicLine m && !m.cell() && isPreparing(m) && out.contains(s)) {
                continue; // moved up
            }
            if (group == null || group.size() < 2 || ((MagicLine) s).cell()) {
                out.add(s);
            } else if (group.get(0) == s) {
                MagicLine first = (MagicLine) s;
                String args = String.join("\n", group.stream().map(MagicLine::args).toList());
                out.add(new MagicLine(false, first.name(), args, first.lineStart(), first.start(), first.nameStart(),
                        first.end(), first.line()));
            }
        }
        return out;
    }

    /** The {@link MagicCommand#preparesJoinedLines()} lines between the first and last line of {@code group}. */
    private List<Segment> preparing(List<Segment> segments, List<MagicLine> group) {
        int from = segments.indexOf(group.get(0));
        int to = segments.indexOf(group.get(group.size() - 1));
        List<Segment> out = new ArrayList<>();
        for (Segment s : segments.subList(from, to)) {
            if (s instanceof MagicLine m && !m.cell() && isPreparing(m)) {
                out.add(s);
            }
        }
        return out;
    }

    private boolean isPreparing(MagicLine m) {
        MagicCommand c = magics.get(m.name());
        return c != null && c.preparesJoinedLines() && helpRequest(m).isEmpty();
    }

    /** A cell whose first line is {@code %%name} of a {@link CellBodyMagic}: the magic, its arguments, the rest. */
    private record BodyCell(CellBodyMagic magic, String args, String body) {
    }

    private Optional<BodyCell> bodyCell(String code) {
        if (bodyMagics.isEmpty()) {
            return Optional.empty();
        }
        String rest = code.stripLeading();
        if (!rest.startsWith("%%")) {
            return Optional.empty();
        }
        int eol = rest.indexOf('\n');
        String first = (eol < 0 ? rest : rest.substring(0, eol)).strip();
        String body = eol < 0 ? "" : rest.substring(eol + 1);
        int space = indexOfWhitespace(first);
        String name = space < 0 ? first.substring(2) : first.substring(2, space);
        CellBodyMagic magic = bodyMagics.get(name);
        return magic == null ? Optional.empty()
                : Optional.of(new BodyCell(magic, space < 0 ? "" : first.substring(space).strip(), body));
    }

    /** Runs a {@link CellBodyMagic} cell: no Java, so nothing for the cache. */
    private ExecuteOutcome runBodyMagic(BodyCell cell, OutputSink sink) {
        Map<String, Object> metadata = Map.of();
        synchronized (lock) {
            magicThread = Thread.currentThread();
        }
        MagicResult r;
        try {
            r = cell.magic().run(cell.args(), cell.body(), MagicContext.of(sink, services));
        } catch (RuntimeException e) {
            r = MagicResult.failure(ERROR, "%%" + cell.magic().name() + " failed: " + e);
        } finally {
            synchronized (lock) {
                magicThread = null;
                Thread.interrupted();
            }
        }
        if (r instanceof MagicResult.Failure f) {
            return failure(f, metadata);
        }
        return new ExecuteOutcome.Success(((MagicResult.Success) r).display(), metadata);
    }

    private static boolean isLastAction(List<Segment> segments, Segment s) {
        for (int i = segments.size() - 1; i >= 0; i--) {
            Segment t = segments.get(i);
            if (t instanceof MagicLine || (t instanceof JavaChunk j && j.hasCode())) {
                return t == s;
            }
        }
        return false;
    }

    private MagicResult runMagic(MagicLine m, OutputSink sink) {
        Optional<String> help = helpRequest(m);
        if (help.isPresent()) {
            return MagicResult.okText(help.get());
        }
        MagicCommand command = magics.get(m.name());
        synchronized (lock) {
            if (cancelled) {
                return MagicResult.interrupted("The cell was interrupted");
            }
            magicThread = Thread.currentThread();
        }
        try {
            return command.run(m.args(), MagicContext.of(sink, services));
        } catch (RuntimeException e) {
            return MagicResult.failure(ERROR, "%" + m.name() + " failed: " + e);
        } finally {
            synchronized (lock) {
                magicThread = null;
                // an interrupt meant for the magic must not hit the engine calls that follow
                Thread.interrupted();
            }
        }
    }

    private static ExecuteOutcome.Failure failure(MagicResult.Failure f, Map<String, Object> metadata) {
        String message = f.message();
        List<String> traceback = new ArrayList<>();
        traceback.add(f.name() + ": " + message.lines().findFirst().orElse(""));
        message.lines().skip(1).forEach(traceback::add);
        ExecuteOutcome.Cause cause = f.interrupted() ? ExecuteOutcome.Cause.INTERRUPTED : ExecuteOutcome.Cause.MAGIC_ERROR;
        return new ExecuteOutcome.Failure(cause, f.name(), message, traceback, metadata);
    }

    // ---------------------------------------------------------------- complete, inspect, isComplete

    @Override
    public Completion complete(String code, int cursor) {
        CellParser.Parsed cell = CellParser.parse(code);
        if (!cell.hasMagic()) {
            return inner.complete(code, cursor);
        }
        Segment at = cell.at(cursor);
        if (at instanceof MagicLine m) {
            if (cursor < m.start()) {
                return new Completion(List.of(), cursor, cursor);
            }
            return completeMagic(code, m, cursor);
        }
        JavaChunk j = (JavaChunk) at;
        Completion c = inner.complete(j.text(), cursor - j.start());
        return new Completion(c.matches(), c.start() + j.start(), c.end() + j.start());
    }

    private Completion completeMagic(String code, MagicLine m, int cursor) {
        String typed = code.substring(m.start(), cursor);
        int end = cursor;
        while (end < m.end() && !Character.isWhitespace(code.charAt(end))) {
            end++;
        }
        int space = indexOfWhitespace(typed);
        if (space < 0) {
            List<String> names = forms().stream().filter(f -> f.startsWith(typed)).toList();
            return new Completion(names, m.start(), end);
        }
        MagicCommand command = m.cell() ? null : magics.get(m.name());
        if (command == null) {
            return new Completion(List.of(), cursor, cursor);
        }
        String before = code.substring(m.nameStart() + m.name().length(), cursor);
        int wordStart = cursor;
        while (wordStart > m.start() && !Character.isWhitespace(code.charAt(wordStart - 1))) {
            wordStart--;
        }
        return new Completion(command.completeArgs(before.stripLeading()),
                wordStart, end);
    }

    private static int indexOfWhitespace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public Inspection inspect(String code, int cursor, int detailLevel) {
        CellParser.Parsed cell = CellParser.parse(code);
        if (!cell.hasMagic()) {
            return inner.inspect(code, cursor, detailLevel);
        }
        Segment at = cell.at(cursor);
        if (at instanceof MagicLine m) {
            String name = m.name().endsWith("?") ? m.name().substring(0, m.name().length() - 1) : m.name();
            return helpOf(name, m.cell()).map(h -> new Inspection(Optional.of(MimeBundle.text(h))))
                    .orElseGet(Inspection::none);
        }
        JavaChunk j = (JavaChunk) at;
        return inner.inspect(j.text(), cursor - j.start(), detailLevel);
    }

    /**
     * A cell ending in a magic line is complete (or invalid when a magic is unknown or
     * misused); one ending in Java gets the inner engine's verdict on that Java.
     */
    @Override
    public Completeness isComplete(String code) {
        if (bodyCell(code).isPresent()) {
            return Completeness.of(Completeness.Status.COMPLETE);
        }
        CellParser.Parsed cell = CellParser.parse(code);
        if (!cell.hasMagic()) {
            return inner.isComplete(code);
        }
        if (check(cell).isPresent()) {
            return Completeness.of(Completeness.Status.INVALID);
        }
        Segment last = cell.segments().get(cell.segments().size() - 1);
        if (last instanceof JavaChunk j && j.hasCode()) {
            return inner.isComplete(j.text());
        }
        return Completeness.of(Completeness.Status.COMPLETE);
    }

    // ---------------------------------------------------------------- the rest

    @Override
    public void beginRequest() {
        inner.beginRequest();
    }

    @Override
    public void endRequest() {
        inner.endRequest();
    }

    @Override
    public void interrupt() {
        cancelled = true;
        synchronized (lock) {
            if (magicThread != null) {
                magicThread.interrupt();
            }
        }
        inner.interrupt();
    }

    @Override
    public EngineInfo info() {
        return inner.info();
    }

    /** Closes the inner engine; the store is {@code CachedEngine}'s to close. */
    @Override
    public void close() {
        inner.close();
    }

    /** Every magic as written: {@code %name} for line magics, then {@code %%name} for cell magics. */
    private List<String> forms() {
        List<String> forms = new ArrayList<>(lineForms());
        forms.addAll(cellForms());
        return forms;
    }

    private List<String> cellForms() {
        List<String> forms = new ArrayList<>(java.util.Arrays.stream(CellMagic.values()).map(c -> "%%" + c.name).toList());
        bodyMagics.keySet().forEach(n -> forms.add("%%" + n));
        return forms;
    }

    private List<String> lineForms() {
        return magics.keySet().stream().map(n -> "%" + n).toList();
    }

    private List<LsMagic.Listed> listed() {
        List<LsMagic.Listed> out = new ArrayList<>();
        magics.forEach((name, c) -> out.add(new LsMagic.Listed("%" + name, name.equals(c.name()) ? c.help()
                : "%" + name + " ...\nThe same as %" + c.name() + " (the name IJava and JJava use).")));
        for (CellMagic c : CellMagic.values()) {
            out.add(new LsMagic.Listed("%%" + c.name, c.help));
        }
        bodyMagics.forEach((name, c) -> out.add(new LsMagic.Listed("%%" + name, c.help())));
        return out;
    }
}
