package dev.javacached.kernel.engine;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * The javac options that make JShell compile snippets for the JVM they run in. Snippets run
 * in the kernel's own JVM, but JShell's compiler sees only the default modules: a JVM started
 * with {@code --add-modules=jdk.incubator.vector} runs vector code, yet
 * {@code import jdk.incubator.vector.*;} is "not in the module graph" for the compiler until
 * it is told the same. So the module options the JVM was started with (from
 * {@code install --jvm-opt}, {@code JAVA_CACHED_JVM_OPTS} or anywhere else) are passed on:
 * {@code --add-modules}, {@code --add-exports}, {@code --add-reads}, {@code --limit-modules},
 * {@code --module-path}, and {@code --enable-preview} (with this JDK's {@code --source}).
 * {@code --add-opens} needs nothing here: it only matters to reflection at run time.
 */
public final class JvmCompilerOptions {
    private static final List<String> PASSED_ON = List.of("--add-modules=", "--add-exports=", "--add-reads=",
            "--limit-modules=", "--module-path=");

    private JvmCompilerOptions() {
    }

    /** The compiler options for this JVM. */
    public static List<String> ofThisJvm() {
        return of(ManagementFactory.getRuntimeMXBean().getInputArguments(), Runtime.version().feature());
    }

    /**
     * The compiler options for a JVM started with {@code jvmArguments}, as the JVM reports them
     * (the launcher hands every module option over as {@code --name=value}).
     */
    static List<String> of(List<String> jvmArguments, int feature) {
        List<String> options = new ArrayList<>();
        for (String argument : jvmArguments) {
            if (PASSED_ON.stream().anyMatch(argument::startsWith)) {
                options.add(argument);
            } else if (argument.equals("--enable-preview") && !options.contains(argument)) {
                options.add(argument);
                options.add("--source");
                options.add(Integer.toString(feature));
            }
        }
        return List.copyOf(options);
    }
}
