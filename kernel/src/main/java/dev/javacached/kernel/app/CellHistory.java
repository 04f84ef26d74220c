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
 * <p>File work runs on one background thread, never on the shell thread, and start-up only
 * reserves this session's number: one more than the counter file beside the history says,
 * under a file lock, so two kernels never share one. Each cell is appended as one line. The
 * earlier sessions are read only when a history_request first needs them (the last
 * {@link #KEPT_ENTRIES} entries; a file grown past twice that is compacted then). A missing,
 * unreadable or unwritable file leaves the history in memory, with one warning in the kernel
 * log; a damaged line is skipped.
 */
final class CellHistory {
    /** Entries of earlier sessions kept (in memory and, after a compaction, in the file). */
    static final int KEPT_ENTRIES = 10_000;
    /** Longer outputs are not written to the file. */
    static final int MAX_STORED_OUTPUT = 10_000;

    record Entry(int session, int line, String input, String output) {
    }

    /** File locks exclude other processes; within this one (tests) this monitor does. */
    private static final Object IN_PROCESS = new Object();

    private final Path file;
    private final ExecutorService fileThread;
    /** This session's number, reserved at start (a counter file read and written under the lock). */
    private final Future<Integer> session;
    /** Earlier sessions' entries, read from the file only when a history_request first needs them. */
    private Future<List<Entry>> earlier;
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
            this.session = CompletableFuture.completedFuture(1);
            this.earlier = CompletableFuture.completedFuture(List.of());
            return;
        }
        this.fileThread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "java-cached-history");
            t.setDaemon(true);
            return t;
        });
        this.session = fileThread.submit(this::reserveSession);
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
        int mine = session();
        List<Entry> all = new ArrayList<>(earlier());
        synchronized (this) {
            for (Entry e : entries) {
                all.add(new Entry(mine, e.line(), e.input(), e.output()));
            }
        }
        List<Entry> picked = switch (r.histAccessType()) {
            case "tail" -> last(all, r.n() == null ? 10 : r.n());
            case "range" -> range(all, r, mine);
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
        try {
            return session.get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // reported by reserveSession()
        }
        return 1;
    }

    private List<Entry> earlier() {
        Future<List<Entry>> loading;
        synchronized (this) {
            if (earlier == null) {
                int mine = session();
                earlier = fileThread.submit(() -> loadEarlier(mine));
            }
            loading = earlier;
        }
        try {
            return loading.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // reported by loadEarlier(); answer with this session alone
        }
        return List.of();
    }

    // ---------------------------------------------------------------- the file (history thread)

    private Path counterFile() {
        return file.resolveSibling(file.getFileName() + ".session");
    }

    /** Reserves this session's number: one more than the counter file says (or than any in the history). */
    private int reserveSession() {
        try {
            Path dir = file.toAbsolutePath().getParent();
            if (dir != null && !Files.isDirectory(dir)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            return underFileLock(() -> {
                int last;
                try {
                    last = Integer.parseInt(Files.readString(counterFile()).trim());
                } catch (java.nio.file.NoSuchFileException | NumberFormatException e) {
                    last = 0;
                    for (Entry entry : readEntries()) {
                        last = Math.max(last, entry.session());
                    }
                }
                int mine = last + 1;
                replace(counterFile(), Integer.toString(mine));
                return mine;
            });
        } catch (IOException | RuntimeException e) {
            failed(e);
            return 1;
        }
    }

    /** The earlier sessions' entries (the last {@link #KEPT_ENTRIES}); compacts a file grown too long. */
    private List<Entry> loadEarlier(int mine) {
        try {
            return underFileLock(() -> {
                List<Entry> all = readEntries();
                List<Entry> kept = new ArrayList<>(all.subList(Math.max(0, all.size() - KEPT_ENTRIES), all.size()));
                if (all.size() > 2 * KEPT_ENTRIES) {
                    compact(kept);
                }
                kept.removeIf(e -> e.session() == mine);
                return List.copyOf(kept);
            });
        } catch (IOException | RuntimeException e) {
            failed(e);
            return List.of();
        }
    }

    /** Every entry in the file, in order (caller holds the file lock); damaged lines are skipped. */
    private List<Entry> readEntries() throws IOException {
        List<Entry> out = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String text = in.readLine(); text != null; text = in.readLine()) {
                JsonNode node;
                try {
                    node = Json.mapper().readTree(text);
                } catch (IOException e) {
                    continue; // a damaged line (say, cut by a crash)
                }
                if (node != null && node.path("session").isInt() && node.path("line").isInt() && node.hasNonNull("input")) {
                    out.add(new Entry(node.path("session").asInt(), node.path("line").asInt(), node.path("input").asText(),
                            node.hasNonNull("output") ? node.path("output").asText() : null));
                }
            }
        } catch (java.nio.file.NoSuchFileException e) {
            return out;
        }
        return out;
    }

    @FunctionalInterface
    private interface FileWork<T> {
        T run() throws IOException;
    }

    /**
     * Runs {@code work} holding the history file's lock (created 0600 if missing): a file lock
     * excludes other kernels, {@link #IN_PROCESS} other instances in this JVM.
     */
    private <T> T underFileLock(FileWork<T> work) throws IOException {
        synchronized (IN_PROCESS) {
            try (FileChannel channel = FileChannel.open(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                 FileLock ignored = channel.lock()) {
                return work.run();
            }
        }
    }

    /** Replaces {@code target} with {@code text}: a 0600 temporary file moved over it. */
    private static void replace(Path target, CharSequence text) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** An entry as one line of the file; an output longer than {@link #MAX_STORED_OUTPUT} is left out. */
    private static String line(int session, Entry e) throws IOException {
        ObjectNode node = Json.object().put("session", session).put("line", e.line()).put("input", e.input());
        if (e.output() != null && e.output().length() <= MAX_STORED_OUTPUT) {
            node.put("output", e.output());
        }
        return Json.mapper().writeValueAsString(node) + "\n";
    }

    private void append(Entry e) {
        if (fileFailed) {
            return;
        }
        try {
            byte[] text = line(session(), e).getBytes(StandardCharsets.UTF_8);
            underFileLock(() -> Files.write(file, text, StandardOpenOption.APPEND, StandardOpenOption.CREATE));
        } catch (IOException | RuntimeException ex) {
            failed(ex);
        }
    }

    /** Rewrites the file with the kept entries (caller holds the file lock). */
    private void compact(List<Entry> kept) throws IOException {
        StringBuilder out = new StringBuilder();
        for (Entry e : kept) {
            out.append(line(e.session(), e));
        }
        replace(file, out);
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
