package dev.javacached.kernel.app;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.javacached.kernel.display.MimeBundle;
import dev.javacached.kernel.engine.Completeness;
import dev.javacached.kernel.engine.Completion;
import dev.javacached.kernel.engine.Engine;
import dev.javacached.kernel.engine.ExecuteOptions;
import dev.javacached.kernel.engine.ExecuteOutcome;
import dev.javacached.kernel.engine.Inspection;
import dev.javacached.kernel.engine.OutputSink;
import dev.javacached.kernel.engine.QuickCompleteness;
import dev.javacached.kernel.log.Log;
import dev.javacached.kernel.protocol.CodePoints;
import dev.javacached.kernel.protocol.CommInfoReply;
import dev.javacached.kernel.protocol.CompleteReply;
import dev.javacached.kernel.protocol.CompleteRequest;
import dev.javacached.kernel.protocol.ExecuteInput;
import dev.javacached.kernel.protocol.ExecuteReply;
import dev.javacached.kernel.protocol.ExecuteRequest;
import dev.javacached.kernel.protocol.ExecuteResult;
import dev.javacached.kernel.protocol.ExecutionError;
import dev.javacached.kernel.protocol.Header;
import dev.javacached.kernel.protocol.HistoryReply;
import dev.javacached.kernel.protocol.HistoryRequest;
import dev.javacached.kernel.protocol.InspectReply;
import dev.javacached.kernel.protocol.InspectRequest;
import dev.javacached.kernel.protocol.InterruptReply;
import dev.javacached.kernel.protocol.IsCompleteReply;
import dev.javacached.kernel.protocol.IsCompleteRequest;
import dev.javacached.kernel.protocol.Json;
import dev.javacached.kernel.protocol.KernelInfoReply;
import dev.javacached.kernel.protocol.Message;
import dev.javacached.kernel.protocol.MsgType;
import dev.javacached.kernel.protocol.ShutdownReply;
import dev.javacached.kernel.protocol.ShutdownRequest;
import dev.javacached.kernel.protocol.Status;
import dev.javacached.kernel.transport.IopubPublisher;
import dev.javacached.kernel.transport.KernelTransport.Channel;
import dev.javacached.kernel.transport.KernelTransport.Replier;
import dev.javacached.kernel.transport.KernelTransport.RequestHandler;
import dev.javacached.kernel.transport.StdinChannel;
import java.io.PrintWriter;
import java.io.StringWriter;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One method per request type: where protocol messages meet the {@link Engine}. Runs on
 * the shell thread (and on the control thread for control requests); every request is
 * wrapped in status busy / idle on IOPub, and IOPub is flushed before each reply so a
 * request's outputs are sent before its reply.
 */
final class RequestHandlers implements RequestHandler {
    static final int DEFAULT_MAX_STREAM_CHARS = 16 << 20;
    private static final java.util.Set<String> ENGINE_REQUESTS = java.util.Set.of(MsgType.EXECUTE_REQUEST,
            MsgType.COMPLETE_REQUEST, MsgType.INSPECT_REQUEST, MsgType.IS_COMPLETE_REQUEST);

    private final EngineHandle engine;
    private final IopubPublisher iopub;
    private final StdinChannel stdin;
    private final String session;
    private final Consumer<Boolean> onShutdown;
    private final long maxStreamChars;
    private final CellHistory history = new CellHistory(CellHistory.defaultFile(System.getenv()).orElse(null));
    private final Object executionLock = new Object();
    private int executionCount; // guarded by executionLock

    RequestHandlers(EngineHandle engine, IopubPublisher iopub, StdinChannel stdin, String session,
                    Consumer<Boolean> onShutdown, long maxStreamChars) {
        this.engine = engine;
        this.iopub = iopub;
        this.stdin = stdin;
        this.session = session;
        this.onShutdown = onShutdown;
        this.maxStreamChars = maxStreamChars;
    }

