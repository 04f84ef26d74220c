package dev.javacached.kernel.engine;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.SourcePositions;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.URI;
import java.util.Collection;
import java.util.Optional;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;

/**
 * javac's parser called directly, in one long-lived compiler context, instead of through a new
 * {@code JavacTask} per parse. A task builds a context and a compiler for every parse: 1.3-3.4 ms
 * a snippet once warm (its first: about 130 ms), where the parser alone takes 0.1-0.3 ms (its
 * first: about 10 ms). A trivial cell parses its snippet three or four times (to classify it, then
 * to read its references), so that was most of the kernel's own time in one.
 *
 * <p>The parser is in packages jdk.compiler does not export; the kernel jar's manifest exports
 * them to the kernel ({@code Add-Exports}), and the calls go through method handles found once,
 * with the signatures JDK 17 to 25 share. Where they cannot be found (another launch, another
 * JDK), {@link #open} returns empty and {@link JavacParse} parses through a task as before.
 * Not thread-safe: one per {@link JavacParse}, which is per thread.
 */
final class DirectParser {
    /** A fresh context now and then, so that its name table does not grow for the JVM's life. */
    private static final int PARSES_PER_CONTEXT = 2000;

    private final MethodHandle newContext;
    private final MethodHandle contextPut;
    private final javax.tools.JavaFileManager fileManager;
    private final MethodHandle logInstance;
    private final MethodHandle parserFactoryInstance;
    private final MethodHandle newParser;
    private final MethodHandle parseCompilationUnit;
    private final MethodHandle useSource;
    private final MethodHandle newDeferredHandler;
    private final MethodHandle deferredDiagnostics;
    private final MethodHandle popHandler;
    private final MethodHandle startPos;
    private final MethodHandle endPos;
    private final MethodHandle endPositions;

    private Object log;
    private Object parserFactory;
    private int parses;

    private DirectParser(javax.tools.JavaFileManager fileManager) throws ReflectiveOperationException {
        this.fileManager = fileManager;
        MethodHandles.Lookup l = MethodHandles.lookup();   // this module's: the exports are to it
        ClassLoader jdk = ClassLoader.getPlatformClassLoader();
        Class<?> context = Class.forName("com.sun.tools.javac.util.Context", false, jdk);
        Class<?> logClass = Class.forName("com.sun.tools.javac.util.Log", false, jdk);
        Class<?> handler = Class.forName("com.sun.tools.javac.util.Log$DiagnosticHandler", false, jdk);
        Class<?> deferred = Class.forName("com.sun.tools.javac.util.Log$DeferredDiagnosticHandler", false, jdk);
        Class<?> factory = Class.forName("com.sun.tools.javac.parser.ParserFactory", false, jdk);
        Class<?> parser = Class.forName("com.sun.tools.javac.parser.JavacParser", false, jdk);
        Class<?> jcTree = Class.forName("com.sun.tools.javac.tree.JCTree", false, jdk);
        Class<?> unit = Class.forName("com.sun.tools.javac.tree.JCTree$JCCompilationUnit", false, jdk);
        Class<?> endPosTable = Class.forName("com.sun.tools.javac.tree.EndPosTable", false, jdk);
        Class<?> treeInfo = Class.forName("com.sun.tools.javac.tree.TreeInfo", false, jdk);
        newContext = l.findConstructor(context, MethodType.methodType(void.class));
        contextPut = l.findVirtual(context, "put", MethodType.methodType(void.class, Class.class, Object.class));
        logInstance = l.findStatic(logClass, "instance", MethodType.methodType(logClass, context));
        parserFactoryInstance = l.findStatic(factory, "instance", MethodType.methodType(factory, context));
        newParser = l.findVirtual(factory, "newParser",
                MethodType.methodType(parser, CharSequence.class, boolean.class, boolean.class, boolean.class));
        parseCompilationUnit = l.findVirtual(parser, "parseCompilationUnit", MethodType.methodType(unit));
        useSource = l.findVirtual(logClass, "useSource", MethodType.methodType(JavaFileObject.class, JavaFileObject.class));
        // JDK 17: a static nested class taking the log; JDK 25: an inner class of the log (the
        // same constructor descriptor). Either way it installs itself as the log's handler.
        newDeferredHandler = l.findConstructor(deferred, MethodType.methodType(void.class, logClass));
        deferredDiagnostics = l.findVirtual(deferred, "getDiagnostics", MethodType.methodType(deferredReturnType(deferred)))
                .asType(MethodType.methodType(Collection.class, deferred));
        popHandler = l.findVirtual(logClass, "popDiagnosticHandler", MethodType.methodType(void.class, handler));
        startPos = l.findStatic(treeInfo, "getStartPos", MethodType.methodType(int.class, jcTree));
        endPos = l.findStatic(treeInfo, "getEndPos", MethodType.methodType(int.class, jcTree, endPosTable));
        endPositions = l.findGetter(unit, "endPositions", endPosTable);
    }

