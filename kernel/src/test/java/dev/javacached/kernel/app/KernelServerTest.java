package dev.javacached.kernel.app;

import static dev.javacached.kernel.transport.JupyterTestClient.execute;
import static dev.javacached.kernel.transport.JupyterTestClient.types;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.javacached.kernel.protocol.Json;
import dev.javacached.kernel.protocol.Message;
import dev.javacached.kernel.protocol.MsgType;
import dev.javacached.kernel.transport.ConnectionInfo;
import dev.javacached.kernel.transport.JupyterTestClient;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The kernel in-process with the {@link EchoEngine}, over real JeroMQ sockets on 127.0.0.1. */
@Timeout(60)
class KernelServerTest {
    static final long MAX_MESSAGE_BYTES = 1 << 20;
    static final long MAX_STREAM_CHARS = 1 << 20;

    KernelServer server;
    JupyterTestClient client;

    @BeforeEach
    void start() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        ConnectionInfo info = new ConnectionInfo("tcp", "127.0.0.1", 0, 0, 0, 0, 0, HexFormat.of().formatHex(key),
                "hmac-sha256", "java-cached");
        server = KernelServer.start(info, EchoEngine::new, new KernelServer.Limits(MAX_MESSAGE_BYTES, MAX_STREAM_CHARS));
        client = new JupyterTestClient(server.connectionInfo());
        client.awaitIopubReady();
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    /** Sends an execute_request and returns [reply, iopub messages up to idle]. */
    record Run(Message reply, List<Message> iopub) {
        List<String> iopubTypes() {
            return types(iopub);
        }

        Message first(String type) {
            return iopub.stream().filter(m -> m.msgType().equals(type)).findFirst().orElseThrow();
        }
    }

    Run run(ObjectNode content) {
        String id = client.send(client.shell, MsgType.EXECUTE_REQUEST, content);
        Message reply = client.reply(client.shell, id);
        return new Run(reply, client.iopubUntilIdle(id));
    }

    Run run(String code) {
        return run(execute(code));
    }

    @Test
    void kernelInfo_repliesWithProtocolAndLanguageInfo() {
        String id = client.send(client.shell, MsgType.KERNEL_INFO_REQUEST, Json.object());
        Message reply = client.reply(client.shell, id);
        assertEquals(MsgType.KERNEL_INFO_REPLY, reply.msgType());
        assertEquals("5.3", reply.header().path("version").asText());
        JsonNode c = reply.content();
        assertEquals("ok", c.path("status").asText());
        assertEquals("5.3", c.path("protocol_version").asText());
        assertEquals("java-cached", c.path("implementation").asText());
        assertFalse(c.path("implementation_version").asText().isEmpty());
        JsonNode li = c.path("language_info");
        assertEquals("java", li.path("name").asText());
        assertEquals(System.getProperty("java.version"), li.path("version").asText());
        assertEquals("text/x-java-source", li.path("mimetype").asText());
        assertEquals(".java", li.path("file_extension").asText());
        assertEquals("java", li.path("codemirror_mode").asText());
        assertEquals("java", li.path("pygments_lexer").asText());
        assertTrue(c.path("help_links").isArray());
        assertEquals(List.of("status", "status"), types(client.iopubUntilIdle(id)));
    }

    @Test
    void execute_publishesBusyInputStreamsResultIdleInOrder() {
        Run r = run("print:one\nerr:two\nprint:three\n42");
        assertEquals(List.of("status", "execute_input", "stream", "stream", "stream", "execute_result", "status"),
                r.iopubTypes());
        assertEquals("busy", r.iopub().get(0).content().path("execution_state").asText());
        assertEquals("print:one\nerr:two\nprint:three\n42", r.iopub().get(1).content().path("code").asText());
        assertEquals(1, r.iopub().get(1).content().path("execution_count").asInt());
        assertEquals(List.of("stdout:one\n", "stderr:two\n", "stdout:three\n"), r.iopub().subList(2, 5).stream()
                .map(m -> m.content().path("name").asText() + ":" + m.content().path("text").asText()).toList());
        JsonNode result = r.iopub().get(5).content();
        assertEquals(1, result.path("execution_count").asInt());
        assertEquals("42", result.path("data").path("text/plain").asText());
        assertTrue(result.path("metadata").isObject());
        assertEquals("idle", r.iopub().get(6).content().path("execution_state").asText());
        assertEquals(MsgType.EXECUTE_REPLY, r.reply().msgType());
        assertEquals("ok", r.reply().content().path("status").asText());
        assertEquals(1, r.reply().content().path("execution_count").asInt());
        assertTrue(r.reply().metadata().path("java_cached").path("echo").asBoolean());
    }