    @Override
    public void handle(Channel channel, Message request, Replier replier) {
        if (Log.debugEnabled()) {
            Log.debug("handling %s %s", request.msgType(), Main.sinceStart());
        }
        if (channel == Channel.CONTROL && ENGINE_REQUESTS.contains(request.msgType())) {
            // The engine is driven from the shell thread only; control is for interrupt/shutdown.
            Log.warn("%s is not served on the control channel; ignored", request.msgType());
            return;
        }
        publish(request, MsgType.STATUS, Status.BUSY);
        boolean shutdown = false;
        Boolean restart = null;
        TrackingReplier tracked = new TrackingReplier(replier);
        replier = tracked;
        try {
            switch (request.msgType()) {
                case MsgType.KERNEL_INFO_REQUEST -> reply(replier, request, MsgType.KERNEL_INFO_REPLY, kernelInfo());
                case MsgType.EXECUTE_REQUEST -> execute(request, replier);
                case MsgType.COMPLETE_REQUEST -> complete(request, replier);
                case MsgType.INSPECT_REQUEST -> inspect(request, replier);
                case MsgType.IS_COMPLETE_REQUEST -> isComplete(request, replier);
                case MsgType.HISTORY_REQUEST -> reply(replier, request, MsgType.HISTORY_REPLY,
                        new HistoryReply("ok", history.query(HistoryRequest.from(request.content()))));
                case MsgType.COMM_INFO_REQUEST -> reply(replier, request, MsgType.COMM_INFO_REPLY,
                        new CommInfoReply("ok", Map.of()));
                case MsgType.COMM_OPEN -> commOpen(request);
                case MsgType.COMM_MSG, MsgType.COMM_CLOSE -> Log.debug("ignoring %s: no comms", request.msgType());
                case MsgType.INTERRUPT_REQUEST -> {
                    interrupt();
                    reply(replier, request, MsgType.INTERRUPT_REPLY, new InterruptReply("ok"));
                }
                case MsgType.SHUTDOWN_REQUEST -> {
                    restart = ShutdownRequest.from(request.content()).restart();
                    engine.interrupt();
                    stdin.cancel();
                    reply(replier, request, MsgType.SHUTDOWN_REPLY, new ShutdownReply("ok", restart));
                    shutdown = true;
                }
                default -> Log.warn("%s: unsupported message type %s ignored", channel, request.msgType());
            }
        } catch (RuntimeException | Error e) {
            // Any Error too (JShell's InternalError on `permits catch`, javac's StackOverflowError):
            // escaping here would end this thread, and the kernel would answer nothing ever again
            // while its heartbeat went on.
            Log.error("failed to handle " + request.msgType(), e);
            String type = request.msgType();
            if (!tracked.replied && type.endsWith("_request")) {
                // An answer with status error beats a client waiting forever.
                ObjectNode error = Json.object().put("status", "error").put("ename", e.getClass().getSimpleName())
                        .put("evalue", String.valueOf(e.getMessage()));
                error.putArray("traceback").add(stackTrace(e));
                reply(replier, request, type.substring(0, type.length() - "_request".length()) + "_reply", error);
            }
        } finally {
            publish(request, MsgType.STATUS, Status.IDLE);
        }
        if (shutdown) {
            iopub.flush();
            onShutdown.accept(restart);
        }
    }

    /** Called for interrupt_request and SIGINT. */
    void interrupt() {
        engine.interrupt();
        stdin.cancel();
    }

    // --- kernel_info -------------------------------------------------------------------

    private KernelInfoReply kernelInfo() {
        String javaVersion = engine.ifReady().map(e -> e.info().languageVersion())
                .orElse(System.getProperty("java.version"));
        // One line, the same whether or not JShell is ready yet (a console prints it at start).
        String banner = "java-cached " + Versions.kernel() + " — Java " + Runtime.version()
                + " on JShell, with a persistent value cache";
        return new KernelInfoReply("ok", Header.PROTOCOL_VERSION, "java-cached", Versions.kernel(),
                new KernelInfoReply.LanguageInfo("java", javaVersion, "text/x-java-source", ".java", "java",
                        "java", "script"),
                banner,
                List.of(new KernelInfoReply.HelpLink("Java " + Runtime.version().feature() + " API",
                                "https://docs.oracle.com/en/java/javase/" + Runtime.version().feature() + "/docs/api/"),
                        new KernelInfoReply.HelpLink("JShell guide",
                                "https://docs.oracle.com/en/java/javase/17/jshell/")),
                false);
    }

