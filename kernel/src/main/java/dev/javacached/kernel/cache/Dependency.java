package dev.javacached.kernel.cache;

/**
 * One top-level declaration a snippet depends on, directly or transitively.
 *
 * @param kind  what it is
 * @param label the name; for methods the signature as written, {@code normalize(double[])}
 * @param value for methods and types the hash of their own source (and imports); for variables
 *              their state version
 * @param base  for variables the fingerprint of their declaration (so an explanation can tell
 *              "redeclared" from "changed by a later cell"); "" otherwise
 */
public record Dependency(Kind kind, String label, String value, String base) {
    public enum Kind { METHOD, TYPE, VAR }

    /** The provenance key this dependency is recorded under in a store entry. */
    public String provenanceKey() {
        return Fingerprint.DEP_PREFIX + kind.name().toLowerCase(java.util.Locale.ROOT) + " " + label;
    }

    public String provenanceValue() {
        return base.isEmpty() ? value : value + " " + base;
    }
}
