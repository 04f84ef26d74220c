package dev.javacached.kernel.magic.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.javacached.kernel.magic.MagicContext;
import dev.javacached.kernel.magic.MagicResult;
import dev.javacached.kernel.testkit.RecordingSink;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MavenMagicTest {
    @TempDir
    static Path shared;

    @TempDir
    Path tmp;

    static TestRepository repo;
    Path localRepo;
    MavenResolver resolver;
    ClasspathLedger ledger;
    RecordingSink sink;
    RecordingTarget target;
    MagicContext ctx;

    @BeforeAll
    static void installArtifacts() throws IOException {
        repo = new TestRepository(Files.createDirectories(shared.resolve("repo")));
        repo.install("org.demo", "base", "1.0", "demo.base.Base", "base 1.0", List.of());
        repo.install("org.demo", "base", "2.0", "demo.base.Base", "base 2.0", List.of());
        repo.install("org.demo", "app", "1.0", "demo.app.App", "app 1.0", List.of("org.demo:base:1.0"));
        repo.install("org.demo", "app2", "1.0", "demo.app2.App2", "app2", List.of("org.demo:base:2.0"));
        repo.install("org.demo", "snap", "1.0-SNAPSHOT", "demo.snap.Snap", "snap", List.of());
        repo.install("org.demo", "broken", "1.0", "demo.broken.Broken", "broken", List.of("org.demo:ghost:1.0"));
    }

    @BeforeEach
    void setUp() throws IOException {
        localRepo = tmp.resolve("local");
        resolver = newResolver(localRepo);
        ledger = new ClasspathLedger();
        sink = new RecordingSink();
        target = new RecordingTarget();
        ctx = MagicContext.of(sink, target);
    }

    @AfterEach
    void tearDown() {
        resolver.close();
    }

    /** An isolated resolver: its own local repository and settings.xml, no Maven Central. */
    MavenResolver newResolver(Path local) throws IOException {
        Path settings = tmp.resolve("settings.xml");
        TestRepository.writeText(settings, "<settings/>\n");
        return new MavenResolver(MavenResolver.Options.defaults()
                .withLocalRepository(local).withUserSettingsXml(settings).withoutMavenCentral());
    }

    MagicResult maven(String args) {
        return new MavenMagic(resolver, ledger).run(args, ctx);
    }

    MagicResult mavenRepo(String args) {
        return new MavenRepoMagic(resolver).run(args, ctx);
    }

    static MagicResult.Failure failure(MagicResult result) {
        return assertInstanceOf(MagicResult.Failure.class, result);
    }

    static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void run_transitiveDependency_addsBothJarsAndTheyLoad() throws Exception {
        assertInstanceOf(MagicResult.Success.class, mavenRepo("test " + repo.url()));

        MagicResult result = maven("org.demo:app:1.0");

        assertInstanceOf(MagicResult.Success.class, result);
        assertEquals(2, target.added.size());
        assertEquals("app 1.0", target.callHello("demo.app.App"));
        assertEquals("base 1.0", target.callHello("demo.base.Base"));
        assertTrue(sink.lastDisplay().startsWith("Resolved 2 artifacts ("), sink.lastDisplay());
        assertTrue(sink.lastDisplay().contains(" for org.demo:app:1.0"), sink.lastDisplay());
        assertEquals(List.of("org.demo:app:1.0", "org.demo:base:1.0"),
                ledger.jars().stream().map(ResolvedJar::id).toList());
        String listing = new ClasspathMagic(ledger).run("", ctx) instanceof MagicResult.Success s
                ? s.display().orElseThrow().plain() : "";
        assertTrue(listing.contains("org.demo:base:1.0"), listing);
        assertTrue(listing.contains("%maven org.demo:app:1.0"), listing);
    }

    @Test
    void run_progress_isOneUpdatingDisplayOnTheCellThread() throws Exception {
        mavenRepo("test " + repo.url());

        maven("org.demo:app:1.0");

        // A file repository is fast: maybe only the summary; else progress lines, then it.
        assertFalse(sink.displays().isEmpty());
        assertFalse(sink.displays().get(0).update());
        assertTrue(sink.displays().stream().skip(1).allMatch(RecordingSink.Display::update));
        assertEquals(1, sink.displays().stream().map(RecordingSink.Display::displayId).distinct().count());
        assertTrue(sink.displays().stream().allMatch(d -> d.thread() == Thread.currentThread()));
        assertTrue(sink.lastDisplay().startsWith("Resolved 2 artifacts"), sink.lastDisplay());
    }

    @Test
    void run_sameCellTwice_addsNothingTheSecondTime() {
        mavenRepo("test " + repo.url());
        maven("org.demo:app:1.0");
        String fingerprint = ledger.fingerprint();

        MagicResult again = maven("org.demo:app:1.0");

        assertInstanceOf(MagicResult.Success.class, again);
        assertEquals(2, target.added.size());
        assertEquals(fingerprint, ledger.fingerprint());
        assertTrue(sink.lastDisplay().contains("2 already on the classpath"), sink.lastDisplay());
    }

    @Test
    void run_unknownArtifact_failsNamingItAndAddsNothing() {
        mavenRepo("test " + repo.url());

        MagicResult.Failure f = failure(maven("org.demo:nope:9.9"));

        assertEquals("ArtifactNotFound", f.name());
        assertTrue(f.message().contains("org.demo:nope:9.9"), f.message());
        assertTrue(f.message().contains("not found in test (file:"), f.message());
        assertTrue(ledger.jars().isEmpty());
        assertTrue(target.added.isEmpty());
    }

    @Test
    void run_missingTransitiveDependency_namesItAndWhoNeedsIt() {
        mavenRepo("test " + repo.url());

        MagicResult.Failure f = failure(maven("org.demo:broken:1.0"));

        assertEquals("ArtifactNotFound", f.name());
        assertTrue(f.message().startsWith("Cannot resolve org.demo:ghost:1.0 (a dependency of org.demo:broken:1.0)"),
                f.message());
        assertTrue(ledger.jars().isEmpty());
    }

    @Test
    void run_oneOfTwoCoordinatesUnknown_addsNothing() {
        mavenRepo("test " + repo.url());

        MagicResult.Failure f = failure(maven("org.demo:app:1.0 org.demo:nope:9.9"));

        assertEquals("ArtifactNotFound", f.name());
        assertTrue(ledger.jars().isEmpty());
        assertTrue(target.added.isEmpty());
    }

    @Test
    void run_unreachableRepository_failsAsUnreachable() throws IOException {
        mavenRepo("dead http://127.0.0.1:" + closedPort() + "/maven2");

        MagicResult.Failure f = failure(maven("org.demo:app:1.0"));

        assertEquals("RepositoryUnreachable", f.name());
        assertTrue(f.message().contains("org.demo:app:1.0"), f.message());
        assertTrue(f.message().contains("dead"), f.message());
        assertTrue(ledger.jars().isEmpty());
    }

    @Test
    void mavenRepo_fileUrlOfMissingDirectory_fails() {
        MagicResult.Failure f = failure(mavenRepo("gone " + tmp.resolve("missing").toUri()));

        assertEquals("RepositoryUnreachable", f.name());
        assertTrue(f.message().contains("gone"), f.message());
    }

    @Test
    void mavenRepo_unsupportedScheme_fails() {
        assertEquals("BadRepository", failure(mavenRepo("x ftp://example.org/repo")).name());
        assertEquals("BadRepository", failure(mavenRepo("only-an-id")).name());
    }

    @Test
    void run_malformedCoordinate_failsNamingIt() {
        for (String bad : List.of("org.demo:app", "org.demo::1.0", "a:b:c:d:e:f", ":app:1.0")) {
            MagicResult.Failure f = failure(maven(bad));
            assertEquals("MalformedCoordinate", f.name(), bad);
            assertTrue(f.message().contains(bad), f.message());
        }
        assertEquals("MalformedCoordinate", failure(maven("  ")).name());
        assertTrue(ledger.jars().isEmpty());
    }

    @Test
    void run_targetThrows_ledgerRolledBack() {
        mavenRepo("test " + repo.url());
        String before = ledger.fingerprint();
        target.failWith = new IllegalStateException("JShell said no");

        MagicResult.Failure f = failure(maven("org.demo:app:1.0"));

        assertEquals("ClasspathUpdateFailed", f.name());
        assertTrue(f.message().contains("JShell said no"), f.message());
        assertTrue(ledger.jars().isEmpty());
        assertEquals(before, ledger.fingerprint());

        target.failWith = null;
        assertInstanceOf(MagicResult.Success.class, maven("org.demo:app:1.0"));
        assertEquals(2, target.added.size());
    }

    @Test
    void run_otherVersionOfLoadedArtifact_isAConflict() {
        mavenRepo("test " + repo.url());
        maven("org.demo:base:1.0");

        MagicResult.Failure f = failure(maven("org.demo:base:2.0"));

        assertEquals("VersionConflict", f.name());
        assertTrue(f.message().contains("org.demo:base:2.0"), f.message());
        assertTrue(f.message().contains("org.demo:base:1.0"), f.message());
        assertEquals(List.of("org.demo:base:1.0"), ledger.jars().stream().map(ResolvedJar::id).toList());
        assertTrue(f.message().contains("Restart the kernel"), f.message());
    }

    /** The advice the conflict gives: in one request, the version named beats the transitive one. */
    @Test
    void run_directAndTransitiveVersionsInOneRequest_directWins() {
        mavenRepo("test " + repo.url());
        assertInstanceOf(MagicResult.Success.class, maven("org.demo:app:1.0\norg.demo:base:2.0"));
        assertEquals(List.of("org.demo:app:1.0", "org.demo:base:2.0"),
                ledger.jars().stream().map(ResolvedJar::id).sorted().toList());
    }

    /**
     * %%loadFromPOM with a parent and a BOM that only the POM's own repository has: Maven's
     * model builder fetches both through the resolver; the parent's property sets the version,
     * the BOM's management beats the transitive base 1.0.
     */
    @Test
    void loadFromPom_parentAndImportedBomFromThePomsRepository() throws Exception {
        Path parentDir = Files.createDirectories(repo.root().resolve("org/demo/parent/7"));
        TestRepository.writeText(parentDir.resolve("parent-7.pom"), """
                <project><modelVersion>4.0.0</modelVersion>
                  <groupId>org.demo</groupId><artifactId>parent</artifactId><version>7</version><packaging>pom</packaging>
                  <properties><app.version>1.0</app.version></properties>
                </project>
                """);
        Path bomDir = Files.createDirectories(repo.root().resolve("org/demo/bom/3"));
        TestRepository.writeText(bomDir.resolve("bom-3.pom"), """
                <project><modelVersion>4.0.0</modelVersion>
                  <groupId>org.demo</groupId><artifactId>bom</artifactId><version>3</version><packaging>pom</packaging>
                  <dependencyManagement><dependencies>
                    <dependency><groupId>org.demo</groupId><artifactId>base</artifactId><version>2.0</version></dependency>
                  </dependencies></dependencyManagement>
                </project>
                """);
        String pom = """
                <project><modelVersion>4.0.0</modelVersion>
                  <parent><groupId>org.demo</groupId><artifactId>parent</artifactId><version>7</version></parent>
                  <artifactId>nb</artifactId>
                  <repositories><repository><id>test</id><url>%s</url></repository></repositories>
                  <dependencyManagement><dependencies>
                    <dependency><groupId>org.demo</groupId><artifactId>bom</artifactId><version>3</version>
                      <type>pom</type><scope>import</scope></dependency>
                  </dependencies></dependencyManagement>
                  <dependencies>
                    <dependency><groupId>org.demo</groupId><artifactId>app</artifactId><version>${app.version}</version></dependency>
                  </dependencies>
                </project>
                """.formatted(repo.url());
        MagicResult r = new LoadFromPomMagic(resolver, ledger, tmp).cell().run("", pom, ctx);

        assertInstanceOf(MagicResult.Success.class, r, r.toString());
        assertEquals(List.of("org.demo:app:1.0", "org.demo:base:2.0"),
                ledger.jars().stream().map(ResolvedJar::id).sorted().toList());
        assertEquals("base 2.0", target.callHello("demo.base.Base"));
    }

    @Test
    void loadFromPom_missingParent_isABadPomNamingIt() {
        MagicResult r = new LoadFromPomMagic(resolver, ledger, tmp).cell().run("", """
                <project><modelVersion>4.0.0</modelVersion>
                  <parent><groupId>org.demo</groupId><artifactId>nowhere</artifactId><version>1</version></parent>
                  <artifactId>nb</artifactId>
                  <dependencies><dependency><groupId>org.demo</groupId><artifactId>base</artifactId><version>1.0</version></dependency></dependencies>
                </project>
                """, ctx);
        MagicResult.Failure f = failure(r);
        assertEquals("BadPom", f.name());
        assertTrue(f.message().contains("org.demo:nowhere"), f.message());
        assertTrue(ledger.jars().isEmpty());
    }

    @Test
    void run_transitiveDependencyAlreadyLoaded_keepsLoadedVersion() throws Exception {
        mavenRepo("test " + repo.url());
        maven("org.demo:base:1.0");

        MagicResult result = maven("org.demo:app2:1.0"); // wants base 2.0

        assertInstanceOf(MagicResult.Success.class, result);
        assertEquals(List.of("org.demo:base:1.0", "org.demo:app2:1.0"),
                ledger.jars().stream().map(ResolvedJar::id).toList());
        assertEquals("base 1.0", target.callHello("demo.base.Base"));
    }

    @Test
    void resolve_freshResolverWithRemoteUnreachable_usesLocalRepositoryOnly() throws Exception {
        resolver.addRepository("test", repo.url());
        MavenResolver.Resolution first = resolver.resolve(List.of("org.demo:app:1.0"), List.of(), Progress.NONE);
        assertFalse(first.offline());

        // "After a restart": a new resolver on the same local repository, the remote gone.
        try (MavenResolver restarted = newResolver(localRepo)) {
            restarted.addRepository("test", "http://127.0.0.1:" + closedPort() + "/maven2");
            MavenResolver.Resolution again = restarted.resolve(List.of("org.demo:app:1.0"), List.of(), Progress.NONE);

            assertTrue(again.offline());
            assertEquals(0, again.downloadedBytes());
            assertEquals(first.jars(), again.jars());
        }
    }

    @Test
    void fingerprint_sameCellAfterRestart_isEqual_andVersionBumpChangesIt() throws Exception {
        mavenRepo("test " + repo.url());
        maven("org.demo:base:1.0");
        ClasspathLedger.Snapshot first = ledger.snapshot();

        // A restart: new ledger and resolver, even another local repository.
        ClasspathLedger restarted = new ClasspathLedger();
        try (MavenResolver r = newResolver(tmp.resolve("other-local"))) {
            r.addRepository("test", repo.url());
            new MavenRepoMagic(r).run("test " + repo.url(), ctx);
            new MavenMagic(r, restarted).run("org.demo:base:1.0", ctx);
            assertEquals(first.fingerprint(), restarted.fingerprint());

            ClasspathLedger bumped = new ClasspathLedger();
            new MavenMagic(r, bumped).run("org.demo:base:2.0", ctx);
            assertFalse(first.fingerprint().equals(bumped.fingerprint()));
            assertEquals("classpath changed: +base-2.0.jar -base-1.0.jar",
                    bumped.snapshot().diffFrom(first).orElseThrow());
        }
    }

    @Test
    void resolve_settingsXml_mirrorAndLocalRepositoryAreHonoured() throws Exception {
        Path fromSettings = tmp.resolve("from-settings");
        Path settings = tmp.resolve("mirror-settings.xml");
        TestRepository.writeText(settings, """
                <settings>
                  <localRepository>%s</localRepository>
                  <mirrors>
                    <mirror><id>local-mirror</id><mirrorOf>corporate</mirrorOf><url>%s</url></mirror>
                  </mirrors>
                </settings>
                """.formatted(fromSettings, repo.url()));
        try (MavenResolver r = new MavenResolver(MavenResolver.Options.defaults()
                .withUserSettingsXml(settings).withoutMavenCentral())) {
            r.addRepository("corporate", "http://127.0.0.1:" + closedPort() + "/unreachable");

            MavenResolver.Resolution res = r.resolve(List.of("org.demo:app:1.0"), List.of(), Progress.NONE);

            assertEquals(2, res.jars().size());
            assertTrue(res.jars().get(0).path().startsWith(fromSettings), res.jars().get(0).path().toString());
            assertTrue(r.repositories().contains("local-mirror (" + repo.url() + ")"), r.repositories().toString());
        }
    }

    @Test
    void run_malformedSettingsXml_failsNamingTheFile() throws Exception {
        Path settings = tmp.resolve("broken-settings.xml");
        TestRepository.writeText(settings, "<settings><mirrors><oops");
        try (MavenResolver r = new MavenResolver(MavenResolver.Options.defaults()
                .withLocalRepository(localRepo).withUserSettingsXml(settings).withoutMavenCentral())) {
            MagicResult.Failure f = failure(new MavenMagic(r, ledger).run("org.demo:app:1.0", ctx));

            assertEquals("MavenResolutionError", f.name());
            assertTrue(f.message().contains("broken-settings.xml"), f.message());
            assertTrue(ledger.jars().isEmpty());
        }
    }

    @Test
    void resolve_snapshotAlreadyDownloaded_stillAsksTheRemote() throws Exception {
        resolver.addRepository("test", repo.url());
        resolver.resolve(List.of("org.demo:snap:1.0-SNAPSHOT"), List.of(), Progress.NONE);

        MavenResolver.Resolution again = resolver.resolve(List.of("org.demo:snap:1.0-SNAPSHOT"), List.of(), Progress.NONE);

        assertFalse(again.offline());
        assertEquals("org.demo:snap:1.0-SNAPSHOT", again.jars().get(0).id());
    }
}
