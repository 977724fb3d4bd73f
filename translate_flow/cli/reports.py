"""Editors' tools: the audit log, the post-edit report, source diffs and side-by-side reading."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from translate_flow.cli.app import (
    LANG,
    App,
    json_option,
    parse_id,
    pass_app,
    print_json,
    table,
    use_color,
)

if TYPE_CHECKING:
    from translate_flow.services.side_by_side import SentencePair, SideBySide


@click.command()
@click.option("--article", help="Only entries about this article.")
@click.option("--user", "user_name", metavar="NAME", help="Only what this user did.")
@click.option(
    "--limit", type=int, default=50, show_default=True, help="Newest entries to show; 0 shows all."
)
@click.option(
    "--color/--no-color",
    "color",
    default=None,
    help="Colour text changes (red struck through: removed; green underlined: added). "
    "[default: on a terminal, unless NO_COLOR is set]",
)
@json_option
@pass_app
def log(app: App, article, user_name, limit, color, as_json) -> None:
    """The audit log, newest first: who did what, in which role, to what, and when.

    A changed translation shows as a word diff ([-removed-]{+added+} without colour), a new one
    and every comment or reason in full.

    \b
    Example:
      translate-flow log --article 1
      translate-flow log --user anna --limit 20 --json
    """
    from translate_flow.diff.spans import render_ansi, render_markers
    from translate_flow.services.audit_log import read_log

    rows = read_log(app.desk(), parse_id(article, "article") if article else None, user_name, limit)
    if as_json:
        print_json(rows)
        return
    if not rows:
        click.echo("no audit entries")
        return
    coloured = use_color(color)
    render = render_ansi if coloured else render_markers
    for r in rows:
        role = f" ({r.role})" if r.role else ""
        who = f"admin {r.by_admin} as {r.user}" if r.by_admin else r.user
        click.echo(
            f"{r.at[:19].replace('T', ' ')}  {who}{role}  {r.action}  {r.object_type} {r.object_id}"
        )
        for line in _change(r.before, r.after, render):
            # color=True: click would strip the escape codes when stdout is not a terminal.
            click.echo(f"    {line}", color=coloured)


# Values shown whole on a line of their own: a translation's text as a word diff, a person's
# words (comment, reason) in full.
_TEXT_KEYS = ("text",)
_WORDS_KEYS = ("comment", "reason", "message")


def _change(before, after, render) -> list[str]:
    """What changed: 'key: old → new' for keys whose value differs, else the values after; a
    text that changed as its word diff, texts and comments never shortened."""
    from translate_flow.diff.spans import diff_spans

    if isinstance(before, dict) and isinstance(after, dict):
        keys = list(after) + [k for k in before if k not in after]
        changed = [(k, before.get(k), after.get(k), k in before) for k in keys]
        changed = [c for c in changed if c[1] != c[2]]
    else:
        shown = after if after is not None else before
        if not isinstance(shown, dict):
            return [] if shown is None else [_value(shown)]
        changed = [(k, None, v, False) for k, v in shown.items() if v not in (None, [], {})]
    short, whole = [], []
    for key, old, new, had in changed:
        if key in _TEXT_KEYS and isinstance(old, str) and isinstance(new, str):
            whole.append(f"{key}: {render(diff_spans(old, new))}")
        elif key in _TEXT_KEYS + _WORDS_KEYS and isinstance(new, str):
            whole.append(f"{key}: {new}")
        elif had:
            short.append(f"{key}: {_value(old)} → {_value(new)}")
        else:
            short.append(f"{key}={_value(new)}")
    return (["; ".join(short)] if short else []) + whole


def _value(value, width: int = 100) -> str:
    """A word or number whole; a list or record (a glossary concept) up to `width` characters."""
    if isinstance(value, str | int | float | bool) or value is None:
        return str(value)
    text = str(value)
    return text if len(text) <= width else text[: width - 1] + "…"


@click.command()
@click.option("--article", help="Only this article.")
@click.option("--lang", type=LANG, help="Only this target language.")
@click.option(
    "--html",
    "html_file",
    type=click.Path(dir_okay=False, writable=True),
    metavar="FILE",
    help="Also write a standalone HTML page with bar charts.",
)
@json_option
@pass_app
def report(app: App, article, lang, html_file, as_json) -> None:
    """How much translators changed the machine translation (post-edit distance).

    Per engine, language, translator and article: segments, mean word-level HTER (word edits per
    word of the accepted text), mean character-level distance and the share left unchanged.
    Counts accepted and approved segments that came from an engine.

    \b
    Example:
      translate-flow report --lang de
      translate-flow report --article 1 --json
      translate-flow report --html postedit.html
    """
    from translate_flow.services.report import postedit_report, render_html

    if html_file:
        from translate_flow.outfile import check_folder

        check_folder(html_file)  # a mistyped folder is refused before the report is read
    data = postedit_report(app.desk(), parse_id(article, "article") if article else None, lang)
    if html_file:
        from translate_flow.outfile import write_atomically

        write_atomically(html_file, render_html(data).encode("utf-8"))
    if as_json:
        print_json(data)
        return
    figures = data.overall
    click.echo(
        f"{figures.segments} segments: mean HTER {figures.mean_hter:.3f}, mean character "
        f"distance {figures.mean_char_distance:.3f}, unchanged {figures.unchanged_share:.0%}"
    )
    for name, heading in [
        ("by_engine", "engine"),
        ("by_lang", "language"),
        ("by_translator", "translator"),
        ("by_article", "article"),
    ]:
        groups = getattr(data, name)
        if not groups:
            continue
        table(
            [heading, "segments", "mean HTER", "mean char distance", "unchanged"],
            [
                [
                    g.key,
                    g.segments,
                    f"{g.mean_hter:.3f}",
                    f"{g.mean_char_distance:.3f}",
                    f"{g.unchanged_share:.0%}",
                ]
                for g in groups
            ],
        )
    dismissed = data.dismissed_findings
    if dismissed:
        click.echo(f"{len(dismissed)} dismissed finding(s):")
        for f in dismissed:
            click.echo(
                f"  finding {f['id']}  segment {f['segment']}  {f['lang']}  {f['check']}: "
                f"{f['message']} — {f['dismissed_by']} ({f['dismissed_role']}, "
                f"{f['dismissed_at'][:10]}): {f['dismissed_reason']}"
            )
    if html_file:
        click.echo(f"wrote {html_file}")


@click.command()
@click.argument("article", metavar="ARTICLE")
@click.option("--from", "from_n", type=int, metavar="V", help="Old version [default: previous].")
@click.option("--to", "to_n", type=int, metavar="V", help="New version [default: current].")
@click.option(
    "--color/--no-color",
    "color",
    default=None,
    help="Colour the changes. [default: on a terminal, unless NO_COLOR is set]",
)
@json_option
@pass_app
def diff(app: App, article, from_n, to_n, color, as_json) -> None:
    """The source changes between two versions of an article, sentence by sentence.

    Unchanged sentences start with two spaces, deleted ones with '-', new ones with '+', reworded
    ones with '~' and a word diff: [-removed-]{+added+} (a word changed in a few letters shows
    only those). Coloured on a terminal unless NO_COLOR is set.

    \b
    Example:
      translate-flow diff 3
      translate-flow diff 3 --from 1 --to 3 --json
    """
    from translate_flow.diff.spans import diff_spans, render_ansi, render_markers
    from translate_flow.services.versions import diff_versions

    data = diff_versions(app.desk(), parse_id(article, "article"), from_n, to_n)
    if as_json:
        print_json(data)
        return
    counts = data.counts
    coloured = use_color(color)
    render = render_ansi if coloured else render_markers
    header = (
        f"article {data.article}, version {data.from_n} → {data.to_n}: "
        f"{counts['unchanged']} unchanged, {counts['changed']} changed, "
        f"{counts['inserted']} new, {counts['deleted']} deleted"
    )
    lines = [click.style(header, bold=True) if coloured else header]
    for s in data.sentences:
        if s.kind == "unchanged":
            lines.append(f"  {s.new}")
        elif s.kind == "deleted":
            lines.append(click.style(f"- {s.old}", fg="red") if coloured else f"- {s.old}")
        elif s.kind == "inserted":
            lines.append(click.style(f"+ {s.new}", fg="green") if coloured else f"+ {s.new}")
        else:
            lines.append(f"~ {render(diff_spans(s.old, s.new))}")
    # color=True: click would strip the escape codes when stdout is not a terminal.
    click.echo("\n".join(lines), color=coloured)


@click.command()
@click.argument("article", metavar="ARTICLE")
@click.option("--lang", required=True, type=LANG, help="Target language.")
@json_option
@pass_app
def show(app: App, article, lang, as_json) -> None:
    """Source and translation paragraph by paragraph, the title first.

    Sentences not approved yet carry their status in brackets, e.g. [machine-translated].

    \b
    Example:
      translate-flow show 1 --lang de
      translate-flow show 1 --lang de --json
    """
    from translate_flow.services.side_by_side import side_by_side

    data = side_by_side(app.desk(), parse_id(article, "article"), lang)
    if as_json:
        print_json(data)
        return
    state = "approved" if data.approved else "not approved"
    click.echo(
        f"article {data.article} version {data.version} ({data.source_lang} → {data.lang}, {state})"
    )
    if sys.stdout.isatty():
        _print_columns(data)
        return
    for p in data.paragraphs:
        click.echo("")
        click.echo("title" if p.is_title else f"¶ {p.paragraph}")
        click.echo(f"{data.source_lang}  {p.source}")
        click.echo(f"{data.lang}  {_marked_target(p.segments)}")


def _marked_target(sentences: list[SentencePair]) -> str:
    pieces = []
    for s in sentences:
        text = s.target or "(untranslated)"
        pieces.append(text if s.status == "approved" else f"{text} [{s.status}]")
    return " ".join(pieces)


def _print_columns(data: SideBySide) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    t = Table(show_lines=True)
    t.add_column("¶", justify="right")
    t.add_column(data.source_lang, ratio=1)
    t.add_column(data.lang, ratio=1)
    for p in data.paragraphs:
        # Text, not markup: "[machine-translated]" must print as it is.
        t.add_row(
            "title" if p.is_title else str(p.paragraph),
            Text(p.source),
            Text(_marked_target(p.segments)),
        )
    Console(highlight=False).print(t)


COMMANDS = [log, report, diff, show]
