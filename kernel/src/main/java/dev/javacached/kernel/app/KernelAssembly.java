package dev.javacached.kernel.app;

import dev.javacached.kernel.cache.CachedEngine;
import dev.javacached.kernel.cache.CachingHook;
import dev.javacached.kernel.engine.Engine;
import dev.javacached.kernel.engine.JShellEngine;
import dev.javacached.kernel.log.Log;
import dev.javacached.kernel.magic.CachedClasspath;
import dev.javacached.kernel.magic.MagicDispatcher;
import dev.javacached.kernel.magic.SemicolonMagic;
import dev.javacached.kernel.magic.maven.ClasspathLedger;
import dev.javacached.kernel.magic.maven.MavenMagics;
import dev.javacached.kernel.magic.maven.MavenResolver;
import dev.javacached.store.CacheStore;
import dev.javacached.store.RocksCacheStore;
import dev.javacached.store.StoreConfig;
import dev.javacached.store.UnavailableStore;
import dev.javacached.store.remote.RemoteConfig;
import dev.javacached.store.remote.RemoteTier;
import java.nio.file.Path;

/**
 * Builds the kernel's engine, a chain of wrappers that a cell meets in this order:
 * <ol>
 *   <li>{@link CachedEngine}: a cell, with the cache around it (begin/end the cell, its report
 *       and restore summary; opens the {@link LazyStore} after the cell, closes it last);</li>
 *   <li>{@link MagicDispatcher}: {@code %cache}, {@code %maven}, {@code %%nocache}, ... and the
 *       Java between them;</li>
 *   <li>{@link JShellEngine}: splits the Java into snippets on its JShell thread and calls its
 *       hook around each one: {@link DeferredHook}, filled in with</li>
 *   <li>{@link CachingHook}: the per-snippet restore/run/store decision, over</li>
 *   <li>{@link LazyStore}: the {@link RocksCacheStore}, opened at first use, behind the shared
 *       {@link RemoteTier} when one is configured.</li>
 * </ol>
 * Dependencies point one way: cached engine → dispatcher → JShell engine → hook → store.
 */
final class KernelAssembly {
    private KernelAssembly() {
    }

    /** The full engine over the cache in {@code cacheDir}; the store is closed with the engine. */
    static Engine create(Path cacheDir) {
        Log.debug("engine assembly started %s", Main.sinceStart());
        // JShell's start (on its own thread) is the long pole of the kernel's start: begin it
        // first, and warm up the hook's parser on this thread meanwhile. The store opens at
        // its first use (LazyStore).
        DeferredHook deferred = new DeferredHook();
        JShellEngine jshell = new JShellEngine(deferred);
        LazyStore store = new LazyStore(cacheDir, () -> openStore(cacheDir));
        try {
            CachingHook hook = new CachingHook(store);
            deferred.set(hook);
            hook.warmUp();                                  // javac's parser
            Log.debug("hook warmed up %s", Main.sinceStart());
            CachingHook.startLibraryThreads();              // before any snippet's file window
            Log.debug("library threads started %s", Main.sinceStart());
            MavenResolver resolver = new MavenResolver(MavenResolver.Options.defaults()
                    .withDigestCache(cacheDir.resolve("jar-digests.properties")));
            ClasspathLedger ledger = new ClasspathLedger();
            MagicDispatcher dispatcher = MagicDispatcher.builder(jshell, hook)
                    .cacheMagic(store)
                    .magics(MavenMagics.create(resolver, ledger, Path.of("").toAbsolutePath()))
                    .cellMagics(MavenMagics.cellMagics(resolver, ledger, Path.of("").toAbsolutePath()))
                    .magic(new SemicolonMagic(new SemicolonMagic.Rule() {
                        @Override
                        public boolean hides() {
                            return jshell.semicolonHidesValue();
                        }

                        @Override
                        public void hides(boolean hides) {
                            jshell.semicolonHidesValue(hides);
                        }
                    }))
                    .service(new CachedClasspath(jars -> jshell.addToClasspath(jars.toArray(Path[]::new)), ledger,
                            hook))
                    .build();
            Log.debug("engine assembled %s", Main.sinceStart());
            return new CachedEngine(dispatcher, hook, store, () -> store.openSoon(hook::awaitStartMoment,
                    hook::awaitIdle, CachingHook::warmUpRestores));
        } catch (RuntimeException | Error e) {
            jshell.close();
            store.close();
            throw e;
        }
    }

    static Engine create() {
        return create(StoreConfig.defaultDirectory());
    }

    /** The local store behind the shared remote tier, when one is configured (JAVA_CACHED_REMOTE, remote.properties). */
    private static CacheStore withRemote(RocksCacheStore local, Path dir) {
        try {
            return RemoteConfig.resolve(System.getenv(), dir).<CacheStore>map(c -> RemoteTier.over(local, c)).orElse(local);
        } catch (java.io.IOException e) {
            Log.warn("remote tier off: %s", e.getMessage());
            return local;
        }
    }

    private static CacheStore openStore(Path dir) {
        try {
            RocksCacheStore store = RocksCacheStore.open(dir);
            Log.debug("cache store opened %s", Main.sinceStart());
            return withRemote(store, dir);
        } catch (Exception | UnsatisfiedLinkError e) {
            String reason = e.getMessage() == null ? e.toString() : e.getMessage();
            Log.warn("cache disabled: cannot open %s: %s", dir, reason);
            return new UnavailableStore(dir, reason);
        }
    }
}
