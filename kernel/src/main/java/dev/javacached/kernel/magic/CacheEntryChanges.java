package dev.javacached.kernel.magic;

import static dev.javacached.kernel.magic.CacheTables.count;

import dev.javacached.kernel.cache.CachingHook;
import dev.javacached.kernel.display.Human;
import dev.javacached.store.CacheStore;
import dev.javacached.store.EntryMeta;
import dev.javacached.store.StoreStats;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The {@code %cache} forms that change the stored entries: {@code clear}, {@code pin},
 * {@code unpin} and {@code limit} (which evicts at once).
 */
final class CacheEntryChanges {
    private final CachingHook hook;
    private final CacheStore store;

    CacheEntryChanges(CachingHook hook, CacheStore store) {
        this.hook = hook;
        this.store = store;
    }

    MagicResult clear(List<String> names) {
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

    MagicResult clearAll() {
        long bytes = store.stats().bytesUsed();
        int n = store.clear();
        return MagicResult.okText(n == 0 ? "The cache was already empty."
                : "Removed all " + count(n, "entry", "entries") + " (" + Human.bytes(bytes) + ").");
    }

    /**
     * Pins, per name, the entry for its current definition when stored, else its newest entry:
     * an older entry of the same name is one whose inputs have since changed.
     */
    MagicResult pin(List<String> names) {
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
            return MagicResult.failure(CacheMagic.ERROR, "nothing stored under " + quoted(missing)
                    + "; nothing was pinned." + storedNames(all));
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

    MagicResult unpin(List<String> names) {
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

    MagicResult limit(List<String> ops) {
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

    private Optional<String> currentKey(String name) {
        return CacheReports.currentKey(hook, name);
    }

    private static String storedNames(List<EntryMeta> all) {
        Set<String> names = all.stream().map(EntryMeta::name).collect(Collectors.toCollection(TreeSet::new));
        return names.isEmpty() ? " The cache is empty." : " Stored names: " + String.join(", ", names) + ".";
    }

    private static String quoted(List<String> names) {
        return names.stream().map(n -> "`" + n + "`").collect(Collectors.joining(", "));
    }
}
