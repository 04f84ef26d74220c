package dev.javacached.kernel.magic;

import dev.javacached.kernel.cache.CachingHook;
import dev.javacached.kernel.cache.ClasspathState;
import dev.javacached.kernel.magic.maven.ClasspathLedger;
import dev.javacached.kernel.magic.maven.ClasspathTarget;
import dev.javacached.kernel.magic.maven.ResolvedJar;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The {@link ClasspathTarget} to give the dispatcher as a service: adds the jars to the
 * engine, then tells the cache the new classpath, so every later fingerprint includes it.
 * The ledger holds the new jars while the target runs; if the engine refuses them the hook
 * is not told (and the ledger rolls back).
 */
public final class CachedClasspath implements ClasspathTarget {
    private final ClasspathTarget engine;
    private final ClasspathLedger ledger;
    private final CachingHook hook;

    /** {@code engine} is e.g. {@code jars -> jshellEngine.addToClasspath(jars.toArray(Path[]::new))}. */
    public CachedClasspath(ClasspathTarget engine, ClasspathLedger ledger, CachingHook hook) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.hook = Objects.requireNonNull(hook, "hook");
    }

    @Override
    public void addToClasspath(List<Path> jars) throws Exception {
        engine.addToClasspath(jars);
        hook.setClasspath(state(ledger.jars()));
    }

    /** The cache's view of the ledger: Maven coordinates with versions, and every jar's digest. */
    static ClasspathState state(List<ResolvedJar> jars) {
        Map<String, String> digests = new LinkedHashMap<>();
        List<String> coordinates = jars.stream().filter(j -> !j.local()).map(ResolvedJar::id).toList();
        for (ResolvedJar j : jars) {
            digests.put(j.local() ? j.id() : j.id() + "@" + j.fileName(), j.sha256());
        }
        return new ClasspathState(coordinates, digests);
    }
}
