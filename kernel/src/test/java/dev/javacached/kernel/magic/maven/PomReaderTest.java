package dev.javacached.kernel.magic.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.aether.graph.Dependency;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** POMs and POM fragments to resolution requests, with Maven's model builder (no network: no remote parents). */
class PomReaderTest {
    @TempDir
    Path dir;

    /** Parents and BOMs must not be needed here: fetching one fails the test. */
    private final PomParents noRemote = new PomParents((g, a, v, repos) -> {
        throw new ClasspathException(ClasspathException.Kind.NOT_FOUND, "no remote POMs in this test: " + g + ":" + a);
    });

    private static List<String> ids(List<Dependency> deps) {
        return deps.stream().map(d -> d.getArtifact().toString() + "/" + d.getScope()).toList();
    }

    @Test
    void fromText_looseFragmentsAndLists_becomeOneProject() throws Exception {
        MavenResolver.Request r = PomReader.fromText("""
                <repository>
                  <id>extra</id>
                  <url>https://repo.example.org/maven2/</url>
                </repository>

                <dependency>
                  <groupId>org.slf4j</groupId>
                  <artifactId>slf4j-api</artifactId>
                  <version>2.0.6</version>
                </dependency>
                <dependencies>
                  <dependency>
                    <groupId>org.apache.commons</groupId>
                    <artifactId>commons-text</artifactId>
                    <version>1.10.0</version>
                    <exclusions><exclusion><groupId>org.apache.commons</groupId><artifactId>commons-lang3</artifactId></exclusion></exclusions>
                  </dependency>
                </dependencies>
                """, PomReader.DEFAULT_SCOPES, noRemote);
        assertEquals(List.of("org.slf4j:slf4j-api:jar:2.0.6/runtime", "org.apache.commons:commons-text:jar:1.10.0/runtime"),
                ids(r.dependencies()));
        assertEquals(List.of("org.slf4j:slf4j-api:2.0.6", "org.apache.commons:commons-text:1.10.0"), r.requested());
        assertEquals("commons-lang3", r.dependencies().get(1).getExclusions().iterator().next().getArtifactId());
        assertEquals(List.of("extra https://repo.example.org/maven2/"),
                r.repositories().stream().map(x -> x.getId() + " " + x.getUrl()).toList());
    }

    @Test
    void fromText_wholePom_interpolatesPropertiesAppliesManagementAndScopes() throws Exception {
        String pom = """
                <?xml version="1.0" encoding="UTF-8"?>
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>demo</groupId>
                  <artifactId>demo</artifactId>
                  <version>3.1</version>
                  <properties>
                    <slf4j.version>2.0.6</slf4j.version>
                  </properties>
                  <dependencyManagement>
                    <dependencies>
                      <dependency><groupId>org.apache.commons</groupId><artifactId>commons-lang3</artifactId><version>3.14.0</version></dependency>
                    </dependencies>
                  </dependencyManagement>
                  <dependencies>
                    <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-api</artifactId><version>${slf4j.version}</version></dependency>
                    <dependency><groupId>org.apache.commons</groupId><artifactId>commons-lang3</artifactId></dependency>
                    <dependency><groupId>demo</groupId><artifactId>sibling</artifactId><version>${project.version}</version><scope>runtime</scope></dependency>
                    <dependency><groupId>org.junit.jupiter</groupId><artifactId>junit-jupiter</artifactId><version>5.10.0</version><scope>test</scope></dependency>
                  </dependencies>
                </project>
                """;
        MavenResolver.Request r = PomReader.fromText(pom, PomReader.DEFAULT_SCOPES, noRemote);
        assertEquals(List.of("org.slf4j:slf4j-api:jar:2.0.6/runtime", "org.apache.commons:commons-lang3:jar:3.14.0/runtime",
                "demo:sibling:jar:3.1/runtime"), ids(r.dependencies()));
        assertEquals(List.of("org.apache.commons:commons-lang3:jar:3.14.0"),
                r.managed().stream().map(d -> d.getArtifact().toString()).toList());
        assertTrue(r.repositories().isEmpty(), "Central comes from the resolver, not twice");

        MavenResolver.Request tests = PomReader.fromText(pom, List.of("test"), noRemote);
        assertEquals(List.of("org.junit.jupiter:junit-jupiter:jar:5.10.0/runtime"), ids(tests.dependencies()));
    }

    @Test
    void fromFile_parentBesideIt_givesPropertiesAndManagedVersions() throws Exception {
        Files.createDirectories(dir.resolve("parent"));
        Files.createDirectories(dir.resolve("child"));
        Files.writeString(dir.resolve("parent/pom.xml"), """
                <project><modelVersion>4.0.0</modelVersion>
                  <groupId>demo</groupId><artifactId>parent</artifactId><version>1</version><packaging>pom</packaging>
                  <properties><lang.version>3.14.0</lang.version></properties>
                  <dependencyManagement><dependencies>
                    <dependency><groupId>org.apache.commons</groupId><artifactId>commons-lang3</artifactId><version>${lang.version}</version></dependency>
                  </dependencies></dependencyManagement>
                </project>
                """);
        Files.writeString(dir.resolve("child/pom.xml"), """
                <project><modelVersion>4.0.0</modelVersion>
                  <parent><groupId>demo</groupId><artifactId>parent</artifactId><version>1</version>
                    <relativePath>../parent/pom.xml</relativePath></parent>
                  <artifactId>child</artifactId>
                  <dependencies>
                    <dependency><groupId>org.apache.commons</groupId><artifactId>commons-lang3</artifactId></dependency>
                  </dependencies>
                </project>
                """);
        MavenResolver.Request r = PomReader.fromFile(dir.resolve("child/pom.xml"), PomReader.DEFAULT_SCOPES, noRemote);
        assertEquals(List.of("org.apache.commons:commons-lang3:jar:3.14.0/runtime"), ids(r.dependencies()));
    }

    @Test
    void fromText_badInput_isABadPomNamingTheProblem() {
        ClasspathException xml = assertThrows(ClasspathException.class,
                () -> PomReader.fromText("<dependency><groupId>a</groupId>", PomReader.DEFAULT_SCOPES, noRemote));
        assertEquals(ClasspathException.Kind.BAD_POM, xml.kind());
        assertTrue(xml.getMessage().contains("not well-formed"), xml.getMessage());

        ClasspathException other = assertThrows(ClasspathException.class,
                () -> PomReader.fromText("<build/>", PomReader.DEFAULT_SCOPES, noRemote));
        assertTrue(other.getMessage().contains("<build> is not a POM fragment"), other.getMessage());

        ClasspathException noVersion = assertThrows(ClasspathException.class, () -> PomReader.fromText(
                "<dependency><groupId>a</groupId><artifactId>b</artifactId></dependency>", PomReader.DEFAULT_SCOPES,
                noRemote));
        assertTrue(noVersion.getMessage().contains("version"), noVersion.getMessage());

        ClasspathException empty = assertThrows(ClasspathException.class,
                () -> PomReader.fromText("  ", PomReader.DEFAULT_SCOPES, noRemote));
        assertTrue(empty.getMessage().contains("no POM elements"), empty.getMessage());

        ClasspathException missing = assertThrows(ClasspathException.class,
                () -> PomReader.fromFile(dir.resolve("nope.xml"), PomReader.DEFAULT_SCOPES, noRemote));
        assertTrue(missing.getMessage().contains("No POM file at"), missing.getMessage());
    }
}
