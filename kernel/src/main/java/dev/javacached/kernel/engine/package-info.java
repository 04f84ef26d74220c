/**
 * The engine seam ({@link dev.javacached.kernel.engine.Engine}) and its JShell implementation
 * ({@link dev.javacached.kernel.engine.JShellEngine}).
 *
 * <p>Belongs here: the engine's types (outcomes, completions, the output sink, the snippet
 * hook and {@code LiveState} seams), everything that talks to JShell, and what snippets run
 * with (their class loader, their API, stdout routing, interrupt). Does not belong here: the
 * Jupyter protocol (the engine speaks its own types; {@code app} translates), the cache's
 * decisions ({@code cache}, reached only through {@code SnippetHook}), magics ({@code magic}).
 *
 * <h2>Why it is built this way</h2>
 * <ul>
 * <li><b>In-process execution.</b> Snippets run in the kernel's JVM through
 *     {@code jdk.jshell.execution.LocalExecutionControl} (extended by
 *     {@code KernelExecutionControl}), so the cache can read and restore live objects
 *     ({@link dev.javacached.kernel.engine.LiveState}). Reading uses the wrapper class and
 *     field JShell passes to {@code varValue}; defining parks the object in
 *     {@link dev.javacached.kernel.engine.Handoff} and evaluates
 *     {@code T x = (T) Handoff.take(id);}, which runs no user code.</li>
 * <li><b>Notebook code is isolated from the kernel.</b> JShell compiles against the snippet
 *     API folder ({@code SnippetApi}) and loads snippet classes into {@code NotebookLoader},
 *     whose parent gives the JDK and the kernel's snippet API classes only: the kernel's
 *     libraries never shadow a notebook's {@code %maven} jars. The API includes
 *     {@link dev.javacached.kernel.engine.Memo} ({@code @Cached}, and the call a memoized
 *     method's body is rewritten into); its kernel side, {@code MemoBridge}, is not part of it.</li>
 * <li><b>One thread owns JShell</b> ("jshell-engine"); snippets run on the short-lived
 *     threads LocalExecutionControl starts for each one.</li>
 * <li><b>One lexer.</b> Whatever needs to know where a Java literal, comment or token ends
 *     (the completeness guess, the trailing-semicolon rule, the magic-line splitter, the
 *     cache's token stream) asks {@link dev.javacached.kernel.engine.JavaLexer}; meaning is
 *     javac's ({@link dev.javacached.kernel.engine.JavacParse}, JShell).</li>
 * <li><b>Interrupt</b> calls LocalExecutionControl's own stop: {@code Thread.stop} on JDK
 *     17; on newer JDKs (checked on 25) a stop flag checked by instrumented loops and method
 *     entries, plus
 *     {@code Thread.interrupt} for sleeps and waits. A snippet that has not started yet is
 *     caught by a cancel flag checked on the snippet thread itself, so there is no window in
 *     which an interrupt is lost. No JVM flags are needed on either JDK.</li>
 * <li><b>Output.</b> User code shares {@code System.out/err/in} with the kernel, so they are
 *     replaced once per JVM by streams routed to the running cell's
 *     {@link dev.javacached.kernel.engine.OutputSink}, in order, in chunks of at most 64 Ki
 *     chars; outside a cell they fall through to the original streams.</li>
 * <li><b>Cells.</b> {@code JShellEngine} owns the engine thread and the request lifecycle
 *     and hands a cell to {@code CellRun}. A cell is split with {@code analyzeCompletion}
 *     ({@code CellSplitter}); each piece is classified
 *     into a {@link dev.javacached.kernel.engine.CellSnippet} from javac's parse of it
 *     ({@code JavacParse}, {@code SnippetClassifier}: no attribution, so no
 *     compile-sized cost), falling back to JShell's {@code sourceToSnippets} only for imports,
 *     syntax errors and what the parse does not settle; then it runs through the
 *     {@link dev.javacached.kernel.engine.SnippetHook}. Errors carry the
 *     line and column in the cell; tracebacks keep only frames down to the outermost
 *     snippet frame. A declaration whose dependencies are still missing when the cell ends
 *     is an error (forward references within one cell are fine).</li>
 * <li><b>Options and outcomes are types.</b> {@link dev.javacached.kernel.engine.ExecuteOptions}
 *     carries the request's silent / store_history / user_expressions; a failure's
 *     {@link dev.javacached.kernel.engine.ExecuteOutcome.Cause} says what kind it is, so no
 *     layer compares error names. User expressions are evaluated by
 *     {@link dev.javacached.kernel.engine.Engine#evaluate}, outside the hook.</li>
 * </ul>
 *
 * <p>Not here: protocol JSON (the engine never sees it), the cache's decisions (behind the
 * {@code SnippetHook}), magics.
 */
package dev.javacached.kernel.engine;
