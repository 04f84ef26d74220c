/**
 * The persistent value store: {@link dev.javacached.store.CacheStore} (objects in, objects out;
 * made of {@link dev.javacached.store.ValueStore}, {@link dev.javacached.store.EntryCatalog} and
 * {@link dev.javacached.store.StoreSettings}) and its implementation on RocksDB and blob files,
 * {@link dev.javacached.store.RocksCacheStore}, whose jobs live one per file (the module's
 * README.md has the table and the design: crash safety, several processes, integrity).
 *
 * <p>Belongs here: keys, entries, blob files, the index, authentication, eviction. Does not
 * belong here: turning objects into bytes ({@code dev.javacached.store.codec}), and anything
 * about Jupyter, JShell or notebooks: a key is an opaque string, a class name comes through the
 * caller's {@link dev.javacached.store.ClassResolver}.
 */
package dev.javacached.store;
