"""%mavenRepo / %maven / %classpath through the real kernel, with a file-based Maven
repository built here (javac + jar + a minimal pom), and the cache across REAL restarts.

The kernel's resolver uses the user's local repository (~/.m2, or settings.xml's), with no
switch to redirect it, so the artifacts use a random group id under org.javacached.e2e and
that group's folder is removed from the local repository afterwards.
"""
import shutil
import subprocess
import tempfile
import unittest
import uuid
from pathlib import Path

from cache_e2e import CacheTestCase

GROUP = "org.javacached.e2e.g" + uuid.uuid4().hex[:10]
ARTIFACT = "e2elib"
LOCAL_GROUP_DIR = Path.home() / ".m2" / "repository" / Path(*GROUP.split("."))

POM = """<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>{g}</groupId>
  <artifactId>{a}</artifactId>
  <version>{v}</version>
  <packaging>jar</packaging>
</project>
"""

SOURCE = """package e2emvn;
public class Lib {{
    public static String version() {{ return "{v}"; }}
    public static final class Point implements java.io.Serializable {{
        public final int x, y;
        public Point(int x, int y) {{ this.x = x; this.y = y; }}
        @Override public String toString() {{ return "Point(" + x + "," + y + ")@{v}"; }}
    }}
    /** Not Serializable, final fields, no no-argument constructor: a typical library value type. */
    public static final class Grid {{
        private final String name;
        private final double[] cells;
        private final java.util.Map<String, Integer> index = new java.util.HashMap<>();
        public Grid(String name, int n) {{
            this.name = name;
            this.cells = new double[n];
            for (int i = 0; i < n; i++) {{ cells[i] = i * 1.5; index.put("c" + i, i); }}
        }}
        @Override public String toString() {{ return name + java.util.Arrays.toString(cells) + index + "@{v}"; }}
    }}
}}
"""


def build_repo(root):
    """A file-based Maven repository with GROUP:ARTIFACT in versions 1.0 and 1.1."""
    work = Path(tempfile.mkdtemp(prefix="mvnsrc-"))
    try:
        for v in ("1.0", "1.1"):
            src = work / v / "e2emvn"
            src.mkdir(parents=True)
            (src / "Lib.java").write_text(SOURCE.format(v=v))
            classes = work / v / "classes"
            subprocess.run(["javac", "--release", "11", "-d", str(classes), str(src / "Lib.java")], check=True)
            folder = root / Path(*GROUP.split(".")) / ARTIFACT / v
            folder.mkdir(parents=True)
            subprocess.run(["jar", "cf", str(folder / f"{ARTIFACT}-{v}.jar"), "-C", str(classes), "."], check=True)
            (folder / f"{ARTIFACT}-{v}.pom").write_text(POM.format(g=GROUP, a=ARTIFACT, v=v))
    finally:
        shutil.rmtree(work, True)


class MavenKernelTest(CacheTestCase):

    @classmethod
    def setUpClass(cls):
        cls.repo = Path(tempfile.mkdtemp(prefix="mvnrepo-"))
        build_repo(cls.repo)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.repo, True)
        shutil.rmtree(LOCAL_GROUP_DIR, True)

    def maven_cell(self, version):
        return (f"%mavenRepo e2elocal {self.repo.as_uri()}\n"
                f"%maven {GROUP}:{ARTIFACT}:{version}\n"
                f'System.out.println("same cell: " + e2emvn.Lib.version());')

    def test_libraryTypeNotSerializable_restoredAfterRestart(self):
        self.start()
        self.ok(self.maven_cell("1.0"))
        g = f'var grid = new e2emvn.Lib.Grid("g", 4 + {self.mark("grid")} - 1);'
        r = self.ok(g)
        self.assertEqual(["grid"], r.names("stored"), repr(r) + self.ok("%cache why grid").text)
        before = self.value("grid.toString()")

        self.restart()
        self.ok(self.maven_cell("1.0"))
        r = self.ok(g)
        self.assertEqual(["grid"], r.names("restored"), repr(r) + self.ok("%cache why grid").text)
        self.assertEqual(1, self.runs("grid"))
        self.assertEqual(before, self.value("grid.toString()"))
        self.assertIn("g[0.0, 1.5, 3.0, 4.5]", before)

    def test_mavenArtifact_usableRestoresAfterRestart_versionBumpRecomputes(self):
        self.start()
        r = self.ok(self.maven_cell("1.0"))
        self.assertIn("same cell: 1.0", r.stdout)
        p = f'var p = new e2emvn.Lib.Point(3, 4 + {self.mark("p")} - 1);'
        plain = f'var plain = 10 + {self.mark("plain")};'
        self.assertEqual(["p"], self.ok(p).names("stored"))
        self.assertEqual(["plain"], self.ok(plain).names("stored"))
        self.assertEqual('"1.0"', self.value("e2emvn.Lib.version()"))
        self.assertIn(f"{ARTIFACT}", self.ok("%classpath").text)

        self.restart()
        self.ok(self.maven_cell("1.0"))
        r = self.ok(p)
        self.assertEqual(["p"], r.names("restored"), repr(r))
        self.assertEqual(["plain"], self.ok(plain).names("restored"))
        self.assertEqual((1, 1), (self.runs("p"), self.runs("plain")))
        self.assertEqual("Point(3,4)@1.0", self.value("p.toString()").strip('"'))
        self.assertEqual("true", self.value("p instanceof e2emvn.Lib.Point"))

        self.restart()
        r = self.ok(self.maven_cell("1.1"))
        self.assertIn("same cell: 1.1", r.stdout)
        self.assertEqual(["p"], self.ok(p).names("computed"))
        self.assertEqual(["plain"], self.ok(plain).names("computed"))
        self.assertEqual((2, 2), (self.runs("p"), self.runs("plain")))
        self.assertEqual("Point(3,4)@1.1", self.value("p.toString()").strip('"'))
        self.assertIn("classpath changed", self.ok("%cache why p").text)
        self.assertIn("classpath changed", self.ok("%cache why plain").text)

    def test_unknownArtifact_clearErrorAndClasspathUnchanged(self):
        self.start()
        self.ok(self.maven_cell("1.0"))
        before = self.ok("%classpath").text
        missing = f"{GROUP}:nosuchartifact:9.9"
        r = self.cell(f"%maven {missing}\nint after = 1;")
        self.assertEqual("error", r.status)
        self.assertIn(missing, r.text)
        self.assertEqual(before, self.ok("%classpath").text)
        self.assertEqual("error", self.cell("after").status, "the cell's code ran after a failed %maven")


if __name__ == "__main__":
    unittest.main()
