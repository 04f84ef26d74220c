"""Cells that make JShell or javac throw an Error, through jupyter_client on JDK 17 and 25:
each must get its execute_reply (status error), and the session must go on with its
variables. Before, the Error ended the thread that handles requests: the kernel published
idle, never replied, and answered nothing again while its heartbeat went on (issue 17).
"""
import unittest

import kernel_env
from jupyter_client.manager import start_new_kernel

CELLS = [
    "permits catch",                                       # JShell's analysis: InternalError
    "int s = " + "+".join(["1"] * 2000) + ";",             # javac's attribution: StackOverflowError
    "int t = " + "(" * 5000 + "1" + ")" * 5000 + ";",      # javac's parser: InternalError
]


class ErrorsGetRepliesTests:
    kernel_name = None

    def test_cellsThatThrowErrors_getRepliesAndTheSessionGoesOn(self):
        km, kc = start_new_kernel(kernel_name=self.kernel_name, startup_timeout=90)
        try:
            def run(code):
                reply = kc.execute_interactive(code, timeout=120, output_hook=lambda m: None)
                return reply["content"]
            self.assertEqual("ok", run("int keep = 7;")["status"])
            for code in CELLS:
                with self.subTest(cell=code[:30]):
                    content = run(code)
                    self.assertEqual("error", content["status"], content)
                    self.assertTrue(content.get("ename"), content)
                    after = run("keep + 1")
                    self.assertEqual("ok", after["status"], f"the session did not go on after {code[:30]}: {after}")
            self.assertEqual("ok", run('System.out.println("still here " + keep);')["status"])
        finally:
            kc.stop_channels()
            km.shutdown_kernel(now=True)


class ErrorsGetRepliesJdk17(ErrorsGetRepliesTests, unittest.TestCase):
    kernel_name = kernel_env.KERNEL


@unittest.skipUnless(kernel_env.JDK25.exists(), "JDK 25 not installed")
class ErrorsGetRepliesJdk25(ErrorsGetRepliesTests, unittest.TestCase):
    kernel_name = kernel_env.KERNEL_25
