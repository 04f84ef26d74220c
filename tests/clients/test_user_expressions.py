"""user_expressions through jupyter_client against the real kernel: each is evaluated as a Java
expression after the cell, never as a cell (no magics run, nothing declared, the cache's state
versions untouched), and a failing one is an error entry, not a failed cell.
"""
import unittest

from cache_e2e import CacheTestCase


class UserExpressionsTest(CacheTestCase):

    def run_with(self, code, expressions, **kw):
        outputs = []
        reply = self.kernel.kc.execute_interactive(code, timeout=120, output_hook=outputs.append,
                                                   allow_stdin=False, user_expressions=expressions, **kw)
        self.assertEqual("ok", reply["content"]["status"], reply)
        return reply["content"]["user_expressions"], outputs

    def test_userExpressions_valuesAndErrors_noMagicRunsNothingDeclared(self):
        self.start()
        self.ok(f'var a = 1 + {self.mark("a")};')
        values, outputs = self.run_with("int z = 40;", {
            "sum": "a + z",
            "text": '"x" + a',
            "magic": "%cache clear --all",
            "declaration": "int q = 5",
            "thrown": "1 / (z - 40)",
            "printing": 'System.out.printf("noise") == null',
        })
        self.assertEqual({"status": "ok", "data": {"text/plain": "42"}, "metadata": {}}, values["sum"])
        self.assertEqual('"x2"', values["text"]["data"]["text/plain"])
        self.assertEqual("error", values["magic"]["status"], values["magic"])
        self.assertEqual("error", values["declaration"]["status"], values["declaration"])
        self.assertEqual("error", values["thrown"]["status"])
        self.assertEqual("java.lang.ArithmeticException", values["thrown"]["ename"])
        self.assertEqual("false", values["printing"]["data"]["text/plain"])
        self.assertFalse([o for o in outputs if o["msg_type"] == "stream"], outputs)
        self.assertRegex(self.ok("%cache status").text, r"entries\s+2\b", "the %cache line ran (a and z are stored)")
        self.assertEqual("error", self.cell("q").status, "the declaration ran")
        self.assertEqual(1, self.runs("a"))

    def test_userExpressions_leaveStateVersionsAlone(self):
        """An expression mentioning a mutable variable used to advance its state version, so a
        value computed after it had a key no later session (without that expression) matched."""
        list_cell = f'var list = new java.util.ArrayList<>(java.util.List.of({self.mark("list")}));'
        b_cell = f'var b = list.size() + {self.mark("b")};'
        self.start()
        self.ok(list_cell)
        values, _ = self.run_with("int z = 0;", {"n": "list.size()"})
        self.assertEqual("1", values["n"]["data"]["text/plain"])
        self.assertEqual(["b"], self.ok(b_cell).names("stored"))
        self.restart()
        self.assertEqual(["list"], self.ok(list_cell).names("restored"))
        self.ok("int z = 0;")
        self.assertEqual(["b"], self.ok(b_cell).names("restored"))
        self.assertEqual((1, 1), (self.runs("list"), self.runs("b")))

    def test_failedCell_evaluatesNoUserExpressions(self):
        self.start()
        reply = self.kernel.kc.execute_interactive("throw new RuntimeException();", timeout=120,
                                                   allow_stdin=False, user_expressions={"one": "1"},
                                                   output_hook=lambda m: None)
        self.assertEqual("error", reply["content"]["status"])
        self.assertFalse(reply["content"].get("user_expressions"))


if __name__ == "__main__":
    unittest.main()
