package dev.javacached.kernel.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/** Which class files IoFreeCode lets run without the file recorder, compiled here by javac. */
class IoFreeCodeTest {
    /** The class {@code W} whose {@code do_it$} body is {@code body}, as JShell wraps a snippet, and its bytes. */
    private static byte[] wrapper(String body) {
        String src = "import java.util.*; import java.nio.file.*; import java.io.*; import REPL.$JShell$7;\n"
                + "class Other { static List<String> shared = new ArrayList<>(); static String name() { return \"x\"; } }\n"
                + "public class W { public static Object v;\n"
                + "  public static Object do_it$() throws Throwable { " + body + " }\n"
                + "  static int own(int x) { return x * 2; } }\n";
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        Map<String, ByteArrayOutputStream> out = new TreeMap<>();
        JavaFileManager files = new ForwardingJavaFileManager<>(javac.getStandardFileManager(null, null, null)) {
            @Override
            public JavaFileObject getJavaFileForOutput(Location location, String className, JavaFileObject.Kind kind,
                                                       FileObject sibling) {
                return new SimpleJavaFileObject(URI.create("mem:///" + className + ".class"), kind) {
                    @Override
                    public OutputStream openOutputStream() {
                        return out.computeIfAbsent(className, k -> new ByteArrayOutputStream());
                    }
                };
            }
        };
        JavaFileObject unit = new SimpleJavaFileObject(URI.create("string:///W.java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignore) {
                return src;
            }
        };
        // the notebook's variables, as JShell's wrapper of an earlier snippet holds them
        JavaFileObject variables = new SimpleJavaFileObject(URI.create("string:///REPL/$JShell$7.java"),
                JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignore) {
                return "package REPL; import java.util.*;\n"
                        + "public class $JShell$7 { public static long[] counts; public static double[] xs;"
                        + " public static int[][] grid; public static String name; public static int n;"
                        + " public static String[] words; public static List<String> list; public static Object any; }\n";
            }
        };
        boolean ok = javac.getTask(null, files, null, List.of("--release", "17"), null, List.of(unit, variables)).call();
        if (!ok) {
            throw new IllegalStateException("does not compile: " + body);
        }
        return out.get("W").toByteArray();
    }

    private static boolean free(String body) {
        return IoFreeCode.check(wrapper(body));
    }

    @Test
    void valuesBuiltFromListedJdkCode_areIoFree() {
        for (String body : List.of(
                "return v = Path.of(System.getProperty(\"java.io.tmpdir\"), \"sales.csv\");",
                "return v = new ArrayList<Integer>();",
                "return v = new TreeMap<String, double[]>();",
                "return v = new double[] {0.05, 0.1, 0.2};",
                "return v = Double.MAX_VALUE;",
                "return v = Math.sqrt(2) + own(3);",
                "List<Integer> l = new ArrayList<>(); l.add(1); l.add(2); return v = l.size();",
                "return v = \"a\".repeat(3);",
                // the notebook's variables of plain types, and streams over primitive arrays
                "return v = Arrays.stream($JShell$7.counts).sum();",
                "return v = Arrays.stream($JShell$7.xs, 1, 3).average().orElse(0);",
                "return v = Arrays.stream($JShell$7.grid[0]).max().getAsInt() + $JShell$7.n;",
                "return v = $JShell$7.name.length() + $JShell$7.counts.length;")) {
            assertEquals(true, free(body), body);
        }
    }

    @Test
    void anythingThatCouldReachAFile_isNot() {
        for (String body : List.of(
                "return v = Files.readString(Path.of(\"x\"));",
                "return v = new FileInputStream(\"x\");",
                "return v = new File(\"x\").length();",
                "return v = Other.shared;",                        // another class's static: its initializer, its objects
                "return v = Other.name();",                        // notebook code
                "Runnable r = () -> {}; return v = r;",            // a lambda
                "return v = \"a\" + System.nanoTime();",           // string concatenation (invokedynamic)
                "return v = String.format(\"%s\", 1);",
                "return v = new ArrayList<>(List.of(1));",         // a constructor that takes a collection
                "return v = Path.of(\"x\").getFileSystem().provider().newInputStream(Path.of(\"x\"));",
                "System.exit(0); return null;",
                "return v = $JShell$7.list;",                      // a variable that may hold notebook objects
                "return v = $JShell$7.any;",
                "return v = Arrays.stream($JShell$7.words).count();",   // a stream of objects
                "return v = Arrays.stream($JShell$7.counts).boxed().count();",
                "return v = Arrays.stream($JShell$7.counts).map(x -> x * 2).sum();",   // a lambda
                "$JShell$7.n = 3; return null;")) {                // it assigns another snippet's variable
            assertFalse(free(body), body);
        }
    }

    @Test
    void unreadableBytes_mayTouchFiles() {
        assertFalse(IoFreeCode.check(new byte[] {1, 2, 3}));
    }
}
