"""How fast the everyday commands answer: `translate-flow --help` and `translate-flow status`.

Runs each command 10 times as a new process against a database holding the example articles and
prints the median and the worst wall-clock time. Goal: under 0.3 s.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TF = str(Path(sys.executable).with_name("translate-flow"))


def timed(args: list[str], env: dict[str, str], runs: int = 10) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([TF, *args], env=env, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    tmp = tempfile.mkdtemp()
    env = dict(
        os.environ, TRANSLATE_FLOW_DB=f"{tmp}/startup.db", TRANSLATE_FLOW_CONFIG=f"{tmp}/none.toml"
    )
    examples = sorted(str(p) for p in (REPO / "examples").glob("*-*.*") if p.suffix != ".tmx")
    subprocess.run([TF, "init"], env=env, check=True, capture_output=True)
    subprocess.run([TF, "ingest", *examples], env=env, check=True, capture_output=True)
    subprocess.run([TF, "translate", "--to", "de", "--engine", "tm"], env=env, capture_output=True)
    for args in (["--help"], ["status"], ["status", "--json"]):
        times = timed(args, env)
        print(
            f"translate-flow {' '.join(args):<14} median {statistics.median(times):.3f} s  "
            f"worst {max(times):.3f} s"
        )


if __name__ == "__main__":
    main()
