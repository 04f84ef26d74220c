package dev.javacached.kernel.engine;

/**
 * A {@code @Cached} method's original body, as the kernel's rewrite passes it to
 * {@link Memo#call}; {@code E} is what it may throw, as its method declares. Part of the snippet
 * API (generated code's lambdas target it).
 */
@FunctionalInterface
public interface MemoBody<T, E extends Throwable> {
    T run() throws E;
}