    // --- execute -----------------------------------------------------------------------

    private void execute(Message request, Replier replier) {
        // an interrupt_request may overtake the cell (clients send it once they see busy)
        engine.ifReady().ifPresent(Engine::beginRequest);
        try {
            executeRequest(request, replier);
        } finally {
            engine.ifReady().ifPresent(Engine::endRequest);
        }
    }

    private void executeRequest(Message request, Replier replier) {
        ExecuteRequest r = ExecuteRequest.from(request.content());
        int count;
        synchronized (executionLock) {
            if (r.storeHistory()) {
                executionCount++;
            }
            count = executionCount;
        }
        if (!r.silent()) {
            publish(request, MsgType.EXECUTE_INPUT, new ExecuteInput(r.code(), count));
        }
        KernelSink sink = new KernelSink(iopub, stdin, request, session, r.silent(), r.allowStdin(),
                maxStreamChars);
        ExecuteOutcome outcome = run(r.code(), new ExecuteOptions(r.silent(), r.storeHistory(), r.userExpressions()),
                sink);
        ObjectNode metadata = Json.objectTree(outcome.replyMetadata());
        ExecuteReply reply;
        String outputText = null;
        if (outcome instanceof ExecuteOutcome.Success ok) {
            if (ok.result().isPresent()) {
                MimeBundle result = ok.result().get();
                outputText = result.plain();
                if (!r.silent()) {
                    publish(request, MsgType.EXECUTE_RESULT, new ExecuteResult(count, data(result),
                            result.metadata()));
                }
            }
            reply = ExecuteReply.ok(count, userExpressions(ok.userExpressions()));
        } else {
            ExecuteOutcome.Failure f = (ExecuteOutcome.Failure) outcome;
            if (!r.silent()) {
                publish(request, MsgType.ERROR, new ExecutionError(f.ename(), f.evalue(), f.traceback()));
            }
            reply = ExecuteReply.error(count, f.ename(), f.evalue(), f.traceback());
        }
        if (r.storeHistory()) {
            history.add(count, r.code(), outputText);
        }
        iopub.flush();
        // Taken before the reply goes out: whatever is queued now was sent before the client
        // could see this failure (e.g. "run all"), so it is aborted; nothing sent in answer
        // to the reply can be caught by mistake.
        List<Message> queued = outcome instanceof ExecuteOutcome.Failure && r.stopOnError()
                ? replier.takeQueued() : List.of();
        replier.reply(Message.create(request.identities(), MsgType.EXECUTE_REPLY, session, request.header(),
                metadata, reply));
        abortQueued(queued, replier);
    }

    private ExecuteOutcome run(String code, ExecuteOptions options, OutputSink sink) {
        try {
            return engine.get().execute(code, options, sink);
        } catch (RuntimeException | Error e) {
            Log.error("engine failed on execute", e);
            return new ExecuteOutcome.Failure(ExecuteOutcome.Cause.KERNEL_ERROR, e.getClass().getSimpleName(),
                    String.valueOf(e.getMessage()),
                    List.of(stackTrace(e)), Map.of());
        }
    }

    /**
     * After a failed cell with stop_on_error, execute_requests already queued (e.g. "run
     * all") are answered "aborted" without running; other queued requests are handled.
     */
    private void abortQueued(List<Message> requests, Replier replier) {
        for (Message queued : requests) {
            if (!MsgType.EXECUTE_REQUEST.equals(queued.msgType())) {
                handle(Channel.SHELL, queued, replier);
                continue;
            }
            publish(queued, MsgType.STATUS, Status.BUSY);
            int count;
            synchronized (executionLock) {
                count = executionCount;
            }
            iopub.flush();
            replier.reply(Message.create(queued.identities(), MsgType.EXECUTE_REPLY, session, queued.header(),
                    ExecuteReply.aborted(count)));
            publish(queued, MsgType.STATUS, Status.IDLE);
        }
    }

