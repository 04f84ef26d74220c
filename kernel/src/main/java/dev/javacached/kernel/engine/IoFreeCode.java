package dev.javacached.kernel.engine;

import java.util.Map;
import java.util.Set;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ConstantDynamic;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Whether a snippet class can reach no file: every call in it goes to a short list of JDK
 * methods that neither touch files nor call code of the notebook's (building a path from a
 * property, an empty collection, boxing, arithmetic, a stream over a primitive array), it reads
 * no other class's static field (which would run that class's initializer, or hand it a notebook
 * object whose methods it then calls) but the notebook's variables that hold a primitive, a
 * primitive array or a string (a field of another JShell wrapper, which has no initializer, of a
 * type that has no notebook code), and it has no {@code invokedynamic} (lambdas, string
 * concatenation: both call code the list does not name). So every object the class's code
 * reaches was made by listed JDK code, or is such a variable's array or string.
 * {@code var csv = Path.of(System.getProperty("java.io.tmpdir"), "sales.csv");},
 * {@code List<Sale> sales = new ArrayList<>();}, {@code double[] rates = {0.05, 0.1};} and
 * {@code Arrays.stream(counts).sum()} with {@code counts} a {@code long[]} pass; anything that
 * mentions a variable of another type, a notebook method or class, or a library does not.
 *
 * <p>Such a snippet needs no file recorder while it runs ({@code cache/FileAccess}), which is
 * what this is for: it is decided from the class file JShell loads, so nothing about it is
 * guessed from names in the source. Anything this cannot read is "may touch files".
 */
final class IoFreeCode {
    /** Static methods (owner → names) that compute from their arguments only. */
    private static final Map<String, Set<String>> STATIC = Map.ofEntries(
            Map.entry("java/lang/System", Set.of("getProperty", "lineSeparator", "nanoTime", "currentTimeMillis")),
            Map.entry("java/lang/Math", Set.of("*")),
            Map.entry("java/lang/StrictMath", Set.of("*")),
            Map.entry("java/lang/Integer", Set.of("valueOf", "parseInt", "toString", "compare", "sum", "max", "min")),
            Map.entry("java/lang/Long", Set.of("valueOf", "parseLong", "toString", "compare", "sum", "max", "min")),
            Map.entry("java/lang/Double", Set.of("valueOf", "parseDouble", "toString", "compare", "sum", "max", "min",
                    "isNaN", "isFinite")),
            Map.entry("java/lang/Float", Set.of("valueOf", "parseFloat", "toString", "compare")),
            Map.entry("java/lang/Short", Set.of("valueOf", "parseShort")),
            Map.entry("java/lang/Byte", Set.of("valueOf", "parseByte")),
            Map.entry("java/lang/Character", Set.of("valueOf")),
            Map.entry("java/lang/Boolean", Set.of("valueOf", "parseBoolean")),
            Map.entry("java/lang/String", Set.of("valueOf", "join")),
            Map.entry("java/nio/file/Path", Set.of("of")),
            Map.entry("java/nio/file/Paths", Set.of("get")),
            Map.entry("java/util/List", Set.of("of")),
            Map.entry("java/util/Set", Set.of("of")),
            Map.entry("java/util/Map", Set.of("of", "entry")),
            Map.entry("java/util/Arrays", Set.of("asList", "fill")));
    /**
     * Static methods allowed with these descriptors only: a stream over a primitive array (one
     * over objects would call their {@code compareTo}, {@code equals} or {@code hashCode}).
     */
    private static final Set<String> STATIC_EXACT = Set.of(
            "java/util/Arrays.stream([I)Ljava/util/stream/IntStream;",
            "java/util/Arrays.stream([III)Ljava/util/stream/IntStream;",
            "java/util/Arrays.stream([J)Ljava/util/stream/LongStream;",
            "java/util/Arrays.stream([JII)Ljava/util/stream/LongStream;",
            "java/util/Arrays.stream([D)Ljava/util/stream/DoubleStream;",
            "java/util/Arrays.stream([DII)Ljava/util/stream/DoubleStream;");
    /** Classes a snippet may create (no-argument or capacity constructors) and call methods on. */
    private static final Set<String> OBJECTS = Set.of("java/lang/Object", "java/lang/StringBuilder",
            "java/util/ArrayList", "java/util/LinkedList", "java/util/ArrayDeque", "java/util/HashMap",
            "java/util/LinkedHashMap", "java/util/TreeMap", "java/util/HashSet", "java/util/LinkedHashSet",
            "java/util/TreeSet");
    /** Types whose methods may be called on objects the snippet got from the lists above. */
    private static final Set<String> RECEIVERS = Set.of("java/lang/Object", "java/lang/String",
            "java/lang/StringBuilder", "java/lang/Number", "java/lang/Integer", "java/lang/Long", "java/lang/Double",
            "java/lang/Float", "java/lang/Short", "java/lang/Byte", "java/lang/Character", "java/lang/Boolean",
            "java/nio/file/Path", "java/util/Collection", "java/util/List", "java/util/Set", "java/util/Map",
            "java/util/Map$Entry", "java/util/Deque", "java/util/Queue", "java/util/ArrayList",
            "java/util/LinkedList", "java/util/ArrayDeque", "java/util/HashMap", "java/util/LinkedHashMap",
            "java/util/TreeMap", "java/util/HashSet", "java/util/LinkedHashSet", "java/util/TreeSet",
            // primitive streams: an argument that could run code (an operator) can only be a lambda
            // or an object from the notebook, and the rules above admit neither
            "java/util/stream/IntStream", "java/util/stream/LongStream", "java/util/stream/DoubleStream",
            "java/util/OptionalInt", "java/util/OptionalLong", "java/util/OptionalDouble");
    /** Constructor descriptors allowed for {@link #OBJECTS}: none that takes an object of unknown class. */
    private static final Set<String> CONSTRUCTORS = Set.of("()V", "(I)V", "(IF)V", "(Ljava/lang/String;)V");