    @Test
    void execute_raise_publishesErrorAndRepliesError() {
        Run r = run("print:before\nraise boom");
        assertEquals(List.of("status", "execute_input", "stream", "error", "status"), r.iopubTypes());
        JsonNode err = r.first(MsgType.ERROR).content();
        assertEquals("EchoError", err.path("ename").asText());
        assertEquals("boom", err.path("evalue").asText());
        assertEquals("EchoError: boom", err.path("traceback").get(0).asText());
        JsonNode reply = r.reply().content();
        assertEquals("error", reply.path("status").asText());
        assertEquals("EchoError", reply.path("ename").asText());
        assertEquals("boom", reply.path("evalue").asText());
        assertEquals(2, reply.path("traceback").size());
        assertEquals(1, reply.path("execution_count").asInt());
        assertTrue(r.reply().metadata().path("java_cached").path("failed").asBoolean());
    }

    @Test
    void execute_silent_noBroadcastAndCounterUnchanged() {
        run("1");
        Run silent = run(execute("print:hidden\n2").put("silent", true));
        assertEquals(List.of("status", "status"), silent.iopubTypes());
        assertEquals(1, silent.reply().content().path("execution_count").asInt());
        Run next = run("3");
        assertEquals(2, next.reply().content().path("execution_count").asInt());
        Message history = client.request(MsgType.HISTORY_REQUEST,
                Json.object().put("hist_access_type", "tail").put("n", 10).put("output", false).put("raw", true));
        assertEquals(2, history.content().path("history").size());
    }

    @Test
    void execute_storeHistoryFalse_counterUnchangedButOutputShown() {
        run("1");
        Run r = run(execute("print:shown\n5").put("store_history", false));
        assertEquals(List.of("status", "execute_input", "stream", "execute_result", "status"), r.iopubTypes());
        assertEquals(1, r.reply().content().path("execution_count").asInt());
        assertEquals(2, run("6").reply().content().path("execution_count").asInt());
    }

    @Test
    void execute_storeHistory_counterIncrementsEvenOnError() {
        assertEquals(1, run("a").reply().content().path("execution_count").asInt());
        assertEquals(2, run("raise").reply().content().path("execution_count").asInt());
        assertEquals(3, run("b").reply().content().path("execution_count").asInt());
    }

    @Test
    void execute_userExpressions_evaluatedAfterCell() {
        ObjectNode content = execute("none");
        content.putObject("user_expressions").put("x", "hello").put("bad", "raise nope");
        Run r = run(content);
        JsonNode ue = r.reply().content().path("user_expressions");
        assertEquals("ok", ue.path("x").path("status").asText());
        assertEquals("hello", ue.path("x").path("data").path("text/plain").asText());
        assertEquals("error", ue.path("bad").path("status").asText());
        assertEquals("EchoError", ue.path("bad").path("ename").asText());
        assertEquals(List.of("status", "execute_input", "status"), r.iopubTypes());
    }

    @Test
    void execute_input_sendsInputRequestToRequesterAndUsesReply() {
        String id = client.send(client.shell, MsgType.EXECUTE_REQUEST, execute("print:asking\ninput:Name? "));
        Message inputRequest = client.recv(client.stdin, JupyterTestClient.TIMEOUT);
        assertNotNull(inputRequest);
        assertEquals(MsgType.INPUT_REQUEST, inputRequest.msgType());
        assertEquals("Name? ", inputRequest.content().path("prompt").asText());
        assertFalse(inputRequest.content().path("password").asBoolean());
        assertEquals(id, inputRequest.parentHeader().path("msg_id").asText());
        Message answer = client.message(MsgType.INPUT_REPLY, Json.object().put("value", "Ada"));
        answer = new Message(List.of(), answer.header(), inputRequest.header(), answer.metadata(), answer.content(),
                List.of());
        client.sendFrames(client.stdin, client.encode(answer));
        Message reply = client.reply(client.shell, id);
        assertEquals("ok", reply.content().path("status").asText());
        List<Message> iopub = client.iopubUntilIdle(id);
        assertEquals(List.of("stdout:asking\n", "stdout:got Ada\n"), iopub.stream()
                .filter(m -> m.msgType().equals(MsgType.STREAM))
                .map(m -> m.content().path("name").asText() + ":" + m.content().path("text").asText()).toList());
    }

