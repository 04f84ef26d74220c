package dev.javacached.kernel.engine;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.URLConnection;
import java.net.URLStreamHandler;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import jdk.jshell.execution.LoaderDelegate;
import jdk.jshell.spi.ExecutionControl.ClassBytecodes;
import jdk.jshell.spi.ExecutionControl.ClassInstallException;
import jdk.jshell.spi.ExecutionControl.InternalException;

/**
 * Where notebook code is loaded: the JDK, the snippet API, the classes JShell compiles from the
 * cells, and the jars {@code %maven}, {@code %jars} and {@code %classpath} add. Never the kernel's
 * own libraries: the kernel jar carries Jackson, Gson, slf4j, Guava, Fory, RocksDB and more,
 * unrelocated, and JShell's default loader asks the system class loader first, so a notebook's
 * {@code %maven jackson-databind:2.9} used to run against the kernel's Jackson 2.18.
 *
 * <p>Two loaders:
 * <ul>
 * <li>{@link Notebook}: defines the snippet classes from the bytecodes JShell hands over and
 *     reads the added jars; the context class loader of snippet threads, so ServiceLoader and
 *     libraries that look up classes by name find the notebook's jars;</li>
 * <li>its parent, {@link JdkAndApi}: the platform loader's classes, the JDK modules the system
 *     loader defines ({@code jdk.compiler}, {@code jdk.jshell}, ...), and the snippet API
 *     ({@link SnippetApi#runtimeClasses}) as the kernel itself loaded them, so there is one
 *     {@code Display} and one {@code Handoff}. Nothing else of the class path.</li>
 * </ul>
 *
 * <p>As JDK's own delegate: classes are defined by name from the bytecodes declared last for that
 * name (JShell gives every new version of a declaration a new class name, and never redefines in
 * place here: local execution has no redefine), a snippet class file is readable as a resource,
 * jar classes keep their jar as code source, snippet classes have none.
 */
final class NotebookLoader implements LoaderDelegate {
    private final Notebook loader;
    /** Every class loaded for JShell, by binary name: what {@link #findClass} answers. */
    private final Map<String, Class<?>> loaded = new ConcurrentHashMap<>();
    /** Entries JShell compiles against but that code must not load from (the snippet API folder). */
    private final Set<Path> compileOnly = ConcurrentHashMap.newKeySet();

    NotebookLoader() {
        this.loader = new Notebook(new JdkAndApi(SnippetApi.runtimeClasses()));
    }

    /** The loader notebook code runs in. */
    ClassLoader classLoader() {
        return loader;
    }

    /**
     * {@code entry} will be added with {@code JShell.addToClasspath} for compilation only: its
     * classes come from the parent at run time (the snippet API folder; in development it is the
     * kernel's whole class folder).
     */
    void compileOnly(Path entry) {
        compileOnly.add(entry.toAbsolutePath().normalize());
    }

    @Override
    public void load(ClassBytecodes[] cbcs) throws ClassInstallException {
        boolean[] installed = new boolean[cbcs.length];
        try {
            for (ClassBytecodes cbc : cbcs) {
                loader.declare(cbc.name(), cbc.bytecodes());
            }
            for (int i = 0; i < cbcs.length; i++) {
                Class<?> c = loader.loadClass(cbcs[i].name());
                loaded.put(cbcs[i].name(), c);
                installed[i] = true;
                c.getDeclaredMethods(); // linked at least to preparation, as JShell's own delegate does
            }
        } catch (Throwable e) {
            throw new ClassInstallException("load: " + e.getMessage(), installed);
        }
    }

    @Override
    public void classesRedefined(ClassBytecodes[] cbcs) {
        for (ClassBytecodes cbc : cbcs) {
            loader.declare(cbc.name(), cbc.bytecodes());
        }
    }

    @Override
    public void addToClasspath(String path) throws InternalException {
        try {
            for (String entry : path.split(File.pathSeparator)) {
                if (entry.isEmpty()) {
                    continue;
                }
                Path p = Path.of(entry).toAbsolutePath().normalize();
                if (!compileOnly.contains(p)) {
                    loader.add(p.toUri().toURL());
                }
            }
        } catch (MalformedURLException | RuntimeException e) {
            throw new InternalException(e.toString());
        }
    }

    @Override
    public Class<?> findClass(String name) throws ClassNotFoundException {
        Class<?> c = loaded.get(name);
        if (c == null) {
            throw new ClassNotFoundException(name + " not found");
        }
        return c;
    }

