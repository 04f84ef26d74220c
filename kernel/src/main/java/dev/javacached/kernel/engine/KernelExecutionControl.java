package dev.javacached.kernel.engine;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Optional;
import jdk.jshell.execution.LocalExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

/**
 * JShell's in-process execution, extended with what the kernel needs:
 * <ul>
 * <li>reading and setting a variable's live object ({@link #liveField}), by capturing the wrapper class
 *     and field JShell passes to {@link #varValue};</li>
 * <li>snippet classes that cannot end the JVM ({@link ExitGuard});</li>
 * <li>notebook code that sees the JDK, the snippet API and the notebook's own jars, never the
 *     kernel's libraries ({@link NotebookLoader}), also as its threads' context class loader;</li>
 * <li>an interrupt without a race ({@link #cancel}): the snippet runs through
 *     {@link #enter()}, which checks the cancel flag on the snippet thread, after that
 *     thread joined the group {@link LocalExecutionControl#stop()} stops (Thread.stop on
 *     JDK 17; the stop-check flag plus Thread.interrupt on JDK 25).</li>
 * </ul>
 * Public only because JShell's module invokes {@link #enter()} reflectively; not an API.
 */
public final class KernelExecutionControl extends LocalExecutionControl {

    /** The snippet about to run; inherited by the snippet thread LocalExecutionControl starts. */
    private static final InheritableThreadLocal<Pending> PENDING = new InheritableThreadLocal<>();
    private static final Method ENTER;

