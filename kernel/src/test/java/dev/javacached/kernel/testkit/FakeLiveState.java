package dev.javacached.kernel.testkit;

import dev.javacached.kernel.engine.LiveState;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The engine's variables as maps, for cache and magic tests that run without JShell; a test
 * "runs" a declaration by putting its value and type. {@link #failDefinesOf} makes define and
 * assign fail for a type, {@link #defines} counts restores.
 */
public final class FakeLiveState implements LiveState {
    public final Map<String, Object> values = new HashMap<>();
    public final Map<String, String> types = new HashMap<>();
    public final Map<String, Class<?>> userClasses = new HashMap<>();
    public final Set<String> failDefinesOf = new HashSet<>();
    public int defines;

    @Override
    public Optional<Object> value(String name) {
        return Optional.ofNullable(values.get(name));
    }

    @Override
    public Optional<String> typeName(String name) {
        return Optional.ofNullable(types.get(name));
    }

    @Override
    public void define(String name, String typeName, Object value) throws DefineException {
        if (failDefinesOf.contains(typeName)) {
            throw new DefineException("cannot find symbol: class " + typeName);
        }
        defines++;
        values.put(name, value);
        types.put(name, typeName);
    }

    @Override
    public void assign(String name, Object value) throws DefineException {
        if (!types.containsKey(name) || failDefinesOf.contains(types.get(name))) {
            throw new DefineException("cannot assign " + name);
        }
        values.put(name, value);
    }

    @Override
    public Optional<Class<?>> userClass(String simpleName) {
        return Optional.ofNullable(userClasses.get(simpleName));
    }
}
