package dev.javacached.kernel.transport;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.javacached.kernel.log.Log;
import dev.javacached.kernel.protocol.Json;
import dev.javacached.kernel.protocol.Message;
import dev.javacached.kernel.protocol.MsgType;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.zeromq.ZMQ;

/**
 * The only user of the IOPub PUB socket: one thread drains a bounded queue in order.
 * Any thread may {@link #publish}; the cell's execution thread never touches a socket
 * (so an interrupt of that thread cannot close a JeroMQ channel). Consecutive stream
 * messages of the same name and parent are coalesced up to {@link #MAX_STREAM_CHUNK}.
 * {@link #flush()} waits until everything queued so far has been handed to ZeroMQ —
 * the shell thread calls it before sending a reply, so outputs precede the reply.
 */
public final class IopubPublisher implements AutoCloseable {
    public static final int MAX_STREAM_CHUNK = 64 * 1024;
    private static final Object STOP = new Object();

    private final ZMQ.Socket socket;
    private final WireCodec codec;
    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(256);
    private final Thread thread;
    private volatile boolean closed;

    IopubPublisher(ZMQ.Socket socket, WireCodec codec) {
        this.socket = socket;
        this.codec = codec;
        this.thread = new Thread(this::run, "iopub");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Queues a message; blocks while the queue is full (back-pressure on a flooding cell). */
    public void publish(Message msg) {
        if (closed) {
            Log.debug("iopub closed, dropping %s", msg.msgType());
            return;
        }
        try {
            queue.put(msg);
        } catch (InterruptedException e) {
            // The engine may interrupt its thread to stop a cell; keep the flag, don't lose order.
            Thread.currentThread().interrupt();
            if (!queue.offer(msg)) {
                Log.warn("iopub queue full on an interrupted thread, dropping %s", msg.msgType());
            }
        }
    }

    /** Returns once every message published before this call has been sent. */
    public void flush() {
        if (closed || Thread.currentThread() == thread) {
            return;
        }
        CountDownLatch latch = new CountDownLatch(1);
        publishMarker(latch);
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                Log.warn("iopub flush timed out");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void publishMarker(Object marker) {
        try {
            queue.put(marker);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            queue.offer(marker);
        }
    }

    private void run() {
        try {
            while (true) {
                Object item = queue.take();
                if (item == STOP) {
                    break;
                }
                if (item instanceof CountDownLatch latch) {
                    latch.countDown();
                    continue;
                }
                Message msg = (Message) item;
                if (MsgType.STREAM.equals(msg.msgType())) {
                    msg = coalesce(msg);
                }
                send(msg);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            if (!Frames.isTerminated(e)) {
                Log.error("iopub publisher failed", e);
            }
        } finally {
            closed = true;
            Object left;
            while ((left = queue.poll()) != null) {
                if (left instanceof CountDownLatch latch) {
                    latch.countDown();
                }
            }
            socket.close();
        }
    }

    private Message coalesce(Message first) {
        String name = first.content().path("name").asText();
        String parent = first.parentHeader().path("msg_id").asText();
        StringBuilder text = null;
        while (true) {
            Object next = queue.peek();
            if (!(next instanceof Message m) || !MsgType.STREAM.equals(m.msgType())
                    || !name.equals(m.content().path("name").asText())
                    || !parent.equals(m.parentHeader().path("msg_id").asText())) {
                break;
            }
            String more = m.content().path("text").asText();
            int have = text == null ? first.content().path("text").asText().length() : text.length();
            if (have + more.length() > MAX_STREAM_CHUNK) {
                break;
            }
            if (text == null) {
                text = new StringBuilder(first.content().path("text").asText());
            }
            text.append(more);
            queue.poll();
        }
        if (text == null) {
            return first;
        }
        ObjectNode content = Json.object().put("name", name).put("text", text.toString());
        return new Message(first.identities(), first.header(), first.parentHeader(), first.metadata(), content,
                first.buffers());
    }

    private void send(Message msg) {
        Message topical = msg.identities().isEmpty()
                ? new Message(List.of(("kernel." + msg.msgType()).getBytes(StandardCharsets.UTF_8)), msg.header(),
                msg.parentHeader(), msg.metadata(), msg.content(), msg.buffers())
                : msg;
        Frames.send(socket, codec.encode(topical));
        Log.debug("iopub <- %s", msg.msgType());
    }

    @Override
    public void close() {
        if (!thread.isAlive()) {
            closed = true;
            return;
        }
        publishMarker(STOP);
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closed = true;
    }

    /** Closes the socket of a channel whose thread never started. */
    void closeUnstarted() {
        closed = true;
        socket.close();
    }
}
