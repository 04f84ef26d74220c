"""Seeded fuzzing through jupyter_client: a few hundred cells made of random Java fragments,
magics and junk. Every cell must get its execute_reply within a bound, and a variable declared
first must survive to the end (issue 17). Reproducible: the seed is printed on failure;
JAVA_CACHED_FUZZ_CELLS and JAVA_CACHED_FUZZ_SEED run more cells or another seed.
"""
import os
import random
import time
import unittest

import kernel_env
from jupyter_client.manager import start_new_kernel

SEED = int(os.environ.get("JAVA_CACHED_FUZZ_SEED", "20261204"))
CELLS = int(os.environ.get("JAVA_CACHED_FUZZ_CELLS", "200"))
REPLY_WITHIN_S = 60

FRAGMENTS = [
    "int", "long", "double", "var", "String", "class", "record", "enum", "interface", "void", "static",
    "final", "new", "return", "if", "else", "for", "while", "switch", "case", "default", "try", "catch",
    "finally", "throw", "throws", "import", "java.util.*", "List", "Map", "HashMap", "ArrayList",
    "x", "y", "z", "f", "g", "Row", "=", "==", "+", "-", "*", "/", "%", "->", "::", "?", ":",
    ";", ",", ".", "(", ")", "{", "}", "[", "]", "<", ">", "\"s\"", "'c'", "1", "0", "-1", "1e308",
    "null", "true", "false", "this", "super", "permits", "sealed", "yield", "@Override", "/*", "*/",
    "//", "\\", "\"\"\"", "\n", " ", "\t", "System.out.println", "display", "Thread.sleep(1)",
    "%cache", "%cache why keep", "%lsmagic", "%%nocache", "%classpath", "%cache status",
]

WHOLE = [
    "int a{n} = {n};",
    "var l{n} = new java.util.ArrayList<Integer>(java.util.List.of({n}, {n}));",
    "record R{n}(int v) {{}}",
    "class C{n} {{ int v = {n}; public String toString() {{ return \"C\" + v; }} }}",
    "String s{n} = \"" + "{n}" * 3 + "\".repeat(3);",
    "double m{n}(double q) {{ return q * {n}; }}",
    "System.out.println({n});",
    "throw new RuntimeException(\"boom {n}\");",
    "int[] arr{n} = new int[{n}]; arr{n}[{n}] = 1;",
    "%cache why a{n}",
    "Object o{n} = (Object) \"x\"; Integer bad{n} = (Integer) o{n};",
    "var big{n} = \"" + "x" * 70000 + "\";",
    "int deep{n} = " + "(" * 3000 + "1" + ")" * 3000 + ";",
    "permits catch",
    "keep",
]


def random_cell(rnd, n):
    roll = rnd.random()
    if roll < 0.45:
        return rnd.choice(WHOLE).format(n=n)
    if roll < 0.9:
        return " ".join(rnd.choice(FRAGMENTS) for _ in range(rnd.randint(1, 25)))
    chars = "".join(chr(rnd.randint(1, 0x2FF)) for _ in range(rnd.randint(1, 60)))
    return chars


class FuzzTests:
    kernel_name = None

    def test_randomCells_eachGetsAReply_andTheFirstVariableSurvives(self):
        rnd = random.Random(SEED)
        km, kc = start_new_kernel(kernel_name=self.kernel_name, startup_timeout=90)
        try:
            def run(code):
                start = time.monotonic()
                reply = kc.execute_interactive(code, timeout=REPLY_WITHIN_S, output_hook=lambda m: None)
                return reply["content"], time.monotonic() - start
            content, _ = run("int keep = 12345;")
            self.assertEqual("ok", content["status"])
            for n in range(CELLS):
                code = random_cell(rnd, n)
                try:
                    content, took = run(code)
                except Exception as e:  # a timeout: no reply
                    self.fail(f"seed {SEED}, cell {n}: no reply within {REPLY_WITHIN_S} s ({e!r}) for {code[:200]!r}")
                self.assertIn(content["status"], ("ok", "error"), f"seed {SEED}, cell {n}: {content}")
            content, _ = run("keep")
            self.assertEqual("ok", content["status"], f"seed {SEED}: keep is gone: {content}")
            content, _ = run('if (keep != 12345) throw new AssertionError("keep changed: " + keep);')
            self.assertEqual("ok", content["status"], f"seed {SEED}: {content}")
        finally:
            kc.stop_channels()
            km.shutdown_kernel(now=True)


class FuzzJdk17(FuzzTests, unittest.TestCase):
    kernel_name = kernel_env.KERNEL


@unittest.skipUnless(kernel_env.JDK25.exists(), "JDK 25 not installed")
class FuzzJdk25(FuzzTests, unittest.TestCase):
    kernel_name = kernel_env.KERNEL_25
