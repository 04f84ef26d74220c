package dev.javacached.kernel.cache;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A snippet's cache key and everything that went into it.
 *
 * @param key              SHA-256 hex: the store key
 * @param normalizedSource the token stream joined by spaces
 * @param dependencies     every top-level declaration reachable from the snippet (sorted)
 * @param imports          the normalised imports in effect (sorted)
 * @param classpath        the classpath state
 * @param javaFeature      {@code Runtime.version().feature()}
 */
public record Fingerprint(String key, String normalizedSource, List<Dependency> dependencies, List<String> imports,
                         ClasspathState classpath, int javaFeature) {
    static final String DEP_PREFIX = "dep.";

    public Fingerprint {
        dependencies = List.copyOf(dependencies);
        imports = List.copyOf(imports);
    }

    /** The provenance recorded with a store entry: enough to explain a later miss. */
    public Map<String, String> provenance() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("fingerprint", key);
        p.put("format", DependencyGraph.FORMAT_VERSION);
        p.put("source", normalizedSource);
        p.put("imports", String.join("\n", imports));
        p.put("classpath", classpath.fingerprint());
        p.put("classpath.coordinates", String.join(",", classpath.coordinates()));
        p.put("java", Integer.toString(javaFeature));
        for (Dependency d : dependencies) {
            p.put(d.provenanceKey(), d.provenanceValue());
        }
        return p;
    }
}
