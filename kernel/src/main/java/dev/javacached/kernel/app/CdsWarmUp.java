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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * {@code Main --cds-warm-up}: starts the real engine (JShell, the cache hook, a throw-away
 * cache store in a temp directory) behind real sockets and runs a few typical requests
 * in-process, so that a JVM started with {@code -XX:ArchiveClassesAtExit} archives the
 * classes a kernel start and its first cells load: JeroMQ, Jackson, JShell, javac, RocksDB.
 * With those in the archive, launch to first result takes about half as long (the classes of
 * javac and JShell are most of what a start loads). The installer runs it on every JDK.
 */
final class CdsWarmUp {
    /** Cells that exercise the paths a session takes: values, declarations, output, errors. */
    static final List<String> CELLS = List.of(
            "1+1",
            "int x = 41;",
            "x + 1",
            "String greet(String n) { return \"hi \" + n; }",
            "record P(int a, String b) { }",
            "var list = new ArrayList<Integer>(List.of(3, 1, 2));\nCollections.sort(list);\nlist",
            "System.out.println(greet(\"you\")); System.err.println(new P(1, \"b\"));",
            "x = x + 1;",
            // an object graph stored (its classes, the codec's and the round-trip check's, archived)
            "%cache threshold 0",
            "var points = new ArrayList<P>(List.of(new P(1, \"a\"), new P(2, \"b\")));",
            "for (int i = 0; i < 3; i++) { x += i; }",
            "undefinedName + 1",
            "throw new IllegalStateException(\"warm-up\");",
            "%lsmagic");

    private CdsWarmUp() {
    }

    static int run() throws Exception {
        Path store = Files.createTempDirectory("java-cached-cds-");
        try {
            return run(() -> KernelAssembly.create(store));
        } finally {
            try (var paths = Files.walk(store)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static int run(Supplier<? extends Engine> engineFactory) throws Exception {
        String key = UUID.randomUUID().toString();
        ConnectionInfo info = new ConnectionInfo("tcp", "127.0.0.1", 0, 0, 0, 0, 0, key, "hmac-sha256", "warm-up");
        KernelServer server = KernelServer.start(info, engineFactory, KernelServer.Limits.defaults());
        ConnectionInfo bound = server.connectionInfo();
        WireCodec codec = new WireCodec(Signer.create("hmac-sha256", key), Long.MAX_VALUE);
        try (ZContext ctx = new ZContext()) {
            ZMQ.Socket shell = ctx.createSocket(SocketType.DEALER);
            ZMQ.Socket control = ctx.createSocket(SocketType.DEALER);
            shell.connect(bound.address(bound.shellPort()));
            control.connect(bound.address(bound.controlPort()));
            roundTrip(codec, shell, MsgType.KERNEL_INFO_REQUEST, Json.object());
            for (String cell : CELLS) {
                roundTrip(codec, shell, MsgType.EXECUTE_REQUEST, Json.object().put("code", cell)
                        .put("silent", false).put("store_history", true)
                        .put("allow_stdin", false).put("stop_on_error", false));
            }
            String partial = "list.stream().ma";
            roundTrip(codec, shell, MsgType.COMPLETE_REQUEST,
                    Json.object().put("code", partial).put("cursor_pos", partial.length()));
            roundTrip(codec, shell, MsgType.INSPECT_REQUEST,
                    Json.object().put("code", "list").put("cursor_pos", 2).put("detail_level", 0));
            roundTrip(codec, shell, MsgType.IS_COMPLETE_REQUEST, Json.object().put("code", "int y = "));
            roundTrip(codec, control, MsgType.SHUTDOWN_REQUEST, Json.object().put("restart", false));
        }
        server.awaitShutdown(60, TimeUnit.SECONDS);
        server.close();
        return Main.EXIT_OK;
    }

    private static void roundTrip(WireCodec codec, ZMQ.Socket socket, String type,
                                  com.fasterxml.jackson.databind.node.ObjectNode content) throws Exception {
        Message m = Message.create(List.of(), type, "warm-up", null, content);
        List<byte[]> frames = codec.encode(m);
        for (int i = 0; i < frames.size(); i++) {
            socket.send(frames.get(i), i < frames.size() - 1 ? ZMQ.SNDMORE : 0);
        }
        socket.setReceiveTimeOut(120_000);
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
}
