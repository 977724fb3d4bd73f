"""How much the MT layer's parallel requests and batches save against one request after another.

A local, threaded LibreTranslate-speaking server answers each request after a fixed latency
(200 ms by default, about what a CPU-only LibreTranslate takes for a news sentence). The same
segments are translated by LibreEngine without the layer, one request per segment (what a
plain loop does), and by translate-flow's layer (mt/layer.py) with `--concurrency` requests in
flight: one segment per request, then in batches (LibreTranslate's `q` array). A local DeepL API
server with the same latency per request then gets the segments in DeepL's batches of up to 50.
Prints the times, the requests sent and the ratios.

The fake servers take the same time for a request of one text or of fifty: the figure for
batches is what the round trips cost. A real LibreTranslate also spends time on every text, so
its batches gain less; DeepL's servers answer a batch about as fast as one text.

    .venv/bin/python benchmarks/mt_concurrency.py
    .venv/bin/python benchmarks/mt_concurrency.py --segments 100 --latency 0.1 --concurrency 16
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from mt_servers import deepl_server, slow_libre_server  # noqa: E402

from translate_flow.mt.deepl_api import DeepLEngine  # noqa: E402
from translate_flow.mt.layer import LayerPolicy, ResilientEngine  # noqa: E402
from translate_flow.mt.libre import LibreEngine  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, default=300)
    parser.add_argument("--latency", type=float, default=0.2, help="seconds per request")
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()

    segments = [f"Министр иностранных дел провёл встречу номер {n}." for n in range(args.segments)]
    with slow_libre_server(latency=args.latency) as server:
        started = time.perf_counter()
        sequential = []
        plain = LibreEngine(server.url)
        for text in segments:
            [result] = plain.translate_batch([text], "ru", "de")
            sequential.append(result.text)
        sequential_seconds = time.perf_counter() - started

        one_each = LayerPolicy(concurrency=args.concurrency, batch_texts=1)
        parallel = _timed(ResilientEngine(LibreEngine(server.url), one_each), segments)
        policy = LayerPolicy(concurrency=args.concurrency)
        batched = _timed(ResilientEngine(LibreEngine(server.url), policy), segments)

    with deepl_server(latency=args.latency) as server:
        # The local server's key; it answers "[DE] text" for a text it has no translation of.
        engine = ResilientEngine(DeepLEngine("test-key:fx", url=server.url), policy)
        deepl = _timed(engine, segments)

    assert parallel.texts == sequential and batched.texts == sequential, "translated differently"
    assert deepl.texts == [f"[DE] {text}" for text in segments]
    print(f"segments: {args.segments}, server latency: {args.latency * 1000:.0f} ms per request")
    label = "one request after another"
    print(f"{label:40s} {sequential_seconds:6.2f} s {args.segments:4d} requests")
    for label, run in (
        (f"layer, {args.concurrency} parallel, 1 segment per request", parallel),
        (f"layer, {args.concurrency} parallel, libre batches", batched),
        (f"layer, {args.concurrency} parallel, deepl batches", deepl),
    ):
        speed_up = sequential_seconds / run.seconds
        print(f"{label:40s} {run.seconds:6.2f} s {run.requests:4d} requests {speed_up:6.1f}x")


@dataclass
class _Run:
    seconds: float
    texts: list[str | None]
    requests: int


def _timed(engine: ResilientEngine, segments: list[str]) -> _Run:
    started = time.perf_counter()
    results = engine.translate_batch(segments, "ru", "de")
    seconds = time.perf_counter() - started
    return _Run(seconds, [r.text for r in results], engine.requests_sent)


if __name__ == "__main__":
    main()
