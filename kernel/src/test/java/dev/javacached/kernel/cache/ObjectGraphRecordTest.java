package dev.javacached.kernel.cache;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A notebook record inside a value is walked field by field, not taken for an opaque JDK object
 * because its superclass, {@code java.lang.Record}, is in the JDK (which made every list of
 * records "not inspectable" for the sharing check, so it was never stored).
 */
class ObjectGraphRecordTest {
    record Sale(String city, int month, double amount) {
    }

    @Test
    void listOfRecords_isNotOpaque_andItsContentCountsInTheDigest() {
        List<Sale> sales = new ArrayList<>(List.of(new Sale("Oslo", 1, 2.5)));
        assertFalse(ObjectGraph.mutableObjects(sales).opaque());
        String before = ObjectGraph.digestOf(sales).digest();
        sales.set(0, new Sale("Oslo", 1, 2.75));
        assertNotEquals(before, ObjectGraph.digestOf(sales).digest());
    }
}
