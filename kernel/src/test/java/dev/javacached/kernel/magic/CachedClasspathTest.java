package dev.javacached.kernel.magic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.javacached.kernel.cache.ClasspathState;
import dev.javacached.kernel.magic.maven.ClasspathLedger;
import dev.javacached.kernel.magic.maven.ResolvedJar;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CachedClasspathTest {
    @TempDir
    Path dir;

    @Test
    void addToClasspath_addsToEngineThenTellsTheCache() throws Exception {
        try (HookSession s = new HookSession(dir)) {
            List<Path> added = new ArrayList<>();
            ClasspathLedger ledger = new ClasspathLedger();
            CachedClasspath target = new CachedClasspath(added::addAll, ledger, s.hook);
            ResolvedJar jar = new ResolvedJar("org.x:lib", "1.2", dir.resolve("lib-1.2.jar"), 10, "ab".repeat(32));
            ledger.commit(List.of(jar), "%maven org.x:lib:1.2", target);
            assertEquals(List.of(jar.path()), added);
            assertEquals(List.of("org.x:lib:1.2"), s.hook.classpath().coordinates());
            assertEquals(1, s.hook.classpath().jarDigests().size());
        }
    }

    @Test
    void addToClasspath_engineRefuses_cacheKeepsOldClasspath() throws Exception {
        try (HookSession s = new HookSession(dir)) {
            ClasspathLedger ledger = new ClasspathLedger();
            CachedClasspath target = new CachedClasspath(jars -> {
                throw new IllegalStateException("no");
            }, ledger, s.hook);
            ResolvedJar jar = new ResolvedJar("org.x:lib", "1.2", dir.resolve("lib-1.2.jar"), 10, "ab".repeat(32));
            assertThrows(Exception.class, () -> ledger.commit(List.of(jar), "%maven org.x:lib:1.2", target));
            assertEquals(ClasspathState.empty(), s.hook.classpath());
        }
    }
}
