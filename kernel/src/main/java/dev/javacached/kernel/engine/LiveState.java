package dev.javacached.kernel.engine;

import java.util.concurrent.Callable;
import java.util.Optional;

/**
 * The engine's live top-level variables, for the cache: read the object a variable holds
 * and declare a variable with a given object without running any initializer.
 * Only valid on the engine thread, inside {@link SnippetHook#around}.
 */
public interface LiveState {
    /** The live object held by top-level variable {@code name} (boxed for primitives). */
    Optional<Object> value(String name);

    /** The resolved type name of top-level variable {@code name}, as JShell reports it. */
    Optional<String> typeName(String name);

    /**
     * Declares (or re-declares) {@code typeName name} holding {@code value}, without running
     * any user code. Fails if the type does not resolve in the current environment or the
     * value is not an instance of it.
     */
    void define(String name, String typeName, Object value) throws DefineException;

    /**
     * {@link #define} for a value that is still being read: compiling the declaration overlaps
     * the read, and the declaration waits for the value when it runs. {@code typeName} must be
     * written out (not "var"). If {@code value} throws, the declaration fails with its message.
     */
    default void defineLater(String name, String typeName, Callable<Object> value) throws DefineException {
        Object ready;
        try {
            ready = value.call();
        } catch (Exception e) {
            throw new DefineException("the value could not be read: " + e.getMessage());
        }
        define(name, typeName, ready);
    }

    /** Sets an existing top-level variable to {@code value} (for restored assignments). */
    void assign(String name, Object value) throws DefineException;

    /**
     * The current class of the top-level type {@code simpleName} declared in the notebook
     * (e.g. {@code Row} for JShell's {@code REPL.$JShell$11$Row}), if declared. The cache maps
     * stored objects of notebook classes to their current definition through it.
     */
    default Optional<Class<?>> userClass(String simpleName) {
        return Optional.empty();
    }

    /** The class loader that sees the snippets' classpath (JDK and jars added with %maven). */
    default ClassLoader classLoader() {
        return Thread.currentThread().getContextClassLoader();
    }

    /**
     * Runs {@code step}, which may call a value's own code (the cache encoding or decoding it),
     * where the user's interrupt stops it as it stops a snippet. Returns what it returns and
     * throws what it throws; a stopped step throws {@link java.io.InterruptedIOException}.
     */
    default <T> T stoppable(Callable<T> step) throws Exception {
        return step.call();
    }

    final class DefineException extends Exception {
        public DefineException(String message) {
            super(message);
        }
    }
}
