/**
 * Rich output: {@link dev.javacached.kernel.display.MimeBundle} (a value's representations by
 * MIME type), the {@code display(...)} API a notebook calls ({@code Display},
 * {@code DisplayTarget}), the renderers that turn a value into a bundle ({@code Renderers}),
 * and text for people: {@link dev.javacached.kernel.display.Human} (sizes in binary units,
 * durations) and {@link dev.javacached.kernel.display.Html#escape}.
 *
 * <p>Belongs here: what a value or a message looks like. Does not belong here: how a bundle
 * is sent (the engine's {@code OutputSink}, then {@code app} and {@code transport}), and any
 * state of a cell or of the cache.
 */
package dev.javacached.kernel.display;
