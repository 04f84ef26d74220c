/**
 * The cache logic: when a stored value is the right value (rules in this package's README.md).
 *
 * <p>{@link dev.javacached.kernel.cache.CachedEngine} is a cell with the cache around it (the
 * kernel's outermost engine); {@link dev.javacached.kernel.cache.CachingHook} decides per
 * snippet, helped by {@code Restorer} (restore), {@code StoreSafety} (the checks before a
 * store), {@code DeclarationCache} (declarations and assignments cached by value),
 * {@code StatementCache} (statements cached by the variables they set),
 * {@code FileAccess}/{@code FileInputs} (the files a snippet read and wrote, from the JDK's own
 * JFR events, checked before a restore), {@code Explanations} ({@code %cache why}),
 * {@code DependencyGraph} and {@code SourceAnalyzer} (fingerprints, references, state versions;
 * behind {@code DependencyGraph}: {@code DeclarationTable}, {@code VariableStates},
 * {@code Fingerprinter}, {@code Reachability}), {@code ObjectGraph} and
 * {@code Mutability} (what a value holds), {@code RecordedOutput}/{@code TeeSink} (output
 * replayed on a restore).
 *
 * <p>Not here: bytes, files and codecs ({@code cache-store}), JShell ({@code engine/}, reached
 * only through {@code SnippetHook} and {@code LiveState}), magics and their text
 * ({@code magic/}, which call this package's public setters).
 */
package dev.javacached.kernel.cache;
