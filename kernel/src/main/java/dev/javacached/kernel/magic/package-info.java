/**
 * Magics: {@code %name args} lines the kernel handles itself instead of sending to JShell.
 *
 * <p>Each magic is one small {@link dev.javacached.kernel.magic.MagicCommand}. Long-lived
 * state (a resolver, a ledger) goes to its constructor; what changes per invocation (the
 * output sink, the engine-side targets) comes through the
 * {@link dev.javacached.kernel.magic.MagicContext}, which offers services by narrow
 * interfaces so that magics never see the engine or the protocol. Failures the user can
 * fix are returned as {@link dev.javacached.kernel.magic.MagicResult.Failure}, not thrown.
 *
 * <p>{@link dev.javacached.kernel.magic.MagicDispatcher} is the engine in front of JShell: it
 * splits a cell into magic lines and Java ({@code CellParser}: a {@code %} line counts only at
 * a Java statement boundary), checks every magic before running anything, and runs them in
 * order; it only dispatches. Which magics exist, their help and the {@code %lsmagic} list are
 * {@code MagicRegistry}'s; the check before a cell runs is {@code MagicCheck}'s; joining a
 * cell's {@code %maven} lines into one is {@code JoinedMagicLines}'; a cell whose body is not
 * Java is a {@code BodyCell}; completion and inspection on a magic line are
 * {@code MagicAssist}'s. {@link dev.javacached.kernel.magic.CacheMagic} is {@code %cache}: it
 * dispatches to {@code CacheMagicForms} (the forms and their parse), {@code CacheReports} (status,
 * list, why, remote), {@code CacheEntryChanges} (clear, pin, unpin, limit) and
 * {@code CacheSessionSettings} (off, on, threshold, recompute, nocache); {@code CacheTables}
 * renders their tables.
 *
 * <p>Not here: the cache's per-cell lifecycle (begin, end, report, restore line), which is
 * {@code cache/CachedEngine}'s, around the dispatcher; what the cache decides per snippet
 * ({@code cache/}).
 */
package dev.javacached.kernel.magic;
