package dev.javacached.kernel.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.javacached.kernel.testkit.FakeLiveState;
import org.junit.jupiter.api.Test;

class NotebookClassResolverTest {
    record Row(int v) {
        record Cell(int c) {
        }
    }

    @Test
    void resolve_notebookNameToCurrentClass() throws Exception {
        FakeLiveState state = new FakeLiveState();
        state.userClasses.put("Row", Row.class);
        NotebookClassResolver r = new NotebookClassResolver(state);
        assertEquals(Row.class, r.resolve("jshell:Row"));
        assertEquals(Row.Cell.class, r.resolve("jshell:Row$Cell"));
        assertEquals(Row[][].class, r.resolve("[[Ljshell:Row;"));
        assertEquals(int[].class, r.resolve("[I"));
        assertEquals(String.class, r.resolve("java.lang.String"));
        assertThrows(ClassNotFoundException.class, () -> r.resolve("jshell:Missing"));
    }

    @Test
    void nameOf_plainClassesKeepTheirName() {
        NotebookClassResolver r = new NotebookClassResolver(new FakeLiveState());
        assertEquals("java.util.ArrayList", r.nameOf(java.util.ArrayList.class));
    }

    @Test
    void recordedName_dropsJShellWrapperIncludingRedefinitionSuffix() {
        assertEquals("jshell:Row", NotebookClassResolver.recordedName("REPL.$JShell$11$Row"));
        assertEquals("jshell:Row$Cell", NotebookClassResolver.recordedName("REPL.$JShell$11B$Row$Cell"));
        assertEquals("[Ljshell:Row;", NotebookClassResolver.recordedName("[LREPL.$JShell$3$Row;"));
    }
}
