/**
 * The kernel's shared test kit: fakes of the engine's seams for tests that run without JShell
 * or sockets ({@link dev.javacached.kernel.testkit.RecordingSink} for an
 * {@code OutputSink}, {@link dev.javacached.kernel.testkit.FakeLiveState} for a
 * {@code LiveState}). Test sources only; a test package that needs a sink or live state uses
 * these rather than a private copy that drifts.
 *
 * <p>Not here yet: {@code cache/RecordingSink} (its {@code out}/{@code err} fields are read by
 * {@code CachingHookTest}, which is being rewritten for the cell decorator) and
 * {@code engine/RecordingSink} (an ordered event log with latches for the engine's own tests).
 * Not here at all: a real store or engine; tests use the real ones ({@code RocksCacheStore} in a
 * {@code @TempDir}, {@code JShellEngine}).
 */
package dev.javacached.kernel.testkit;