    static {
        try {
            ENTER = KernelExecutionControl.class.getMethod("enter");
        } catch (NoSuchMethodException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** A snippet about to run, and the thread that invoked it (JShell's, waiting in join). */
    private record Pending(Method doit, KernelExecutionControl control, Thread caller) {
    }

    /** The name {@link #runStoppable} invokes, as JShell invokes a snippet's wrapper class. */
    private static final String STEP_CLASS = "java-cached$ValueCode";
    /** The step {@link #runStoppable} is running; engine thread sets it, the snippet thread runs it. */
    private volatile Step<?> step;

    /** A step and what came of it. */
    private static final class Step<T> {
        final java.util.concurrent.Callable<T> work;
        T result;
        Exception failed;

        Step(java.util.concurrent.Callable<T> work) {
            this.work = work;
        }

        void run() {
            try {
                result = work.call();
            } catch (Exception e) {
                failed = e;
            }
            // an Error (ThreadDeath from an interrupt among them) ends the invocation as a snippet's would
        }
    }

    private record VarRef(String className, String fieldName) {
    }

    private volatile boolean cancelled;
    /** The thread group snippets run in; threads a snippet starts join it. */
    private volatile ThreadGroup snippetGroup;

    /** Where snippet classes and the notebook's jars are loaded. */
    private final NotebookLoader loader;

    KernelExecutionControl(NotebookLoader loader) {
        super(loader);
        this.loader = loader;
        REPORTING.add(Thread.currentThread());   // JShell evaluates, and so invokes, on the thread that made it
    }

    /** The class loader notebook code runs in: the JDK, the snippet API, the notebook's classes and jars. */
    ClassLoader notebookLoader() {
        return loader.classLoader();
    }

    /**
     * {@code entry} is on JShell's class path for compilation only; at run time its classes
     * come from the kernel (the snippet API folder).
     */
    void compileOnly(java.nio.file.Path entry) {
        loader.compileOnly(entry);
    }

    @Override
    public void close() {
        super.close();
        loader.close();
    }

    private boolean capturing;
    private VarRef captured;

    /** Clears an earlier {@link #cancel()}; called when a cell starts. */
    void resetCancel() {
        cancelled = false;
    }

    /** Stops the running snippet, and any snippet that is about to start; any thread. */
    void cancel() {
        cancelled = true;
        try {
            stop();
        } catch (ExecutionControl.ExecutionControlException e) {
            // No snippet thread yet: enter() sees the flag.
        }
    }

    boolean isCancelled() {
        return cancelled;
    }

    /** The thread group of snippet threads (and the threads they start); null before the first. */
    ThreadGroup snippetGroup() {
        return snippetGroup;
    }

    /**
     * Runs {@code work} (the cache encoding or decoding a value, which may call the value's own
     * {@code readObject}, {@code hashCode}...) the way a snippet runs: on a snippet thread, inside
     * JShell's invocation, so {@link #cancel()} stops it on JDK 17 (Thread.stop) and JDK 25 (the
     * stop check in notebook classes, and Thread.interrupt). A stopped step throws
     * {@link java.io.InterruptedIOException}; an Error it throws comes back as an IOException.
     * Engine thread only.
     */
    <T> T runStoppable(java.util.concurrent.Callable<T> work) throws Exception {
        Step<T> running = new Step<>(work);
        step = running;
        try {
            invoke(STEP_CLASS, "runStep");
        } catch (ExecutionControl.StoppedException e) {
            throw new java.io.InterruptedIOException("stopped by the user's interrupt");
        } catch (ExecutionControl.UserException e) {
            if (cancelled) {
                throw new java.io.InterruptedIOException("stopped by the user's interrupt");
            }
            throw new java.io.IOException(e.causeExceptionClass() + ": " + e.getMessage());
        } catch (ExecutionControl.ExecutionControlException e) {
            throw new java.io.IOException("the value's code could not be run: " + e.getMessage(), e);
        } finally {
            step = null;
        }
        if (running.failed != null) {
            throw running.failed;
        }
        return running.result;
    }

    /**
     * Whether an invocation is the cache's own step ({@link #runStoppable}: a value's code run
     * while encoding or decoding it), not a snippet: its time is not the snippet's run time, and
     * its thread group is not one a cell's threads join.
     */
    private static boolean isCacheStep(Method doit) {
        return doit.getDeclaringClass() == KernelExecutionControl.class;
    }

    /** Runs the pending {@link #runStoppable} step on the snippet thread. Public only for reflection. */
    public static Object runStep() {
        PENDING.get().control.step.run();
        return null;
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        return name.equals(STEP_CLASS) ? KernelExecutionControl.class : super.findClass(name);
    }

    /** JShell's binary name of a top-level type declared in the notebook: REPL.$JShell$11$Row, REPL.$JShell$11B$Row. */
    private static final java.util.regex.Pattern TOP_TYPE =
            java.util.regex.Pattern.compile("REPL\\.\\$JShell\\$\\d+[A-Za-z]*\\$([^$]+)");
    /** Declared name → binary name of the class most recently loaded for it. */
    private final Map<String, String> loadedTypes = new java.util.concurrent.ConcurrentHashMap<>();

    /** JShell's binary name of a snippet's wrapper class, whose {@code do_it$} runs it: REPL.$JShell$12, REPL.$JShell$12B. */
    static final java.util.regex.Pattern WRAPPER = java.util.regex.Pattern.compile("REPL\\.\\$JShell\\$\\d+[A-Za-z]*");
    /** Wrapper classes loaded and not yet run, by binary name: whether their code can reach no file ({@link IoFreeCode}). */
    private final Map<String, Boolean> ioFree = new java.util.concurrent.ConcurrentHashMap<>();
    /** Told on the engine thread just before a snippet's code runs: whether it can reach no file. */
    private static volatile java.util.function.Consumer<Boolean> beforeRun = ioFree -> { };

    /**
     * {@code listener} is told, on the thread that evaluates the snippet and just before its code
     * runs (after JShell compiled and loaded it), whether that code can reach no file
     * ({@link IoFreeCode}): {@code cache/FileAccess} starts a snippet's file window there, and
     * for code that cannot reach a file it does not wait for the file recorder. One per JVM, as
     * the recorder is.
     */
    public static void beforeRun(java.util.function.Consumer<Boolean> listener) {
        beforeRun = listener;
    }

    /** Threads that created a control, and so evaluate snippets through it: they hear {@link #beforeRun}. */
    private static final java.util.Set<Thread> REPORTING =
            java.util.Collections.synchronizedSet(java.util.Collections.newSetFromMap(new java.util.WeakHashMap<>()));

    /** Whether snippets evaluated on {@code thread} are told to {@link #beforeRun} before they run. */
    public static boolean reportsRunsOn(Thread thread) {
        return REPORTING.contains(thread);
    }

    /** Snippet classes are loaded with their exit calls rewritten ({@link ExitGuard}). */
    @Override
    public void load(ClassBytecodes[] cbcs)
            throws ClassInstallException, NotImplementedException, EngineTerminationException {
        super.load(guarded(cbcs));
        for (ClassBytecodes c : cbcs) {
            java.util.regex.Matcher m = TOP_TYPE.matcher(c.name());
            if (m.matches()) {
                loadedTypes.put(m.group(1), c.name());
            } else if (WRAPPER.matcher(c.name()).matches()) {
                if (ioFree.size() > 10_000) {
                    ioFree.clear();     // wrappers never run (a failed evaluation): "may touch files" is the safe answer
                }
                ioFree.put(c.name(), IoFreeCode.check(c.bytecodes()));
            }
        }
    }

    /**
     * The class most recently loaded for the notebook type {@code simpleName} (JShell loads a new
     * class each time it compiles a declaration; a rejected one loads nothing), without an
     * evaluation. The caller checks that the type is still declared.
     */
    Optional<Class<?>> loadedType(String simpleName) {
        String binary = loadedTypes.get(simpleName);
        if (binary == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(findClass(binary));
        } catch (ClassNotFoundException | RuntimeException | LinkageError e) {
            return Optional.empty();
        }
    }

    @Override
    public void redefine(ClassBytecodes[] cbcs)
            throws ClassInstallException, NotImplementedException, EngineTerminationException {
        super.redefine(guarded(cbcs));
        for (ClassBytecodes c : cbcs) {
            if (ioFree.containsKey(c.name())) {
                ioFree.put(c.name(), IoFreeCode.check(c.bytecodes()));     // the verdict follows the code
            }
        }
    }

    private static ClassBytecodes[] guarded(ClassBytecodes[] cbcs) {
        ClassBytecodes[] out = new ClassBytecodes[cbcs.length];
        for (int i = 0; i < cbcs.length; i++) {
            out[i] = new ClassBytecodes(cbcs[i].name(), ExitGuard.rewrite(cbcs[i].bytecodes()));
        }
        return out;
    }

    /** Time snippets spent running since {@link #takeRunNanos} (engine thread only). */
    private long runNanos;

    /** How long snippets ran (not compiled) since the last call, and starts counting again. */
    long takeRunNanos() {
        long n = runNanos;
        runNanos = 0;
        return n;
    }

    @Override
    protected String invoke(Method doitMethod) throws Exception {
        Boolean free = ioFree.remove(doitMethod.getDeclaringClass().getName());
        beforeRun.accept(Boolean.TRUE.equals(free));
        PENDING.set(new Pending(doitMethod, this, Thread.currentThread()));
        long start = System.nanoTime();
        try {
            return super.invoke(ENTER);
        } finally {
            if (!isCacheStep(doitMethod)) {
                runNanos += System.nanoTime() - start;
            }
            PENDING.remove();
        }
    }

    /**
     * Waits (at most 200 ms) until JShell's invoking thread waits for this one. JShell lists the
     * threads of the snippet's group right after starting it and joins every one: a thread the
     * snippet started before that listing would be waited for too, and a cell that starts a
     * long-lived background thread would then never end (seen under load).
     */
    private static void awaitJoin(Thread caller) {
        long deadline = System.nanoTime() + 200_000_000L;
        Thread.State state;
        while (((state = caller.getState()) == Thread.State.RUNNABLE || state == Thread.State.BLOCKED)
                && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
    }

    /** Runs the pending snippet on the snippet thread. Public only for reflection. */
    @SuppressWarnings("removal")
    public static Object enter() throws Throwable {
        Pending pending = PENDING.get();
        Thread self = Thread.currentThread();
        awaitJoin(pending.caller);
        if (!isCacheStep(pending.doit)) {
            // the group a cell's threads join (see StdStreams.afterCell); a cache step's is not one
            pending.control.snippetGroup = self.getThreadGroup();
        }
        // ServiceLoader, JDBC drivers, logging back-ends look in the context loader: the
        // notebook's, inherited by every thread the snippet starts
        self.setContextClassLoader(pending.control.loader.classLoader());
        if (pending.control.cancelled) {
            throw new ThreadDeath();
        }
        Object value;
        try {
            value = pending.doit.invoke(null);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
        // The value string is made here, on the snippet thread, where an interrupt reaches it:
        // JShell makes it after this thread ended, on its own thread, which Thread.stop (JDK 17)
        // never targets, so a toString() that loops could not be interrupted.
        String shown;
        try {
            shown = boundedValueString(value);
        } catch (ThreadDeath stop) {
            throw stop;
        } catch (RuntimeException | Error e) {
            shown = "<" + value.getClass().getName() + ".toString() threw " + e + ">";
        }
        return new Shown(shown);
    }

    /**
     * What a snippet returns, as JShell turns it into its value string (JShell calls
     * {@code valueString(result)}, which ends in {@code toString()} for this type). The value
     * string is made by {@link #boundedValueString}, so a 40-million-element array is not
     * formatted in full after every declaration. The live value itself is read from the
     * variable's field, never from here.
     */
    private record Shown(String text) {
        @Override
        public String toString() {
            return text;
        }
    }

    /**
     * The static field (accessible) that holds the variable whose value JShell asks for in
     * {@code readVar}: JShell knows the wrapper class of a variable, this control learns it when
     * varValue is called.
     */
    Field liveField(Runnable readVar) throws ReflectiveOperationException {
        capturing = true;
        captured = null;
        try {
            readVar.run();
        } finally {
            capturing = false;
        }
        VarRef ref = captured;
        if (ref == null) {
            throw new NoSuchFieldException("JShell did not read a variable");
        }
        Field field = findClass(ref.className).getDeclaredField(ref.fieldName);
        field.setAccessible(true);
        return field;
    }

    @Override
    public String varValue(String className, String varName)
            throws RunException, EngineTerminationException, InternalException {
        if (capturing) {
            captured = new VarRef(className, varName);
            return "";
        }
        try {
            Field field = findClass(className).getDeclaredField(varName);
            field.setAccessible(true);
            return boundedValueString(field.get(null));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return super.varValue(className, varName);
        }
    }

    /** Elements shown of a big array or collection; JShell itself would format all of them. */
    static final int SHOWN_ELEMENTS = 1000;

    /**
     * JShell's value string, except that a big array, collection or map shows only its first
     * {@link #SHOWN_ELEMENTS} elements: JShell formats a value after every declaration, and
     * formatting all 40 million elements of a {@code double[]} takes longer than computing them.
     */
    static String boundedValueString(Object value) {
        if (value != null && value.getClass().isArray() && java.lang.reflect.Array.getLength(value) > SHOWN_ELEMENTS) {
            int length = java.lang.reflect.Array.getLength(value);
            String type = value.getClass().getComponentType().getSimpleName();
            StringBuilder out = new StringBuilder(type).append('[').append(length).append("] { ");
            for (int i = 0; i < SHOWN_ELEMENTS; i++) {
                out.append(valueString(java.lang.reflect.Array.get(value, i))).append(", ");
            }
            return out.append("... }").toString();
        }
        if (value instanceof java.util.Collection<?> c && c.size() > SHOWN_ELEMENTS) {
            StringBuilder out = new StringBuilder("[");
            java.util.Iterator<?> it = c.iterator();
            for (int i = 0; i < SHOWN_ELEMENTS && it.hasNext(); i++) {
                out.append(it.next()).append(", ");
            }
            return out.append("... (").append(c.size()).append(" elements)]").toString();
        }
        if (value instanceof java.util.Map<?, ?> m && m.size() > SHOWN_ELEMENTS) {
            StringBuilder out = new StringBuilder("{");
            java.util.Iterator<? extends java.util.Map.Entry<?, ?>> it = m.entrySet().iterator();
            for (int i = 0; i < SHOWN_ELEMENTS && it.hasNext(); i++) {
                java.util.Map.Entry<?, ?> e = it.next();
                out.append(e.getKey()).append('=').append(e.getValue()).append(", ");
            }
            return out.append("... (").append(m.size()).append(" entries)}").toString();
        }
        return valueString(value);
    }

    /** Hands this control to {@code JShell.builder().executionEngine(provider, params)}. */
    static final class Provider implements ExecutionControlProvider {
        private final KernelExecutionControl control;

        Provider(KernelExecutionControl control) {
            this.control = control;
        }

        @Override
        public String name() {
            return "java-cached-local";
        }

        @Override
        public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
            return control;
        }
    }
}
