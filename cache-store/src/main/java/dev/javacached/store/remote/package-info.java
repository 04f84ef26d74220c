/**
 * The shared remote tier: {@link dev.javacached.store.remote.RemoteTier}, a
 * {@link dev.javacached.store.CacheStore} that puts a remote cache server (the HTTP remote-cache
 * protocol: {@code cas/<sha256>}, {@code ac/<key>}) behind the local
 * {@link dev.javacached.store.RocksCacheStore}; Ed25519-signed entries, trusted writers'
 * keys, bounded requests and a circuit breaker (the module's README.md, "The remote tier").
 *
 * <p>Belongs here: the protocol, signing, the configuration, what {@code %cache remote} shows.
 * Does not belong here: decoding values (only the local store decodes: while it imports a plain
 * value, or in its get) and anything about Jupyter or notebooks.
 */
package dev.javacached.store.remote;