    /** Releases the added jars' open files. */
    void close() {
        try {
            loader.close();
        } catch (IOException e) {
            // nothing left to release
        }
    }

    /** Snippet classes and the added jars; parent {@link JdkAndApi}. */
    static final class Notebook extends URLClassLoader {
        static {
            registerAsParallelCapable();
        }

        /** Class file bytes by resource name ({@code REPL/$JShell$11$Row.class}). */
        private final Map<String, byte[]> classFiles = new ConcurrentHashMap<>();

        Notebook(ClassLoader parent) {
            super("java-cached-notebook", new URL[0], parent);
        }

        void declare(String binaryName, byte[] bytes) {
            classFiles.put(binaryName.replace('.', '/') + ".class", bytes);
        }

        void add(URL url) {
            addURL(url);
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            byte[] bytes = classFiles.get(name.replace('.', '/') + ".class");
            if (bytes == null) {
                return super.findClass(name); // the added jars
            }
            return defineClass(name, bytes, 0, bytes.length, (CodeSource) null);
        }

        @Override
        public URL findResource(String name) {
            URL snippet = snippetResource(name);
            return snippet != null ? snippet : super.findResource(name);
        }

        @Override
        public Enumeration<URL> findResources(String name) throws IOException {
            URL snippet = snippetResource(name);
            if (snippet == null) {
                return super.findResources(name);
            }
            List<URL> all = Collections.list(super.findResources(name));
            all.add(snippet);
            return Collections.enumeration(all);
        }

        /** A {@code jshell:} URL reading a snippet class file, as JShell's own loader makes. */
        @SuppressWarnings("deprecation") // URL.of is JDK 20+; the kernel runs on 17
        private URL snippetResource(String name) {
            byte[] bytes = classFiles.get(name);
            if (bytes == null) {
                return null;
            }
            try {
                return new URL("jshell", null, -1, "/" + name, new URLStreamHandler() {
                    @Override
                    protected URLConnection openConnection(URL u) {
                        return new URLConnection(u) {
                            @Override
                            public void connect() {
                                connected = true;
                            }

                            @Override
                            public InputStream getInputStream() {
                                return new ByteArrayInputStream(bytes);
                            }

                            @Override
                            public long getContentLengthLong() {
                                return bytes.length;
                            }
                        };
                    }
                });
            } catch (MalformedURLException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /**
     * The JDK and the snippet API, nothing else of the class path: classes from the platform
     * loader, from the JDK modules that the system loader defines, and the kernel's snippet API
     * classes by name; resources from the platform loader only.
     *
     * <p>Its parent is the system loader although it never delegates to it for the class path:
     * ServiceLoader looks for providers in the named modules of each loader up the parent chain,
     * and on JDK 17 some of the JDK's own providers live in modules of the system loader
     * ({@code RandomGenerator.of("L64X128MixRandom")} looks up {@code jdk.random}'s through the
     * context loader). The class path's service files are resources, which stop here.
     */
    static final class JdkAndApi extends ClassLoader {
        static {
            registerAsParallelCapable();
        }

        private final Map<String, Class<?>> api;
        private final ClassLoader platform = ClassLoader.getPlatformClassLoader();

        JdkAndApi(Map<String, Class<?>> api) {
            super("java-cached-jdk-and-api", ClassLoader.getSystemClassLoader());
            this.api = Map.copyOf(api);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            Class<?> c = api.get(name);
            if (c != null) {
                return c;
            }
            int dot = name.lastIndexOf('.');
            if (dot > 0 && SystemJdkPackages.NAMES.contains(name.substring(0, dot))) {
                return getParent().loadClass(name);
            }
            return platform.loadClass(name);
        }

        @Override
        public URL getResource(String name) {
            return platform.getResource(name);
        }

        @Override
        public Enumeration<URL> getResources(String name) throws IOException {
            return platform.getResources(name);
        }
    }

    /** Packages of the JDK's own modules that the system loader defines: jdk.compiler, jdk.jshell, ... */
    private static final class SystemJdkPackages {
        static final Set<String> NAMES = find();

        private static Set<String> find() {
            ClassLoader system = ClassLoader.getSystemClassLoader();
            Set<String> names = new HashSet<>();
            for (Module m : ModuleLayer.boot().modules()) {
                if (m.getClassLoader() == system) {
                    names.addAll(m.getPackages());
                }
            }
            return Set.copyOf(names);
        }
    }
}
