"""History across kernel restarts, through jupyter_client: what one kernel ran, the next one
returns in history_request (jupyter console fills its up-arrow history from it at start)."""
import unittest

import kernel_env  # noqa: F401  (installs the kernelspec, sets JAVA_CACHED_HISTORY)
from jupyter_client.manager import start_new_kernel


def _history(kc, **request):
    msg_id = kc.history(**request)
    while True:
        reply = kc.get_shell_msg(timeout=30)
        if reply["parent_header"].get("msg_id") == msg_id:
            return reply["content"]["history"]


class HistoryAcrossRestartsTest(unittest.TestCase):
    def test_restartedKernel_returnsEarlierSessionsInputs(self):
        km, kc = start_new_kernel(kernel_name=kernel_env.KERNEL, startup_timeout=60)
        try:
            for code in ["int historyProbe = 6;", "historyProbe * 7"]:
                self.assertEqual("ok", kc.execute_interactive(code, timeout=60, output_hook=lambda m: None)
                                 ["content"]["status"])
            first = _history(kc, hist_access_type="range", session=0, start=1, stop=100, raw=True, output=False)
        finally:
            kc.stop_channels()
            km.shutdown_kernel(now=False)
        self.assertEqual(["int historyProbe = 6;", "historyProbe * 7"], [e[2] for e in first])
        session = first[0][0]

        km, kc = start_new_kernel(kernel_name=kernel_env.KERNEL, startup_timeout=60)
        try:
            tail = _history(kc, hist_access_type="tail", n=1000, raw=True, output=False)
            self.assertIn([session, 1, "int historyProbe = 6;"], tail)
            self.assertIn([session, 2, "historyProbe * 7"], tail)
            previous = _history(kc, hist_access_type="range", session=-1, start=1, stop=100, raw=True, output=False)
            self.assertEqual([[session, 1, "int historyProbe = 6;"], [session, 2, "historyProbe * 7"]], previous)
            found = _history(kc, hist_access_type="search", pattern="historyProbe *", n=10, raw=True, output=False)
            self.assertEqual([[session, 2, "historyProbe * 7"]], found)
        finally:
            kc.stop_channels()
            km.shutdown_kernel(now=False)


if __name__ == "__main__":
    unittest.main()
