package dev.javacached.kernel.engine;

import java.nio.charset.StandardCharsets;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Keeps a cell from ending the kernel. Snippets run in the kernel's own JVM, so a
 * {@code System.exit(0)} copied from a {@code main} method used to end the kernel and every
 * variable of the session with it. As JShell loads a snippet's classes, calls to
 * {@code System.exit}, {@code Runtime.exit} and {@code Runtime.halt} are rewritten to the
 * methods here, which throw {@link CellExit}: the cell fails with a clear message and the
 * kernel keeps its state.
 *
 * <p>Limits: only calls compiled from the notebook are rewritten. A library that calls
 * {@code System.exit} itself, or a method reference such as {@code System::exit}, still ends
 * the JVM. A class file this ASM version cannot read is loaded unchanged.
 */
public final class ExitGuard {
    private static final String SELF = ExitGuard.class.getName().replace('.', '/');
    private static final byte[] EXIT = "exit".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HALT = "halt".getBytes(StandardCharsets.US_ASCII);

    private ExitGuard() {
    }

    /** Thrown instead of exiting the JVM. */
    public static final class CellExit extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CellExit(String call, int status) {
            super(call + "(" + status + ") was called: java-cached keeps the kernel and its variables;"
                    + " restart the kernel to start over");
        }
    }

    /** Replaces {@code System.exit(status)} in snippet code. */
    public static void exit(int status) {
        throw new CellExit("System.exit", status);
    }

    /** Replaces {@code runtime.exit(status)} in snippet code. */
    public static void exit(Runtime runtime, int status) {
        throw new CellExit("Runtime.exit", status);
    }

    /** Replaces {@code runtime.halt(status)} in snippet code. */
    public static void halt(Runtime runtime, int status) {
        throw new CellExit("Runtime.halt", status);
    }

    /** {@code classFile} with its exit calls rewritten; the same array when it has none. */
    static byte[] rewrite(byte[] classFile) {
        if (indexOf(classFile, EXIT) < 0 && indexOf(classFile, HALT) < 0) {
            return classFile; // most snippets: no need to parse them
        }
        try {
            ClassReader reader = new ClassReader(classFile);
            ClassWriter writer = new ClassWriter(reader, 0);
            boolean[] changed = {false};
            reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
                @Override
                public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                                 String[] exceptions) {
                    MethodVisitor next = super.visitMethod(access, name, descriptor, signature, exceptions);
                    return new MethodVisitor(Opcodes.ASM9, next) {
                        @Override
                        public void visitMethodInsn(int opcode, String owner, String method, String desc,
                                                    boolean isInterface) {
                            if (opcode == Opcodes.INVOKESTATIC && owner.equals("java/lang/System")
                                    && method.equals("exit") && desc.equals("(I)V")) {
                                changed[0] = true;
                                super.visitMethodInsn(Opcodes.INVOKESTATIC, SELF, "exit", "(I)V", false);
                            } else if (opcode == Opcodes.INVOKEVIRTUAL && owner.equals("java/lang/Runtime")
                                    && (method.equals("exit") || method.equals("halt")) && desc.equals("(I)V")) {
                                // same stack effect: the receiver becomes the first argument
                                changed[0] = true;
                                super.visitMethodInsn(Opcodes.INVOKESTATIC, SELF, method, "(Ljava/lang/Runtime;I)V",
                                        false);
                            } else {
                                super.visitMethodInsn(opcode, owner, method, desc, isInterface);
                            }
                        }
                    };
                }
            }, 0);
            return changed[0] ? writer.toByteArray() : classFile;
        } catch (RuntimeException e) {
            return classFile;
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