    @Test
    void interruptRequest_whileWaitingForInput_cancelsInputAndCellFails() {
        String id = client.send(client.shell, MsgType.EXECUTE_REQUEST, execute("input:never answered"));
        Message inputRequest = client.recv(client.stdin, JupyterTestClient.TIMEOUT);
        assertEquals(MsgType.INPUT_REQUEST, inputRequest.msgType());
        client.reply(client.control, client.send(client.control, MsgType.INTERRUPT_REQUEST, Json.object()));
        Message reply = client.reply(client.shell, id);
        assertEquals("error", reply.content().path("status").asText());
        assertEquals("InputNotAllowed", reply.content().path("ename").asText());
        assertEquals("ok", run("next").reply().content().path("status").asText());
    }

    @Test
    void executeRequest_onControl_isIgnored() {
        client.send(client.control, MsgType.EXECUTE_REQUEST, execute("print:x"));
        String id = client.send(client.control, MsgType.KERNEL_INFO_REQUEST, Json.object());
        assertEquals(MsgType.KERNEL_INFO_REPLY, client.recv(client.control, JupyterTestClient.TIMEOUT).msgType());
        assertFalse(id.isEmpty());
    }

    @Test
    void execute_inputNotAllowed_readLineFails() {
        Run r = run(execute("input:x").put("allow_stdin", false));
        assertEquals("error", r.reply().content().path("status").asText());
        assertEquals("InputNotAllowed", r.reply().content().path("ename").asText());
        assertNull(client.recv(client.stdin, Duration.ofMillis(100)));
    }

    @Test
    void execute_display_publishesDisplayAndUpdateWithDisplayId() {
        Run r = run("display\nnone");
        assertEquals(List.of("status", "execute_input", "display_data", "update_display_data", "status"),
                r.iopubTypes());
        JsonNode d = r.iopub().get(2).content();
        assertEquals("<b>disp</b>", d.path("data").path("text/html").asText());
        assertEquals("disp", d.path("data").path("text/plain").asText());
        assertEquals("d1", d.path("transient").path("display_id").asText());
        JsonNode u = r.iopub().get(3).content();
        assertEquals("updated", u.path("data").path("text/plain").asText());
        assertEquals("d1", u.path("transient").path("display_id").asText());
    }

    @Test
    void execute_hugeOutput_streamsBoundedAndTruncatedAndKernelStaysUp() {
        Run r = run("big:" + (3 * MAX_STREAM_CHARS) + "\ndone");
        long total = 0;
        for (Message m : r.iopub()) {
            if (m.msgType().equals(MsgType.STREAM)) {
                int len = m.content().path("text").asText().length();
                assertTrue(len <= 64 * 1024, "stream chunk of " + len);
                total += len;
            }
        }
        assertTrue(total <= MAX_STREAM_CHARS + 200, "streamed " + total);
        assertTrue(r.iopub().stream().anyMatch(m -> m.content().path("text").asText().contains("output truncated")));
        assertEquals("done", r.first(MsgType.EXECUTE_RESULT).content().path("data").path("text/plain").asText());
        assertEquals("ok", run("again").reply().content().path("status").asText());
    }

    @Test
    void execute_fiftyMegabytePrintWithDefaultLimits_kernelSurvives() {
        ConnectionInfo info = new ConnectionInfo("tcp", "127.0.0.1", 0, 0, 0, 0, 0, "k", "hmac-sha256", "");
        try (KernelServer big = KernelServer.start(info, EchoEngine::new, KernelServer.Limits.defaults());
             JupyterTestClient c = new JupyterTestClient(big.connectionInfo())) {
            c.awaitIopubReady();
            String id = c.send(c.shell, MsgType.EXECUTE_REQUEST, execute("big:50000000\ndone"));
            assertEquals("ok", c.reply(c.shell, id).content().path("status").asText());
            long total = 0;
            for (Message m : c.iopubUntilIdle(id)) {
                if (m.msgType().equals(MsgType.STREAM)) {
                    total += m.content().path("text").asText().length();
                }
            }
            assertTrue(total <= RequestHandlers.DEFAULT_MAX_STREAM_CHARS + 200, "streamed " + total);
            assertEquals(MsgType.KERNEL_INFO_REPLY, c.request(MsgType.KERNEL_INFO_REQUEST, Json.object()).msgType());
        }
    }

