package dev.javacached.kernel.engine;

import java.util.Map;
import java.util.NoSuchElementException;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hands an object from the kernel to a JShell snippet without running user code:
 * {@link LiveState#define} evaluates {@code T x = (T) Handoff.take("id");}.
 * Public and static because JShell-compiled code can only reach the kernel by name.
 */
public final class Handoff {
    private static final Map<String, Object> PENDING = new ConcurrentHashMap<>();
    private static final Object NULL = new Object();

    private Handoff() {
    }

    /** Parks {@code value}; returns the id to take it with. */
    static String put(Object value) {
        String id = UUID.randomUUID().toString();
        PENDING.put(id, value == null ? NULL : value);
        return id;
    }

    /** Drops a parked value that was never taken. */
    static void discard(String id) {
        PENDING.remove(id);
    }

    /**
     * Parks {@code value} under an id the engine chose; called by snippets the engine
     * generates to hand a live object (a notebook class, the snippets' class loader) back.
     */
    public static void give(String id, Object value) {
        PENDING.put(id, value == null ? NULL : value);
    }

    /** Removes and returns what a snippet gave under {@code id}; empty when it gave nothing. */
    static java.util.Optional<Object> collect(String id) {
        Object value = PENDING.remove(id);
        return value == null || value == NULL ? java.util.Optional.empty() : java.util.Optional.of(value);
    }

    /** A value still being read: {@link #take} waits for it. */
    record Later(Callable<Object> value) {
    }

    /** Takes (and forgets) the parked value; called by snippets the engine generates. */
    public static Object take(String id) throws Exception {
        Object value = PENDING.remove(id);
        if (value == null) {
            throw new NoSuchElementException("no value handed off under " + id);
        }
        if (value instanceof Later later) {
            return later.value().call();
        }
        return value == NULL ? null : value;
    }
}
