package dev.javacached.kernel.transport;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.javacached.kernel.log.Log;
import dev.javacached.kernel.protocol.InputRequest;
import dev.javacached.kernel.protocol.Message;
import dev.javacached.kernel.protocol.MsgType;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import org.zeromq.ZMQ;

/**
 * The stdin ROUTER socket, owned by its own thread. {@link #readLine} (called from the
 * cell's thread) queues an input_request addressed to the requesting client and waits for
 * the matching input_reply; {@link #cancel()} (on interrupt) abandons the wait.
 */
public final class StdinChannel implements AutoCloseable {
    private static final Pending STOP = new Pending(null, null, new CompletableFuture<>(), -1);

    /** {@code epoch}: the cancel count when it was asked; any later {@link #cancel()} abandons it. */
    private record Pending(Message request, String msgId, CompletableFuture<String> answer, long epoch) {
    }

    private final java.util.concurrent.atomic.AtomicLong cancels = new java.util.concurrent.atomic.AtomicLong();

    private final ZMQ.Socket socket;
    private final WireCodec codec;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile Pending current;
    private volatile boolean closed;

    StdinChannel(ZMQ.Socket socket, WireCodec codec) {
        this.socket = socket;
        this.codec = codec;
        this.thread = new Thread(this::run, "stdin");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /**
     * Sends input_request to {@code identities} (the requester of the running execute) and
     * returns the value of its input_reply.
     *
     * @throws CancellationException when interrupted or the kernel shuts down
     */
    public String readLine(List<byte[]> identities, String session, ObjectNode parentHeader, String prompt,
                           boolean password) throws InterruptedException {
        if (closed) {
            throw new CancellationException("kernel is shutting down");
        }
        Message request = Message.create(identities, MsgType.INPUT_REQUEST, session, parentHeader,
                new InputRequest(prompt, password));
        Pending p = new Pending(request, request.msgId(), new CompletableFuture<>(), cancels.get());
        queue.put(p);
        try {
            return p.answer.get();
        } catch (ExecutionException e) {
            throw new CancellationException(String.valueOf(e.getCause()));
        } catch (InterruptedException e) {
            p.answer.cancel(false);
            throw e;
        }
    }

    /** Abandons the input request in flight, if any. */
    public void cancel() {
        cancels.incrementAndGet();
        Pending p = current;
        if (p != null) {
            p.answer.cancel(false);
        }
        for (Pending q : queue) {
            q.answer.cancel(false);
        }
    }

    private void run() {
        try {
            socket.setReceiveTimeOut(100);
            while (!closed) {
                Pending p = queue.take();
                if (p == STOP) {
                    break;
                }
                current = p;
                if (p.answer.isDone() || p.epoch != cancels.get()) {
                    p.answer.cancel(false);
                    current = null;
                    continue;
                }
                Frames.send(socket, codec.encode(p.request));
                Log.debug("stdin <- input_request %s", p.msgId);
                while (!p.answer.isDone() && !closed) {
                    if (p.epoch != cancels.get()) {
                        p.answer.cancel(false);
                        break;
                    }
                    List<byte[]> frames = Frames.recv(socket, 0);
                    if (frames == null) {
                        continue;
                    }
                    try {
                        Message reply = codec.decode(frames);
                        if (!MsgType.INPUT_REPLY.equals(reply.msgType())) {
                            Log.warn("stdin: ignoring %s", reply.msgType());
                        } else if (!p.msgId.equals(reply.parentHeader().path("msg_id").asText())) {
                            Log.warn("stdin: input_reply for another request, ignored");
                        } else {
                            p.answer.complete(reply.content().path("value").asText(""));
                        }
                    } catch (MalformedMessageException e) {
                        Log.warn("stdin: dropped message: %s", e.getMessage());
                    }
                }
                current = null;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            if (!Frames.isTerminated(e)) {
                Log.error("stdin channel failed", e);
            }
        } finally {
            closed = true;
            cancel();
            socket.close();
        }
    }

    @Override
    public void close() {
        closed = true;
        cancel();
        queue.offer(STOP);
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Closes the socket of a channel whose thread never started. */
    void closeUnstarted() {
        closed = true;
        socket.close();
    }
}
