/**
 * Values to bytes and back: {@link dev.javacached.store.codec.ValueCodec} (fast paths for
 * primitive arrays, strings and boxes; every other object graph through Apache Fory in
 * {@code GraphCodec}), {@link dev.javacached.store.codec.RoundTrip} (a value is stored only if
 * its bytes decode to the same graph), and the framing ({@code Output}, {@code Input}).
 *
 * <p>Belongs here: encoding, decoding and the checks that make a decoded value the stored one;
 * {@link dev.javacached.store.codec.JdkValueTypes}, the one list of immutable JDK value types
 * (and of the value-based java.time classes).
 * Does not belong here: files, hashing for integrity and the index (the store package).
 */
package dev.javacached.store.codec;
