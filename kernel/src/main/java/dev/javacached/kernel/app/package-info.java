/**
 * Wiring: {@link dev.javacached.kernel.app.Main} (command line: run a kernel, install the
 * kernelspec), {@link dev.javacached.kernel.app.KernelServer} (transport + handlers + engine),
 * and {@code RequestHandlers}, one method per request, where protocol messages meet the
 * {@link dev.javacached.kernel.engine.Engine}. The engine is plugged in at
 * {@code Main.createEngine()}.
 */
package dev.javacached.kernel.app;
