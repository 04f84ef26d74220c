"""Notebooks written for IJava/JJava, through the real kernel (issue 11): one Maven
resolution per cell, %%loadFromPOM / %loadFromPOM / %addMavenRepo, the `;` rule, and IJava's
display API. Maven resolution is real: commons-text 1.10.0 depends on commons-lang3 3.12.0,
a small pair with a genuine transitive version conflict (from Maven Central, or ~/.m2).
"""
import shutil
import tempfile
import unittest
from pathlib import Path

from cache_e2e import CacheTestCase
import test_maven_kernel

TEXT = "org.apache.commons:commons-text:1.10.0"      # depends on commons-lang3 3.12.0
LANG_NEW = "org.apache.commons:commons-lang3:3.14.0"
# Which commons-lang3 jar the notebook's StringUtils came from.
LANG_JAR = ("org.apache.commons.lang3.StringUtils.class.getProtectionDomain().getCodeSource()"
            ".getLocation().getPath().replaceAll(\".*/\", \"\")")
TEXT_WORKS = 'org.apache.commons.text.WordUtils.capitalizeFully("hello world")'


class OneCellMavenTest(CacheTestCase):

    def test_mavenLinesOfOneCell_oneResolution_directVersionBeatsTransitive(self):
        self.start(threshold0=False)
        r = self.ok(f"%maven {TEXT}\n%maven {LANG_NEW}\n{LANG_JAR}")
        self.assertEqual(['"commons-lang3-3.14.0.jar"'], r.results, r)
        self.assertEqual('"Hello World"', self.value(TEXT_WORKS))
        self.assertNotIn("commons-lang3-3.12.0", self.ok("%classpath").text)

    def test_ijavaAliases_joinTheSameResolution(self):
        self.start(threshold0=False)
        r = self.ok(f"%addMavenDependencies {TEXT}\n%addMavenDependency {LANG_NEW}\n{LANG_JAR}")
        self.assertEqual(['"commons-lang3-3.14.0.jar"'], r.results, r)

    def test_conflictWithAnEarlierCell_errorNamesBothVersionsAndWhatToDo(self):
        self.start(threshold0=False)
        self.ok(f"%maven {TEXT}")
        self.assertEqual('"commons-lang3-3.12.0.jar"', self.value(LANG_JAR))
        r = self.cell(f"%maven {LANG_NEW}")
        self.assertEqual("error", r.status)
        self.assertEqual("VersionConflict", r.error["ename"])
        message = r.error["evalue"]
        for part in ("3.14.0", "commons-lang3:3.12.0", "Restart the kernel", "same %maven cell"):
            self.assertIn(part, message)
        self.assertEqual('"commons-lang3-3.12.0.jar"', self.value(LANG_JAR), "nothing changed")


class LoadFromPomTest(CacheTestCase):

    def test_cellFragment_dependenciesAsReadmesShowThem(self):
        self.start(threshold0=False)
        r = self.ok(f"""%%loadFromPOM
<dependency>
  <groupId>org.apache.commons</groupId>
  <artifactId>commons-text</artifactId>
  <version>1.10.0</version>
</dependency>
<dependency>
  <groupId>org.apache.commons</groupId>
  <artifactId>commons-lang3</artifactId>
  <version>3.14.0</version>
</dependency>
""")
        self.assertIn("Resolved", r.text)
        self.assertEqual('"commons-lang3-3.14.0.jar"', self.value(LANG_JAR))
        self.assertEqual('"Hello World"', self.value(TEXT_WORKS))

    def test_cellWholePom_propertiesAndDependencyManagementGovernTransitiveVersions(self):
        self.start(threshold0=False)
        self.ok("""%%loadFromPOM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>demo</groupId><artifactId>nb</artifactId><version>1</version>
  <properties><lang.version>3.14.0</lang.version><text.version>1.10.0</text.version></properties>
  <dependencyManagement><dependencies>
    <dependency><groupId>org.apache.commons</groupId><artifactId>commons-lang3</artifactId><version>${lang.version}</version></dependency>
  </dependencies></dependencyManagement>
  <dependencies>
    <dependency><groupId>org.apache.commons</groupId><artifactId>commons-text</artifactId><version>${text.version}</version></dependency>
    <dependency><groupId>org.junit.jupiter</groupId><artifactId>junit-jupiter-api</artifactId><version>5.10.0</version><scope>test</scope></dependency>
  </dependencies>
</project>""")
        self.assertEqual('"commons-lang3-3.14.0.jar"', self.value(LANG_JAR), "managed, though only transitive")
        self.assertNotIn("junit", self.ok("%classpath").text, "test scope is not taken by default")

    def test_lineMagic_pomFile(self):
        d = Path(tempfile.mkdtemp(prefix="pom-"))
        self.addCleanup(shutil.rmtree, d, True)
        (d / "pom.xml").write_text(f"""<project><modelVersion>4.0.0</modelVersion>
  <groupId>demo</groupId><artifactId>f</artifactId><version>1</version>
  <dependencies>
    <dependency><groupId>org.apache.commons</groupId><artifactId>commons-text</artifactId><version>1.10.0</version></dependency>
  </dependencies>
</project>""")
        self.start(threshold0=False)
        self.ok(f'%loadFromPOM "{d / "pom.xml"}"')
        self.assertEqual('"Hello World"', self.value(TEXT_WORKS))
        self.assertEqual('"commons-lang3-3.12.0.jar"', self.value(LANG_JAR))

    def test_badPom_clearErrorAndKernelGoesOn(self):
        self.start(threshold0=False)
        r = self.cell("%%loadFromPOM\n<dependency><groupId>a</groupId>")
        self.assertEqual("BadPom", r.error["ename"], r)
        self.assertIn("not well-formed", r.error["evalue"])
        self.assertEqual("2", self.value("1 + 1"))


