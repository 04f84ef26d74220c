package dev.javacached.kernel.magic;

import dev.javacached.kernel.cache.CacheTally;
import dev.javacached.kernel.cache.CachingHook;
import dev.javacached.kernel.cache.CellMode;
import dev.javacached.kernel.cache.Explanation;
import dev.javacached.kernel.display.Html;
import dev.javacached.kernel.display.Human;
import dev.javacached.kernel.display.MimeBundle;
import dev.javacached.store.CacheStore;
import dev.javacached.store.EntryMeta;
import dev.javacached.store.StoreStats;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * {@code %cache}: shows and manages the persistent value cache. Every form is parsed and
 * checked before anything changes, so a typo changes nothing.
 */
public final class CacheMagic implements MagicCommand {

    static final String ERROR = "MagicError";
    static final String STORE_ERROR = "CacheStoreError";

    /** The subcommands, in the order help lists them, with their usage. */
    private static final Map<String, String> FORMS = forms();

    private static Map<String, String> forms() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("status", "%cache [status]           the cache directory, size, limit, threshold and this session's hits");
        m.put("list", "%cache list [NAME...]      stored entries, newest first (all, or those of NAME)");
        m.put("why", "%cache why NAME            why NAME was restored or computed: its fingerprint and inputs");
        m.put("clear", "%cache clear NAME...       removes every stored entry of NAME;  %cache clear --all  removes all");
        m.put("pin", "%cache pin NAME...         keeps NAME's current entry through eviction");
        m.put("unpin", "%cache unpin NAME...       lets eviction take NAME's entries again");
        m.put("off", "%cache off | on            stops / resumes restoring and storing for this session");
        m.put("on", "");
        m.put("limit", "%cache limit [SIZE]        the size cap, e.g. 20G, 500M, 1.5G or bytes (kept; evicts at once)");
        m.put("threshold", "%cache threshold [MS]      values computed faster than MS milliseconds are not stored (kept)");
        m.put("remote", "%cache remote              the shared remote tier: its server, role, state, hits, bytes, latency");
        m.put("recompute", "%cache recompute | nocache  the rest of this cell recomputes / bypasses the cache");
        m.put("nocache", "");
        m.put("help", "%cache help | %cache?      this text");
        return m;
    }

    private final CachingHook hook;
    private final CacheStore store;
    private final CacheTally tally;
    private final Clock clock;

    public CacheMagic(CachingHook hook, CacheStore store, CacheTally tally) {
        this(hook, store, tally, Clock.systemUTC());
    }

    /** {@code clock} dates the "created" and "last used" columns of {@code %cache list}. */
    public CacheMagic(CachingHook hook, CacheStore store, CacheTally tally, Clock clock) {
        this.hook = Objects.requireNonNull(hook, "hook");
        this.store = Objects.requireNonNull(store, "store");
        this.tally = Objects.requireNonNull(tally, "tally");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public String name() {
        return "cache";
    }

    @Override
    public String help() {
        StringBuilder b = new StringBuilder("%cache [status|list|why|clear|pin|unpin|off|on|limit|threshold|remote|help] ...\n");
        b.append("Shows and manages the persistent cache of top-level values, which restores a declaration's value"
                + " instead of re-running it when its source and everything it depends on are unchanged.\n");
        FORMS.values().stream().filter(s -> !s.isEmpty()).forEach(s -> b.append("  ").append(s).append('\n'));
        b.append("Cell magics (first line of a cell): %%nocache runs the cell without reading or writing the cache;"
                + " %%recompute runs every declaration again and overwrites its entry;"
                + " %%snapshot stores and restores values that read the clock or unseeded randomness"
                + " (Math.random(), new Random(), Instant.now(), ...), which are otherwise never cached.");
        return b.toString();
    }

    // ---------------------------------------------------------------- parsing

    /** A checked invocation: the subcommand and its operands. */
    private record Command(String sub, List<String> operands) {
    }

    private static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    @Override
    public Optional<MagicResult.Failure> check(String args) {
        try {
            parse(args);
            return Optional.empty();
        } catch (UsageException e) {
            return Optional.of(new MagicResult.Failure(ERROR, e.getMessage()));
        }
    }

    private static Command parse(String args) throws UsageException {
        List<String> words = MagicArgs.split(args);
        if (words.isEmpty()) {
            return new Command("status", List.of());
        }
        String sub = words.get(0);
        List<String> ops = words.subList(1, words.size());
        if (!FORMS.containsKey(sub)) {
            String near = Suggest.nearest(sub, FORMS.keySet()).map(s -> " — did you mean `%cache " + s + "`?")
                    .orElse("");
            throw new UsageException("unknown subcommand `%cache " + sub + "`" + near + " The forms are:\n"
                    + usage());
        }
        switch (sub) {
            case "status", "off", "on", "help", "recompute", "nocache", "remote" -> {
                if (!ops.isEmpty()) {
                    throw usage(sub, "takes no arguments");
                }
            }
            case "list" -> names(sub, ops, false);
            case "why" -> {
                if (ops.size() != 1) {
                    throw usage(sub, "takes one variable name");
                }
                names(sub, ops, true);
            }
            case "clear" -> {
                if (ops.contains("--all")) {
                    if (ops.size() != 1) {
                        throw usage(sub, "takes either names or --all, not both");
                    }
                } else {
                    names(sub, ops, true);
                }
            }
            case "pin", "unpin" -> names(sub, ops, true);
            case "limit" -> {
                if (ops.size() > 1) {
                    throw usage(sub, "takes one size");
                }
                if (ops.size() == 1 && Human.parseBytes(ops.get(0)).isEmpty()) {
                    throw usage(sub, "needs a positive size such as 20G, 500M, 1.5G or a number of bytes, not `"
                            + ops.get(0) + "`");
                }
            }
            case "threshold" -> {
                if (ops.size() > 1) {
                    throw usage(sub, "takes one number of milliseconds");
                }
                if (ops.size() == 1 && parseMillis(ops.get(0)).isEmpty()) {
                    throw usage(sub, "needs a whole number of milliseconds >= 0 (e.g. 100 or 250ms), not `"
                            + ops.get(0) + "`");
                }
            }
            default -> throw new IllegalStateException(sub);
        }
        return new Command(sub, List.copyOf(ops));
    }

    private static void names(String sub, List<String> ops, boolean required) throws UsageException {
        if (required && ops.isEmpty()) {
            throw usage(sub, "needs at least one variable name");
        }
        for (String op : ops) {
            if (!isIdentifier(op)) {
                throw usage(sub, "takes variable names; `" + op + "` is not one");
            }
        }
    }

    private static UsageException usage(String sub, String problem) {
        String form = FORMS.get(sub);
        if (form.isEmpty()) {
            form = FORMS.entrySet().stream().filter(e -> e.getValue().contains("| " + sub)).map(Map.Entry::getValue)
                    .findFirst().orElse("");
        }
        return new UsageException("`%cache " + sub + "` " + problem + ". Usage: " + form.replaceAll("\\s{2,}.*", "")
                + " (see %cache help)");
    }

    private static String usage() {
        return FORMS.values().stream().filter(s -> !s.isEmpty()).map(s -> "  " + s).collect(Collectors.joining("\n"));
    }

    static boolean isIdentifier(String s) {
        if (s.isEmpty() || !Character.isJavaIdentifierStart(s.codePointAt(0))) {
            return false;
        }
        return s.codePoints().skip(1).allMatch(Character::isJavaIdentifierPart);
    }

    private static OptionalLong parseMillis(String s) {
        String digits = s.toLowerCase(Locale.ROOT).endsWith("ms") ? s.substring(0, s.length() - 2) : s;
        if (digits.isEmpty() || digits.length() > 12 || !digits.chars().allMatch(Character::isDigit)) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Long.parseLong(digits));
    }

    // ---------------------------------------------------------------- running

    @Override
    public MagicResult run(String args, MagicContext ctx) {
        Command c;
        try {
            c = parse(args);
        } catch (UsageException e) {
            return MagicResult.failure(ERROR, e.getMessage());
        }
        try {
            return switch (c.sub()) {
                case "status" -> status();
                case "list" -> list(c.operands());
                case "why" -> why(c.operands().get(0));
                case "clear" -> c.operands().equals(List.of("--all")) ? clearAll() : clear(c.operands());
                case "pin" -> pin(c.operands());
                case "unpin" -> unpin(c.operands());
                case "off" -> onOff(false);
                case "on" -> onOff(true);
                case "limit" -> limit(c.operands());
                case "threshold" -> threshold(c.operands());
                case "recompute" -> mode(CellMode.RECOMPUTE);
                case "nocache" -> mode(CellMode.NOCACHE);
                case "help" -> MagicResult.okText(help());
                case "remote" -> MagicResult.okText(store.remoteStatus().map(r -> r.describe().stripTrailing())
                        .orElse("No remote tier: set JAVA_CACHED_REMOTE to a remote cache server's URL (or url= in "
                                + "remote.properties in the cache directory) to share values with a team."));
                default -> throw new IllegalStateException(c.sub());
            };
        } catch (RuntimeException e) {
            return MagicResult.failure(STORE_ERROR, "the cache store failed: " + e.getMessage());
        }
    }

    private MagicResult status() {
        StoreStats s = store.stats();
        CacheTally.Totals t = tally.totals();
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"cache", hook.isEnabled() ? "on" : "off (%cache on to resume)"});
        rows.add(new String[] {"directory", String.valueOf(s.directory())});
        rows.add(new String[] {"entries", s.entries() + (s.pinnedEntries() > 0 ? " (" + s.pinnedEntries()
                + " pinned)" : "")});
        rows.add(new String[] {"size", Human.bytes(s.bytesUsed()) + " of " + Human.bytes(s.sizeLimit()) + " ("
                + percent(s.bytesUsed(), s.sizeLimit()) + ")"});
        rows.add(new String[] {"threshold", hook.thresholdMillis() + " ms"});
        rows.add(new String[] {"this session", t.restored() + " restored, " + t.computed() + " computed, "
                + t.stored() + " stored; saved " + Human.nanos(t.savedNanos())});
        return MagicResult.ok(keyValues(rows));
    }

    private static String percent(long used, long limit) {
        return limit <= 0 ? "?" : String.format(Locale.ROOT, "%.0f%%", 100.0 * used / limit);
    }

    private MagicResult list(List<String> names) {
        List<EntryMeta> all = store.list();
        List<EntryMeta> shown = names.isEmpty() ? all
                : all.stream().filter(m -> names.contains(m.name())).toList();
        if (shown.isEmpty()) {
            return MagicResult.okText(names.isEmpty() ? "The cache is empty."
                    : "No stored entries named " + String.join(", ", names) + ".");
        }
        long now = clock.millis();
        String[] header = {"name", "type", "size", "compute", "created", "last used", "hits", "pinned", "key"};
        List<String[]> rows = new ArrayList<>();
        // memoized calls: one row per method, with the number of stored calls
        Map<String, List<EntryMeta>> memoized = new java.util.TreeMap<>();
        for (EntryMeta m : shown) {
            String method = m.provenance().get("memo");
            if (method != null) {
                memoized.computeIfAbsent(method, k -> new ArrayList<>()).add(m);
            }
        }
        for (Map.Entry<String, List<EntryMeta>> e : memoized.entrySet()) {
            List<EntryMeta> calls = e.getValue();
            EntryMeta first = calls.get(0);
            rows.add(new String[] {first.name(), shorten("@Cached " + e.getKey() + ": "
                    + count(calls.size(), "stored call", "stored calls"), 40),
                Human.bytes(calls.stream().mapToLong(EntryMeta::sizeBytes).sum()),
                Human.nanos(calls.stream().mapToLong(EntryMeta::computeNanos).sum()),
                Human.ago(calls.stream().mapToLong(EntryMeta::createdMillis).min().orElse(0), now),
                calls.stream().mapToLong(EntryMeta::lastUsedMillis).max().orElse(0) > 0
                        ? Human.ago(calls.stream().mapToLong(EntryMeta::lastUsedMillis).max().orElse(0), now) : "never",
                Long.toString(calls.stream().mapToLong(EntryMeta::hits).sum()),
                calls.stream().anyMatch(EntryMeta::pinned) ? "some" : "", ""});
        }
        for (EntryMeta m : shown) {
            if (m.provenance().containsKey("memo")) {
                continue;
            }
            rows.add(new String[] {m.name(), shorten(m.typeName(), 40), Human.bytes(m.sizeBytes()),
                Human.nanos(m.computeNanos()), Human.ago(m.createdMillis(), now),
                m.lastUsedMillis() > 0 ? Human.ago(m.lastUsedMillis(), now) : "never", Long.toString(m.hits()),
                m.pinned() ? "yes" : "", m.key().substring(0, Math.min(12, m.key().length()))});
        }
        long bytes = shown.stream().mapToLong(EntryMeta::sizeBytes).sum();
        String footer = shown.size() + (shown.size() == 1 ? " entry, " : " entries, ") + Human.bytes(bytes);
        return MagicResult.ok(table(header, rows, footer));
    }

    private MagicResult why(String name) {
        StringBuilder text = new StringBuilder(hook.why(name));
        List<EntryMeta> all = store.list().stream().filter(m -> m.name().equals(name)).toList();
        List<EntryMeta> calls = all.stream().filter(m -> m.provenance().containsKey("memo")).toList();
        List<EntryMeta> entries = all.stream().filter(m -> !m.provenance().containsKey("memo")).toList();
        if (!calls.isEmpty()) {
            text.append("stored:      ").append(count(calls.size(), "memoized call", "memoized calls"))
                    .append(" of `").append(name).append("`, ")
                    .append(Human.bytes(calls.stream().mapToLong(EntryMeta::sizeBytes).sum())).append('\n');
        }
        if (entries.isEmpty() && !calls.isEmpty()) {
            // the memoized calls were all there is
        } else if (entries.isEmpty()) {
            text.append("stored:      no entries named `").append(name).append("`\n");
        } else {
            Optional<String> current = currentKey(name);
            text.append("stored:      ").append(entries.size()).append(entries.size() == 1 ? " entry" : " entries")
                    .append(" of `").append(name).append("`, ")
                    .append(Human.bytes(entries.stream().mapToLong(EntryMeta::sizeBytes).sum()));
            if (current.isPresent() && entries.stream().anyMatch(m -> m.key().equals(current.get()))) {
                text.append("; one matches the current fingerprint");
            }
            text.append('\n');
        }
        return MagicResult.ok(pre(text.toString()));
    }

    private MagicResult clear(List<String> names) {
        List<String> lines = new ArrayList<>();
        for (String name : new LinkedHashSet<>(names)) {
            List<EntryMeta> removed = store.deleteByName(name);
            if (removed.isEmpty()) {
                lines.add("no stored entries named `" + name + "`");
            } else {
                lines.add("removed " + count(removed.size(), "entry", "entries") + " of `" + name + "` ("
                        + Human.bytes(removed.stream().mapToLong(EntryMeta::sizeBytes).sum()) + ")");
            }
        }
        return MagicResult.okText(String.join("\n", lines));
    }

    private MagicResult clearAll() {
        long bytes = store.stats().bytesUsed();
        int n = store.clear();
        return MagicResult.okText(n == 0 ? "The cache was already empty."
                : "Removed all " + count(n, "entry", "entries") + " (" + Human.bytes(bytes) + ").");
    }

    /**
     * Pins, per name, the entry for its current definition when stored, else its newest entry:
     * an older entry of the same name is one whose inputs have since changed.
     */
    private MagicResult pin(List<String> names) {
        List<EntryMeta> all = store.list();
        Map<String, EntryMeta> targets = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (String name : new LinkedHashSet<>(names)) {
            Optional<String> current = currentKey(name);
            Optional<EntryMeta> target = all.stream()
                    .filter(m -> m.name().equals(name) && current.isPresent() && m.key().equals(current.get()))
                    .findFirst()
                    .or(() -> all.stream().filter(m -> m.name().equals(name)).findFirst());
            target.ifPresentOrElse(m -> targets.put(name, m), () -> missing.add(name));
        }
        if (!missing.isEmpty()) {
            return MagicResult.failure(ERROR, "nothing stored under " + quoted(missing) + "; nothing was pinned."
                    + storedNames(all));
        }
        List<String> lines = new ArrayList<>();
        for (Map.Entry<String, EntryMeta> e : targets.entrySet()) {
            EntryMeta m = e.getValue();
            boolean isCurrent = currentKey(e.getKey()).map(m.key()::equals).orElse(false);
            store.setPinned(m.key(), true);
            long others = all.stream().filter(o -> o.name().equals(e.getKey()) && !o.key().equals(m.key())).count();
            lines.add("pinned `" + e.getKey() + "`: " + (isCurrent ? "the entry for its current definition"
                    : "its newest entry") + " (" + m.key().substring(0, Math.min(12, m.key().length())) + ", "
                    + Human.bytes(m.sizeBytes()) + ")"
                    + (others > 0 ? "; " + count(others, "older entry stays", "older entries stay") + " unpinned"
                            : ""));
        }
        return MagicResult.okText(String.join("\n", lines));
    }

    private MagicResult unpin(List<String> names) {
        List<EntryMeta> all = store.list();
        List<String> lines = new ArrayList<>();
        for (String name : new LinkedHashSet<>(names)) {
            List<EntryMeta> pinned = all.stream().filter(m -> m.name().equals(name) && m.pinned()).toList();
            pinned.forEach(m -> store.setPinned(m.key(), false));
            boolean any = all.stream().anyMatch(m -> m.name().equals(name));
            lines.add(!any ? "no stored entries named `" + name + "`"
                    : pinned.isEmpty() ? "`" + name + "` was not pinned"
                    : "unpinned " + count(pinned.size(), "entry", "entries") + " of `" + name + "`");
        }
        return MagicResult.okText(String.join("\n", lines));
    }

    private MagicResult onOff(boolean on) {
        hook.setEnabled(on);
        return MagicResult.okText(on ? "Cache on: unchanged declarations are restored, slow ones stored."
                : "Cache off for this session: every declaration runs and nothing is stored (%cache on to resume).");
    }

    private MagicResult limit(List<String> ops) {
        StoreStats before = store.stats();
        if (ops.isEmpty()) {
            return MagicResult.okText("Size limit " + Human.bytes(before.sizeLimit()) + "; "
                    + Human.bytes(before.bytesUsed()) + " used.");
        }
        long bytes = Human.parseBytes(ops.get(0)).orElseThrow();
        store.setSizeLimit(bytes);
        StoreStats after = store.stats();
        long evicted = before.entries() - after.entries();
        String text = "Size limit " + Human.bytes(bytes) + " (was " + Human.bytes(before.sizeLimit()) + ")"
                + (evicted > 0 ? "; evicted " + count(evicted, "entry", "entries") + " ("
                        + Human.bytes(before.bytesUsed() - after.bytesUsed()) + ")" : "")
                + "; " + Human.bytes(after.bytesUsed()) + " used.";
        if (after.bytesUsed() > bytes) {
            text += " Pinned entries alone exceed the limit (%cache unpin to let them go).";
        }
        return MagicResult.okText(text);
    }

    private MagicResult threshold(List<String> ops) {
        long was = hook.thresholdMillis();
        if (ops.isEmpty()) {
            return MagicResult.okText("Values computed in less than " + was + " ms are not stored.");
        }
        long ms = parseMillis(ops.get(0)).orElseThrow();
        hook.setThresholdMillis(ms);
        return MagicResult.okText((ms == 0 ? "Every storable value is stored"
                : "Values computed in less than " + ms + " ms are not stored") + " (was " + was + " ms).");
    }

    private MagicResult mode(CellMode mode) {
        hook.setCellMode(mode);
        return MagicResult.okText(mode == CellMode.RECOMPUTE
                ? "The rest of this cell recomputes every declaration and overwrites its stored value."
                : "The rest of this cell neither restores nor stores values.");
    }

    private Optional<String> currentKey(String name) {
        return hook.explain(name).map(Explanation::fingerprint).map(f -> f.key());
    }

    private static String storedNames(List<EntryMeta> all) {
        Set<String> names = all.stream().map(EntryMeta::name).collect(Collectors.toCollection(TreeSet::new));
        return names.isEmpty() ? " The cache is empty." : " Stored names: " + String.join(", ", names) + ".";
    }

    private static String quoted(List<String> names) {
        return names.stream().map(n -> "`" + n + "`").collect(Collectors.joining(", "));
    }

    private static String count(long n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }

    private static String shorten(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    // ---------------------------------------------------------------- completion

    @Override
    public List<String> completeArgs(String before) {
        List<String> words = MagicArgs.split(before);
        boolean fresh = before.isEmpty() || Character.isWhitespace(before.charAt(before.length() - 1));
        String partial = fresh || words.isEmpty() ? "" : words.get(words.size() - 1);
        List<String> done = fresh ? words : words.subList(0, words.size() - 1);
        if (done.isEmpty()) {
            return FORMS.keySet().stream().filter(s -> s.startsWith(partial)).toList();
        }
        String sub = done.get(0);
        if (!Set.of("why", "clear", "pin", "unpin", "list").contains(sub)
                || (sub.equals("why") && done.size() > 1)) {
            return List.of();
        }
        TreeSet<String> names = new TreeSet<>(hook.knownNames());
        try {
            store.list().forEach(m -> names.add(m.name()));
        } catch (RuntimeException e) {
            // complete from the session's names only
        }
        List<String> out = new ArrayList<>();
        if (sub.equals("clear") && done.size() == 1 && "--all".startsWith(partial)) {
            out.add("--all");
        }
        names.stream().filter(n -> n.startsWith(partial) && !done.contains(n)).forEach(out::add);
        return out;
    }

    // ---------------------------------------------------------------- rendering

    private static MimeBundle pre(String text) {
        return new MimeBundle(Map.of("text/plain", text, "text/html", "<pre>" + Html.escape(text) + "</pre>"),
                Map.of());
    }

    private static MimeBundle keyValues(List<String[]> rows) {
        int width = rows.stream().mapToInt(r -> r[0].length()).max().orElse(0);
        StringBuilder plain = new StringBuilder();
        StringBuilder html = new StringBuilder("<table class=\"java-cached-status\">");
        for (String[] r : rows) {
            plain.append(String.format(Locale.ROOT, "%-" + width + "s  %s%n", r[0], r[1]));
            html.append("<tr><th style=\"text-align:left\">").append(Html.escape(r[0])).append("</th><td style=\"text-align:left\">")
                    .append(Html.escape(r[1])).append("</td></tr>");
        }
        html.append("</table>");
        return new MimeBundle(Map.of("text/plain", plain.toString(), "text/html", html.toString()), Map.of());
    }

    private static MimeBundle table(String[] header, List<String[]> rows, String footer) {
        int[] w = new int[header.length];
        for (int i = 0; i < header.length; i++) {
            w[i] = header[i].length();
            for (String[] r : rows) {
                w[i] = Math.max(w[i], r[i].length());
            }
        }
        StringBuilder plain = new StringBuilder();
        StringBuilder html = new StringBuilder("<table class=\"java-cached-list\"><thead><tr>");
        appendRow(plain, header, w);
        for (String h : header) {
            html.append("<th>").append(Html.escape(h)).append("</th>");
        }
        html.append("</tr></thead><tbody>");
        for (String[] r : rows) {
            appendRow(plain, r, w);
            html.append("<tr>");
            for (int i = 0; i < r.length; i++) {
                html.append(i == 0 || i == 1 || i == 8 ? "<td style=\"text-align:left\"><code>" : "<td>")
                        .append(Html.escape(r[i])).append(i == 0 || i == 1 || i == 8 ? "</code></td>" : "</td>");
            }
            html.append("</tr>");
        }
        plain.append(footer).append('\n');
        html.append("</tbody></table><div style=\"font-size:smaller\">").append(Html.escape(footer)).append("</div>");
        return new MimeBundle(Map.of("text/plain", plain.toString(), "text/html", html.toString()), Map.of());
    }

    private static void appendRow(StringBuilder b, String[] cells, int[] w) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            line.append(String.format(Locale.ROOT, "%-" + w[i] + "s", cells[i])).append(i < cells.length - 1 ? "  " : "");
        }
        b.append(line.toString().stripTrailing()).append('\n');
    }
}
