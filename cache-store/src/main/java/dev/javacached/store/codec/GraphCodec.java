package dev.javacached.store.codec;

import dev.javacached.store.ClassResolver;
import java.io.IOException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.fory.Fory;
import org.apache.fory.config.Language;
import org.apache.fory.resolver.TypeChecker;
import org.apache.fory.resolver.TypeResolver;

/**
 * Object graphs (everything that is not a primitive array, a string or a box) through Apache
 * Fory: any class, {@code Serializable} or not, with shared references and cycles kept, and the
 * JDK serialization hooks of classes that define them ({@code writeObject}/{@code readObject},
 * {@code writeReplace}/{@code readResolve}, {@code Externalizable}) honoured.
 *
 * <p><b>Class names.</b> A class whose recorded name differs from its binary name (the kernel
 * records notebook classes as {@code jshell:Row}, because JShell generates a new binary name each
 * session) is registered with Fory under that recorded name on both sides, so the stream carries
 * the stable name and decoding maps it to the current definition, once per class. Every other
 * class Fory writes by name is recorded in the entry's class table as it is written.
 *
 * <p><b>Decoding</b> refuses, before loading it, any class name the table does not hold (Fory's
 * own registered JDK types aside, and its built-in list of forbidden classes on top). A stream
 * naming a class the resolver says no later program can load ({@link ClassResolver#neverLoadable}:
 * the kernel's earlier definitions of notebook classes) is refused when written.
 *
 * <p>Every encode and decode uses a fresh Fory instance (a few milliseconds to build): Fory
 * consults the class checker only the first time an instance meets a class, so a reused instance
 * would neither record every class an entry needs nor check every class an entry names, and it
 * refuses registrations once used.
 */
final class GraphCodec {
    /** How deep a graph may nest (a linked list of n nodes nests n deep). */
    static final int MAX_DEPTH = 10_000;

    private GraphCodec() {
    }

    /** One Fory with the notebook classes registered in it and the checker of the current call. */
    private static final class Instance implements TypeChecker {
        final Fory fory;
        final ClassLoader loader;
        /** During an encode (and the check's decode): names met; during a restore: names allowed. */
        Set<String> names;
        /** Record every name met instead of refusing unknown ones. */
        boolean recording;
        /** While recording: the resolver that says which names no later program can load. */
        ClassResolver writer;

        Instance(ClassLoader loader) {
            this.loader = loader;
            org.apache.fory.logging.LoggerFactory.disableLogging();
            this.fory = Fory.builder()
                    .withLanguage(Language.JAVA)
                    .withRefTracking(true)
                    .requireClassRegistration(false)
                    .suppressClassRegistrationWarnings(true)
                    .withCodegen(true)
                    .withAsyncCompilation(false)
                    .withStringCompressed(false)
                    .withNumberCompressed(false)
                    .withIntArrayCompressed(false)
                    .withLongArrayCompressed(false)
                    .withClassLoader(loader)
                    // Fory's default (50) refuses a linked list of 51 nodes; deeper than this, the
                    // stack ends it (caught: not storable)
                    .withMaxDepth(MAX_DEPTH)
                    .build();
            fory._getTypeResolver().setTypeChecker(this);
            HashSerializers.register(fory);
        }

        @Override
        public boolean checkType(TypeResolver resolver, String className) {
            Set<String> n = names;
            if (n == null) {
                throw new SecurityException("class " + className + " outside an encode or decode");
            }
            if (recording) {
                Optional<String> never = writer.neverLoadable(className);
                if (never.isPresent()) {
                    throw new SecurityException("it holds an object of " + className + ", " + never.get());
                }
                n.add(className);
                return true;
            }
            if (!n.contains(className) && !arrayOfAllowed(className, n)) {
                throw new SecurityException("class " + className + " was not recorded with the entry");
            }
            return true;
        }

        /**
         * An array class whose element class is recorded, primitive, or the JDK's own (creating an
         * array runs no code; each element's class is checked when it is read).
         */
        private static boolean arrayOfAllowed(String className, Set<String> allowed) {
            if (!className.startsWith("[")) {
                return false;
            }
            String base = className.replaceFirst("^\\[+", "");
            if (base.length() == 1) {
                return true;
            }
            if (!base.startsWith("L") || !base.endsWith(";")) {
                return false;
            }
            base = base.substring(1, base.length() - 1);
            return allowed.contains(base) || base.startsWith("java.");
        }