    /** The user_expressions of an execute_reply: each expression's value, or its error, by key. */
    private static ObjectNode userExpressions(Map<String, ExecuteOutcome> values) {
        ObjectNode out = Json.object();
        for (Map.Entry<String, ExecuteOutcome> e : values.entrySet()) {
            Map<String, Object> value = new LinkedHashMap<>();
            if (e.getValue() instanceof ExecuteOutcome.Success ok) {
                MimeBundle bundle = ok.result().orElse(MimeBundle.text(""));
                value.put("status", "ok");
                value.put("data", data(bundle));
                value.put("metadata", bundle.metadata());
            } else {
                ExecuteOutcome.Failure f = (ExecuteOutcome.Failure) e.getValue();
                value.put("status", "error");
                value.put("ename", f.ename());
                value.put("evalue", f.evalue());
                value.put("traceback", f.traceback());
            }
            out.set(e.getKey(), Json.tree(value));
        }
        return out;
    }

    /** A bundle's data, with the text/plain entry the protocol requires. */
    static Map<String, Object> data(MimeBundle bundle) {
        Map<String, Object> data = new LinkedHashMap<>(bundle.data());
        data.putIfAbsent("text/plain", "");
        return data;
    }

    // --- complete / inspect / is_complete ------------------------------------------------

    private void complete(Message request, Replier replier) {
        CompleteRequest r = CompleteRequest.from(request.content());
        int cursor = CodePoints.toUtf16(r.code(), r.cursorPos());
        Completion c = engine.get().complete(r.code(), cursor);
        int start = Math.max(0, Math.min(c.start(), r.code().length()));
        int end = Math.max(start, Math.min(c.end(), r.code().length()));
        reply(replier, request, MsgType.COMPLETE_REPLY, new CompleteReply("ok", c.matches(),
                CodePoints.fromUtf16(r.code(), start), CodePoints.fromUtf16(r.code(), end), Map.of()));
    }

    private void inspect(Message request, Replier replier) {
        InspectRequest r = InspectRequest.from(request.content());
        Inspection i = engine.get().inspect(r.code(), CodePoints.toUtf16(r.code(), r.cursorPos()), r.detailLevel());
        Optional<MimeBundle> doc = i.doc();
        reply(replier, request, MsgType.INSPECT_REPLY, new InspectReply("ok", doc.isPresent(),
                doc.map(RequestHandlers::data).orElse(Map.of()),
                doc.map(MimeBundle::metadata).orElse(Map.of())));
    }

    private void isComplete(Message request, Replier replier) {
        String code = IsCompleteRequest.from(request.content()).code();
        Completeness c = engine.ifReady().map(e -> e.isComplete(code)).orElseGet(() -> QuickCompleteness.guess(code));
        String status = c.status().name().toLowerCase(Locale.ROOT);
        String indent = c.status() == Completeness.Status.INCOMPLETE ? c.indent() : null;
        reply(replier, request, MsgType.IS_COMPLETE_REPLY, new IsCompleteReply(status, indent));
    }

    // --- comms -------------------------------------------------------------------------

    /** No comm targets exist: close the comm right away, as the spec asks. */
    private void commOpen(Message request) {
        String commId = request.content().path("comm_id").asText("");
        Log.debug("comm_open for unknown target %s", request.content().path("target_name").asText());
        publish(request, MsgType.COMM_CLOSE, Json.object().put("comm_id", commId).set("data", Json.object()));
    }

    // --- helpers -----------------------------------------------------------------------

    private void reply(Replier replier, Message request, String type, Object content) {
        iopub.flush();
        replier.reply(Message.create(request.identities(), type, session, request.header(), content));
    }

    private void publish(Message parent, String type, Object content) {
        iopub.publish(Message.create(List.of(), type, session, parent.header(), content));
    }

    private static String stackTrace(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }

    /** Remembers whether the handler replied. */
    private static final class TrackingReplier implements Replier {
        private final Replier delegate;
        boolean replied;

        TrackingReplier(Replier delegate) {
            this.delegate = delegate;
        }

        @Override
        public void reply(Message message) {
            replied = true;
            delegate.reply(message);
        }

        @Override
        public List<Message> takeQueued() {
            return delegate.takeQueued();
        }
    }
}
