package dev.javacached.kernel.engine;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.util.JavacTask;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * javac's parser with no attribution (0.1-0.3 ms a snippet once warm, through {@link DirectParser}), for snippets,
 * which are fragments: the caller wraps one as class members, as the statements of a method
 * body, or as an expression. Used by the engine to classify snippets and by the cache to read
 * their references, on the engine thread: {@link #forThisThread()} gives both the same
 * instance, which remembers its last few parses, so each wrapping of a snippet is parsed once.
 */
public final class JavacParse {
    private static final ThreadLocal<JavacParse> PER_THREAD = ThreadLocal.withInitial(JavacParse::new);
    private static final int REMEMBERED = 4;
    /** The wrapper's class and method names; never a name a snippet declares. */
    public static final String WRAP_CLASS = "$JavaCached$Wrapper";
    public static final String WRAP_METHOD = "$javaCached$body";

    private final JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    private StandardJavaFileManager fileManager;
    /** javac's parser without a task per parse; empty where it cannot be reached (null: not tried yet). */
    private Optional<DirectParser> direct;
    private final Map<String, Optional<CompilationUnitTree>> recent = new LinkedHashMap<>(32, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Optional<CompilationUnitTree>> eldest) {
            return size() > REMEMBERED;
        }
    };

    /** Where each remembered unit's trees start and end (from the task that parsed it). */
    private final Map<CompilationUnitTree, com.sun.source.util.SourcePositions> positions = new java.util.WeakHashMap<>();

    private JavacParse() {
    }

    /** Start and end positions of the trees of {@code unit}, a parse of this parser; empty if unknown. */
    public Optional<com.sun.source.util.SourcePositions> positions(CompilationUnitTree unit) {
        return Optional.ofNullable(positions.get(unit));
    }

    /** This thread's parser (not thread-safe: it keeps a file manager and its recent parses). */
    public static JavacParse forThisThread() {
        return PER_THREAD.get();
    }

    /** {@code src} as the members of a class. */
    public static String asMembers(String src) {
        return "class " + WRAP_CLASS + " {\n" + src + "\n;}";
    }

    /** {@code src} as the statements of a method body. */
    public static String asStatements(String src) {
        return "class " + WRAP_CLASS + " { void " + WRAP_METHOD + "() throws Throwable {\n" + src + "\n;}}";
    }

    /** {@code src} as one expression. */
    public static String asExpression(String src) {
        return "class " + WRAP_CLASS + " { void " + WRAP_METHOD + "() throws Throwable { var $v = (\n"
                + src + "\n);}}";
    }

    /** Whether a compiler is there to parse with (a JRE without jdk.compiler has none). */
    public boolean available() {
        return compiler != null;
    }

    /** The compilation unit of {@code code}; empty when it has a syntax error or cannot be parsed. */
    public Optional<CompilationUnitTree> parse(String code) {
        Optional<CompilationUnitTree> known = recent.get(code);
        if (known == null) {
            known = parseNow(code);
            recent.put(code, known);
        }
        return known;
    }

    private Optional<CompilationUnitTree> parseNow(String code) {
        if (compiler == null) {
            return Optional.empty();
        }
        if (direct()) {
            Optional<DirectParser.Parsed> p = direct.get().parse(code);
            if (p.isPresent()) {
                if (p.get().hasErrors()) {
                    return Optional.empty();
                }
                positions.put(p.get().unit(), p.get().positions());
                return Optional.of(p.get().unit());
            }
        }
        return parseWithTask(code);
    }

    /** Whether parses go straight to javac's parser ({@link DirectParser}) rather than through a task each. */
    boolean direct() {
        if (direct == null) {
            direct = compiler == null ? Optional.empty() : DirectParser.open(fileManager());
        }
        return direct.isPresent();
    }

    private StandardJavaFileManager fileManager() {
        if (fileManager == null) {
            fileManager = compiler.getStandardFileManager(null, null, StandardCharsets.UTF_8);
        }
        return fileManager;
    }

    /** Through a new {@code JavacTask}: the way where {@link DirectParser} is unavailable (and its reference in tests). */
    Optional<CompilationUnitTree> parseWithTask(String code) {
        try {
            StandardJavaFileManager fileManager = fileManager();
            JavaFileObject file = new SimpleJavaFileObject(URI.create("string:///Snippet.java"),
                    JavaFileObject.Kind.SOURCE) {
                @Override
                public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                    return code;
                }
            };
            DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
            JavacTask task = (JavacTask) compiler.getTask(null, fileManager, diagnostics,
                    List.of("-proc:none"), null, List.of(file));
            List<CompilationUnitTree> units = new ArrayList<>();
            task.parse().forEach(units::add);
            boolean errors = diagnostics.getDiagnostics().stream()
                    .anyMatch(d -> d.getKind() == Diagnostic.Kind.ERROR);
            if (errors || units.size() != 1) {
                return Optional.empty();
            }
            positions.put(units.get(0), com.sun.source.util.Trees.instance(task).getSourcePositions());
            return Optional.of(units.get(0));
        } catch (java.io.IOException | RuntimeException | LinkageError e) {
            return Optional.empty();
        }
    }
}