    /** {@code getDiagnostics()}'s return type: a Queue on JDK 17, a List on JDK 25. */
    private static Class<?> deferredReturnType(Class<?> deferred) throws NoSuchMethodException {
        return deferred.getMethod("getDiagnostics").getReturnType();
    }

    /** A direct parser, or empty where javac's parser cannot be reached this way (then parse through a task). */
    static Optional<DirectParser> open(javax.tools.JavaFileManager fileManager) {
        try {
            DirectParser p = new DirectParser(fileManager);
            // a good and a bad parse, checked, before it is trusted
            Optional<Parsed> good = p.parse("class A { void m() { int x = 1; } }");
            Optional<Parsed> bad = p.parse("class A { void m() { 0 + 1; } }");
            if (good.isEmpty() || good.get().hasErrors() || bad.isEmpty() || !bad.get().hasErrors()) {
                return Optional.empty();
            }
            return Optional.of(p);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            dev.javacached.kernel.log.Log.debug("javac's parser is not reachable directly (%s); parsing through tasks", e);
            return Optional.empty();
        }
    }

    /** A parse: the unit (whatever the parser recovered, when there were errors), its positions, whether it had errors. */
    record Parsed(CompilationUnitTree unit, SourcePositions positions, boolean hasErrors) {
    }

    /** Parses {@code code}; empty only when the parser itself failed. Nothing is printed. */
    Optional<Parsed> parse(String code) {
        try {
            if (log == null || parses++ >= PARSES_PER_CONTEXT) {
                Object ctx = newContext.invoke();
                contextPut.invoke(ctx, javax.tools.JavaFileManager.class, fileManager);   // the parser's set-up looks it up
                log = logInstance.invoke(ctx);
                parserFactory = parserFactoryInstance.invoke(ctx);
                parses = 1;
            }
            JavaFileObject file = new SimpleJavaFileObject(URI.create("string:///Snippet.java"), JavaFileObject.Kind.SOURCE) {
                @Override
                public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                    return code;
                }
            };
            JavaFileObject previous = (JavaFileObject) useSource.invoke(log, file);
            Object handler = newDeferredHandler.invoke(log);
            CompilationUnitTree unit;
            boolean errors;
            try {
                unit = (CompilationUnitTree) parseCompilationUnit.invoke(newParser.invoke(parserFactory, code, false, true, true));
                errors = false;
                for (Object d : (Collection<?>) deferredDiagnostics.invoke(handler)) {
                    errors |= ((Diagnostic<?>) d).getKind() == Diagnostic.Kind.ERROR;
                }
            } finally {
                popHandler.invoke(log, handler);
                useSource.invoke(log, previous);
            }
            return Optional.of(new Parsed(unit, positions(), errors));
        } catch (Throwable e) {
            log = null;   // a fresh context for the next parse; this one goes through a task
            return Optional.empty();
        }
    }

    private SourcePositions positions() {
        return new SourcePositions() {
            @Override
            public long getStartPosition(CompilationUnitTree file, Tree tree) {
                try {
                    return (int) startPos.invoke(tree);
                } catch (Throwable e) {
                    return -1;
                }
            }

            @Override
            public long getEndPosition(CompilationUnitTree file, Tree tree) {
                try {
                    return (int) endPos.invoke(tree, endPositions.invoke(file));
                } catch (Throwable e) {
                    return -1;
                }
            }
        };
    }
}
