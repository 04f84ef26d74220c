package dev.javacached.store;

import dev.javacached.store.codec.NotStorableException;
import java.io.IOException;

/**
 * Maps class names recorded in an entry to classes of the running program. The kernel uses
 * it to map classes declared in a notebook (JShell gives them unstable generated names) to
 * their current definitions; {@link #DEFAULT} uses the context class loader.
 */
public interface ClassResolver {
    /** The class to use for {@code recordedName}, as written when the entry was stored. */
    Class<?> resolve(String recordedName) throws ClassNotFoundException;

    /** The name to record for {@code type} when storing (default: its binary name). */
    default String nameOf(Class<?> type) {
        return type.getName();
    }

    /**
     * Why a class written under its binary name {@code binaryName} can never be loaded by a later
     * program (the kernel: an earlier definition of a notebook class, whose generated name no
     * later session defines), or empty. A value holding one is not stored.
     */
    default java.util.Optional<String> neverLoadable(String binaryName) {
        return java.util.Optional.empty();
    }

    /** The class loader that loads the classes of stored values (default: the context class loader). */
    default ClassLoader loader() {
        ClassLoader l = Thread.currentThread().getContextClassLoader();
        return l != null ? l : ClassLoader.getSystemClassLoader();
    }

    /**
     * Runs one step of encoding or decoding a value, which may call the value's own code
     * ({@code writeObject}, {@code readObject}, {@code readResolve}, {@code hashCode} while a
     * map is rebuilt). The kernel runs it where the user's interrupt stops it, as it stops a
     * snippet; a stopped step throws {@link java.io.InterruptedIOException}. Default: on this thread.
     */
    default <T> T runValueCode(ValueCode<T> step) throws IOException, NotStorableException {
        return step.run();
    }

    /** A step of {@link #runValueCode}. */
    @FunctionalInterface
    interface ValueCode<T> {
        T run() throws IOException, NotStorableException;
    }

    ClassResolver DEFAULT = name -> Class.forName(name, false, Thread.currentThread().getContextClassLoader());
}
