package dev.javacached.kernel.cache;

import dev.javacached.kernel.engine.LiveState;
import dev.javacached.store.ClassResolver;
import dev.javacached.store.codec.NotStorableException;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Records classes declared in the notebook by their declared name ({@code jshell:Row},
 * {@code jshell:Row$Inner}) instead of JShell's generated one ({@code REPL.$JShell$11$Row}),
 * and resolves those names to the <em>current</em> definition through
 * {@link LiveState#userClass}. Other names resolve through the snippets' class loader.
 * Valid only during the {@code around} call whose LiveState it holds.
 */
final class NotebookClassResolver implements ClassResolver {
    static final String PREFIX = "jshell:";
    private static final Pattern GENERATED = Pattern.compile("REPL\\.\\$JShell\\$\\d+[A-Za-z]*\\$");
    private static final Map<String, Class<?>> PRIMITIVES = Map.of(
            "int", int.class, "long", long.class, "short", short.class, "byte", byte.class, "char", char.class,
            "boolean", boolean.class, "double", double.class, "float", float.class, "void", void.class);

    private final LiveState state;
    /** Notebook classes resolved so far: each costs a JShell evaluation, so once per class per restore. */
    private final Map<String, Class<?>> userClasses = new java.util.HashMap<>();

    NotebookClassResolver(LiveState state) {
        this.state = state;
    }

    @Override
    public ClassLoader loader() {
        ClassLoader loader = state.classLoader();
        return loader != null ? loader : ClassLoader.getSystemClassLoader();
    }

    /** Encoding and decoding run where the user's interrupt stops them ({@link LiveState#stoppable}). */
    @Override
    public <T> T runValueCode(ValueCode<T> step) throws java.io.IOException, NotStorableException {
        try {
            return state.stoppable(step::run);
        } catch (java.io.IOException | NotStorableException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new java.io.IOException(e.getMessage(), e);
        }
    }

    /**
     * {@code jshell:Row} for the current definition of a notebook class (and classes nested in
     * it); an earlier definition, which objects made before {@code Row} was redeclared still
     * have, keeps its generated name, which the codec refuses: no later session can load it.
     */
    @Override
    public String nameOf(Class<?> type) {
        String recorded = recordedName(type.getName());
        if (!recorded.startsWith(PREFIX)) {
            return recorded;
        }
        String top = recorded.substring(PREFIX.length()).split("\\$")[0];
        Class<?> current;
        try {
            current = resolve(PREFIX + top);
        } catch (ClassNotFoundException | RuntimeException e) {
            return type.getName();
        }
        for (Class<?> c = type; c != null; c = c.getEnclosingClass()) {
            if (c == current) {
                return recorded;
            }
        }
        return type.getName();
    }

    /** Classes of JShell's generated names that {@link #nameOf} left as they are: earlier definitions. */
    @Override
    public java.util.Optional<String> neverLoadable(String binaryName) {
        String recorded = recordedName(binaryName);
        return recorded.startsWith(PREFIX)
                ? java.util.Optional.of("an earlier definition of the notebook class "
                        + recorded.substring(PREFIX.length()) + ", which no later session can load")
                : java.util.Optional.empty();
    }

    /** {@code REPL.$JShell$11B$Row$Cell} → {@code jshell:Row$Cell}; other names unchanged. */
    static String recordedName(String binaryName) {
        return GENERATED.matcher(binaryName).replaceAll(PREFIX);
    }

    @Override
    public Class<?> resolve(String recordedName) throws ClassNotFoundException {
        if (recordedName.startsWith("[")) {
            return array(recordedName);
        }
        Class<?> primitive = PRIMITIVES.get(recordedName);
        if (primitive != null) {
            return primitive;
        }
        if (recordedName.startsWith(PREFIX)) {
            String[] parts = recordedName.substring(PREFIX.length()).split("\\$");
            Class<?> c = userClasses.get(parts[0]);
            if (c == null) {
                c = state.userClass(parts[0])
                        .orElseThrow(() -> new ClassNotFoundException(parts[0] + " is not declared in this notebook"));
                userClasses.put(parts[0], c);
            }
            for (int i = 1; i < parts.length; i++) {
                c = nested(c, parts[i], recordedName);
            }
            return c;
        }
        return Class.forName(recordedName, false, loader());
    }

    private static Class<?> nested(Class<?> outer, String simpleName, String recordedName)
            throws ClassNotFoundException {
        for (Class<?> inner : outer.getDeclaredClasses()) {
            if (inner.getSimpleName().equals(simpleName)) {
                return inner;
            }
        }
        throw new ClassNotFoundException(recordedName);
    }

    private Class<?> array(String descriptor) throws ClassNotFoundException {
        int dims = 0;
        while (dims < descriptor.length() && descriptor.charAt(dims) == '[') {
            dims++;
        }
        String rest = descriptor.substring(dims);
        Class<?> c = switch (rest) {
            case "I" -> int.class;
            case "J" -> long.class;
            case "S" -> short.class;
            case "B" -> byte.class;
            case "C" -> char.class;
            case "Z" -> boolean.class;
            case "D" -> double.class;
            case "F" -> float.class;
            default -> {
                if (!rest.startsWith("L") || !rest.endsWith(";")) {
                    throw new ClassNotFoundException(descriptor);
                }
                yield resolve(rest.substring(1, rest.length() - 1));
            }
        };
        for (int i = 0; i < dims; i++) {
            c = c.arrayType();
        }
        return c;
    }
}
