/**
 * The kernel's log lines on its original stderr. Every package may use it; it imports nothing
 * of the kernel.
 *
 * <p>Belongs here: the log itself and its levels ({@code JAVA_CACHED_LOG}). Does not belong
 * here: anything a user sees in a cell (that goes through the cell's {@code OutputSink}).
 */
package dev.javacached.kernel.log;