    private IoFreeCode() {
    }

    /** True when the class's code can reach no file (see the class comment); false when in doubt. */
    static boolean check(byte[] classFile) {
        try {
            ClassReader reader = new ClassReader(classFile);
            String self = reader.getClassName();
            boolean[] ok = {true};
            reader.accept(new ClassVisitor(Opcodes.ASM9) {
                @Override
                public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                                 String[] exceptions) {
                    return new Scan(self, ok);
                }
            }, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
            return ok[0];
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static final class Scan extends MethodVisitor {
        private final String self;
        private final boolean[] ok;

        Scan(String self, boolean[] ok) {
            super(Opcodes.ASM9);
            this.self = self;
            this.ok = ok;
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
            boolean allowed;
            if (owner.equals(self)) {
                allowed = true;     // its own methods are scanned too
            } else if (opcode == Opcodes.INVOKESTATIC) {
                Set<String> names = STATIC.get(owner);
                allowed = names != null && (names.contains("*") || names.contains(name))
                        || STATIC_EXACT.contains(owner + "." + name + descriptor);
            } else if (name.equals("<init>")) {
                allowed = OBJECTS.contains(owner) && CONSTRUCTORS.contains(descriptor);
            } else {
                allowed = RECEIVERS.contains(owner);
            }
            ok[0] &= allowed;
        }

        @Override
        public void visitTypeInsn(int opcode, String type) {
            if (opcode == Opcodes.NEW) {
                ok[0] &= OBJECTS.contains(type);
            }
        }

        @Override
        public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
            if (opcode == Opcodes.GETSTATIC || opcode == Opcodes.PUTSTATIC) {
                ok[0] &= owner.equals(self) || opcode == Opcodes.GETSTATIC
                        // a JShell wrapper, which holds the notebook's variables as static fields
                        && KernelExecutionControl.WRAPPER.matcher(owner.replace('/', '.')).matches()
                        && plainValue(descriptor);
            }
        }

        /** A primitive, an array of primitives (of any rank) or a string: no notebook code runs on it. */
        private static boolean plainValue(String descriptor) {
            String element = descriptor.replaceFirst("^\\[+", "");
            return element.length() == 1 && "ZBCSIJFD".contains(element) || element.equals("Ljava/lang/String;");
        }

        @Override
        public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrap, Object... arguments) {
            ok[0] = false;
        }

        @Override
        public void visitLdcInsn(Object value) {
            if (value instanceof ConstantDynamic || value instanceof Handle) {
                ok[0] = false;
            }
        }
    }
}
