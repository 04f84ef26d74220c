package dev.javacached.kernel.cache;

/**
 * What the cache did this session, summed over the cells' {@link CellReport}s: the
 * hook adds each cell's report at {@link CachingHook#endCell}, {@code %cache status} reads the totals. Thread-safe.
 */
public final class CacheTally {

    /** The totals at one moment. */
    public record Totals(long cells, long restored, long computed, long stored, long savedNanos) {
    }

    private long cells;
    private long restored;
    private long computed;
    private long stored;
    private long savedNanos;

    public synchronized void add(CellReport report) {
        cells++;
        restored += report.restored().size();
        computed += report.computed().size();
        stored += report.stored().size();
        savedNanos += report.savedNanos();
    }

    public synchronized Totals totals() {
        return new Totals(cells, restored, computed, stored, savedNanos);
    }
}
