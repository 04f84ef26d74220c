package dev.javacached.kernel.magic;

import dev.javacached.kernel.cache.CachingHook;
import dev.javacached.kernel.cache.CellMode;
import dev.javacached.kernel.display.MimeBundle;
import dev.javacached.kernel.engine.Completeness;
import dev.javacached.kernel.engine.Completion;
import dev.javacached.kernel.engine.Engine;
import dev.javacached.kernel.engine.ExecuteOptions;
import dev.javacached.kernel.engine.ExecuteOutcome;
import dev.javacached.kernel.engine.ForwardingEngine;
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

/**
 * Magics, in front of the Java engine: runs a cell's magics itself and hands the Java between
 * them to the inner engine, in cell order. It only dispatches: which magics exist and their
 * help is {@link MagicRegistry}'s, the check before a cell runs {@link MagicCheck}'s, joining
 * {@code %maven} lines {@link JoinedMagicLines}', a non-Java cell body {@link BodyCell}'s,
 * completion and inspection on a magic line {@link MagicAssist}'s. The cache's cell around it all (begin, end, report,
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
 * cell stops at the first failure. User expressions, the request lifecycle and closing go on
 * to the inner engine unchanged ({@link ForwardingEngine}); the store is {@code CachedEngine}'s
 * to close.
 */
public final class MagicDispatcher extends ForwardingEngine {

    static final String ERROR = ExecuteOutcome.Cause.MAGIC_ERROR.ename().orElseThrow();

    private final CachingHook hook;
    private final MagicRegistry registry;
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
        super(inner);
        this.hook = Objects.requireNonNull(hook, "hook");
        this.services = services.toArray();
        this.registry = new MagicRegistry(commands, bodyCommands);
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

    private ExecuteOutcome runCell(String code, ExecuteOptions options, OutputSink sink) {
        cancelled = false;
        Optional<BodyCell> body = BodyCell.of(registry, code);
        if (body.isPresent()) {
            return runBodyMagic(body.get(), sink);
        }
        CellParser.Parsed cell = CellParser.parse(code);
        if (!cell.hasMagic()) {
            return inner.execute(code, options, sink);
        }
        Optional<String> problem = MagicCheck.check(registry, cell);
        if (problem.isPresent()) {
            return failure(new MagicResult.Failure(ERROR, problem.get()), Map.of());
        }
        cell.magics().stream().filter(MagicLine::cell).findFirst()
                .flatMap(m -> CellMagic.named(m.name())).ifPresent(m -> hook.setCellMode(m.mode));
        return run(cell, options, sink);
    }

    private ExecuteOutcome run(CellParser.Parsed cell, ExecuteOptions options, OutputSink sink) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        Optional<MimeBundle> result = Optional.empty();
        List<Segment> segments = JoinedMagicLines.join(registry, cell.segments());
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
            if (m.cell() && registry.helpRequest(m).isEmpty()) {
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
        Optional<String> help = registry.helpRequest(m);
        if (help.isPresent()) {
            return MagicResult.okText(help.get());
        }
        MagicCommand command = registry.command(m.name());
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
            return MagicAssist.complete(registry, code, m, cursor);
        }
        JavaChunk j = (JavaChunk) at;
        Completion c = inner.complete(j.text(), cursor - j.start());
        return new Completion(c.matches(), c.start() + j.start(), c.end() + j.start());
    }

    @Override
    public Inspection inspect(String code, int cursor, int detailLevel) {
        CellParser.Parsed cell = CellParser.parse(code);
        if (!cell.hasMagic()) {
            return inner.inspect(code, cursor, detailLevel);
        }
        Segment at = cell.at(cursor);
        if (at instanceof MagicLine m) {
            return MagicAssist.inspect(registry, m);
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
        if (BodyCell.of(registry, code).isPresent()) {
            return Completeness.of(Completeness.Status.COMPLETE);
        }
        CellParser.Parsed cell = CellParser.parse(code);
        if (!cell.hasMagic()) {
            return inner.isComplete(code);
        }
        if (MagicCheck.check(registry, cell).isPresent()) {
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
    public void interrupt() {
        cancelled = true;
        synchronized (lock) {
            if (magicThread != null) {
                magicThread.interrupt();
            }
        }
        super.interrupt();
    }
}
