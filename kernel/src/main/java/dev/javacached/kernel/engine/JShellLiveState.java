package dev.javacached.kernel.engine;

import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.VarSnippet;

/**
 * {@link LiveState} on one JShell session, used on the engine thread inside a cell: reads a
 * variable's live object, declares or assigns one holding a given object (through
 * {@link Handoff}, running no user code), finds the class of a notebook type.
 */
final class JShellLiveState implements LiveState {

    private static final Pattern REPL_PREFIX = Pattern.compile("^REPL\\.\\$JShell\\$\\d+\\.");

    private final JShellSession s;
    /** The engine thread, the only one that may evaluate. */
    private final Thread engineThread;

    JShellLiveState(JShellSession s, Thread engineThread) {
        this.s = s;
        this.engineThread = engineThread;
    }

    @Override
    public Optional<Object> value(String name) {
        Optional<VarSnippet> variable = s.findVariable(name);
        if (variable.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(s.liveValue(variable.get()));
        } catch (ReflectiveOperationException e) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<String> typeName(String name) {
        return s.findVariable(name).map(VarSnippet::typeName);
    }

    @Override
    public void define(String name, String typeName, Object value) throws DefineException {
        String type = typeName == null || typeName.isBlank() || typeName.equals("var")
                ? inferredType(value) : typeName;
        evalHandoff(value, id -> type + " " + name + " = (" + type + ") " + take(id) + ";");
    }

    @Override
    public void defineLater(String name, String typeName, java.util.concurrent.Callable<Object> value)
            throws DefineException {
        if (typeName == null || typeName.isBlank() || typeName.equals("var")) {
            throw new DefineException("a value still being read needs a written type, not `" + typeName + "`");
        }
        define(name, typeName, new Handoff.Later(value)); // take() waits for the value
    }

    @Override
    public void assign(String name, Object value) throws DefineException {
        VarSnippet variable = s.findVariable(name)
                .orElseThrow(() -> new DefineException("no variable " + name));
        if (setField(variable, value)) {
            return;
        }
        String type = variable.typeName();
        evalHandoff(value, id -> name + " = (" + type + ") " + take(id) + ";");
    }

    /**
     * Sets the variable's static field in its wrapper class directly, where the value is what the
     * field holds (an instance of its class, or exactly the box of its primitive type): what
     * {@code name = (Type) value;} would do, without compiling and loading a snippet for it (20-100
     * ms each in a restarted kernel, paid by every restore of a statement's effect). JShell reads
     * variables from the same field ({@code varValue}). False (nothing set) where it cannot: the
     * evaluation then does it, or says why not.
     */
    private boolean setField(VarSnippet variable, Object value) {
        try {
            java.lang.reflect.Field field = s.liveField(variable);
            Class<?> type = field.getType();
            boolean fits = value == null ? !type.isPrimitive()
                    : type.isPrimitive() ? java.lang.invoke.MethodType.methodType(type).wrap().returnType() == value.getClass()
                    : type.isInstance(value);
            if (!fits || java.lang.reflect.Modifier.isFinal(field.getModifiers())) {
                return false;
            }
            field.set(null, value);
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public Optional<Class<?>> userClass(String simpleName) {
        boolean declared = s.shell().types()
                .anyMatch(t -> t.name().equals(simpleName) && s.shell().status(t).isActive());
        if (!declared) {
            return Optional.empty();
        }
        // the class JShell last loaded for it, without an evaluation (~60 ms on a restore)
        Optional<Class<?>> loaded = s.control().loadedType(simpleName);
        if (loaded.isPresent()) {
            return loaded;
        }
        return give(simpleName + ".class").filter(Class.class::isInstance).map(c -> (Class<?>) c);
    }

    @Override
    public <T> T stoppable(java.util.concurrent.Callable<T> step) throws Exception {
        return s.control().runStoppable(step);
    }

    @Override
    public ClassLoader classLoader() {
        return s.control().notebookLoader();
    }

    /** Evaluates {@code expression} (which must run no user code) and returns its value. */
    Optional<Object> give(String expression) {
        if (Thread.currentThread() != engineThread) {
            // a stoppable step (a value's own code) runs on a snippet thread: an evaluation
            // there would be a second invocation inside the first, after which JShell's stop
            // no longer reaches the step; and JShell belongs to the engine thread
            return Optional.empty();
        }
        String id = "give-" + UUID.randomUUID();
        for (SnippetEvent event : s.shell().eval(Handoff.class.getName() + ".give(\"" + id + "\", " + expression + ");")) {
            if (event.causeSnippet() == null && event.snippet() != null) {
                s.shell().drop(event.snippet());
            }
        }
        return Handoff.collect(id);
    }

    /** Whether JShell still compiles and runs a snippet: {@code 1 + 1} comes back as 2. */
    boolean works() {
        try {
            return give("1 + 1").filter(Integer.valueOf(2)::equals).isPresent();
        } catch (RuntimeException | Error e) {
            return false;
        }
    }

    private String take(String id) {
        return Handoff.class.getName() + ".take(\"" + id + "\")";
    }

    private String inferredType(Object value) throws DefineException {
        if (value == null || value.getClass().getCanonicalName() == null) {
            throw new DefineException("cannot infer a type to declare for " + value);
        }
        return REPL_PREFIX.matcher(value.getClass().getCanonicalName()).replaceFirst("");
    }

    private void evalHandoff(Object value, java.util.function.Function<String, String> source)
            throws DefineException {
        String id = Handoff.put(value);
        try {
            String code = source.apply(id);
            for (SnippetEvent event : s.shell().eval(code)) {
                if (event.causeSnippet() != null) {
                    continue;
                }
                if (event.status() == Snippet.Status.REJECTED) {
                    String why = s.shell().diagnostics(event.snippet()).filter(Diag::isError)
                            .map(d -> d.getMessage(Locale.ROOT)).collect(Collectors.joining("; "));
                    throw new DefineException("cannot restore with `" + code + "`: " + why);
                }
                if (event.status() != Snippet.Status.VALID) {
                    throw new DefineException("cannot restore with `" + code + "`: " + event.status());
                }
                if (event.exception() != null) {
                    JShellException e = event.exception();
                    String name = e instanceof EvalException ev ? ev.getExceptionClassName() : e.getClass().getName();
                    throw new DefineException("cannot restore with `" + code + "`: " + name + ": " + e.getMessage());
                }
            }
        } finally {
            Handoff.discard(id);
        }
    }
}
