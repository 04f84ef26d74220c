package dev.javacached.kernel.engine;

import dev.javacached.kernel.display.Display;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What JShell compiles snippets against from the kernel: the display helpers (statically
 * imported into every session) and {@link Handoff}, copied as class files into a private
 * folder. Not the kernel's jar: that is 79 MB with every dependency shaded in, and
 * on JShell's class path it cost about 120 ms of the first evaluation, had the background
 * indexer go through all its classes, and let notebooks compile against the kernel's own
 * libraries. At run time snippets get the kernel's loaded classes of this API and nothing
 * else of the kernel ({@link NotebookLoader}), so there is one {@code Handoff} and one
 * {@code Display}.
 */
public final class SnippetApi {
    /**
     * The classes snippets compile against: what the display helpers' signatures mention, and
     * the handoff. Each is copied with its nested classes. (Looked up by name: enumerating the
     * kernel jar's 5000 entries cost about 90 ms of a fresh JVM's start.)
     */
    private static final List<Class<?>> API = List.of(Display.class, dev.javacached.kernel.display.DisplayTarget.class,
            dev.javacached.kernel.display.Html.class, dev.javacached.kernel.display.Markdown.class,
            dev.javacached.kernel.display.MimeBundle.class, dev.javacached.kernel.display.Renderer.class,
            dev.javacached.kernel.display.Renderers.class, Handoff.class);

    private SnippetApi() {
    }

    /**
     * The kernel's classes that snippet code may name at run time, by binary name: the API with
     * its nested classes, and {@link ExitGuard}, which the rewritten exit calls go to. The
     * notebook's class loader takes exactly these from the kernel ({@link NotebookLoader}).
     */
    static java.util.Map<String, Class<?>> runtimeClasses() {
        java.util.Map<String, Class<?>> classes = new java.util.HashMap<>();
        List<Class<?>> hosts = new java.util.ArrayList<>(API);
        hosts.add(ExitGuard.class);
        for (Class<?> host : hosts) {
            for (Class<?> member : host.getNestMembers()) {
                classes.put(member.getName(), member);
            }
        }
        return classes;
    }

    /** System property naming a folder the installer filled with {@link #writeInto}. */
    public static final String PROPERTY = "java.cached.api";
    private static final String STAMP = "kernel-stamp";

    /**
     * What JShell compiles against: the kernel's own class folder when it runs from one
     * (development, tests); else the installed folder ({@link #PROPERTY}) when it was written
     * from this very jar; else a private temporary copy, deleted when the JVM exits.
     */
    static Path classpathEntry() {
        Path kernel = kernelLocation();
        if (Files.isDirectory(kernel)) {
            return kernel;
        }
        String installed = System.getProperty(PROPERTY);
        if (installed != null) {
            Path dir = Path.of(installed);
            try {
                if (Files.readString(dir.resolve(STAMP)).equals(stamp(kernel))) {
                    return dir;
                }
            } catch (IOException | RuntimeException e) {
                // missing or written by another jar: a temporary copy below
            }
        }
        try {
            Path dir = Files.createTempDirectory("java-cached-api-");
            dir.toFile().deleteOnExit();
            copyInto(dir, true);
            return dir;
        } catch (IOException | RuntimeException e) {
            return kernel;
        }
    }

    /** Writes the API's class files into {@code dir} (the installer, next to kernel.json); returns it. */
    public static Path writeInto(Path dir) throws IOException {
        Files.createDirectories(dir);
        copyInto(dir, false);
        Files.writeString(dir.resolve(STAMP), stamp(kernelLocation()));
        return dir;
    }

    /** The kernel jar's identity: name, size and time (no hashing: this runs at every start). */
    private static String stamp(Path kernel) throws IOException {
        return kernel.toAbsolutePath() + " " + Files.size(kernel) + " " + Files.getLastModifiedTime(kernel).toMillis();
    }

    private static void copyInto(Path dir, boolean deleteOnExit) throws IOException {
        for (Class<?> type : API) {
            for (Class<?> member : type.getNestMembers()) {
                String name = member.getName().replace('.', '/') + ".class";
                try (InputStream in = SnippetApi.class.getClassLoader().getResourceAsStream(name)) {
                    if (in == null) {
                        throw new IOException(name + " not found");
                    }
                    write(dir, name, in, deleteOnExit);
                }
            }
        }
    }

    private static void write(Path dir, String name, InputStream in, boolean deleteOnExit) throws IOException {
        Path target = dir.resolve(name);
        registerDirs(dir, target.getParent(), deleteOnExit);
        Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        if (deleteOnExit) {
            target.toFile().deleteOnExit();
        }
    }

    /** Creates the folders down to {@code parent}, each registered before its contents (deleteOnExit runs in reverse). */
    private static void registerDirs(Path dir, Path parent, boolean deleteOnExit) throws IOException {
        if (parent.equals(dir) || Files.isDirectory(parent)) {
            return;
        }
        registerDirs(dir, parent.getParent(), deleteOnExit);
        Files.createDirectory(parent);
        if (deleteOnExit) {
            parent.toFile().deleteOnExit();
        }
    }

    static Path kernelLocation() {
        try {
            return Path.of(Display.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the kernel's classes", e);
        }
    }
}
