package dev.javacached.kernel.engine;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;
import jdk.jshell.execution.LocalExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

/**
 * JShell's in-process execution, extended with what the kernel needs:
 * <ul>
 * <li>reading a variable's live object ({@link #liveValue}), by capturing the wrapper class
 *     and field JShell passes to {@link #varValue};</li>
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

    private record Pending(Method doit, KernelExecutionControl control) {
    }

    private record VarRef(String className, String fieldName) {
    }

    private volatile boolean cancelled;

    KernelExecutionControl() {
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

    @Override
    protected String invoke(Method doitMethod) throws Exception {
        PENDING.set(new Pending(doitMethod, this));
        try {
            return super.invoke(ENTER);
        } finally {
            PENDING.remove();
        }
    }

    /** Runs the pending snippet on the snippet thread. Public only for reflection. */
    @SuppressWarnings("removal")
    public static Object enter() throws Throwable {
        Pending pending = PENDING.get();
        if (pending.control.cancelled) {
            throw new ThreadDeath();
        }
        try {
            return pending.doit.invoke(null);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /**
     * The object held by the variable whose value JShell asks for in {@code readVar}: JShell
     * knows the wrapper class of a variable, this control learns it when varValue is called.
     */
    Object liveValue(Runnable readVar) throws ReflectiveOperationException {
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
        return field.get(null);
    }

    @Override
    public String varValue(String className, String varName)
            throws RunException, EngineTerminationException, InternalException {
        if (capturing) {
            captured = new VarRef(className, varName);
            return "";
        }
        return super.varValue(className, varName);
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