class AddMavenRepoTest(CacheTestCase):

    @classmethod
    def setUpClass(cls):
        cls.repo = Path(tempfile.mkdtemp(prefix="mvnrepo-"))
        test_maven_kernel.build_repo(cls.repo)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.repo, True)
        shutil.rmtree(test_maven_kernel.LOCAL_GROUP_DIR, True)

    def test_addMavenRepoThenMaven_asIJavaNotebooksWriteIt(self):
        self.start(threshold0=False)
        self.ok(f"%addMavenRepo e2elocal {self.repo.as_uri()}")
        r = self.ok(f"%maven {test_maven_kernel.GROUP}:{test_maven_kernel.ARTIFACT}:1.1\ne2emvn.Lib.version()")
        self.assertEqual(['"1.1"'], r.results)

    def test_addMavenRepoBetweenMavenLines_isSearchedByTheirOneResolution(self):
        self.start(threshold0=False)
        r = self.ok(f"%maven {TEXT}\n%addMavenRepo e2elocal {self.repo.as_uri()}\n"
                    f"%maven {test_maven_kernel.GROUP}:{test_maven_kernel.ARTIFACT}:1.0\ne2emvn.Lib.version()")
        self.assertEqual(['"1.0"'], r.results, r)

    def test_loadFromPomRepositoryElement(self):
        self.start(threshold0=False)
        r = self.ok(f"""%%loadFromPOM
<repository><id>e2elocal</id><url>{self.repo.as_uri()}</url></repository>
<dependency>
  <groupId>{test_maven_kernel.GROUP}</groupId><artifactId>{test_maven_kernel.ARTIFACT}</artifactId><version>1.0</version>
</dependency>""")
        self.assertEqual('"1.0"', self.value("e2emvn.Lib.version()"), r)


class SemicolonRuleTest(CacheTestCase):

    def test_defaultShowsLikeIJava_hideLikeIPython_declarationsNeverShow(self):
        self.start(threshold0=False)
        self.assertEqual(["3"], self.ok("var list = List.of(1, 2, 3);\nlist.size();").results)
        self.assertEqual(['"a chart"'], self.ok('String chart = "a chart";\nchart;').results)
        self.assertEqual([], self.ok("var x = list.size();").results)
        self.ok("%semicolon hide")
        self.assertEqual([], self.ok("list.size();").results)
        self.assertEqual(["3"], self.ok("list.size()").results)
        self.assertIn("hide", self.ok("%semicolon").text)
        self.ok("%semicolon show")
        self.assertEqual(["3"], self.ok("list.size();").results)
        self.assertEqual("error", self.cell("%semicolon maybe").status)

    def test_cachedDeclarationLast_staysQuietAndIsStoredOrRestored(self):
        self.start()
        decl = f"var v = 40 + {self.mark('v')} + 1;"
        r = self.ok(decl)
        self.assertEqual((["v"], []), (r.names("stored"), r.results))
        self.restart()
        r = self.ok(decl)
        self.assertEqual(["v"], r.names("restored"))
        self.assertEqual([], r.results)
        self.assertEqual(["42"], self.ok("v;").results)
        self.assertEqual(1, self.runs("v"))


class DisplayApiTest(CacheTestCase):

    def test_ijavaSignatures_displayRenderUpdate(self):
        self.start(threshold0=False)
        r = self.ok('String id = display("<b>Bold</b>", "text/html", "text/markdown");\n'
                    'updateDisplay(id, "<b>Done</b>", "text/html");\n'
                    'updateDisplay(id, "plain");\n'
                    'String md = "Hello from **java-cached**";\n'
                    'render(md, "text/markdown")')
        shown = [m for m in r.outputs if m["msg_type"] in ("display_data", "update_display_data")]
        self.assertEqual(["display_data", "update_display_data", "update_display_data"],
                         [m["msg_type"] for m in shown])
        self.assertEqual({"text/html", "text/markdown", "text/plain"}, set(shown[0]["content"]["data"]))
        ids = {m["content"]["transient"]["display_id"] for m in shown}
        self.assertEqual(1, len(ids))
        self.assertEqual("<b>Done</b>", shown[1]["content"]["data"]["text/html"])
        result = [m for m in r.outputs if m["msg_type"] == "execute_result"][0]["content"]["data"]
        self.assertEqual("Hello from **java-cached**", result["text/markdown"])

    def test_displayCallLast_showsTheDisplayNotItsId(self):
        self.start(threshold0=False)
        r = self.ok('display(html("<i>x</i>"));')
        self.assertEqual([], r.results)
        self.assertEqual("<i>x</i>", r.displays[0]["text/html"])

    def test_typeFirstAndNonMimeArguments(self):
        self.start(threshold0=False)
        r = self.ok('display("html", "<table><tr><td>1</td></tr></table>");')
        self.assertEqual("<table><tr><td>1</td></tr></table>", r.displays[0]["text/html"])
        self.assertEqual({"text/html", "text/plain"}, set(r.displays[0]), "no bundle keyed by the content")
        bad = self.cell('display("<table>", "a caption");')
        self.assertEqual("java.lang.IllegalArgumentException", bad.error["ename"])
        self.assertIn('"a caption" is not a MIME type', bad.error["evalue"])
        self.assertEqual([], bad.displays)


if __name__ == "__main__":
    unittest.main()
