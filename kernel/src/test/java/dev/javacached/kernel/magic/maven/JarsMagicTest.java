package dev.javacached.kernel.magic.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.javacached.kernel.magic.MagicContext;
import dev.javacached.kernel.magic.MagicResult;
import dev.javacached.kernel.testkit.RecordingSink;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JarsMagicTest {
    @TempDir
    static Path compiled;

    static Path greeterJar;
    static Path helperJar;

    @TempDir
    Path dir;

    ClasspathLedger ledger;
    RecordingTarget target;
    MagicContext ctx;

    @BeforeAll
    static void compileJars() throws IOException {
        greeterJar = compiled.resolve("greeter.jar");
        TestRepository.writeJar(greeterJar, "demo.jars.Greeter", "greeter");
        helperJar = compiled.resolve("helper.jar");
        TestRepository.writeJar(helperJar, "demo.jars.Helper", "helper");
    }

    @BeforeEach
    void setUp() throws IOException {
        ledger = new ClasspathLedger();
        target = new RecordingTarget();
        ctx = MagicContext.of(new RecordingSink(), target);
        Files.createDirectories(dir.resolve("lib/nested"));
        Files.copy(greeterJar, dir.resolve("lib/greeter.jar"));
        Files.copy(helperJar, dir.resolve("lib/nested/helper.jar"));
        Files.writeString(dir.resolve("lib/README.txt"), "not a jar");
    }

    MagicResult jars(String args) {
        return new JarsMagic(ledger, dir).run(args, ctx);
    }

    static MagicResult.Failure failure(MagicResult result) {
        return assertInstanceOf(MagicResult.Failure.class, result);
    }

    @Test
    void run_glob_addsMatchingJarsOnly() throws Exception {
        MagicResult result = jars("lib/*.jar");

        MagicResult.Success ok = assertInstanceOf(MagicResult.Success.class, result);
        assertTrue(ok.display().orElseThrow().plain().startsWith("Added 1 jar"), ok.display().toString());
        assertEquals(1, target.added.size());
        assertEquals("greeter", target.callHello("demo.jars.Greeter"));
        assertEquals("", ledger.jars().get(0).version());
    }

    @Test
    void run_recursiveGlob_findsNestedJars() {
        assertInstanceOf(MagicResult.Success.class, jars("lib/**.jar"));

        assertEquals(2, target.added.size());
    }

    @Test
    void run_absolutePathAndQuotes_work() throws IOException {
        Path spaced = Files.createDirectories(dir.resolve("with space"));
        Files.copy(greeterJar, spaced.resolve("g.jar"));

        assertInstanceOf(MagicResult.Success.class, jars("\"" + spaced.resolve("g.jar") + "\""));

        assertEquals(1, ledger.jars().size());
    }

    @Test
    void run_textFile_failsNotAJar_andAddsNothing() throws IOException {
        Files.writeString(dir.resolve("fake.jar"), "hello, I am text");

        MagicResult.Failure f = failure(jars("lib/greeter.jar fake.jar"));

        assertEquals("NotAJar", f.name());
        assertTrue(f.message().contains("fake.jar"), f.message());
        assertTrue(f.message().contains("not a zip"), f.message());
        assertTrue(ledger.jars().isEmpty());
        assertTrue(target.added.isEmpty());
    }

    @Test
    void run_emptyZip_failsNotAJar() throws IOException {
        try (OutputStream out = Files.newOutputStream(dir.resolve("empty.jar"));
                ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.setComment("no entries");
        }

        MagicResult.Failure f = failure(jars("empty.jar"));

        assertEquals("NotAJar", f.name());
        assertTrue(f.message().contains("empty.jar"), f.message());
    }

    @Test
    void run_missingFileOrEmptyGlob_fails() {
        assertTrue(failure(jars("nope.jar")).message().contains("nope.jar"));
        assertTrue(failure(jars("lib/*.war")).message().contains("no files match"));
        assertTrue(ledger.jars().isEmpty());
    }

    @Test
    void run_jarChangedOnDisk_isAConflict() throws IOException {
        jars("lib/greeter.jar");
        Files.copy(helperJar, dir.resolve("lib/greeter.jar"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        MagicResult.Failure f = failure(jars("lib/greeter.jar"));

        assertEquals("VersionConflict", f.name());
        assertTrue(f.message().contains("changed on disk"), f.message());
        assertEquals(1, target.added.size());
    }

    /** IJava's %classpath PATH adds; without arguments it lists what was added. */
    @Test
    void classpathWithPaths_addsLikeJars_withoutListsThem() throws Exception {
        ClasspathMagic classpath = new ClasspathMagic(ledger, new JarsMagic(ledger, dir));
        assertInstanceOf(MagicResult.Success.class, classpath.run("lib/greeter.jar", ctx));
        assertEquals("greeter", target.callHello("demo.jars.Greeter"));
        String listed = assertInstanceOf(MagicResult.Success.class, classpath.run("", ctx)).display().orElseThrow()
                .plain();
        assertTrue(listed.startsWith("1 jar added this session"), listed);
        assertTrue(listed.contains("greeter.jar"), listed);
    }

    /** IJava's %jars FOLDER: the jars directly in it (not nested ones, not other files). */
    @Test
    void run_folder_addsTheJarsInIt() throws Exception {
        assertInstanceOf(MagicResult.Success.class, jars("lib/"));
        assertEquals(List.of("greeter.jar"), ledger.jars().stream().map(ResolvedJar::fileName).toList());
        Files.createDirectories(dir.resolve("empty"));
        assertTrue(failure(jars("empty")).message().contains("no jars in the folder"));
    }
}
