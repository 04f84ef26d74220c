package dev.javacached.kernel.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.javacached.kernel.testkit.RecordingSink;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Notebook code sees the JDK, the snippet API and what the notebook added, never the kernel's own
 * classes and libraries, which this test JVM has on its class path (Jackson, Fory, RocksDB, ASM,
 * the kernel's classes folder) just as the kernel jar does.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NotebookLoaderTest {
    private final JShellEngine engine = new JShellEngine();
    private Path jar;

    /**
     * A jar with its own {@code com.fasterxml.jackson.databind.ObjectMapper} (the kernel's Jackson
     * has one too), a {@code Supplier} service provider and a plain resource.
     */
    @BeforeAll
    void addJar(@TempDir Path dir) throws IOException {
        jar = jar(dir, Map.of(
                "com/fasterxml/jackson/databind/ObjectMapper.java",
                "package com.fasterxml.jackson.databind; public class ObjectMapper {"
                        + " public static String who() { return \"the notebook's\"; } }",
                "demo/Hello.java",
                "package demo; public class Hello implements java.util.function.Supplier<String> {"
                        + " public String get() { return \"hello from a service\"; } }"),
                Map.of("META-INF/services/java.util.function.Supplier", "demo.Hello\n",
                        "demo/greeting.txt", "hi"));
        engine.addToClasspath(jar);
    }

    @AfterAll
    void close() {
        engine.close();
    }

    private String result(String code) {
        return RecordingSink.resultOf(engine, code);
    }

    /** Whether {@code name} loads from a cell (Class.forName with the cell's own loader). */
    private String loads(String name) {
        result("String loads(String name) { try { Class.forName(name); return \"loads\"; }"
                + " catch (ClassNotFoundException e) { return \"not found\"; } }\n1");
        return result("loads(\"" + name + "\")");
    }

    @Test
    void kernelClassesAndLibraries_areNotVisible() {
        for (String name : List.of("org.apache.fory.Fory", "org.rocksdb.RocksDB", "org.objectweb.asm.ClassReader",
                "com.fasterxml.jackson.core.JsonFactory", "org.zeromq.ZMQ",
                "dev.javacached.kernel.cache.CachingHook", "dev.javacached.kernel.engine.JShellEngine",
                "dev.javacached.store.RocksCacheStore")) {
            assertEquals("\"not found\"", loads(name), name);
        }
        assertEquals("true", result("Thread.currentThread().getContextClassLoader()"
                + ".getResource(\"dev/javacached/kernel/engine/JShellEngine.class\") == null"));
        // nor to the compiler: JShell starts its class path from java.class.path
        ExecuteOutcome compiled = engine.execute("org.apache.fory.Fory fory = null;", new RecordingSink());
        assertEquals("CompilationException", assertInstanceOf(ExecuteOutcome.Failure.class, compiled).ename());
        assertEquals("true", result("new Object() { }.getClass().getClassLoader() != ClassLoader.getSystemClassLoader()"));
    }

    @Test
    void addedJar_winsOverTheKernelsLibrary_withItsOwnCodeSource() {
        assertEquals("\"the notebook's\"", result("com.fasterxml.jackson.databind.ObjectMapper.who()"));
        assertEquals("\"" + jar + "\"", result("Path.of(com.fasterxml.jackson.databind.ObjectMapper.class"
                + ".getProtectionDomain().getCodeSource().getLocation().toURI()).toString()"));
        assertEquals("\"hi\"", result("new String(Thread.currentThread().getContextClassLoader()"
                + ".getResourceAsStream(\"demo/greeting.txt\").readAllBytes())"));
    }

    @Test
    void serviceLoaderAndContextLoader_seeTheNotebooksJars_alsoInThreadsTheCellStarts() {
        assertEquals("\"hello from a service\"", result("ServiceLoader.load(Supplier.class).stream()"
                + ".map(p -> (String) p.get().get()).findFirst().orElse(\"none\")"));
        assertEquals("\"demo.Hello\"", result("String[] viaThread = new String[1];"
                + " Thread t = new Thread(() -> { try { viaThread[0] = Thread.currentThread().getContextClassLoader()"
                + ".loadClass(\"demo.Hello\").getName(); } catch (Exception e) { viaThread[0] = e.toString(); } });"
                + " t.start(); t.join(); viaThread[0]"));
    }

    @Test
    void jdk_isVisible_includingModulesTheSystemLoaderDefines() {
        assertEquals("true", result("java.sql.Types.class.getName().length() > 0"));
        assertEquals("\"com.sun.source.tree.Tree\"", result("Class.forName(\"com.sun.source.tree.Tree\").getName()"));
        assertEquals("true", result("javax.tools.ToolProvider.getSystemJavaCompiler() != null"));
        assertEquals("true", result("java.util.random.RandomGenerator.of(\"L64X128MixRandom\").nextInt(1) == 0"));
    }

    @Test
    void snippetApi_isTheKernelsOwn_andSnippetClassesReadAsResources() {
        assertEquals("true", result("dev.javacached.kernel.engine.Handoff.class.getClassLoader()"
                + " == ClassLoader.getSystemClassLoader()"));
        assertEquals("true", result("class Probe { }\n"
                + "Probe.class.getResourceAsStream(\"/\" + Probe.class.getName().replace('.', '/') + \".class\") != null"));
        RecordingSink sink = new RecordingSink();
        ExecuteOutcome shown = engine.execute("display(\"<b>x</b>\", \"text/html\");", sink);
        assertInstanceOf(ExecuteOutcome.Success.class, shown, shown.toString());
        assertEquals(1, sink.displays().size());
    }

    /** Compiles {@code sources} (path → text) into a jar with {@code resources} (path → text). */
    static Path jar(Path dir, Map<String, String> sources, Map<String, String> resources) throws IOException {
        Path src = Files.createDirectories(dir.resolve("src"));
        String[] args = Stream.concat(Stream.of("--release", "17", "-d", dir.resolve("classes").toString()),
                sources.keySet().stream().map(name -> src.resolve(name).toString())).toArray(String[]::new);
        for (Map.Entry<String, String> e : sources.entrySet()) {
            Path file = src.resolve(e.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, e.getValue());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertEquals(0, javac.run(null, null, null, args));
        Path jar = dir.resolve("notebook-lib.jar");
        Path classes = dir.resolve("classes");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jos = new JarOutputStream(out);
             Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                jos.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                jos.write(Files.readAllBytes(f));
                jos.closeEntry();
            }
            for (Map.Entry<String, String> e : resources.entrySet()) {
                jos.putNextEntry(new JarEntry(e.getKey()));
                jos.write(e.getValue().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                jos.closeEntry();
            }
        }
        assertTrue(Files.size(jar) > 0);
        return jar;
    }
}
