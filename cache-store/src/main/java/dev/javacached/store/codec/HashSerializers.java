package dev.javacached.store.codec;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.fory.Fory;
import org.apache.fory.memory.MemoryBuffer;
import org.apache.fory.serializer.collection.CollectionSerializer;
import org.apache.fory.serializer.collection.MapSerializer;

/**
 * {@code HashMap}, {@code LinkedHashMap}, {@code HashSet} and {@code LinkedHashSet} with their
 * shape: table capacity, load factor and access order. A hash map's iteration order depends on
 * its capacity, which grows with puts and never shrinks; Fory's (and JDK serialization's) own
 * serializers size the copy from the element count, so a map that once held more comes back in
 * another order, and an access-ordered (LRU) map in insertion order. These write the capacity
 * and re-insert the entries in iteration order into a map of that capacity: same buckets, same
 * chains, same order.
 */
final class HashSerializers {
    private static final FieldReader TABLE = field(HashMap.class, "table");
    private static final FieldReader THRESHOLD = field(HashMap.class, "threshold");
    private static final FieldReader LOAD_FACTOR = field(HashMap.class, "loadFactor");
    private static final FieldReader ACCESS_ORDER = field(LinkedHashMap.class, "accessOrder");
    private static final FieldReader SET_MAP = field(HashSet.class, "map");
    private static final FieldReader CHM_TABLE = field(ConcurrentHashMap.class, "table");
    private static final Object PROBE = new Object();

    private HashSerializers() {
    }

    private static FieldReader field(Class<?> owner, String name) {
        try {
            return new FieldReader(owner.getDeclaredField(name));
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("this JDK's " + owner.getName() + " has no field " + name, e);
        }
    }

    static void register(Fory fory) {
        fory.registerSerializer(HashMap.class, new ShapedMapSerializer(fory, HashMap.class));
        fory.registerSerializer(LinkedHashMap.class, new ShapedMapSerializer(fory, LinkedHashMap.class));
        fory.registerSerializer(ConcurrentHashMap.class, new ConcurrentMapSerializer(fory));
        fory.registerSerializer(HashSet.class, new ShapedSetSerializer(fory, HashSet.class));
        fory.registerSerializer(LinkedHashSet.class, new ShapedSetSerializer(fory, LinkedHashSet.class));
    }

    /** Capacity (or the initial capacity a never-filled map will use, 0 for the default), load factor, and whether a table exists. */
    private static void writeShape(MemoryBuffer buf, HashMap<?, ?> m) {
        Object[] table = (Object[]) TABLE.read(m);
        buf.writeBoolean(table != null);
        buf.writeVarUint32(table != null ? table.length : (Integer) THRESHOLD.read(m));
        buf.writeFloat32((Float) LOAD_FACTOR.read(m));
    }

    private record Shape(boolean allocated, int capacity, float loadFactor) {
        static Shape read(MemoryBuffer buf) {
            boolean allocated = buf.readBoolean();
            int capacity = buf.readVarUint32();
            float lf = buf.readFloat32();
            if (capacity < 0 || capacity > (1 << 30) || !(lf > 0) || Float.isNaN(lf)) {
                throw new IllegalStateException("corrupt hash shape: capacity " + capacity + ", load factor " + lf);
            }
            return new Shape(allocated, capacity, lf);
        }

        /** A never-allocated map built with the no-argument constructor. */
        boolean isDefault() {
            return !allocated && capacity == 0 && loadFactor == 0.75f;
        }
    }

