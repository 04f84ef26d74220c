"""Runs every client test in this folder with unittest and records the counts for tests/summary.py."""
import argparse
import json
import sys
import unittest
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--junit-dir", required=True, help="where to write counts.json")
    parser.add_argument("pattern", nargs="?", default="test_*.py")
    args = parser.parse_args()
    sys.path.insert(0, str(HERE))
    suite = unittest.defaultTestLoader.discover(str(HERE), pattern=args.pattern, top_level_dir=str(HERE))
    result = unittest.TextTestRunner(verbosity=2).run(suite)
    out = Path(args.junit_dir)
    out.mkdir(parents=True, exist_ok=True)
    failed = len(result.failures) + len(result.errors) + len(result.unexpectedSuccesses)
    skipped = len(result.skipped)
    counts = {"run": result.testsRun, "failed": failed, "skipped": skipped,
              "passed": result.testsRun - failed - skipped}
    (out / "counts.json").write_text(json.dumps(counts))
    return 0 if result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main())
