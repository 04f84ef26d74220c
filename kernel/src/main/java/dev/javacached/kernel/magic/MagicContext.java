package dev.javacached.kernel.magic;

import dev.javacached.kernel.engine.OutputSink;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a running magic may touch. Besides the output sink, the kernel offers narrow
 * services by interface (e.g. {@code ClasspathTarget} for the magics that add jars), so a
 * new magic defines the one small interface it needs instead of widening this one.
 */
public interface MagicContext {
    /** Where the magic's output and progress displays go. */
    OutputSink out();

    /** The service implementing {@code type}, if the kernel provides one. */
    <T> Optional<T> service(Class<T> type);

    /** Like {@link #service} but fails when absent: a wiring bug, not a user error. */
    default <T> T require(Class<T> type) {
        return service(type).orElseThrow(() -> new IllegalStateException(
                "the kernel provides no " + type.getSimpleName() + " to magics"));
    }

    /** A context whose services are the given objects, looked up by {@code isInstance}. */
    static MagicContext of(OutputSink out, Object... services) {
        Objects.requireNonNull(out, "out");
        List<Object> all = List.of(services);
        return new MagicContext() {
            @Override
            public OutputSink out() {
                return out;
            }

            @Override
            public <T> Optional<T> service(Class<T> type) {
                return all.stream().filter(type::isInstance).map(type::cast).findFirst();
            }
        };
    }
}
