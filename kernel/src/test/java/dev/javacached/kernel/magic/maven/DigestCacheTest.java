package dev.javacached.kernel.magic.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DigestCacheTest {
    @TempDir
    Path dir;

    @Test
    void sha256_persistsAcrossInstances() throws Exception {
        Path jar = Files.writeString(dir.resolve("a.jar"), "content");
        Path store = dir.resolve("cache/digests.properties");
        DigestCache first = new DigestCache(store);
        String digest = first.sha256(jar);
        first.flush();

        assertTrue(Files.readString(store).contains(digest));
        assertEquals(digest, new DigestCache(store).sha256(jar));
        assertEquals(JarFiles.sha256(jar), digest);
    }

    @Test
    void sha256_fileChanged_isRehashed() throws Exception {
        Path jar = Files.writeString(dir.resolve("a.jar"), "content");
        DigestCache cache = new DigestCache(dir.resolve("digests.properties"));
        String before = cache.sha256(jar);

        Files.writeString(jar, "CONTENT"); // same size
        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 5000));

        assertNotEquals(before, cache.sha256(jar));
        assertEquals(JarFiles.sha256(jar), cache.sha256(jar));
    }

    @Test
    void sha256_corruptStore_isIgnored() throws Exception {
        Path jar = Files.writeString(dir.resolve("a.jar"), "content");
        Path store = Files.writeString(dir.resolve("digests.properties"), "\\u12");

        assertEquals(JarFiles.sha256(jar), new DigestCache(store).sha256(jar));
    }
}
