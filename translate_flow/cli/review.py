"""Commands a translator and an editor use on segments: queue and segment actions."""

from __future__ import annotations

import click

from translate_flow.cli.app import (
    App,
    json_option,
    parse_id,
    pass_app,
    print_json,
    use_color,
)


@click.command()
@click.option("--lang", help="Target language.")
@click.option("--status", help="Only segments with this status.")
@click.option("--article", help="Every segment of this article, in order.")
@click.option(
    "--glossary-affected",
    is_flag=True,
    help="Only segments a glossary change gave new findings (any status).",
)
@json_option
@pass_app
def queue(app: App, lang, status, article, glossary_affected, as_json) -> None:
    """List segments waiting for review (new, machine-translated, rejected, source-changed).

    Segments a glossary change gave new findings are marked "glossary changed" until their
    next revision; --glossary-affected lists only those, whatever their status.

    \b
    Example:
      translate-flow queue --lang de
      translate-flow queue --article 1 --lang de --json
      translate-flow queue --glossary-affected
    """
    from translate_flow.services.review import queue as queue_service

    rows = queue_service(
        app.desk(),
        lang,
        status,
        parse_id(article, "article") if article else None,
        glossary_affected,
    )
    if as_json:
        print_json(rows)
        return
    if not rows:
        click.echo("the queue is empty")
        return
    # One block per segment reads better than a table of wrapped columns on an 80-column terminal.
    for r in rows:
        target = r["target"] if r["target"] else f"({r['mt_error'] or 'empty'})"
        marker = (
            f"  glossary changed: {', '.join(r['glossary_affected'])}"
            if r["glossary_affected"]
            else ""
        )
        click.echo(
            f"segment {r['segment']}  article {r['article']}  {r['lang']}  [{r['status']}]{marker}"
        )
        click.echo(f"  src: {_short(r['source'], 150)}")
        click.echo(f"  tgt: {_short(target, 150)}")
    click.echo(f"{len(rows)} segment(s)")


def _short(text: str | None, width: int = 70) -> str:
    if not text:
        return ""
    return text if len(text) <= width else text[: width - 1] + "…"


@click.group()
def segment() -> None:
    """Show, edit, accept, reject a segment's translation, or list its history.

    \b
    Example:
      translate-flow segment show 12 --lang de
      translate-flow segment edit 12 --lang de --text "Die OVKS tagte in Minsk."
      translate-flow segment accept 12 --lang de
      translate-flow segment reject 12 --lang de --comment "OVKS, nicht Rat"
      translate-flow segment history 12 --lang de
    """


lang_option = click.option("--lang", required=True, help="Target language.")
base_option = click.option(
    "--base",
    "base_revision",
    type=int,
    metavar="REVISION",
    help="The revision you worked from; refused if someone changed the segment since.",
)


@segment.command("show")
@click.argument("segment_id", metavar="SEGMENT")
@lang_option
@json_option
@pass_app
def show(app: App, segment_id, lang, as_json) -> None:
    """Source, target, status, open findings and history of one segment."""
    from translate_flow.services.review import show_segment

    data = show_segment(app.desk(), parse_id(segment_id, "segment"), lang)
    if as_json:
        print_json(data)
        return
    click.echo(f"segment {data['segment']} of article {data['article']}: {data['title']}")
    click.echo(f"status:   {data['status']} (revision {data['revision']})")
    click.echo(f"source:   {data['source']}")
    if data["previous_source"]:
        click.echo(f"was:      {data['previous_source']}")
    click.echo(f"target:   {data['target'] or '(empty)'}")
    if data["mt_error"]:
        click.echo(f"MT error: {data['mt_error']}")
    _echo_findings(data["findings"])
    click.echo("history:")
    for r in data["history"]:
        comment = f" — {r['comment']}" if r["comment"] else ""
        click.echo(
            f"  {r['revision']:>5} {r['at'][:19]} {r['action']:<17} {r['author']} "
            f"({r['origin']}){comment}"
        )


