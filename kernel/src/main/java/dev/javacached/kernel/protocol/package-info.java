/**
 * Jupyter messaging 5.3 as Java: {@link dev.javacached.kernel.protocol.Message} (header,
 * parent header, metadata, content, buffers as Jackson trees), one record per message
 * content named after the spec ({@code execute_request} → {@code ExecuteRequest}), the
 * shared {@link dev.javacached.kernel.protocol.Json} mapper (snake_case), and
 * {@link dev.javacached.kernel.protocol.CodePoints} for the code point ↔ UTF-16 cursor
 * conversion. Knows nothing of sockets or of the engine.
 *
 * <p>Belongs here: message shapes and their JSON. Does not belong here: signing and frames
 * ({@code transport}), what a request does ({@code app.RequestHandlers}), engine types.
 */
package dev.javacached.kernel.protocol;
