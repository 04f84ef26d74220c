package dev.javacached.kernel.app;

import dev.javacached.kernel.protocol.HistoryRequest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The inputs (and text outputs) of this session's cells that stored history, in memory.
 * Thread-safe (history_request may arrive on control while shell appends).
 */
final class CellHistory {
    /** This process's session number; earlier sessions are not kept. */
    static final int SESSION = 1;

    record Entry(int line, String input, String output) {
    }

    private final List<Entry> entries = new ArrayList<>();

    synchronized void add(int line, String input, String output) {
        entries.add(new Entry(line, input, output));
    }

    /** The history_reply entries for a request: [session, line, input] or [session, line, [input, output]]. */
    List<List<Object>> query(HistoryRequest r) {
        List<Entry> all;
        synchronized (this) {
            all = List.copyOf(entries);
        }
        List<Entry> picked = switch (r.histAccessType()) {
            case "tail" -> last(all, r.n() == null ? 10 : r.n());
            case "range" -> range(all, r);
            case "search" -> search(all, r);
            default -> List.of();
        };
        List<List<Object>> out = new ArrayList<>(picked.size());
        for (Entry e : picked) {
            Object value = r.output() ? Arrays.asList(e.input(), e.output()) : e.input();
            out.add(Arrays.asList(SESSION, e.line(), value));
        }
        return out;
    }

    private static List<Entry> last(List<Entry> all, int n) {
        return n <= 0 ? List.of() : all.subList(Math.max(0, all.size() - n), all.size());
    }

    private static List<Entry> range(List<Entry> all, HistoryRequest r) {
        // session 0 = this one; negative = relative to this one; positive = by number.
        int session = r.session() <= 0 ? SESSION + r.session() : r.session();
        if (session != SESSION) {
            return List.of();
        }
        List<Entry> out = new ArrayList<>();
        for (Entry e : all) {
            if (e.line() >= r.start() && e.line() < r.stop()) {
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
