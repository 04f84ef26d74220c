package dev.javacached.kernel.transport;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.javacached.kernel.protocol.Json;
import dev.javacached.kernel.protocol.Message;
import dev.javacached.kernel.protocol.MsgType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * A minimal Jupyter client for tests: DEALER sockets for shell/control/stdin sharing one
 * identity (as jupyter_client does), SUB on IOPub, REQ on heartbeat; signs with the key.
 */
public final class JupyterTestClient implements AutoCloseable {
    public static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final ZContext ctx = new ZContext();
    public final ZMQ.Socket shell;
    public final ZMQ.Socket control;
    public final ZMQ.Socket stdin;
    public final ZMQ.Socket iopub;
    public final ZMQ.Socket hb;
    private final WireCodec codec;
    private final String session = UUID.randomUUID().toString();

    public JupyterTestClient(ConnectionInfo info) {
        codec = new WireCodec(Signer.create("hmac-sha256", info.key()), Long.MAX_VALUE);
        byte[] identity = ("test-" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        shell = dealer(identity, info.address(info.shellPort()));
        control = dealer(identity, info.address(info.controlPort()));
        stdin = dealer(identity, info.address(info.stdinPort()));
        iopub = ctx.createSocket(SocketType.SUB);
        iopub.subscribe(new byte[0]);
        iopub.connect(info.address(info.iopubPort()));
        hb = ctx.createSocket(SocketType.REQ);
        hb.connect(info.address(info.hbPort()));
    }

    private ZMQ.Socket dealer(byte[] identity, String address) {
        ZMQ.Socket s = ctx.createSocket(SocketType.DEALER);
        s.setIdentity(identity);
        s.setLinger(0);
        s.connect(address);
        return s;
    }

    public Message message(String type, Object content) {
        return Message.create(List.of(), type, session, null, content);
    }

    /** Signs and sends; returns the msg_id. */
    public String send(ZMQ.Socket socket, String type, Object content) {
        Message m = message(type, content);
        sendFrames(socket, codec.encode(m));
        return m.msgId();
    }

    public List<byte[]> encode(Message m) {
        return codec.encode(m);
    }

    public void sendFrames(ZMQ.Socket socket, List<byte[]> frames) {
        Frames.send(socket, frames);
    }

    /** Next message on the socket, verifying the kernel's signature; null on timeout. */
    public Message recv(ZMQ.Socket socket, Duration timeout) {
        socket.setReceiveTimeOut((int) timeout.toMillis());
        List<byte[]> frames = Frames.recv(socket, 0);
        if (frames == null) {
            return null;
        }
        try {
            return codec.decode(frames);
        } catch (MalformedMessageException e) {
            throw new AssertionError("kernel sent an invalid message: " + e.getMessage());
        }
    }

    /** The reply to {@code msgId} on {@code socket}, skipping replies to other requests. */
    public Message reply(ZMQ.Socket socket, String msgId) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            Message m = recv(socket, Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime())));
            if (m != null && msgId.equals(m.parentHeader().path("msg_id").asText())) {
                return m;
            }
        }
        throw new AssertionError("no reply to " + msgId);
    }

    /** Sends on shell and returns the reply. */
    public Message request(String type, Object content) {
        return reply(shell, send(shell, type, content));
    }

    /** IOPub messages whose parent is {@code msgId}, up to and including status idle. */
    public List<Message> iopubUntilIdle(String msgId) {
        List<Message> out = new ArrayList<>();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            Message m = recv(iopub, Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime())));
            if (m == null || !msgId.equals(m.parentHeader().path("msg_id").asText())) {
                continue;
            }
            out.add(m);
            if (MsgType.STATUS.equals(m.msgType()) && "idle".equals(m.content().path("execution_state").asText())) {
                return out;
            }
        }
        throw new AssertionError("no idle for " + msgId + "; got " + types(out));
    }

    /** The next IOPub message whose parent is {@code msgId}, of type {@code type}. */
    public Message iopubNext(String msgId, String type) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            Message m = recv(iopub, Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime())));
            if (m != null && msgId.equals(m.parentHeader().path("msg_id").asText()) && type.equals(m.msgType())) {
                return m;
            }
        }
        throw new AssertionError("no " + type + " for " + msgId);
    }

    public static List<String> types(List<Message> messages) {
        return messages.stream().map(Message::msgType).toList();
    }

    /**
     * PUB/SUB drops messages until the subscription has reached the kernel, so (like
     * jupyter_client's wait_for_ready) send kernel_info until one of its IOPub messages
     * arrives. This is the protocol's handshake, not a sleep.
     */
    public void awaitIopubReady() {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            String id = send(shell, MsgType.KERNEL_INFO_REQUEST, Json.object());
            reply(shell, id);
            Message m = recv(iopub, Duration.ofMillis(200));
            if (m != null) {
                // drain whatever else is pending from the handshake
                while (recv(iopub, Duration.ofMillis(50)) != null) {
                    // skip
                }
                return;
            }
        }
        throw new AssertionError("IOPub never delivered a message");
    }

    public static ObjectNode execute(String code) {
        return Json.object().put("code", code).put("silent", false).put("store_history", true)
                .put("allow_stdin", true).put("stop_on_error", true).set("user_expressions", Json.object());
    }

    @Override
    public void close() {
        ctx.close();
    }
}
