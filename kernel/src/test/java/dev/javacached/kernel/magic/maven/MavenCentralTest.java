package dev.javacached.kernel.magic.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Needs Maven Central (or the mirror in ~/.m2/settings.xml); downloads 4 KB into a temp folder.
 * Runs only with {@code -Djava.cached.slowTests=true} (test.sh sets it), so that an offline
 * build's tests pass.
 */
@EnabledIfSystemProperty(named = "java.cached.slowTests", matches = "true")
class MavenCentralTest {
    @TempDir
    Path localRepo;

    @Test
    void resolve_smallRealArtifact_downloadsAndVerifiesIt() throws Exception {
        try (MavenResolver resolver = new MavenResolver(MavenResolver.Options.defaults().withLocalRepository(localRepo))) {
            MavenResolver.Resolution r = resolver.resolve(List.of("org.jspecify:jspecify:1.0.0"), List.of(), Progress.NONE);

            assertFalse(r.offline());
            assertEquals(1, r.jars().size());
            ResolvedJar jar = r.jars().get(0);
            assertEquals("org.jspecify:jspecify:1.0.0", jar.id());
            assertTrue(jar.path().startsWith(localRepo), jar.path().toString());
            assertEquals(Files.size(jar.path()), jar.size());
            assertEquals("1fad6e6be7557781e4d33729d49ae1cdc8fdda6fe477bb0cc68ce351eafdfbab", jar.sha256());
            assertEquals("Resolved 1 artifact (3.7 KB) for org.jspecify:jspecify:1.0.0", r.summary());
        }
    }
}