    @Test
    void execute_engineThrowsOrOverflows_repliesErrorAndKernelStaysUp() {
        Run thrown = run("throw");
        assertEquals("error", thrown.reply().content().path("status").asText());
        assertEquals("IllegalStateException", thrown.reply().content().path("ename").asText());
        Run overflow = run("overflow");
        assertEquals("StackOverflowError", overflow.reply().content().path("ename").asText());
        assertEquals("ok", run("fine").reply().content().path("status").asText());
    }

    @Test
    void complete_engineThrows_repliesStatusError() {
        Message reply = client.request(MsgType.COMPLETE_REQUEST, Json.object().put("code", "throw").put("cursor_pos", 5));
        assertEquals(MsgType.COMPLETE_REPLY, reply.msgType());
        assertEquals("error", reply.content().path("status").asText());
        assertEquals("completion bug", reply.content().path("evalue").asText());
    }

    @Test
    void complete_astralCharsBeforeCursor_convertsCodePointsToUtf16AndBack() {
        // "😀😀 ab": the emoji are 2 UTF-16 units each; cursor after "ab" is code point 5, UTF-16 index 7.
        String code = "\uD83D\uDE00\uD83D\uDE00 ab";
        Message reply = client.request(MsgType.COMPLETE_REQUEST, Json.object().put("code", code).put("cursor_pos", 5));
        JsonNode c = reply.content();
        assertEquals("ok", c.path("status").asText());
        assertEquals("ab1", c.path("matches").get(0).asText());
        assertEquals(3, c.path("cursor_start").asInt());
        assertEquals(5, c.path("cursor_end").asInt());
    }

    @Test
    void inspect_returnsDocOrNotFound() {
        JsonNode found = client.request(MsgType.INSPECT_REQUEST,
                Json.object().put("code", "\uD83D\uDE00 foo").put("cursor_pos", 5).put("detail_level", 0)).content();
        assertTrue(found.path("found").asBoolean());
        assertEquals("doc:foo", found.path("data").path("text/plain").asText());
        JsonNode missing = client.request(MsgType.INSPECT_REQUEST,
                Json.object().put("code", " ").put("cursor_pos", 1)).content();
        assertEquals("ok", missing.path("status").asText());
        assertFalse(missing.path("found").asBoolean());
    }

    @Test
    void isComplete_mapsAllVerdicts() {
        JsonNode incomplete = client.request(MsgType.IS_COMPLETE_REQUEST, Json.object().put("code", "if (x) {")).content();
        assertEquals("incomplete", incomplete.path("status").asText());
        assertEquals("    ", incomplete.path("indent").asText());
        assertEquals("complete", client.request(MsgType.IS_COMPLETE_REQUEST, Json.object().put("code", "1"))
                .content().path("status").asText());
        assertEquals("invalid", client.request(MsgType.IS_COMPLETE_REQUEST, Json.object().put("code", "bad"))
                .content().path("status").asText());
        JsonNode unknown = client.request(MsgType.IS_COMPLETE_REQUEST, Json.object().put("code", "?")).content();
        assertEquals("unknown", unknown.path("status").asText());
        assertFalse(unknown.has("indent"));
    }

    @Test
    void history_tailRangeAndSearch() {
        run("alpha");
        run("beta");
        run("alpha");
        run(execute("hidden").put("store_history", false));
        JsonNode tail = client.request(MsgType.HISTORY_REQUEST, Json.object().put("hist_access_type", "tail")
                .put("n", 2).put("output", false).put("raw", true)).content().path("history");
        assertEquals("[[1,2,\"beta\"],[1,3,\"alpha\"]]", tail.toString());
        JsonNode range = client.request(MsgType.HISTORY_REQUEST, Json.object().put("hist_access_type", "range")
                .put("session", 0).put("start", 1).put("stop", 3).put("output", true).put("raw", true))
                .content().path("history");
        assertEquals("[[1,1,[\"alpha\",\"alpha\"]],[1,2,[\"beta\",\"beta\"]]]", range.toString());
        JsonNode previous = client.request(MsgType.HISTORY_REQUEST, Json.object().put("hist_access_type", "range")
                .put("session", -1).put("start", 1).put("stop", 3)).content().path("history");
        assertEquals(0, previous.size());
        JsonNode search = client.request(MsgType.HISTORY_REQUEST, Json.object().put("hist_access_type", "search")
                .put("pattern", "al*").put("output", false)).content().path("history");
        assertEquals("[[1,1,\"alpha\"],[1,3,\"alpha\"]]", search.toString());
        JsonNode unique = client.request(MsgType.HISTORY_REQUEST, Json.object().put("hist_access_type", "search")
                .put("pattern", "*a").put("unique", true)).content().path("history");
        assertEquals("[[1,2,\"beta\"],[1,3,\"alpha\"]]", unique.toString());
    }

