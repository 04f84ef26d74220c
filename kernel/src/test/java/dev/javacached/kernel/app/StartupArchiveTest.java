package dev.javacached.kernel.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.javacached.kernel.app.StartupArchive.Kind;
import dev.javacached.kernel.app.StartupArchive.Stamp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StartupArchiveTest {
    @TempDir
    Path tmp;

    private Stamp stampFor(Path jar, Path archive, boolean made) throws Exception {
        return new Stamp(Kind.DYNAMIC_ARCHIVE, archive, "17.0.1 /jdk", Files.size(jar),
                Files.getLastModifiedTime(jar).toMillis(), List.of("-Xms32m", "--add-modules=m"), List.of("-jar", jar.toString()),
                made);
    }

    @Test
    void stamp_roundTripsThroughItsFile() throws Exception {
        Path jar = Files.write(tmp.resolve("k.jar"), new byte[] {1, 2, 3});
        Stamp stamp = stampFor(jar, tmp.resolve("java-cached.jsa"), true);
        StartupArchive.write(tmp.resolve("stamp.json"), stamp);
        assertEquals(stamp, StartupArchive.read(tmp.resolve("stamp.json")));
    }

    @Test
    void staleBecause_namesTheJdkTheJarOrTheMissingArchive() throws Exception {
        Path jar = Files.write(tmp.resolve("k.jar"), new byte[] {1, 2, 3});
        Path archive = Files.write(tmp.resolve("java-cached.jsa"), new byte[] {9});
        Stamp stamp = stampFor(jar, archive, true);
        assertNull(stamp.staleBecause("17.0.1 /jdk", jar));
        assertEquals("made by JDK 17.0.1 /jdk, running on 17.0.2 /jdk", stamp.staleBecause("17.0.2 /jdk", jar));
        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 2000));
        assertTrue(stamp.staleBecause("17.0.1 /jdk", jar).endsWith("changed since it was made"));
        Files.write(jar, new byte[] {1, 2, 3, 4});
        assertTrue(stamp.staleBecause("17.0.1 /jdk", jar).endsWith("changed since it was made"));
        Stamp fresh = stampFor(jar, archive, true);
        Files.delete(archive);
        assertTrue(fresh.staleBecause("17.0.1 /jdk", jar).endsWith("is missing"));
    }

    @Test
    void staleBecause_failedDumpIsNotRetriedForTheSameJarAndJdk() throws Exception {
        Path jar = Files.write(tmp.resolve("k.jar"), new byte[] {1});
        Stamp failed = stampFor(jar, tmp.resolve("never-made.jsa"), false);
        assertNull(failed.staleBecause("17.0.1 /jdk", jar));
        assertTrue(failed.staleBecause("25 /jdk25", jar) != null);
    }

    @Test
    void refresh_whileAnotherRefreshHoldsTheLock_leavesEverythingAlone() throws Exception {
        Path jar = Files.write(tmp.resolve("k.jar"), new byte[] {1});
        Path stampFile = tmp.resolve(StartupArchive.STAMP_FILE);
        Stamp stale = new Stamp(Kind.DYNAMIC_ARCHIVE, tmp.resolve("java-cached.jsa"), "another jdk", 1, 1,
                List.of(), List.of("-jar", jar.toString()), true);
        StartupArchive.write(stampFile, stale);
        Files.createFile(tmp.resolve(StartupArchive.STAMP_FILE + ".lock"));
        assertEquals(0, StartupArchive.refresh(stampFile, "/no/such/java", jar));
        assertEquals(stale, StartupArchive.read(stampFile));
    }

    @Test
    void refresh_dumpThatFails_isRecordedSoItIsNotRetried() throws Exception {
        Path jar = Files.write(tmp.resolve("k.jar"), new byte[] {1});
        Path stampFile = tmp.resolve(StartupArchive.STAMP_FILE);
        StartupArchive.write(stampFile, new Stamp(Kind.DYNAMIC_ARCHIVE, tmp.resolve("java-cached.jsa"), "another jdk",
                1, 1, List.of(), List.of("-jar", jar.toString()), true));
        assertEquals(1, StartupArchive.refresh(stampFile, "/no/such/java", jar));
        Stamp after = StartupArchive.read(stampFile);
        assertEquals(false, after.made());
        assertEquals(StartupArchive.runningJdk(), after.jdk());
        assertNull(after.staleBecause(StartupArchive.runningJdk(), jar));
        assertTrue(Files.notExists(tmp.resolve(StartupArchive.STAMP_FILE + ".lock")));
    }
}
