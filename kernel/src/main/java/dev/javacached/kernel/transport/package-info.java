/**
 * The wire: the connection file, HMAC-SHA256 signing ({@link dev.javacached.kernel.transport.Signer},
 * constant-time verification), the multipart frame codec
 * ({@link dev.javacached.kernel.transport.WireCodec}), and the five JeroMQ sockets with one
 * owning thread each ({@link dev.javacached.kernel.transport.KernelTransport}): shell and
 * control run the request handler on their own threads (so interrupt works while a cell
 * runs), IOPub is published by a single thread from a queue
 * ({@link dev.javacached.kernel.transport.IopubPublisher}) so the cell's thread never
 * touches a socket, stdin has its own thread, heartbeat echoes on its own thread.
 *
 * <p>Belongs here: sockets, frames, signatures, the connection file. Does not belong here:
 * message contents ({@code protocol}) and what a request means ({@code app}).
 */
package dev.javacached.kernel.transport;
