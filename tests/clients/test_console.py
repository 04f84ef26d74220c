"""A scripted `jupyter console --kernel=java-cached` session, driven through tmux."""
import os
import shutil
import subprocess
import time
import unittest
import uuid

import kernel_env


def _pane(session):
    return subprocess.run(["tmux", "capture-pane", "-p", "-S", "-200", "-t", session],
                          capture_output=True, text=True, check=True).stdout


def _type(session, text):
    """Types a line as a person would: the text literally (-l), then Enter."""
    subprocess.run(["tmux", "send-keys", "-t", session, "-l", text], check=True)
    subprocess.run(["tmux", "send-keys", "-t", session, "Enter"], check=True)


def _wait_for(session, predicate, timeout):
    """Poll the screen until predicate(screen) holds; a screen is what a person would read."""
    deadline = time.monotonic() + timeout
    screen = ""
    while time.monotonic() < deadline:
        screen = _pane(session)
        if predicate(screen):
            return screen
        time.sleep(0.2)
    raise AssertionError(f"timed out; screen was:\n{screen}")


@unittest.skipUnless(shutil.which("tmux") and shutil.which("jupyter-console"), "needs tmux and jupyter-console")
class ConsoleSessionTest(unittest.TestCase):
    def setUp(self):
        self.session = "jc-" + uuid.uuid4().hex[:8]
        env = dict(os.environ, TERM="xterm")
        subprocess.run(["tmux", "new-session", "-d", "-s", self.session, "-x", "160", "-y", "50",
                        f"JUPYTER_PATH={os.environ['JUPYTER_PATH']} "
                        f"JAVA_CACHED_DIR={kernel_env.fresh_cache_dir()} "
                        "jupyter console --kernel=java-cached"],
                       check=True, env=env)
        self.addCleanup(subprocess.run, ["tmux", "kill-session", "-t", self.session], check=False)

    def test_console_sessionDeclaresAndEvaluates(self):
        start = _wait_for(self.session, lambda s: "In [1]:" in s, 60)
        # A quiet start: the console's own line, one banner line, the prompt; the kernel's
        # stderr (this terminal) carries no log line unless JAVA_CACHED_LOG asks for one.
        above = [l for l in start.split("In [1]:", 1)[0].splitlines() if l.strip()]
        self.assertTrue(above[0].startswith("Jupyter console"), start)
        self.assertEqual(1, len(above) - 1, start)
        self.assertRegex(above[1], r"^java-cached \S+ — Java \S+ on JShell, with a persistent value cache$")
        # The banner is printed once kernel_info is answered; JShell may still be starting.
        # A person types at once, and the kernel must cope: is_complete is answered
        # without waiting for JShell (jupyter console gives it one second).
        _type(self.session, "int x = 6;")
        _wait_for(self.session, lambda s: "In [2]:" in s, 30)
        _type(self.session, "x * 7")
        screen = _wait_for(self.session, lambda s: "Out[2]:" in s, 30)
        out_line = next(l for l in screen.splitlines() if "Out[2]:" in l)
        self.assertEqual("42", out_line.split("Out[2]:", 1)[1].strip())
        # Leave as a person would: `exit` and confirm, so the console shuts its kernel down.
        _type(self.session, "exit")
        _wait_for(self.session, lambda s: "exit" in s.split("Out[2]:", 1)[1], 10)
        _type(self.session, "y")


if __name__ == "__main__":
    unittest.main()
