"""Shared set-up for the client tests: install the built kernelspec into a private prefix.

Every test here talks to the real kernel jar through clients nobody on this project wrote
(jupyter_client, jupyter_kernel_test, nbclient, jupyter console). The kernelspec is
installed with the jar's own `install --prefix` command into a temporary folder, found
through JUPYTER_PATH, the cache lives in a temporary JAVA_CACHED_DIR and the history in a
temporary JAVA_CACHED_HISTORY, so the tests never touch the user's Jupyter set-up, cache or
history.
"""
import atexit
import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
JAR = ROOT / "kernel" / "target" / "java-cached.jar"
JDK25 = Path("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java")
KERNEL = "java-cached"
KERNEL_25 = "java-cached-jdk25"

_prefix = Path(tempfile.mkdtemp(prefix="java-cached-clients-"))
atexit.register(shutil.rmtree, _prefix, True)


def _install():
    if not JAR.exists():
        raise RuntimeError(f"{JAR} is missing: build with `mvn -DskipTests package` first")
    subprocess.run(["java", "-jar", str(JAR), "install", "--prefix", str(_prefix)],
                   check=True, stdout=subprocess.DEVNULL)
    kernels = _prefix / "share" / "jupyter" / "kernels"
    if JDK25.exists():
        # The same kernel installed by JDK 25 itself, as a user would: its own start-up archive
        # (an AOT cache) and JDK 25's flags.
        subprocess.run([str(JDK25), "-jar", str(JAR), "install", "--prefix", str(_prefix), "--name", KERNEL_25],
                       check=True, stdout=subprocess.DEVNULL)
        spec25 = json.loads((kernels / KERNEL_25 / "kernel.json").read_text())
        spec25["display_name"] = "Java (cached, JDK 25)"
        (kernels / KERNEL_25 / "kernel.json").write_text(json.dumps(spec25, indent=1))
    os.environ["JUPYTER_PATH"] = str(_prefix / "share" / "jupyter")


def install(prefix, *args, java="java", jar=JAR):
    """Installs a kernelspec with `install --prefix PREFIX ARGS...` (by `java`, from `jar`); returns its folder."""
    subprocess.run([str(java), "-jar", str(jar), "install", "--prefix", str(prefix), *args],
                   check=True, stdout=subprocess.DEVNULL)
    name = next((a.split("=", 1)[1] for a in args if a.startswith("--name=")), KERNEL)
    return Path(prefix) / "share" / "jupyter" / "kernels" / name


def fresh_cache_dir():
    """A new, empty cache directory for one test (the kernel reads JAVA_CACHED_DIR)."""
    d = Path(tempfile.mkdtemp(prefix="cache-", dir=_prefix))
    return str(d)


_install()
os.environ["JAVA_CACHED_DIR"] = fresh_cache_dir()
# History across restarts lives in this file (never in the user's ~/.local/share).
os.environ["JAVA_CACHED_HISTORY"] = str(_prefix / "history.jsonl")
