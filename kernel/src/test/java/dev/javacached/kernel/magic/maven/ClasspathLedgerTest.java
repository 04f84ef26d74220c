package dev.javacached.kernel.magic.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClasspathLedgerTest {
    static final ClasspathTarget ACCEPT = jars -> { };

    static ResolvedJar jar(String ga, String version, String digest) {
        String artifact = ga.substring(ga.indexOf(':') + 1);
        return new ResolvedJar(ga, version, Path.of("/repo/" + artifact + "-" + version + ".jar"), 100, digest);
    }

    static final ResolvedJar MATH_360 = jar("org.apache.commons:commons-math3", "3.6.0", "aa");
    static final ResolvedJar MATH_361 = jar("org.apache.commons:commons-math3", "3.6.1", "bb");
    static final ResolvedJar LANG = jar("org.apache.commons:commons-lang3", "3.14.0", "cc");

    static ClasspathLedger ledgerWith(ResolvedJar... jars) throws ClasspathException {
        ClasspathLedger ledger = new ClasspathLedger();
        ledger.commit(List.of(jars), "test", ACCEPT);
        return ledger;
    }

    @Test
    void fingerprint_independentOfOrderAndLocation() throws ClasspathException {
        ResolvedJar movedLang = new ResolvedJar(LANG.coordinate(), LANG.version(),
                Path.of("/elsewhere/commons-lang3-3.14.0.jar"), LANG.size(), LANG.sha256());

        assertEquals(ledgerWith(MATH_361, LANG).fingerprint(), ledgerWith(movedLang, MATH_361).fingerprint());
    }

    @Test
    void fingerprint_versionOrContentChange_differs() throws ClasspathException {
        String base = ledgerWith(MATH_360).fingerprint();

        assertNotEquals(base, ledgerWith(MATH_361).fingerprint());
        assertNotEquals(base, ledgerWith(jar(MATH_360.coordinate(), "3.6.0", "ff")).fingerprint());
        assertNotEquals(base, new ClasspathLedger().fingerprint());
        assertTrue(base.startsWith("classpath:"), base);
    }

    @Test
    void diffFrom_versionBump_namesBothJars() throws ClasspathException {
        ClasspathLedger.Snapshot before = ledgerWith(MATH_360, LANG).snapshot();
        ClasspathLedger.Snapshot after = ledgerWith(MATH_361, LANG).snapshot();

        assertEquals(Optional.of("classpath changed: +commons-math3-3.6.1.jar -commons-math3-3.6.0.jar"),
                after.diffFrom(before));
        assertEquals(Optional.empty(), after.diffFrom(after));
    }

    @Test
    void diffFrom_sameNameNewContent_showsTilde() throws ClasspathException {
        ClasspathLedger.Snapshot before = ledgerWith(MATH_360).snapshot();
        ClasspathLedger.Snapshot after = ledgerWith(jar(MATH_360.coordinate(), "3.6.0", "ff")).snapshot();

        assertEquals(Optional.of("classpath changed: ~commons-math3-3.6.0.jar"), after.diffFrom(before));
    }

    @Test
    void commit_targetThrows_rollsBackEverything() throws ClasspathException {
        ClasspathLedger ledger = ledgerWith(LANG);
        String before = ledger.fingerprint();

        ClasspathException e = assertThrows(ClasspathException.class, () -> ledger.commit(
                List.of(MATH_361), "test", jars -> { throw new IllegalStateException("refused"); }));

        assertEquals(ClasspathException.Kind.TARGET_FAILED, e.kind());
        assertEquals(before, ledger.fingerprint());
        assertEquals(List.of(LANG), ledger.jars());
    }

    @Test
    void commit_otherVersionPresent_isAConflictAndAddsNothing() throws ClasspathException {
        ClasspathLedger ledger = ledgerWith(MATH_360);

        ClasspathException e = assertThrows(ClasspathException.class,
                () -> ledger.commit(List.of(LANG, MATH_361), "test", ACCEPT));

        assertEquals(ClasspathException.Kind.VERSION_CONFLICT, e.kind());
        assertEquals(List.of(MATH_360), ledger.jars());
    }

    @Test
    void commit_alreadyPresent_returnsOnlyNewJars() throws ClasspathException {
        ClasspathLedger ledger = ledgerWith(MATH_360);

        assertEquals(List.of(LANG), ledger.commit(List.of(MATH_360, LANG), "test", ACCEPT));
        assertEquals(List.of(), ledger.commit(List.of(MATH_360), "test", jars -> {
            throw new AssertionError("nothing new: target must not be called");
        }));
    }

    @Test
    void diff_ofStoredCanonicalTexts_worksWithoutSnapshots() throws ClasspathException {
        String before = ledgerWith(MATH_360, LANG).snapshot().canonical();
        ResolvedJar local = new ResolvedJar("file:/work/lib/tools.jar", "", Path.of("/work/lib/tools.jar"), 10, "dd");
        String after = ledgerWith(MATH_360, local).snapshot().canonical();

        assertEquals(Optional.of("classpath changed: +tools.jar -commons-lang3-3.14.0.jar"),
                ClasspathLedger.diff(before, after));
        assertEquals(Optional.empty(), ClasspathLedger.diff("", new ClasspathLedger().snapshot().canonical()));
    }
}
