"""Adds up Surefire XML reports and the client-test counts into one closing line."""
import json
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

passed = failed = skipped = 0
for folder in map(Path, sys.argv[1:]):
    if not folder.is_dir():
        continue
    counts = folder / "counts.json"
    if counts.exists():
        c = json.loads(counts.read_text())
        passed, failed, skipped = passed + c["passed"], failed + c["failed"], skipped + c["skipped"]
    for report in folder.glob("TEST-*.xml"):
        suite = ET.parse(report).getroot()
        tests, fails = int(suite.get("tests", 0)), int(suite.get("failures", 0)) + int(suite.get("errors", 0))
        skips = int(suite.get("skipped", 0))
        passed, failed, skipped = passed + tests - fails - skips, failed + fails, skipped + skips
print(f"{passed} passed, {failed} failed, {skipped} skipped")
sys.exit(1 if failed or passed == 0 else 0)
