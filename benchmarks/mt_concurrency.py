"""How much the MT layer's parallel requests save against one request after another.

A local, threaded LibreTranslate-speaking server answers each request after a fixed latency
(200 ms by default, about what a CPU-only LibreTranslate takes for a news sentence). The same
segments are translated twice: by deep_translator.LibreTranslator directly, one call per segment
(what a plain loop does), and by translate-flow's layer (mt/layer.py) with `--concurrency`
requests in flight. Prints both times and the ratio.

    .venv/bin/python benchmarks/mt_concurrency.py
    .venv/bin/python benchmarks/mt_concurrency.py --segments 100 --latency 0.1 --concurrency 16
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from mt_servers import slow_libre_server  # noqa: E402

from translate_flow.mt.deep import LibreEngine  # noqa: E402
from translate_flow.mt.layer import LayerPolicy, ResilientEngine  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, default=300)
    parser.add_argument("--latency", type=float, default=0.2, help="seconds per request")
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()

    from deep_translator import LibreTranslator

    segments = [f"Министр иностранных дел провёл встречу номер {n}." for n in range(args.segments)]
    with slow_libre_server(latency=args.latency) as server:
        started = time.perf_counter()
        sequential = []
        for text in segments:
            translator = LibreTranslator(
                source="ru", target="de", api_key="unused", custom_url=server.url + "/"
            )
            sequential.append(translator.translate(text))
        sequential_seconds = time.perf_counter() - started

        layer = ResilientEngine(LibreEngine(server.url), LayerPolicy(concurrency=args.concurrency))
        started = time.perf_counter()
        parallel = layer.translate_batch(segments, "ru", "de")
        layer_seconds = time.perf_counter() - started

    assert [r.text for r in parallel] == sequential, "the two runs translated differently"
    print(f"segments: {args.segments}, server latency: {args.latency * 1000:.0f} ms per request")
    print(f"deep-translator, sequential:       {sequential_seconds:7.2f} s")
    print(f"translate-flow layer, {args.concurrency:2d} parallel: {layer_seconds:7.2f} s")
    print(f"speed-up: {sequential_seconds / layer_seconds:.1f}x")


if __name__ == "__main__":
    main()
