package dev.javacached.kernel.engine;

import dev.javacached.kernel.display.Display;
import dev.javacached.kernel.log.Log;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.VarSnippet;

/**
 * One JShell instance with what belongs to it: its source analysis and its execution control.
 * {@link #open} starts one (the startup imports evaluated, the compile path warmed); the
 * engine replaces a session whose JShell stopped working by opening a fresh one. Used on the
 * engine thread only.
 */
record JShellSession(JShell shell, SourceCodeAnalysis analysis, KernelExecutionControl control) {

    /** Startup snippets: a few imports, display(...) / updateDisplay(...) and @Cached in every cell. */
    static final List<String> STARTUP = List.of(
            "import java.util.*;",
            "import java.util.function.*;",
            "import java.util.stream.*;",
            "import java.io.*;",
            "import java.nio.file.*;",
            "import static " + Display.class.getName() + ".*;",
            "import " + Memo.class.getName() + ".*;");

    /**
     * Starts a JShell that runs its snippets through {@code control}, with {@code classpath}
     * on its class path after the snippet API.
     */
    static JShellSession open(KernelExecutionControl control, List<Path> classpath) {
        IndexingPause.nameIndexerThread();
        Path api = SnippetApi.classpathEntry();
        control.compileOnly(api); // at run time snippets get the kernel's own API classes
        JShell shell = compilingAgainst(api, () -> JShell.builder()
                .executionEngine(new KernelExecutionControl.Provider(control), Map.of())
                .compilerOptions(JvmCompilerOptions.ofThisJvm().toArray(String[]::new))
                .build());
        shell.addToClasspath(api.toString()); // javac's -classpath from now on: "api:api", never the jar
        for (Path entry : classpath) {
            shell.addToClasspath(entry.toString());
        }
        for (String source : STARTUP) {
            for (SnippetEvent event : shell.eval(source)) {
                if (event.status() != Snippet.Status.VALID) {
                    throw new IllegalStateException("startup snippet failed: " + source);
                }
            }
        }
        // Warm the compile-load-invoke path while the kernel is still connecting: an empty
        // block declares nothing the user could see.
        shell.eval("{ }");
        Log.debug("jshell: ready");
        return new JShellSession(shell, shell.sourceCodeAnalysis(), control);
    }

    /**
     * Builds JShell with {@code api} as the start of its compile class path. JShell starts that
     * class path from the {@code java.class.path} property, read once as it is built: the
     * kernel jar, whose shaded libraries notebooks would compile against (and JShell would index
     * for completion). The property is the API folder only while JShell is built.
     */
    private static JShell compilingAgainst(Path api, java.util.function.Supplier<JShell> build) {
        String classPath = System.getProperty("java.class.path");
        System.setProperty("java.class.path", api.toString());
        try {
            return build.get();
        } finally {
            if (classPath == null) {
                System.clearProperty("java.class.path");
            } else {
                System.setProperty("java.class.path", classPath);
            }
        }
    }

    /** The live variable {@code name} (the latest valid declaration of it), if any. */
    Optional<VarSnippet> findVariable(String name) {
        return shell.variables()
                .filter(v -> v.name().equals(name) && shell.status(v) == Snippet.Status.VALID)
                .reduce((a, b) -> b);
    }

    /** The object {@code variable} holds now, read on a snippet thread. */
    Object liveValue(VarSnippet variable) throws ReflectiveOperationException {
        return liveField(variable).get(null);
    }

    /** The static field that holds {@code variable} in its wrapper class (as {@link #liveValue} reads it). */
    java.lang.reflect.Field liveField(VarSnippet variable) throws ReflectiveOperationException {
        return control.liveField(() -> shell.varValue(variable));
    }
}
