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
        String src = "import java.util.*; import java.nio.file.*; import java.io.*;\n"
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
        boolean ok = javac.getTask(null, files, null, List.of("--release", "17"), null, List.of(unit)).call();
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
                "return v = \"a\".repeat(3);")) {
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
                "System.exit(0); return null;")) {
            assertFalse(free(body), body);
        }
    }

    @Test
    void unreadableBytes_mayTouchFiles() {
        assertFalse(IoFreeCode.check(new byte[] {1, 2, 3}));
    }
}
