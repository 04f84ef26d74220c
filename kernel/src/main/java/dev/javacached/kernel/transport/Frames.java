package dev.javacached.kernel.transport;

import java.util.ArrayList;
import java.util.List;
import org.zeromq.ZMQ;

/** Multipart send/receive on a JeroMQ socket. Callers own the socket's thread. */
final class Frames {
    private Frames() {
    }

    /** The next multipart message, or null when none arrived (timeout / non-blocking). */
    static List<byte[]> recv(ZMQ.Socket socket, int flags) {
        byte[] first = socket.recv(flags);
        if (first == null) {
            return null;
        }
        List<byte[]> frames = new ArrayList<>(8);
        frames.add(first);
        while (socket.hasReceiveMore()) {
            frames.add(socket.recv(0));
        }
        return frames;
    }

    static void send(ZMQ.Socket socket, List<byte[]> frames) {
        int last = frames.size() - 1;
        for (int i = 0; i <= last; i++) {
            socket.send(frames.get(i), i < last ? ZMQ.SNDMORE : 0);
        }
    }

    static boolean isTerminated(RuntimeException e) {
        return e instanceof org.zeromq.ZMQException z && z.getErrorCode() == ZMQ.Error.ETERM.getCode()
                || e instanceof java.nio.channels.ClosedSelectorException
                || e instanceof zmq.ZError.CtxTerminatedException;
    }
}
