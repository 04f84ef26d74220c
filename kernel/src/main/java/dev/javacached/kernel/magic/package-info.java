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
 * <p>{@link dev.javacached.kernel.magic.MagicDispatcher} is the kernel's engine: it splits a
 * cell into magic lines and Java ({@code CellParser}: a {@code %} line counts only at a Java
 * statement boundary), checks every magic before running anything, and wraps the cell in the
 * cache's beginCell/endCell. {@link dev.javacached.kernel.magic.CacheMagic} is {@code %cache}.
 *
 * <p>Belongs here: magics and splitting a cell into magic lines and Java. Does not belong here:
 * the cache's per-cell lifecycle and how Java is tokenised; both are being moved out of this
 * package (issue 12: a cell decorator around the engine, one shared lexer), so the dispatcher
 * description above is the state before that work.
 */
package dev.javacached.kernel.magic;
