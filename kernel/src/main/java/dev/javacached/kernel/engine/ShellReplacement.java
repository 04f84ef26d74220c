package dev.javacached.kernel.engine;

import dev.javacached.store.codec.JdkValueTypes;
import java.util.ArrayList;
import java.util.List;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.VarSnippet;

/**
 * What a fresh JShell takes over from one that stopped working (seen when JShell's own state
 * breaks: every cell, even {@code 1 + 1}, fails to compile). The old session's imports, types
 * and methods are evaluated again in order; its variables are declared again holding the
 * very same objects, where they can still be read and their type still means the same thing.
 * A variable whose class was declared in the notebook cannot be carried (the fresh JShell
 * has a new class of that name), nor one whose value can no longer be read.
 */
final class ShellReplacement {

    private ShellReplacement() {
    }

    /** Reads a variable's live value from the old JShell. */
    @FunctionalInterface
    interface ValueReader {
        Object read(VarSnippet variable) throws Exception;
    }

    /** Declares a variable holding an object in the fresh JShell (see {@link LiveState#define}). */
    @FunctionalInterface
    interface Definer {
        void define(String name, String typeName, Object value) throws LiveState.DefineException;
    }

    /** What was carried over, by kind, and what was lost, with why. */
    record Carried(int imports, int types, int methods, List<String> variables, List<String> lost) {
    }

    /**
     * Evaluates {@code old}'s active imports, types and methods in {@code fresh}, in the order
     * they were declared, then declares its variables. {@code startup} snippets are already there.
     */
    static Carried carry(JShell old, JShell fresh, List<String> startup, ValueReader reader, Definer definer) {
        List<Snippet> active;
        try {
            active = old.snippets().filter(sn -> isActive(old, sn)).toList();
        } catch (RuntimeException e) {
            return new Carried(0, 0, 0, List.of(), List.of("everything: the old JShell cannot list its snippets ("
                    + e.getMessage() + ")"));
        }
        int imports = 0;
        int types = 0;
        int methods = 0;
        List<String> lost = new ArrayList<>();
        for (Snippet sn : active) {
            Snippet.Kind kind = sn.kind();
            boolean declaration = kind == Snippet.Kind.IMPORT || kind == Snippet.Kind.TYPE_DECL
                    || kind == Snippet.Kind.METHOD;
            if (!declaration || startup.contains(sn.source().strip())) {
                continue;
            }
            if (!evaluatesIn(fresh, sn.source())) {
                lost.add(describe(sn) + " (it no longer compiles)");
            } else if (kind == Snippet.Kind.IMPORT) {
                imports++;
            } else if (kind == Snippet.Kind.TYPE_DECL) {
                types++;
            } else {
                methods++;
            }
        }
        List<String> variables = new ArrayList<>();
        for (Snippet sn : active) {
            if (!(sn instanceof VarSnippet v) || v.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND) {
                continue;
            }
            try {
                Object value = reader.read(v);
                String unsure = unsure(value);
                if (unsure != null) {
                    lost.add(v.name() + " (" + unsure + ")");
                    continue;
                }
                definer.define(v.name(), v.typeName(), value);
                variables.add(v.name());
            } catch (LiveState.DefineException e) {
                lost.add(v.name() + " (" + e.getMessage() + ")");
                drop(fresh, v.name());
            } catch (Exception | Error e) {
                lost.add(v.name() + " (its value could not be read: " + e + ")");
            }
        }
        return new Carried(imports, types, methods, List.copyOf(variables), List.copyOf(lost));
    }

    /** Most objects a carried value may hold; a bigger one is run again instead. */
    static final int MAX_OBJECTS = 1_000_000;

