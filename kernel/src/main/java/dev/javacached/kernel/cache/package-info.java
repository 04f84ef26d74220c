/**
 * The cache logic: given a snippet and the notebook's state, its fingerprint
 * ({@code Fingerprint}, {@code DependencyGraph}, {@code SourceAnalyzer}), whether its value may be
 * stored or restored without handing back a stale value ({@code Mutability}, {@code ObjectGraph},
 * {@code Nondeterminism}), and the restore or store itself through the {@code cache-store}
 * module ({@code CachingHook}, {@code RecordedOutput}, {@code NotebookClassResolver}). The rules
 * are in this package's README.md.
 *
 * <p>Belongs here: decisions about one snippet's value and what the cache did in a cell
 * ({@code CellReport}). Does not belong here: bytes, files and the index (the store), JShell
 * itself (reached through the engine's {@code SnippetHook} and {@code LiveState} seams),
 * magics and the Jupyter protocol. This package is being restructured by issue 12 (the
 * per-cell lifecycle moves into an engine decorator, its Java tokenizer into one shared
 * lexer); class names above may move with it.
 */
package dev.javacached.kernel.cache;
