"""The README's example of translate-flow used from Python (examples/library_use.py) runs on
SQLite and PostgreSQL and prints what it promises."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "library_use.py"


def test_the_library_example_imports_translates_and_reads_findings(db_url, tmp_path):
    env = dict(os.environ, TRANSLATE_FLOW_CONFIG=str(tmp_path / "no-config.toml"))
    env.pop("TRANSLATE_FLOW_USER", None)

    result = subprocess.run(
        [sys.executable, str(EXAMPLE), db_url],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=300,
    )

    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "glossary: 84 concepts added"
    assert lines[1].startswith("article 1: ") and lines[1].endswith(", 22 segments")
    assert lines[2] == "translated 22 segments from memory, 0 unmatched"
    assert "Republik Belarus" in lines[4]
    assert lines[5] == "finding 1 on segment 2 [error]"
    assert lines[6] == "  terminology: Weißrussland is deprecated (belarus); use Belarus"