        /** Registers each name (Fory refuses registrations once an instance has been used). */
        void register(Map<String, Class<?>> wanted) {
            for (Map.Entry<String, Class<?>> e : wanted.entrySet()) {
                String name = e.getKey();
                int colon = name.indexOf(':');
                fory.register(e.getValue(), name.substring(0, colon), name.substring(colon + 1));
            }
        }
    }

    /** A fresh instance with {@code renamed} registered under their recorded names. */
    private static Instance instance(ClassLoader loader, Map<String, Class<?>> renamed) {
        Instance fresh = new Instance(loader);
        fresh.register(renamed);
        return fresh;
    }

    /** What {@link #encode} wrote: the bytes, and the classes a decode may resolve. */
    record Written(byte[] bytes, Map<String, Class<?>> renamed, Set<String> allowed) {
    }

    /**
     * Encodes {@code value}; adds the names of the classes written to {@code classes} (recorded
     * name → recorded name).
     */
    static Written encode(Object value, ClassResolver resolver, Map<String, String> classes)
            throws NotStorableException {
        Map<String, Class<?>> renamed = new LinkedHashMap<>();
        for (Class<?> found : RoundTrip.classesOf(value)) {
            Class<?> c = found;
            while (c.isArray()) {
                c = c.getComponentType(); // Fory names an array by its element class
            }
            if (c.isPrimitive()) {
                continue;
            }
            if (c.isHidden() || c.getName().contains("$$Lambda")) {
                throw new NotStorableException("it holds a lambda or another generated class (" + c.getName()
                        + "), which a new session cannot load");
            }
            String recorded = resolver.nameOf(c);
            if (!recorded.equals(c.getName())) {
                if (recorded.indexOf(':') <= 0) {
                    throw new NotStorableException("class " + c.getName() + " is recorded as " + recorded
                            + ", which names no namespace");
                }
                renamed.put(recorded, c);
            }
        }
        Set<String> written = new LinkedHashSet<>();
        try {
            byte[] bytes = deep(() -> {
                written.clear();
                Instance i = instance(resolver.loader(), renamed);
                i.names = written;
                i.recording = true;
                i.writer = resolver;
                return i;
            }, i -> i.fory.serialize(value));
            for (String n : written) {
                classes.put(n, n);
            }
            for (String n : renamed.keySet()) {
                classes.put(n, n);
            }
            return new Written(bytes, renamed, written);
        } catch (RuntimeException | Error e) {
            rethrowIfFatal(e);
            throw new NotStorableException(reason(e));
        }
    }

    /** Decodes what {@link #encode} wrote; {@code classes} is the entry's recorded table. */
    static Object decode(byte[] bytes, ClassResolver resolver, Map<String, String> classes) throws IOException {
        Map<String, Class<?>> renamed = new LinkedHashMap<>();
        Set<String> allowed = new HashSet<>();
        for (Map.Entry<String, String> e : classes.entrySet()) {
            String recorded = e.getValue();
            if (!recorded.equals(e.getKey())) {
                throw new CorruptValueException("class table maps " + e.getKey() + " to " + recorded);
            }
            if (recorded.indexOf(':') > 0) {
                try {
                    renamed.put(recorded, resolver.resolve(recorded));
                } catch (ClassNotFoundException | LinkageError ex) {
                    throw new UnresolvableClassException(recorded, ex);
                }
            } else {
                allowed.add(recorded);
            }
        }
        return decode(bytes, resolver.loader(), renamed, allowed, null);
    }

    /**
     * The round-trip check's decode, right after {@link #encode}: Fory does not consult the checker
     * for every class it writes, but a fresh instance consults it for every class it reads, so
     * the names this decode meets complete the entry's class table ({@code table}, recorded name →
     * recorded name). Safe to accept what it meets: these are the bytes just written from a live value.
     */
    static Object checkDecode(Written w, ClassResolver resolver, Map<String, String> table) throws IOException {
        Set<String> met = new LinkedHashSet<>(w.allowed());
        Object copy = decode(w.bytes(), resolver.loader(), w.renamed(), met, resolver);
        for (String n : met) {
            table.put(n, n);
        }
        return copy;
    }

