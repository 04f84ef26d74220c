package dev.javacached.kernel.magic;

import static dev.javacached.kernel.magic.CacheMagicForms.FORMS;

import dev.javacached.kernel.cache.CacheTally;
import dev.javacached.kernel.cache.CachingHook;
import dev.javacached.kernel.cache.CellMode;
import dev.javacached.kernel.magic.CacheMagicForms.Command;
import dev.javacached.kernel.magic.CacheMagicForms.UsageException;
import dev.javacached.store.CacheStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code %cache}: shows and manages the persistent value cache. Every form is parsed and
 * checked before anything changes, so a typo changes nothing.
 *
 * <p>This class is the command: its help, check, dispatch and completion. The forms and their
 * parse are {@link CacheMagicForms}'; the forms that only read (status, list, why, remote) are
 * {@link CacheReports}'; those that change stored entries (clear, pin, unpin, limit)
 * {@link CacheEntryChanges}'; those that change the session's use of the cache (off, on,
 * threshold, recompute, nocache) {@link CacheSessionSettings}'; the tables they show
 * {@link CacheTables}'.
 */
public final class CacheMagic implements MagicCommand {

    static final String ERROR = "MagicError";
    static final String STORE_ERROR = "CacheStoreError";

    private final CachingHook hook;
    private final CacheStore store;
    private final CacheReports reports;
    private final CacheEntryChanges entries;
    private final CacheSessionSettings settings;

    public CacheMagic(CachingHook hook, CacheStore store, CacheTally tally) {
        this(hook, store, tally, Clock.systemUTC());
    }

    /** {@code clock} dates the "created" and "last used" columns of {@code %cache list}. */
    public CacheMagic(CachingHook hook, CacheStore store, CacheTally tally, Clock clock) {
        this.hook = Objects.requireNonNull(hook, "hook");
        this.store = Objects.requireNonNull(store, "store");
        this.reports = new CacheReports(hook, store, Objects.requireNonNull(tally, "tally"),
                Objects.requireNonNull(clock, "clock"));
        this.entries = new CacheEntryChanges(hook, store);
        this.settings = new CacheSessionSettings(hook);
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

    @Override
    public Optional<MagicResult.Failure> check(String args) {
        try {
            CacheMagicForms.parse(args);
            return Optional.empty();
        } catch (UsageException e) {
            return Optional.of(new MagicResult.Failure(ERROR, e.getMessage()));
        }
    }

    @Override
    public MagicResult run(String args, MagicContext ctx) {
        Command c;
        try {
            c = CacheMagicForms.parse(args);
        } catch (UsageException e) {
            return MagicResult.failure(ERROR, e.getMessage());
        }
        try {
            return switch (c.sub()) {
                case "status" -> reports.status();
                case "list" -> reports.list(c.operands());
                case "why" -> reports.why(c.operands().get(0));
                case "clear" -> c.operands().equals(List.of("--all")) ? entries.clearAll()
                        : entries.clear(c.operands());
                case "pin" -> entries.pin(c.operands());
                case "unpin" -> entries.unpin(c.operands());
                case "off" -> settings.onOff(false);
                case "on" -> settings.onOff(true);
                case "limit" -> entries.limit(c.operands());
                case "threshold" -> settings.threshold(c.operands());
                case "recompute" -> settings.mode(CellMode.RECOMPUTE);
                case "nocache" -> settings.mode(CellMode.NOCACHE);
                case "help" -> MagicResult.okText(help());
                case "remote" -> reports.remote();
                default -> throw new IllegalStateException(c.sub());
            };
        } catch (RuntimeException e) {
            return MagicResult.failure(STORE_ERROR, "the cache store failed: " + e.getMessage());
        }
    }

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
}