def _print_result(result: dict, as_json: bool) -> None:
    if as_json:
        print_json(result)
        return
    unchanged = ", unchanged (already accepted)" if result.get("unchanged") else ""
    click.echo(
        f"segment {result['segment']} ({result['lang']}): {result['status']}, "
        f"revision {result['revision']}{unchanged}"
    )
    _echo_findings(result["findings"])


def _echo_findings(findings: list[dict]) -> None:
    for f in findings:
        hint = f" → {', '.join(f['suggestions'])}" if f["suggestions"] else ""
        click.echo(f"  [{f['severity']}] {f['check']}: {f['message']}{hint}")


@segment.command("edit")
@click.argument("segment_id", metavar="SEGMENT")
@lang_option
@click.option("--text", required=True, help="The new translation.")
@click.option("--comment", help="A note kept with the revision.")
@base_option
@json_option
@pass_app
def edit(app: App, segment_id, lang, text, comment, base_revision, as_json) -> None:
    """Replace the translation (a new revision; the old text stays in history)."""
    from translate_flow.services.review import edit_segment

    _print_result(
        edit_segment(
            app.desk(), parse_id(segment_id, "segment"), lang, text, comment, base_revision
        ),
        as_json,
    )


@segment.command("accept")
@click.argument("segment_id", metavar="SEGMENT")
@lang_option
@click.option("--comment", help="A note kept with the revision.")
@base_option
@json_option
@pass_app
def accept(app: App, segment_id, lang, comment, base_revision, as_json) -> None:
    """Accept the current translation as is."""
    from translate_flow.services.review import accept_segment

    _print_result(
        accept_segment(app.desk(), parse_id(segment_id, "segment"), lang, comment, base_revision),
        as_json,
    )


@segment.command("reject")
@click.argument("segment_id", metavar="SEGMENT")
@lang_option
@click.option("--comment", required=True, help="Why: the translator sees it.")
@base_option
@json_option
@pass_app
def reject(app: App, segment_id, lang, comment, base_revision, as_json) -> None:
    """Send the translation back to the translator (editors)."""
    from translate_flow.services.review import reject_segment

    _print_result(
        reject_segment(app.desk(), parse_id(segment_id, "segment"), lang, comment, base_revision),
        as_json,
    )


@segment.command("history")
@click.argument("segment_id", metavar="SEGMENT")
@lang_option
@click.option(
    "--color/--no-color",
    "color",
    default=None,
    help="Colour the changes (red struck through: removed; green underlined: added). "
    "[default: on a terminal, unless NO_COLOR is set]",
)
@json_option
@pass_app
def history(app: App, segment_id, lang, color, as_json) -> None:
    """Every revision with its change to the one before.

    Without colour, changes read [-removed-]{+added+}; a word changed in a few letters shows
    only those, e.g. Staate[-n-]{+s+}.

    \b
    Example:
      translate-flow segment history 12 --lang de
      translate-flow segment history 12 --lang de --no-color | less
    """
    from translate_flow.diff.spans import Span, render_ansi, render_markers
    from translate_flow.services.review import history as history_service

    rows = history_service(app.desk(), parse_id(segment_id, "segment"), lang)
    if as_json:
        print_json(rows)
        return
    coloured = use_color(color)
    render = render_ansi if coloured else render_markers
    for r in rows:
        comment = f" — {r['comment']}" if r["comment"] else ""
        click.echo(
            f"revision {r['revision']}  {r['at'][:19]}  {r['action']} by {r['author'] or '-'} "
            f"({r['role'] or '-'}, {r['origin']}) → {r['status']}{comment}"
        )
        # color=True: click would strip the escape codes when stdout is not a terminal.
        click.echo("  " + render([Span(**s) for s in r["spans"]]), color=coloured)


COMMANDS = [queue, segment]
