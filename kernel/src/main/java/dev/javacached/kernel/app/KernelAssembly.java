package dev.javacached.kernel.app;

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
import java.nio.file.Path;

/**
 * Builds the kernel's engine: the JShell engine with the cache hook around every snippet,
 * wrapped by the magic dispatcher (%cache, %maven, %%nocache, ...). Dependencies point one
 * way: dispatcher → engine → hook → store.
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
        CacheStore store = new LazyStore(cacheDir, () -> openStore(cacheDir));
        try {
            CachingHook hook = new CachingHook(store);
            deferred.set(hook);
            hook.warmUp();                                  // javac's parser
            Log.debug("hook warmed up %s", Main.sinceStart());
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
            return new StoreClosingEngine(dispatcher, store);
        } catch (RuntimeException | Error e) {
            jshell.close();
            store.close();
            throw e;
        }
    }

    static Engine create() {
        return create(StoreConfig.defaultDirectory());
    }

    private static CacheStore openStore(Path dir) {
        try {
            RocksCacheStore store = RocksCacheStore.open(dir);
            Log.debug("cache store opened %s", Main.sinceStart());
            return store;
        } catch (Exception | UnsatisfiedLinkError e) {
            String reason = e.getMessage() == null ? e.toString() : e.getMessage();
            Log.warn("cache disabled: cannot open %s: %s", dir, reason);
            return new UnavailableStore(dir, reason);
        }
    }
}
