package dev.javacached.kernel.magic;

import static dev.javacached.kernel.magic.CacheTables.count;
import static dev.javacached.kernel.magic.CacheTables.shorten;

import dev.javacached.kernel.cache.CacheTally;
import dev.javacached.kernel.cache.CachingHook;
import dev.javacached.kernel.cache.Explanation;
import dev.javacached.kernel.display.Human;
import dev.javacached.store.CacheStore;
import dev.javacached.store.EntryMeta;
import dev.javacached.store.StoreStats;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code %cache} forms that only read: {@code status}, {@code list}, {@code why} and
 * {@code remote}.
 */
final class CacheReports {
    private final CachingHook hook;
    private final CacheStore store;
    private final CacheTally tally;
    private final Clock clock;

    CacheReports(CachingHook hook, CacheStore store, CacheTally tally, Clock clock) {
        this.hook = hook;
        this.store = store;
        this.tally = tally;
        this.clock = clock;
    }

    MagicResult status() {
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
        return MagicResult.ok(CacheTables.keyValues(rows));
    }

    private static String percent(long used, long limit) {
        return limit <= 0 ? "?" : String.format(Locale.ROOT, "%.0f%%", 100.0 * used / limit);
    }

    MagicResult list(List<String> names) {
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
        return MagicResult.ok(CacheTables.table(header, rows, footer));
    }

    MagicResult why(String name) {
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
            Optional<String> current = currentKey(hook, name);
            text.append("stored:      ").append(entries.size()).append(entries.size() == 1 ? " entry" : " entries")
                    .append(" of `").append(name).append("`, ")
                    .append(Human.bytes(entries.stream().mapToLong(EntryMeta::sizeBytes).sum()));
            if (current.isPresent() && entries.stream().anyMatch(m -> m.key().equals(current.get()))) {
                text.append("; one matches the current fingerprint");
            }
            text.append('\n');
        }
        return MagicResult.ok(CacheTables.pre(text.toString()));
    }

    MagicResult remote() {
        return MagicResult.okText(store.remoteStatus().map(r -> r.describe().stripTrailing())
                .orElse("No remote tier: set JAVA_CACHED_REMOTE to a remote cache server's URL (or url= in "
                        + "remote.properties in the cache directory) to share values with a team."));
    }

    /** The key {@code name}'s current definition would be stored under, if the session knows it. */
    static Optional<String> currentKey(CachingHook hook, String name) {
        return hook.explain(name).map(Explanation::fingerprint).map(f -> f.key());
    }
}
