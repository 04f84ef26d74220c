package dev.javacached.kernel.engine;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Memoized notebook methods, as snippets see them: the {@link Cached} annotation (every session
 * imports this class's member types on demand, so a notebook's own {@code Cached} type, declared
 * or imported by name, takes precedence; {@code Cached} is the only member type) and the call the
 * kernel rewrites an annotated method's body into. Part of the
 * snippet API: public and static because JShell-compiled code reaches the kernel only by name.
 * The kernel side (the store, the keys) is behind {@link MemoBridge}, which snippets cannot name.
 */
public final class Memo {
    private Memo() {
    }

    /**
     * Memoizes a notebook method persistently: a call with arguments whose content the cache has
     * seen, under the method's current definition (its body and everything it uses), returns the
     * stored result and replays the output the body printed, without running the body. Not on
     * {@code void} methods. See the kernel's README.
     */
    @Documented
    @Retention(RetentionPolicy.SOURCE)
    @Target(ElementType.METHOD)
    public @interface Cached {
    }

    /**
     * The call a {@code @Cached} method's body is rewritten into (generated code, not for notebooks).
     *
     * @param table    the session's memo table, as registered with {@link MemoBridge}
     * @param method   the method's id in that table
     * @param receiver {@code this} for an instance method of a notebook class, else null
     * @param args     the arguments, in order
     * @param body     the original body
     */
    public static <T, E extends Throwable> T call(String table, String method, Object receiver, Object[] args,
                                                  MemoBody<T, E> body) throws E {
        return MemoBridge.call(table, method, receiver, args, body);
    }

    /**
     * Rethrows {@code t} unchanged (generated code of a method that declares more than one
     * exception type: the body's own throws were checked when it compiled as written).
     */
    @SuppressWarnings("unchecked")
    public static <E extends Throwable> RuntimeException rethrow(Throwable t) throws E {
        throw (E) t;
    }
}
