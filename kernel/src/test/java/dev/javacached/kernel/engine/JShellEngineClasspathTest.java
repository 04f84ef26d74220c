package dev.javacached.kernel.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.javacached.kernel.testkit.RecordingSink;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JShellEngineClasspathTest {

    /** Compiles {@code demo.Greeter} into a jar, as %maven would download one. */
    private static Path greeterJar(Path dir) throws IOException {
        Path src = dir.resolve("src/demo/Greeter.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, "package demo; public class Greeter { public static String hi(String n) { return \"hi \" + n; } }");
        Path classes = dir.resolve("classes");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int rc = javac.run(null, null, null, "--release", "17", "-d", classes.toString(), src.toString());
        assertEquals(0, rc);
        Path jar = dir.resolve("greeter.jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jos = new JarOutputStream(out)) {
            jos.putNextEntry(new JarEntry("demo/Greeter.class"));
            jos.write(Files.readAllBytes(classes.resolve("demo/Greeter.class")));
            jos.closeEntry();
        }
        return jar;
    }

    @Test
    void addToClasspath_jar_isVisibleToCompilationAndExecution(@TempDir Path dir) throws IOException {
        Path jar = greeterJar(dir);
        try (JShellEngine engine = new JShellEngine()) {
            ExecuteOutcome before = engine.execute("demo.Greeter.hi(\"x\")", new RecordingSink());
            assertEquals("CompilationException", assertInstanceOf(ExecuteOutcome.Failure.class, before).ename());
            engine.addToClasspath(jar);
            ExecuteOutcome after = engine.execute("import demo.Greeter;\nGreeter.hi(\"x\")", new RecordingSink());
            assertEquals("\"hi x\"",
                    assertInstanceOf(ExecuteOutcome.Success.class, after).result().orElseThrow().plain());
        }
    }

    @Test
    void builderClasspath_jar_isVisibleFromTheStart(@TempDir Path dir) throws IOException {
        Path jar = greeterJar(dir);
        try (JShellEngine engine = JShellEngine.builder().classpath(jar).build()) {
            ExecuteOutcome outcome = engine.execute("demo.Greeter.hi(\"y\")", new RecordingSink());
            assertEquals("\"hi y\"",
                    assertInstanceOf(ExecuteOutcome.Success.class, outcome).result().orElseThrow().plain());
        }
    }
}