    @Test
    void commInfo_repliesEmptyAndCommOpenIsClosed() {
        JsonNode info = client.request(MsgType.COMM_INFO_REQUEST, Json.object()).content();
        assertEquals("ok", info.path("status").asText());
        assertEquals(0, info.path("comms").size());
        String id = client.send(client.shell, MsgType.COMM_OPEN, Json.object().put("comm_id", "c1")
                .put("target_name", "nothing").set("data", Json.object()));
        List<Message> iopub = client.iopubUntilIdle(id);
        assertEquals(List.of("status", "comm_close", "status"), types(iopub));
        assertEquals("c1", iopub.get(1).content().path("comm_id").asText());
        String msg = client.send(client.shell, MsgType.COMM_MSG, Json.object().put("comm_id", "c1"));
        assertEquals(List.of("status", "status"), types(client.iopubUntilIdle(msg)));
        assertEquals("ok", run("alive").reply().content().path("status").asText());
    }

    @Test
    void interruptRequest_duringBlockingExecute_stopsCellAndReplies() {
        String exec = client.send(client.shell, MsgType.EXECUTE_REQUEST, execute("print:sleeping\nsleep"));
        client.iopubNext(exec, MsgType.STREAM); // the engine is now inside execute
        String interrupt = client.send(client.control, MsgType.INTERRUPT_REQUEST, Json.object());
        Message interruptReply = client.reply(client.control, interrupt);
        assertEquals(MsgType.INTERRUPT_REPLY, interruptReply.msgType());
        assertEquals("ok", interruptReply.content().path("status").asText());
        Message reply = client.reply(client.shell, exec);
        assertEquals("error", reply.content().path("status").asText());
        assertEquals("Interrupted", reply.content().path("ename").asText());
        assertEquals("ok", run("after").reply().content().path("status").asText());
    }

    @Test
    void controlRequest_isWrappedInBusyIdleWithItsParent() {
        String id = client.send(client.control, MsgType.KERNEL_INFO_REQUEST, Json.object());
        assertEquals(MsgType.KERNEL_INFO_REPLY, client.reply(client.control, id).msgType());
        List<Message> iopub = client.iopubUntilIdle(id);
        assertEquals(List.of("status", "status"), types(iopub));
        assertEquals("busy", iopub.get(0).content().path("execution_state").asText());
    }

    @Test
    void shutdownRequest_repliesAndStopsServer() throws Exception {
        String id = client.send(client.control, MsgType.SHUTDOWN_REQUEST, Json.object().put("restart", true));
        Message reply = client.reply(client.control, id);
        assertEquals(MsgType.SHUTDOWN_REPLY, reply.msgType());
        assertTrue(reply.content().path("restart").asBoolean());
        assertEquals("ok", reply.content().path("status").asText());
        assertTrue(server.awaitShutdown(10, TimeUnit.SECONDS));
        server.close();
    }

    @Test
    void stopOnError_abortsExecuteRequestsQueuedBehindFailure() {
        // The interrupt travels on another connection and may overtake the queued requests;
        // a generous abort window makes their arrival, not the race, decide the outcome.
        System.setProperty("java.cached.abortWindowMillis", "3000");
        try {
            stopOnErrorAbortsQueued();
        } finally {
            System.clearProperty("java.cached.abortWindowMillis");
        }
    }

    private void stopOnErrorAbortsQueued() {
        String sleeping = client.send(client.shell, MsgType.EXECUTE_REQUEST, execute("print:s\nsleep"));
        client.iopubNext(sleeping, MsgType.STREAM);
        String queued1 = client.send(client.shell, MsgType.EXECUTE_REQUEST, execute("print:never"));
        String queued2 = client.send(client.shell, MsgType.EXECUTE_REQUEST, execute("never"));
        // the queued requests are on the kernel's socket once kernel_info on the same connection... is behind them
        client.reply(client.control, client.send(client.control, MsgType.INTERRUPT_REQUEST, Json.object()));
        assertEquals("error", client.reply(client.shell, sleeping).content().path("status").asText());
        Message a1 = client.reply(client.shell, queued1);
        Message a2 = client.reply(client.shell, queued2);
        assertEquals("aborted", a1.content().path("status").asText());
        assertEquals("aborted", a2.content().path("status").asText());
        assertEquals(List.of("status", "status"), types(client.iopubUntilIdle(queued1)));
        assertEquals("ok", run("fine").reply().content().path("status").asText());
    }

