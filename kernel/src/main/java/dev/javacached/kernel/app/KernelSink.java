package dev.javacached.kernel.app;

import dev.javacached.kernel.display.MimeBundle;
import dev.javacached.kernel.engine.OutputSink;
import dev.javacached.kernel.protocol.DisplayData;
import dev.javacached.kernel.protocol.Json;
import dev.javacached.kernel.protocol.Message;
import dev.javacached.kernel.protocol.MsgType;
import dev.javacached.kernel.protocol.Stream;
import dev.javacached.kernel.transport.IopubPublisher;
import dev.javacached.kernel.transport.StdinChannel;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CancellationException;

/**
 * A running cell's output, as IOPub messages whose parent is its execute_request.
 * Called from the engine's execution thread; touches no socket (the publisher and stdin
 * channel own theirs). Stream text is cut into chunks of at most
 * {@link IopubPublisher#MAX_STREAM_CHUNK} chars and capped at {@code maxStreamChars} per
 * cell, after which one truncation notice is sent and the rest dropped.
 */
final class KernelSink implements OutputSink {
    private final IopubPublisher iopub;
    private final StdinChannel stdin;
    private final Message request;
    private final String session;
    private final boolean silent;
    private final boolean allowStdin;
    private final long maxStreamChars;
    private long streamed;
    private boolean truncated;

    KernelSink(IopubPublisher iopub, StdinChannel stdin, Message request, String session, boolean silent,
               boolean allowStdin, long maxStreamChars) {
        this.iopub = iopub;
        this.stdin = stdin;
        this.request = request;
        this.session = session;
        this.silent = silent;
        this.allowStdin = allowStdin;
        this.maxStreamChars = maxStreamChars;
    }

    @Override
    public void stdout(String text) {
        stream(Stream.STDOUT, text);
    }

    @Override
    public void stderr(String text) {
        stream(Stream.STDERR, text);
    }

    private synchronized void stream(String name, String text) {
        if (silent || text == null || text.isEmpty() || truncated) {
            return;
        }
        if (streamed + text.length() > maxStreamChars) {
            int room = (int) Math.max(0, maxStreamChars - streamed);
            int cut = room > 0 && Character.isHighSurrogate(text.charAt(room - 1)) ? room - 1 : room;
            if (cut > 0) {
                chunks(name, text.substring(0, cut));
            }
            truncated = true;
            publish(MsgType.STREAM, new Stream(Stream.STDERR, "\n[java-cached: output truncated after "
                    + maxStreamChars + " characters]\n"));
            return;
        }
        streamed += text.length();
        chunks(name, text);
    }

    private void chunks(String name, String text) {
        int max = IopubPublisher.MAX_STREAM_CHUNK;
        int i = 0;
        while (i < text.length()) {
            int end = Math.min(text.length(), i + max);
            if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
                end--;
            }
            publish(MsgType.STREAM, new Stream(name, text.substring(i, end)));
            i = end;
        }
    }

    @Override
    public void display(MimeBundle bundle, String displayId, boolean update) {
        if (silent) {
            return;
        }
        Map<String, Object> transientData = new LinkedHashMap<>();
        if (displayId != null) {
            transientData.put("display_id", displayId);
        }
        String type = update && displayId != null ? MsgType.UPDATE_DISPLAY_DATA : MsgType.DISPLAY_DATA;
        publish(type, new DisplayData(RequestHandlers.data(bundle), bundle.metadata(), transientData));
    }

    @Override
    public void clearOutput(boolean wait) {
        if (!silent) {
            publish(MsgType.CLEAR_OUTPUT, Json.object().put("wait", wait));
        }
    }

    @Override
    public String readLine(String prompt, boolean password) throws InputNotAllowedException {
        if (!allowStdin) {
            throw new InputNotAllowedException("this client does not accept input (allow_stdin is false)");
        }
        iopub.flush(); // what the cell printed before asking should be on screen first
        try {
            return stdin.readLine(request.identities(), session, request.header(), prompt == null ? "" : prompt,
                    password);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InputNotAllowedException("input interrupted");
        } catch (CancellationException e) {
            throw new InputNotAllowedException("input cancelled");
        }
    }

    private void publish(String type, Object content) {
        iopub.publish(Message.create(java.util.List.of(), type, session, request.header(), content));
    }
}
