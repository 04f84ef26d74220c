package dev.javacached.kernel.app;

import dev.javacached.kernel.engine.Completeness;
import dev.javacached.kernel.engine.Completion;
import dev.javacached.kernel.engine.Engine;
import dev.javacached.kernel.engine.EngineInfo;
import dev.javacached.kernel.engine.ExecuteOutcome;
import dev.javacached.kernel.engine.Inspection;
import dev.javacached.kernel.engine.OutputSink;
import dev.javacached.kernel.protocol.Json;
import dev.javacached.kernel.protocol.Message;
import dev.javacached.kernel.protocol.MsgType;
import dev.javacached.kernel.transport.ConnectionInfo;
import dev.javacached.kernel.transport.Signer;
import dev.javacached.kernel.transport.WireCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * {@code Main --cds-warm-up}: runs one kernel_info and one shutdown round trip in-process
 * over real sockets, so that a JVM started with {@code -XX:ArchiveClassesAtExit} archives
 * the classes a kernel start-up loads (with a no-op engine) (JDK 17/18 AppCDS; newer JDKs use
 * {@code -XX:+AutoCreateSharedArchive} instead). Start-up CPU time roughly halves.
 */
final class CdsWarmUp {
    private CdsWarmUp() {
    }

    static int run() throws Exception {
        String key = UUID.randomUUID().toString();
        ConnectionInfo info = new ConnectionInfo("tcp", "127.0.0.1", 0, 0, 0, 0, 0, key, "hmac-sha256", "warm-up");
        KernelServer server = KernelServer.start(info, NoEngine::new, KernelServer.Limits.defaults());
        ConnectionInfo bound = server.connectionInfo();
        WireCodec codec = new WireCodec(Signer.create("hmac-sha256", key), Long.MAX_VALUE);
        try (ZContext ctx = new ZContext()) {
            ZMQ.Socket shell = ctx.createSocket(SocketType.DEALER);
            ZMQ.Socket control = ctx.createSocket(SocketType.DEALER);
            shell.connect(bound.address(bound.shellPort()));
            control.connect(bound.address(bound.controlPort()));
            roundTrip(codec, shell, MsgType.KERNEL_INFO_REQUEST);
            roundTrip(codec, shell, MsgType.EXECUTE_REQUEST);
            roundTrip(codec, control, MsgType.SHUTDOWN_REQUEST);
        }
        server.awaitShutdown(10, TimeUnit.SECONDS);
        server.close();
        return Main.EXIT_OK;
    }

    private static void roundTrip(WireCodec codec, ZMQ.Socket socket, String type) throws Exception {
        Message m = Message.create(List.of(), type, "warm-up", null,
                Json.object().put("code", "1+1").put("silent", true));
        List<byte[]> frames = codec.encode(m);
        for (int i = 0; i < frames.size(); i++) {
            socket.send(frames.get(i), i < frames.size() - 1 ? ZMQ.SNDMORE : 0);
        }
        socket.setReceiveTimeOut(10_000);
        List<byte[]> reply = new ArrayList<>();
        byte[] f = socket.recv();
        if (f == null) {
            throw new IllegalStateException("no reply to " + type + " during warm-up");
        }
        reply.add(f);
        while (socket.hasReceiveMore()) {
            reply.add(socket.recv());
        }
        codec.decode(reply);
    }

    /** Runs nothing: every cell succeeds without a value. */
    private static final class NoEngine implements Engine {
        @Override
        public ExecuteOutcome execute(String code, OutputSink sink) {
            sink.stdout("");
            return new ExecuteOutcome.Success(Optional.empty(), Map.of());
        }

        @Override
        public Completion complete(String code, int cursor) {
            return new Completion(List.of(), cursor, cursor);
        }

        @Override
        public Inspection inspect(String code, int cursor, int detailLevel) {
            return Inspection.none();
        }

        @Override
        public Completeness isComplete(String code) {
            return Completeness.of(Completeness.Status.COMPLETE);
        }

        @Override
        public void interrupt() {
        }

        @Override
        public EngineInfo info() {
            return new EngineInfo(System.getProperty("java.version"), "");
        }

        @Override
        public void close() {
        }
    }
}
