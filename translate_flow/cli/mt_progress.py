"""What `translate` shows while it works and when it is done: a progress bar on a terminal, then
the summary (translated, from cache, failed with reasons, characters sent per engine)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import click

from translate_flow.cli.app import warn


@contextmanager
def progress_bar(label: str) -> Iterator[tuple[Callable[[int], None], Callable[[int], None]]]:
    """(on_total, advance) callbacks for translate_articles; a rich bar on stderr only when
    stderr is a terminal, so pipes, logs and --json output stay clean."""
    if not sys.stderr.isatty():
        yield (lambda total: None), (lambda done: None)
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    bar = Progress(
        f"[bold]{label}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    task = bar.add_task(label, total=None)
    with bar:
        yield (
            lambda total: bar.update(task, total=total),
            lambda done: bar.advance(task, done),
        )


def echo_summary(summary) -> None:
    click.echo(
        f"{summary.engine}: {summary.translated} translated ({summary.from_cache} from cache), "
        f"{summary.skipped} already done, {summary.unmatched} without a memory match, "
        f"{summary.failed} failed; {summary.characters_sent} characters sent"
    )
    for engine, characters in sorted(summary.characters_by_engine.items()):
        click.echo(f"  {engine}: {characters} characters sent")
    for note in summary.notes:
        click.echo(f"  {note}")
    for reason, count in summary.reasons.items():
        warn(f"  {count} segment(s) not translated: {reason}")