    /**
     * Why {@code value} cannot be carried into a fresh JShell, or null if it can: it must be
     * made of the JDK's plain values (boxes, strings, big numbers, UUIDs, value-based java.time values,
     * primitive arrays) held in the JDK's own collections, maps and arrays. Anything else might hold an
     * object of a class the old JShell declared, which the fresh one declares anew: kept, it
     * would fail every cast to its own type. Only the JDK's collections are iterated, so no
     * notebook or library code runs.
     */
    static String unsure(Object value) {
        java.util.Set<Object> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        java.util.ArrayDeque<Object> work = new java.util.ArrayDeque<>();
        if (value != null) {
            work.push(value);
        }
        while (!work.isEmpty()) {
            Object o = work.pop();
            if (!seen.add(o)) {
                continue;
            }
            if (seen.size() > MAX_OBJECTS) {
                return "more than " + MAX_OBJECTS + " objects to check";
            }
            Class<?> type = o.getClass();
            if (plain(type)) {
                continue;
            }
            if (type.getClassLoader() != null && type.getClassLoader() != ClassLoader.getPlatformClassLoader()) {
                return "it holds a " + type.getName() + ", which the fresh JShell may not see as the same class";
            }
            if (type.isArray()) {
                if (!type.getComponentType().isPrimitive()) {
                    for (Object element : (Object[]) o) {
                        if (element != null) {
                            work.push(element);
                        }
                    }
                }
            } else if (o instanceof java.util.Map<?, ?> map) {
                for (java.util.Map.Entry<?, ?> e : map.entrySet()) {
                    pushNonNull(work, e.getKey());
                    pushNonNull(work, e.getValue());
                }
            } else if (o instanceof java.util.Collection<?> collection) {
                for (Object element : collection) {
                    pushNonNull(work, element);
                }
            } else if (o instanceof java.util.Optional<?> optional) {
                optional.ifPresent(work::push);
            } else {
                return "it holds a " + type.getName() + ", whose insides the kernel does not check";
            }
        }
        return null;
    }

    private static void pushNonNull(java.util.ArrayDeque<Object> work, Object o) {
        if (o != null) {
            work.push(o);
        }
    }

    /**
     * The JDK's plain values: {@link JdkValueTypes} (strings, boxes, big numbers, UUID), and here
     * also primitive arrays, the JDK's enums and the value-based java.time classes
     * ({@link JdkValueTypes#isTimeValue}), which hold no object of a notebook class either (the
     * rest of java.time may: {@code Clock.offset(notebookClock, d)}, the adjuster of
     * {@code TemporalAdjusters.ofDateAdjuster(f)}). (They stay out of {@code JdkValueTypes}, whose users compare and
     * hash its types as immutable leaves: an array is mutable, and enums and java.time values get
     * their own rules there.)
     */
    private static boolean plain(Class<?> type) {
        return JdkValueTypes.contains(type)
                || type.isArray() && type.getComponentType().isPrimitive()
                || type.isEnum() && type.getClassLoader() == null
                || JdkValueTypes.isTimeValue(type);
    }

    private static void drop(JShell shell, String name) {
        try {
            shell.variables().filter(v -> v.name().equals(name)).toList().forEach(shell::drop);
        } catch (RuntimeException e) {
            // nothing declared
        }
    }

    private static boolean isActive(JShell shell, Snippet sn) {
        try {
            return shell.status(sn).isActive();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static boolean evaluatesIn(JShell shell, String source) {
        try {
            for (SnippetEvent event : shell.eval(source)) {
                if (event.causeSnippet() == null && event.status() == Snippet.Status.REJECTED) {
                    return false;
                }
            }
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static String describe(Snippet sn) {
        String first = sn.source().strip().lines().findFirst().orElse("");
        return first.length() > 60 ? first.substring(0, 57) + "..." : first;
    }

    /** The lines shown under the cell that found JShell broken. */
    static String message(String cause, Carried carried) {
        StringBuilder out = new StringBuilder();
        out.append("java-cached: JShell stopped working (").append(cause)
                .append(") and no longer ran even `1 + 1`; it was replaced by a fresh JShell.\n");
        out.append("  carried over: ").append(carried.imports()).append(" imports, ")
                .append(carried.types()).append(" types, ").append(carried.methods()).append(" methods, ")
                .append(carried.variables().size()).append(" variables");
        if (!carried.variables().isEmpty()) {
            out.append(" (").append(String.join(", ", carried.variables())).append(')');
        }
        out.append('\n');
        if (!carried.lost().isEmpty()) {
            out.append("  lost: ").append(String.join("; ", carried.lost())).append('\n');
            out.append("  run their cells again (cached declarations restore from the cache)\n");
        }
        return out.toString();
    }
}
