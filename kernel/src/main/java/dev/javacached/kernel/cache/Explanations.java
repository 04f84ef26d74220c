package dev.javacached.kernel.cache;

import dev.javacached.store.CacheStore;
import dev.javacached.store.EntryMeta;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the cache decided about each variable this session, for {@code %cache why}: the last
 * {@link Explanation} per name, and for a miss the differences from the newest stored entry of
 * that name (read from the store when asked, never on the snippet path). Written on the engine
 * thread, read from the magic's.
 */
final class Explanations {
    private final CacheStore store;
    private final Map<String, Explanation> byName = new ConcurrentHashMap<>();

    Explanations(CacheStore store) {
        this.store = store;
    }

    /** Records the decision about {@code name}'s current definition. */
    void put(String name, Fingerprint fp, Explanation.Decision decision, String detail) {
        byName.put(name, new Explanation(name, fp, decision, detail, List.of()));
    }

    /** The decision for the current definition of {@code name}, with differences for a miss. */
    Optional<Explanation> explain(String name) {
        Explanation e = byName.get(name);
        if (e == null || e.decision() == Explanation.Decision.RESTORED) {
            return Optional.ofNullable(e);
        }
        try {
            String key = e.fingerprint().key();
            for (EntryMeta m : store.list()) {      // newest first
                if (m.name().equals(name) && !m.key().equals(key)) {
                    return Optional.of(e.withDifferences(Explanation.diff(e.fingerprint().provenance(),
                            m.provenance())));
                }
            }
        } catch (RuntimeException ex) {
            return Optional.of(e.withDifferences(List.of("cannot read the store: " + ex.getMessage())));
        }
        return Optional.of(e);
    }

    /** {@link #explain} rendered as text for {@code %cache why NAME}. */
    String why(String name) {
        return explain(name).map(Explanation::render)
                .orElse("`" + name + "` has not been declared or assigned in this session.\n");
    }

    /** The variables declared or assigned this session that the cache decided about (for completion). */
    Set<String> knownNames() {
        return Set.copyOf(byName.keySet());
    }

    /**
     * After a value that reads the clock or randomness ({@code nondeterministic}, null if it does
     * not) was stored or restored in a {@link CellMode#SNAPSHOT} cell: {@code %cache why} says so.
     */
    void noteSnapshot(String name, String nondeterministic) {
        if (nondeterministic == null) {
            return;
        }
        byName.computeIfPresent(name, (k, e) -> switch (e.decision()) {
            case STORED -> e.withDetail(e.detail() + "; stored as a snapshot by request (%%snapshot) although "
                    + nondeterministic);
            case RESTORED -> e.withDetail(e.detail() + "; a snapshot stored by request (%%snapshot) although "
                    + nondeterministic);
            default -> e;
        });
    }
}