    /**
     * Decodes with the notebook classes already resolved ({@code renamed}, recorded name → class);
     * with {@code recorder} null, only the class names {@code allowed}; else recording into it
     * every name met (the round-trip check, which needs no notebook lookups).
     */
    private static Object decode(byte[] bytes, ClassLoader loader, Map<String, Class<?>> renamed, Set<String> allowed,
                                 ClassResolver recorder)
            throws IOException {
        try {
            return deep(() -> {
                Instance i = instance(loader, renamed);
                i.names = allowed;
                i.recording = recorder != null;
                i.writer = recorder;
                return i;
            }, i -> i.fory.deserialize(bytes));
        } catch (RuntimeException | Error e) {
            rethrowIfFatal(e);
            Throwable cause = rootCause(e);
            if (cause instanceof ClassNotFoundException || cause instanceof LinkageError) {
                throw new UnresolvableClassException(String.valueOf(cause.getMessage()), cause);
            }
            throw new CorruptValueException("cannot decode the object graph: " + reason(e), e);
        }
    }

    /**
     * Errors that must go on up: an interrupt on JDK 17 ({@code Thread.stop}'s ThreadDeath) and a
     * JVM in trouble. Any other Error, such as an AssertionError a class's own writeObject or
     * readObject throws, only means this value cannot be stored or restored.
     */
    @SuppressWarnings("removal")
    static void rethrowIfFatal(Throwable e) {
        // Fory wraps what a class's own readObject or writeObject threw: look through it
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof ThreadDeath td) {
                throw td;
            }
        }
        if (e instanceof VirtualMachineError vme && !(e instanceof StackOverflowError)
                && !(e instanceof OutOfMemoryError)) {
            throw vme;
        }
    }

    /** Stack for graphs too deep for the caller's thread: reserved address space, touched only as deep as used. */
    private static final long DEEP_STACK_BYTES = 1L << 30;

    /**
     * Runs {@code work} on a fresh instance here; if it overflows this thread's stack (Fory
     * recurses once per level: a linked list of 1,000 nodes overflows a default 1 MiB stack), runs
     * it again, on another fresh instance (the first one stopped mid-stream), on a thread with a
     * 1 GiB stack, which {@link #MAX_DEPTH} levels fit in.
     */
    private static <T> T deep(java.util.function.Supplier<Instance> make, java.util.function.Function<Instance, T> work) {
        try {
            return work.apply(make.get());
        } catch (StackOverflowError | RuntimeException e) {
            if (!(rootCause(e) instanceof StackOverflowError)) {
                throw e; // Fory wraps an overflow in its own exceptions
            }
            Object[] out = new Object[1];
            Throwable[] failed = new Throwable[1];
            Thread t = new Thread(null, () -> {
                try {
                    out[0] = work.apply(make.get());
                } catch (Throwable x) {
                    failed[0] = x;
                }
            }, "java-cached-codec-deep", DEEP_STACK_BYTES);
            t.setContextClassLoader(Thread.currentThread().getContextClassLoader());
            t.setDaemon(true);
            t.start();
            boolean interrupted = false;
            while (true) {
                try {
                    t.join();
                    break;
                } catch (InterruptedException ie) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            if (failed[0] instanceof RuntimeException re) {
                throw re;
            }
            if (failed[0] instanceof Error err) {
                throw err;
            }
            if (failed[0] != null) {
                throw new IllegalStateException(failed[0]);
            }
            @SuppressWarnings("unchecked")
            T result = (T) out[0];
            return result;
        }
    }

    private static Throwable rootCause(Throwable e) {
        Throwable c = e;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c;
    }

    /** The message of the innermost cause that says something, for "not storable: ...". */
    private static String reason(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof SecurityException) {
                return c.getMessage();
            }
        }
        Throwable root = rootCause(e);
        String m = root.getMessage();
        if (m != null && m.endsWith(" hit disallowed list")) {
            return m.substring(0, m.length() - " hit disallowed list".length())
                    + " cannot be stored: it is live machinery of this JVM (a thread, class loader, stream or the like)";
        }
        if (m != null && m.contains("$$Lambda")) {
            return "it holds a lambda (" + firstLine(m) + "); a lambda's class is generated per session";
        }
        return root.getClass().getSimpleName() + (m == null ? "" : ": " + firstLine(m));
    }

    private static String firstLine(String m) {
        int nl = m.indexOf('\n');
        String line = nl < 0 ? m : m.substring(0, nl);
        return line.length() > 200 ? line.substring(0, 197) + "..." : line;
    }
}
