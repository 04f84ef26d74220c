package dev.javacached.store;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * Read-only file mappings that are released deterministically by {@link #close}, so a blob that
 * is deleted right after a read frees its disk space at once and a file system holding a store
 * can be unmounted. On JDK 22+ the mappings live in a shared {@code java.lang.foreign.Arena}
 * (closing it unmaps; a late access fails with an exception, never a crash). On JDK 17–21,
 * where that API is not final, {@code sun.misc.Unsafe.invokeCleaner} unmaps each buffer; callers
 * must guarantee no thread touches the buffers afterwards (the blob reader waits for its hash
 * helpers before closing). If neither is available, the mapping is left to the garbage collector.
 */
final class Mapping implements AutoCloseable {
    private static final MethodHandle OF_SHARED;
    private static final MethodHandle MAP;
    private static final MethodHandle AS_BUFFER;
    private static final MethodHandle CLOSE;
    private static final Object UNSAFE;
    private static final Method INVOKE_CLEANER;

    static {
        MethodHandle ofShared = null;
        MethodHandle map = null;
        MethodHandle asBuffer = null;
        MethodHandle close = null;
        Object unsafe = null;
        Method cleaner = null;
        if (Runtime.version().feature() >= 22) {
            try {
                MethodHandles.Lookup l = MethodHandles.publicLookup();
                Class<?> arena = Class.forName("java.lang.foreign.Arena");
                Class<?> segment = Class.forName("java.lang.foreign.MemorySegment");
                ofShared = l.findStatic(arena, "ofShared", MethodType.methodType(arena));
                map = l.findVirtual(FileChannel.class, "map", MethodType.methodType(segment,
                        FileChannel.MapMode.class, long.class, long.class, arena));
                asBuffer = l.findVirtual(segment, "asByteBuffer", MethodType.methodType(ByteBuffer.class));
                close = l.findVirtual(arena, "close", MethodType.methodType(void.class));
            } catch (ReflectiveOperationException | RuntimeException e) {
                ofShared = null;
            }
        } else {
            try {
                Class<?> c = Class.forName("sun.misc.Unsafe");
                Field f = c.getDeclaredField("theUnsafe");
                f.setAccessible(true);
                unsafe = f.get(null);
                cleaner = c.getMethod("invokeCleaner", ByteBuffer.class);
            } catch (ReflectiveOperationException | RuntimeException e) {
                unsafe = null;
            }
        }
        OF_SHARED = ofShared;
        MAP = map;
        AS_BUFFER = asBuffer;
        CLOSE = close;
        UNSAFE = unsafe;
        INVOKE_CLEANER = cleaner;
    }

    private final Object arena;
    private final List<ByteBuffer> buffers = new ArrayList<>();
    private boolean closed;

    Mapping() {
        Object a = null;
        if (OF_SHARED != null) {
            try {
                a = OF_SHARED.invoke();
            } catch (Throwable t) {
                a = null;
            }
        }
        this.arena = a;
    }

    /** Maps [position, position + size) of ch read-only. */
    ByteBuffer map(FileChannel ch, long position, long size) throws IOException {
        ByteBuffer b;
        if (arena != null) {
            try {
                b = (ByteBuffer) AS_BUFFER.invoke(MAP.invoke(ch, FileChannel.MapMode.READ_ONLY, position, size, arena));
            } catch (IOException | RuntimeException | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IOException(t);
            }
        } else {
            b = ch.map(FileChannel.MapMode.READ_ONLY, position, size);
        }
        buffers.add(b);
        return b;
    }

    /** Unmaps everything mapped through this object; no buffer may be used afterwards. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (arena != null) {
            try {
                CLOSE.invoke(arena);
            } catch (Throwable ignored) {
                // left to the garbage collector
            }
        } else if (UNSAFE != null) {
            for (ByteBuffer b : buffers) {
                try {
                    INVOKE_CLEANER.invoke(UNSAFE, b);
                } catch (ReflectiveOperationException | RuntimeException ignored) {
                    // left to the garbage collector
                }
            }
        }
        buffers.clear();
    }
}
