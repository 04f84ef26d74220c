package dev.javacached.kernel.engine;

import dev.javacached.kernel.display.Display;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * What JShell compiles snippets against from the kernel: the display helpers (statically
 * imported into every session) and {@link Handoff}, copied as class files into a private
 * temporary folder. Not the kernel's jar: that is 79 MB with every dependency shaded in, and
 * on JShell's class path it cost about 120 ms of the first evaluation, had the background
 * indexer go through all its classes, and let notebooks compile against the kernel's own
 * libraries. At run time snippets still get the kernel's loaded classes (JShell's loader asks
 * its parent first), so there is one {@code Handoff} and one {@code Display}.
 */
final class SnippetApi {
    /** Class-file path prefixes that snippets may use. */
    private static final List<String> PREFIXES = List.of(
            Display.class.getPackageName().replace('.', '/') + "/",
            Handoff.class.getName().replace('.', '/'));

    private SnippetApi() {
    }

    /**
     * A folder holding the API's class files (deleted when the JVM exits); the kernel's own
     * location if they cannot be copied.
     */
    static Path classpathEntry() {
        Path kernel = kernelLocation();
        try {
            Path dir = Files.createTempDirectory("java-cached-api-");
            dir.toFile().deleteOnExit();
            if (Files.isDirectory(kernel)) {
                copyFromFolder(kernel, dir);
            } else {
                copyFromJar(kernel, dir);
            }
            return dir;
        } catch (IOException | RuntimeException e) {
            return kernel;
        }
    }

    private static boolean wanted(String classFile) {
        return classFile.endsWith(".class") && PREFIXES.stream().anyMatch(classFile::startsWith);
    }

    private static void copyFromJar(Path jar, Path dir) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                if (!entry.isDirectory() && wanted(entry.getName())) {
                    try (InputStream in = zip.getInputStream(entry)) {
                        write(dir, entry.getName(), in);
                    }
                }
            }
        }
    }

    private static void copyFromFolder(Path classes, Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                String name = classes.relativize(file).toString().replace('\\', '/');
                if (wanted(name)) {
                    try (InputStream in = Files.newInputStream(file)) {
                        write(dir, name, in);
                    }
                }
            }
        }
    }

    private static void write(Path dir, String name, InputStream in) throws IOException {
        Path target = dir.resolve(name);
        registerDirs(dir, target.getParent());
        Files.copy(in, target);
        target.toFile().deleteOnExit();
    }

    /** Creates the folders down to {@code parent}, each registered before its contents (deleteOnExit runs in reverse). */
    private static void registerDirs(Path dir, Path parent) throws IOException {
        if (parent.equals(dir) || Files.isDirectory(parent)) {
            return;
        }
        registerDirs(dir, parent.getParent());
        Files.createDirectory(parent);
        parent.toFile().deleteOnExit();
    }

    static Path kernelLocation() {
        try {
            return Path.of(Display.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the kernel's classes", e);
        }
    }
}
