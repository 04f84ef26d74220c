"""Every notebook in notebooks/ executed with nbclient; outputs diffed against the committed ones.

Like almond's golden notebook tests: the committed .ipynb holds the expected outputs.
A cell tagged `nondeterministic` (timings, sizes) is executed but only checked to not fail.
To refresh the goldens after an intended change: `python3 tests/clients/test_notebooks.py --update`.
"""
import copy
import sys
import unittest
from pathlib import Path

import kernel_env
import nbformat
from nbclient import NotebookClient

NOTEBOOKS = sorted((kernel_env.ROOT / "notebooks").glob("*.ipynb"))
COMPARED = ("text/plain", "text/html", "text/markdown", "image/png")


def _normalise(outputs):
    """The parts of a cell's outputs that must match: stream text and rich data, in order."""
    result = []
    for out in outputs:
        kind = out["output_type"]
        if kind == "stream":
            if result and result[-1][0] == "stream" and result[-1][1] == out["name"]:
                result[-1] = ("stream", out["name"], result[-1][2] + out["text"])
            else:
                result.append(("stream", out["name"], out["text"]))
        elif kind in ("execute_result", "display_data"):
            data = out.get("data", {})
            result.append((kind, tuple((m, _text(data[m])) for m in COMPARED if m in data)))
        elif kind == "error":
            result.append(("error", out["ename"], out["evalue"]))
    return result


def _text(value):
    return "".join(value) if isinstance(value, list) else value


def execute(path, cache_dir):
    nb = nbformat.read(path, as_version=4)
    run = copy.deepcopy(nb)
    client = NotebookClient(run, kernel_name=kernel_env.KERNEL, timeout=300, allow_errors=True,
                            resources={"metadata": {"path": str(path.parent)}},
                            extra_arguments=[])
    import os
    os.environ["JAVA_CACHED_DIR"] = cache_dir
    client.execute()
    return nb, run


class NotebookGoldenTest(unittest.TestCase):
    def test_notebooks_outputsMatchGoldens(self):
        self.assertTrue(NOTEBOOKS, "no notebooks found in notebooks/")
        for path in NOTEBOOKS:
            with self.subTest(notebook=path.name):
                golden, run = execute(path, kernel_env.fresh_cache_dir())
                for i, (want, got) in enumerate(zip(golden.cells, run.cells)):
                    if want.cell_type != "code":
                        continue
                    tags = want.metadata.get("tags", [])
                    got_outputs = _normalise(got.outputs)
                    if "raises" not in tags:
                        self.assertFalse([o for o in got_outputs if o[0] == "error"],
                                         f"{path.name} cell {i} failed: {got_outputs}")
                    if "nondeterministic" in tags:
                        continue
                    self.assertEqual(_normalise(want.outputs), got_outputs,
                                     f"{path.name} cell {i}:\n{want.source}")


def update_goldens():
    for path in NOTEBOOKS:
        _, run = execute(path, kernel_env.fresh_cache_dir())
        for cell in run.cells:
            cell.metadata.pop("execution", None)
        nbformat.write(run, path)
        print("updated", path)


if __name__ == "__main__":
    if "--update" in sys.argv:
        update_goldens()
    else:
        unittest.main()
