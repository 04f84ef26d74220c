package dev.javacached.kernel.magic.maven;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/** A Maven repository in a folder: tiny jars compiled on the spot, minimal POMs. */
final class TestRepository {
    private final Path root;

    TestRepository(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    String url() {
        return root.toUri().toString();
    }

    /**
     * Installs {@code group:artifact:version} whose jar holds class {@code className}
     * (fully qualified) with {@code static String hello()} returning {@code greeting}, and
     * whose POM depends on {@code dependencies} ({@code g:a:v}).
     */
    Path install(String group, String artifact, String version, String className, String greeting,
            List<String> dependencies) throws IOException {
        Path dir = root.resolve(group.replace('.', '/')).resolve(artifact).resolve(version);
        Files.createDirectories(dir);
        Path jar = dir.resolve(artifact + "-" + version + ".jar");
        writeJar(jar, className, greeting);
        StringBuilder deps = new StringBuilder();
        for (String d : dependencies) {
            String[] p = d.split(":");
            deps.append("    <dependency><groupId>").append(p[0]).append("</groupId><artifactId>")
                    .append(p[1]).append("</artifactId><version>").append(p[2])
                    .append("</version></dependency>\n");
        }
        String pom = """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>%s</groupId>
                  <artifactId>%s</artifactId>
                  <version>%s</version>
                  <dependencies>
                %s  </dependencies>
                </project>
                """.formatted(group, artifact, version, deps);
        Files.writeString(dir.resolve(artifact + "-" + version + ".pom"), pom);
        return jar;
    }

    /** Writes a jar with one compiled class {@code className} whose {@code hello()} returns greeting. */
    static void writeJar(Path jar, String className, String greeting) throws IOException {
        int dot = className.lastIndexOf('.');
        String pkg = className.substring(0, dot);
        String simple = className.substring(dot + 1);
        Path work = Files.createTempDirectory("test-repo-src");
        Path source = work.resolve(simple + ".java");
        Files.writeString(source, "package " + pkg + ";\npublic class " + simple
                + " { public static String hello() { return \"" + greeting + "\"; } }\n");
        Path classes = Files.createDirectories(work.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int status = javac.run(null, null, null, "--release", "17", "-d", classes.toString(), source.toString());
        if (status != 0) {
            throw new IOException("javac failed for " + className);
        }
        String entry = className.replace('.', '/') + ".class";
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().putValue("Manifest-Version", "1.0");
        try (OutputStream out = Files.newOutputStream(jar);
                JarOutputStream jarOut = new JarOutputStream(out, manifest)) {
            jarOut.putNextEntry(new JarEntry(entry));
            jarOut.write(Files.readAllBytes(classes.resolve(entry)));
            jarOut.closeEntry();
        }
    }

    static void writeText(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
