/**
 * The kernel's shared test kit: fakes of the engine's seams for tests that run without JShell
 * or sockets ({@link dev.javacached.kernel.testkit.RecordingSink} for an
 * {@code OutputSink}, {@link dev.javacached.kernel.testkit.FakeLiveState} for a
 * {@code LiveState}). Test sources only; a test package that needs a sink or live state uses
 * these rather than a private copy that drifts.
 *
 * <p>The recording sink is the only one: the cache's, engine's and magic tests' private copies
 * were merged into it (an ordered event log with latches, input refused, answered or waiting).
 * Not here at all: a real store or engine; tests use the real ones ({@code RocksCacheStore} in a
 * {@code @TempDir}, as {@code cache/CountedStore} wraps it for the hook's tests; {@code JShellEngine}).
 */
package dev.javacached.kernel.testkit;