    @Test
    void wrongSignature_isDroppedAndNextValidRequestAnswered() {
        Message m = client.message(MsgType.EXECUTE_REQUEST, execute("print:evil"));
        List<byte[]> frames = new ArrayList<>(client.encode(m));
        frames.set(1, "0".repeat(64).getBytes(StandardCharsets.US_ASCII));
        client.sendFrames(client.shell, frames);
        List<byte[]> unsigned = new ArrayList<>(client.encode(m));
        unsigned.set(1, new byte[0]);
        client.sendFrames(client.shell, unsigned);
        assertAnswersKernelInfo();
        assertNull(client.recv(client.shell, Duration.ofMillis(100)));
        assertEquals(1, run("first").reply().content().path("execution_count").asInt());
    }

    @Test
    void malformedJson_isDroppedAndKernelStaysUp() {
        Message m = client.message(MsgType.KERNEL_INFO_REQUEST, Json.object());
        List<byte[]> frames = new ArrayList<>(client.encode(m));
        frames.set(5, "{not json".getBytes(StandardCharsets.UTF_8));
        resign(frames);
        client.sendFrames(client.shell, frames);
        List<byte[]> array = new ArrayList<>(client.encode(m));
        array.set(2, "[1,2]".getBytes(StandardCharsets.UTF_8));
        resign(array);
        client.sendFrames(client.shell, array);
        assertAnswersKernelInfo();
        assertNull(client.recv(client.shell, Duration.ofMillis(100)));
    }

    @Test
    void tooFewFrames_isDroppedAndKernelStaysUp() {
        List<byte[]> frames = client.encode(client.message(MsgType.KERNEL_INFO_REQUEST, Json.object()));
        client.sendFrames(client.shell, frames.subList(0, 4));
        client.sendFrames(client.shell, List.of("hello".getBytes(StandardCharsets.UTF_8)));
        client.sendFrames(client.control, frames.subList(0, 3));
        assertAnswersKernelInfo();
        String id = client.send(client.control, MsgType.KERNEL_INFO_REQUEST, Json.object());
        assertEquals(MsgType.KERNEL_INFO_REPLY, client.reply(client.control, id).msgType());
    }

    @Test
    void oversizedMessage_isDroppedAndKernelStaysUp() {
        ObjectNode content = execute("x".repeat((int) MAX_MESSAGE_BYTES + 10));
        String id = client.send(client.shell, MsgType.EXECUTE_REQUEST, content);
        assertAnswersKernelInfo();
        assertNull(client.recv(client.shell, Duration.ofMillis(100)));
        assertFalse(id.isEmpty());
    }

    @Test
    void unknownMessageType_getsNoReplyAndKernelStaysUp() {
        String id = client.send(client.shell, "frobnicate_request", Json.object());
        assertEquals(List.of("status", "status"), types(client.iopubUntilIdle(id)));
        assertAnswersKernelInfo();
    }

    @Test
    void heartbeat_echoesPings() {
        client.hb.send("ping".getBytes(StandardCharsets.UTF_8));
        client.hb.setReceiveTimeOut(10_000);
        assertEquals("ping", new String(client.hb.recv(), StandardCharsets.UTF_8));
    }

    private void resign(List<byte[]> frames) {
        // same key, new signature over the tampered JSON: the frames are signed but malformed
        Message dummy = client.message("x", Json.object());
        dev.javacached.kernel.transport.Signer signer = dev.javacached.kernel.transport.Signer.create("hmac-sha256",
                server.connectionInfo().key());
        frames.set(1, signer.sign(frames.get(2), frames.get(3), frames.get(4), frames.get(5))
                .getBytes(StandardCharsets.US_ASCII));
        assertNotNull(dummy);
    }

    private void assertAnswersKernelInfo() {
        // The shell socket handles requests in order, so this reply proves the bad ones were consumed.
        Message reply = client.request(MsgType.KERNEL_INFO_REQUEST, Json.object());
        assertEquals(MsgType.KERNEL_INFO_REPLY, reply.msgType());
    }
}
