package dev.javacached.kernel.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.javacached.kernel.log.Log;
import dev.javacached.kernel.protocol.HistoryRequest;
import dev.javacached.kernel.protocol.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * The inputs (and text outputs) of the cells that stored history: this session's in memory,
 * and every session's in a JSON Lines file, so that a restarted kernel still answers
 * {@code history_request} with what was run before (jupyter console fills its up-arrow
 * history with the last 1000 inputs when it starts). Thread-safe: history_request may arrive
 * on control while shell appends.
 *
 * <p>File work runs on one background thread, never on the shell thread: the file is read
 * once (the last {@link #KEPT_ENTRIES} entries are kept), this session's number is reserved
 * under a file lock (one more than any number in the file, so two kernels never share one),
 * and each cell is appended as one line. A missing, unreadable or unwritable file leaves the
 * history in memory, with one warning in the kernel log; a damaged line is skipped.
 */
final class CellHistory {
    /** Entries of earlier sessions kept (in memory and, after a compaction, in the file). */
    static final int KEPT_ENTRIES = 10_000;
    /** Longer outputs are not written to the file. */
    static final int MAX_STORED_OUTPUT = 10_000;

    record Entry(int session, int line, String input, String output) {
    }

    /** What the file held: this session's number and the earlier sessions' entries. */
    private record Earlier(int session, List<Entry> entries) {
    }

    /** File locks exclude other processes; within this one (tests) this monitor does. */
    private static final Object IN_PROCESS = new Object();

    private final Path file;
    private final ExecutorService fileThread;
    private final Future<Earlier> earlier;
    private final List<Entry> entries = new ArrayList<>();
    private volatile boolean fileFailed;

    /** History in memory only (one session, number 1). */
    CellHistory() {
        this(null);
    }

    /** History kept in {@code file} too (null: memory only). */
    CellHistory(Path file) {
        this.file = file;
        if (file == null) {
            this.fileThread = null;
            this.earlier = CompletableFuture.completedFuture(new Earlier(1, List.of()));
            return;
        }
        this.fileThread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "java-cached-history");
            t.setDaemon(true);
            return t;
        });
        this.earlier = fileThread.submit(this::load);
        Runtime.getRuntime().addShutdownHook(new Thread(this::drain, "java-cached-history-exit"));
    }

    /**
     * {@code $JAVA_CACHED_HISTORY} ("off": none), else
     * {@code ${XDG_DATA_HOME:-~/.local/share}/java-cached/history.jsonl}.
     */
    static Optional<Path> defaultFile(Map<String, String> env) {
        String explicit = env.get("JAVA_CACHED_HISTORY");
        if (explicit != null && !explicit.isBlank()) {
            return explicit.equals("off") ? Optional.empty() : Optional.of(Path.of(explicit));
        }
        String xdg = env.get("XDG_DATA_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".local", "share");
        return Optional.of(base.resolve("java-cached").resolve("history.jsonl"));
    }

    void add(int line, String input, String output) {
        Entry entry;
        synchronized (this) {
            entry = new Entry(0, line, input, output);
            entries.add(entry);
        }
        if (fileThread != null && !fileFailed) {
            try {
                fileThread.execute(() -> append(entry));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // shutting down
            }
        }
    }

    /** The history_reply entries for a request: [session, line, input] or [session, line, [input, output]]. */
    List<List<Object>> query(HistoryRequest r) {
        Earlier before = earlier();
        List<Entry> all = new ArrayList<>(before.entries());
        synchronized (this) {
            for (Entry e : entries) {
                all.add(new Entry(before.session(), e.line(), e.input(), e.output()));
            }
        }
        List<Entry> picked = switch (r.histAccessType()) {
            case "tail" -> last(all, r.n() == null ? 10 : r.n());
            case "range" -> range(all, r, before.session());
            case "search" -> search(all, r);
            default -> List.of();
        };
        List<List<Object>> out = new ArrayList<>(picked.size());
        for (Entry e : picked) {
            Object value = r.output() ? Arrays.asList(e.input(), e.output()) : e.input();
            out.add(Arrays.asList(e.session(), e.line(), value));
        }
        return out;
    }

    /** This session's number (1 without a file). */
    int session() {
        return earlier().session();
    }

    private Earlier earlier() {
        try {
            return earlier.get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // reported by load(); answer with this session alone
        }
        return new Earlier(1, List.of());
    }

    // ---------------------------------------------------------------- the file (history thread)

    private Earlier load() {
        try {
            Path dir = file.toAbsolutePath().getParent();
            if (dir != null && !Files.isDirectory(dir)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            synchronized (IN_PROCESS) {
                try (FileChannel lockChannel = openLocked(); FileLock ignored = lockChannel.lock()) {
                    return readAndReserve();
                }
            }
        } catch (IOException | RuntimeException e) {
            failed(e);
            return new Earlier(1, List.of());
        }
    }

    /** Reads the earlier sessions and reserves this session's number (caller holds the file lock). */
    private Earlier readAndReserve() throws IOException {
        List<Entry> kept = new ArrayList<>();
        int lines = 0;
        int maxSession = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String text = in.readLine(); text != null; text = in.readLine()) {
                lines++;
                JsonNode node;
                try {
                    node = Json.mapper().readTree(text);
                } catch (IOException e) {
                    continue; // a damaged line (say, cut by a crash): skipped
                }
                if (node == null || !node.path("session").isInt()) {
                    continue;
                }
                int session = node.path("session").asInt();
                maxSession = Math.max(maxSession, session);
                if (node.hasNonNull("input") && node.path("line").isInt()) {
                    kept.add(new Entry(session, node.path("line").asInt(), node.path("input").asText(),
                            node.hasNonNull("output") ? node.path("output").asText() : null));
                    if (kept.size() > 2 * KEPT_ENTRIES) {
                        kept = new ArrayList<>(kept.subList(kept.size() - KEPT_ENTRIES, kept.size()));
                    }
                }
            }
        }
        if (kept.size() > KEPT_ENTRIES) {
            kept = new ArrayList<>(kept.subList(kept.size() - KEPT_ENTRIES, kept.size()));
        }
        int mine = maxSession + 1;
        if (lines > 2 * KEPT_ENTRIES + 1000) {
            compact(kept, maxSession);
        }
        ObjectNode marker = Json.object().put("session", mine).put("started", System.currentTimeMillis());
        appendLine(marker);
        return new Earlier(mine, List.copyOf(kept));
    }

    private FileChannel openLocked() throws IOException {
        Set<PosixFilePermission> owner = PosixFilePermissions.fromString("rw-------");
        return FileChannel.open(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(owner));
    }

    private void append(Entry e) {
        if (fileFailed) {
            return;
        }
        Earlier before = earlier();
        ObjectNode node = Json.object().put("session", before.session()).put("line", e.line()).put("input", e.input());
        if (e.output() != null && e.output().length() <= MAX_STORED_OUTPUT) {
            node.put("output", e.output());
        }
        synchronized (IN_PROCESS) {
            try (FileChannel lockChannel = openLocked(); FileLock ignored = lockChannel.lock()) {
                appendLine(node);
            } catch (IOException | RuntimeException ex) {
                failed(ex);
            }
        }
    }

    /** Appends one line (caller holds the file lock). */
    private void appendLine(ObjectNode node) throws IOException {
        byte[] text = (Json.mapper().writeValueAsString(node) + "\n").getBytes(StandardCharsets.UTF_8);
        Files.write(file, text, StandardOpenOption.APPEND, StandardOpenOption.CREATE);
    }

    /** Rewrites the file with the kept entries (caller holds the file lock). */
    private void compact(List<Entry> kept, int maxSession) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        StringBuilder out = new StringBuilder();
        out.append(Json.mapper().writeValueAsString(Json.object().put("session", maxSession))).append('\n');
        for (Entry e : kept) {
            ObjectNode node = Json.object().put("session", e.session()).put("line", e.line()).put("input", e.input());
            if (e.output() != null) {
                node.put("output", e.output());
            }
            out.append(Json.mapper().writeValueAsString(node)).append('\n');
        }
        Files.writeString(tmp, out, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private void failed(Exception e) {
        if (!fileFailed) {
            fileFailed = true;
            Log.warn("history file %s not usable (%s): history is kept in memory only", file, e);
        }
    }

    /** Waits until the appends queued so far are written (tests). */
    void awaitWrites() throws Exception {
        if (fileThread != null) {
            fileThread.submit(() -> null).get(10, TimeUnit.SECONDS);
        }
    }

    /** Waits (briefly) for queued appends: runs at JVM exit. */
    private void drain() {
        fileThread.shutdown();
        try {
            fileThread.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static List<Entry> last(List<Entry> all, int n) {
        return n <= 0 ? List.of() : all.subList(Math.max(0, all.size() - n), all.size());
    }

    private static List<Entry> range(List<Entry> all, HistoryRequest r, int current) {
        // session 0 = this one; negative = relative to this one; positive = by number.
        int session = r.session() <= 0 ? current + r.session() : r.session();
        List<Entry> out = new ArrayList<>();
        for (Entry e : all) {
            if (e.session() == session && e.line() >= r.start() && e.line() < r.stop()) {
                out.add(e);
            }
        }
        return out;
    }

    private static List<Entry> search(List<Entry> all, HistoryRequest r) {
        Pattern glob = glob(r.pattern());
        List<Entry> matching = new ArrayList<>();
        for (Entry e : all) {
            if (glob.matcher(e.input()).matches()) {
                matching.add(e);
            }
        }
        if (r.unique()) {
            Map<String, Entry> latest = new LinkedHashMap<>();
            for (Entry e : matching) {
                latest.remove(e.input());
                latest.put(e.input(), e);
            }
            matching = new ArrayList<>(latest.values());
        }
        return r.n() == null ? matching : last(matching, r.n());
    }

    /** A glob (* any run, ? one char, [...] a class) as a whole-string regex, like SQLite GLOB. */
    static Pattern glob(String glob) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            switch (c) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                case '[' -> {
                    int close = glob.indexOf(']', i + 2);
                    if (close < 0) {
                        re.append("\\[");
                    } else {
                        String body = glob.substring(i + 1, close);
                        if (body.startsWith("^")) {
                            body = "\\^" + body.substring(1);
                        }
                        re.append('[').append(body.replace("\\", "\\\\").replace("[", "\\[")).append(']');
                        i = close;
                    }
                }
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }
}