    /** Allocates the table of a map that had one but is now empty (a put allocates it). */
    @SuppressWarnings("unchecked")
    private static void allocate(Map<?, ?> m) {
        ((Map<Object, Object>) m).put(PROBE, null);
        m.remove(PROBE);
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static final class ShapedMapSerializer extends MapSerializer<Map> {
        private final boolean linked;

        ShapedMapSerializer(Fory fory, Class<? extends Map> type) {
            super(fory, (Class<Map>) type, true);
            this.linked = type == LinkedHashMap.class;
        }

        @Override
        public Map onMapWrite(MemoryBuffer buf, Map value) {
            HashMap<?, ?> m = (HashMap<?, ?>) value;
            writeShape(buf, m);
            if (linked) {
                buf.writeBoolean((Boolean) ACCESS_ORDER.read(m));
            }
            buf.writeVarUint32(m.size());
            return m;
        }

        @Override
        public Map newMap(MemoryBuffer buf) {
            Shape shape = Shape.read(buf);
            boolean accessOrder = linked && buf.readBoolean();
            int size = buf.readVarUint32();
            if (size < 0 || size > buf.remaining()) {
                throw new IllegalStateException("corrupt map size " + size);
            }
            setNumElements(size);
            Map m;
            if (linked) {
                m = shape.isDefault() && !accessOrder ? new LinkedHashMap<>()
                        : new LinkedHashMap<>(shape.capacity(), shape.loadFactor(), accessOrder);
            } else {
                m = shape.isDefault() ? new HashMap<>() : new HashMap<>(shape.capacity(), shape.loadFactor());
            }
            if (shape.allocated() && size == 0) {
                allocate(m);
            }
            fory.getRefResolver().reference(m);
            return m;
        }
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static final class ShapedSetSerializer extends CollectionSerializer<Collection> {
        private final boolean linked;

        ShapedSetSerializer(Fory fory, Class<? extends Collection> type) {
            super(fory, (Class<Collection>) type, true);
            this.linked = type == LinkedHashSet.class;
        }

        @Override
        public Collection onCollectionWrite(MemoryBuffer buf, Collection value) {
            writeShape(buf, (HashMap<?, ?>) SET_MAP.read(value));
            buf.writeVarUint32(value.size());
            return value;
        }

        @Override
        public Collection newCollection(MemoryBuffer buf) {
            Shape shape = Shape.read(buf);
            int size = buf.readVarUint32();
            if (size < 0 || size > buf.remaining()) {
                throw new IllegalStateException("corrupt set size " + size);
            }
            setNumElements(size);
            HashSet s;
            if (linked) {
                s = shape.isDefault() ? new LinkedHashSet<>() : new LinkedHashSet<>(shape.capacity(), shape.loadFactor());
            } else {
                s = shape.isDefault() ? new HashSet<>() : new HashSet<>(shape.capacity(), shape.loadFactor());
            }
            if (shape.allocated() && size == 0) {
                allocate((HashMap<?, ?>) SET_MAP.read(s));
            }
            fory.getRefResolver().reference(s);
            return s;
        }
    }

    /** A ConcurrentHashMap with its table size (0: not yet allocated). */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private static final class ConcurrentMapSerializer extends MapSerializer<Map> {
        ConcurrentMapSerializer(Fory fory) {
            super(fory, (Class<Map>) (Class<?>) ConcurrentHashMap.class, true);
        }

        @Override
        public Map onMapWrite(MemoryBuffer buf, Map value) {
            Object[] table = (Object[]) CHM_TABLE.read(value);
            buf.writeVarUint32(table == null ? 0 : table.length);
            buf.writeVarUint32(value.size());
            return value;
        }

        @Override
        public Map newMap(MemoryBuffer buf) {
            int capacity = buf.readVarUint32();
            int size = buf.readVarUint32();
            if (capacity < 0 || capacity > (1 << 30) || Integer.bitCount(Math.max(capacity, 1)) != 1
                    || size < 0 || size > buf.remaining()) {
                throw new IllegalStateException("corrupt concurrent map shape " + capacity + "/" + size);
            }
            setNumElements(size);
            // (capacity - 1, load factor 1) sizes the first table at exactly capacity
            Map m = capacity == 0 ? new ConcurrentHashMap<>() : new ConcurrentHashMap<>(capacity - 1, 1.0f);
            fory.getRefResolver().reference(m);
            return m;
        }
    }
}
