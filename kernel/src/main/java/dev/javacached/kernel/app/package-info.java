/**
 * Wiring: {@link dev.javacached.kernel.app.Main} (command line: run a kernel, install the
 * kernelspec), {@link dev.javacached.kernel.app.KernelServer} (transport + handlers + engine),
 * and {@code RequestHandlers}, one method per request, where protocol messages meet the
 * {@link dev.javacached.kernel.engine.Engine}. The engine is assembled by
 * {@code KernelAssembly} (its Javadoc lists the chain of wrappers a cell passes through), on a
 * background thread ({@code EngineHandle}); {@code DeferredHook} and {@code LazyStore} let
 * JShell start before the cache exists and the store open after the first cell.
 *
 * <p>Belongs here: start-up and wiring (which engine, which store, in what order), the
 * request handlers, install and the start-up archive, cell history. Not here: anything a cell
 * does (that is the engine's, the cache's and the magics'), message shapes ({@code protocol}).
 */
package dev.javacached.kernel.app;
