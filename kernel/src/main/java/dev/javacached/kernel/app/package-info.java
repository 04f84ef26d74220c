/**
 * Wiring: {@link dev.javacached.kernel.app.Main} (command line: run a kernel, install the
 * kernelspec), {@link dev.javacached.kernel.app.KernelServer} (transport + handlers + engine),
 * and {@code RequestHandlers}, one method per request, where protocol messages meet the
 * {@link dev.javacached.kernel.engine.Engine}. The engine is plugged in at
 * {@code Main.createEngine()}.
 *
 * <p>Belongs here: start-up and wiring (which engine, which store, in what order), the
 * request handlers, install and the start-up archive, cell history. Does not belong here:
 * logic a request handler could call on a narrower seam — JShell work goes to {@code engine},
 * cache decisions to {@code cache}, message shapes to {@code protocol}.
 */
package dev.javacached.kernel.app;
