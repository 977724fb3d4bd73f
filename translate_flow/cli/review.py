"""Commands a translator and an editor use on segments: queue and segment actions."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from translate_flow.cli.app import (
    LANG,
    App,
    json_option,
    parse_id,
    pass_app,
    print_json,
    use_color,
)

if TYPE_CHECKING:
    from translate_flow.services.comments import Comment
    from translate_flow.services.review import SegmentChange, SegmentFinding


@click.command()
@click.option("--lang", type=LANG, help="Target language.")
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

    A rejected segment shows the editor's reason and every comment after it, in full
    ("comments" in --json, with each finding's id in "findings").

    Segments a glossary change gave new findings are marked "glossary changed" until their
    next revision; --glossary-affected lists only those, whatever their status.

    \b
    Example:
      translate-flow queue --lang de
      translate-flow queue --article 1 --lang de --json
      translate-flow queue --glossary-affected
      translate-flow queue --lang de --status rejected
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
        _echo("the queue is empty")
        return
    # One block per segment reads better than a table of wrapped columns on an 80-column terminal.
    for r in rows:
        target = r.target if r.target else f"({r.mt_error or 'empty'})"
        marker = (
            f"  glossary changed: {', '.join(r.glossary_affected)}" if r.glossary_affected else ""
        )
        if r.locked:
            marker = "  locked" + marker
        _echo(f"segment {r.segment}  article {r.article}  {r.lang}  [{r.status}]{marker}")
        _echo(f"  src: {_short(r.source, 150)}")
        _echo(f"  tgt: {_short(target, 150)}")
        for c in r.comments:
            _echo(f"  {_comment_line(c)}")
    _echo(f"{len(rows)} segment(s)")


def _echo(line: str) -> None:
    """Print a line whose texts come from the database: a control character stored before they
    were refused is shown as a mark (text/controls.py), never passed to the terminal."""
    from translate_flow.text.controls import for_terminal

    click.echo(for_terminal(line))


def _comment_line(c: Comment) -> str:
    """A comment in full: who, in which role, when, with what action."""
    role = f", {c.role}" if c.role else ""
    at = c.at[:16].replace("T", " ")
    return f"{c.action} by {c.author or '-'}{role} {at}: {c.text}"


def _short(text: str | None, width: int = 70) -> str:
    if not text:
        return ""
    return text if len(text) <= width else text[: width - 1] + "…"


@click.group()
def segment() -> None:
    """Show, edit, accept, reject or comment on a segment's translation, list its history, or
    correct the segmentation (merge two sentences, split one).

    \b
    Example:
      translate-flow segment show 12 --lang de
      translate-flow segment edit 12 --lang de --text "Die OVKS tagte in Minsk."
      translate-flow segment accept 12 --lang de
      translate-flow segment reject 12 --lang de --comment "OVKS, nicht Rat"
      translate-flow segment comment 12 --lang de --text "Korrigiert, bitte nochmals ansehen"
      translate-flow segment history 12 --lang de
      translate-flow segment merge 12 13
      translate-flow segment split 12 --at-text "Стороны"
    """


lang_option = click.option("--lang", required=True, type=LANG, help="Target language.")
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
    _echo(f"segment {data.segment} of article {data.article}: {data.title}")
    if data.version != data.current_version:
        where = f" by segment {data.replaced_by}" if data.replaced_by else ""
        _echo(
            f"version:  {data.version}, replaced{where} in version {data.current_version}; "
            "this segment takes no more changes"
        )
    locked = "  locked in the agency's file" if data.locked else ""
    glossary = (
        f"  glossary changed: {', '.join(data.glossary_affected)}" if data.glossary_affected else ""
    )
    _echo(f"status:   {data.status} (revision {data.revision}){locked}{glossary}")
    _echo(f"source:   {data.source}")
    if data.previous_source:
        _echo(f"was:      {data.previous_source}")
    _echo(f"target:   {data.target or '(empty)'}")
    if data.mt_error:
        _echo(f"MT error: {data.mt_error}")
    _echo_findings(data.findings)
    if data.comments:
        _echo("comments:")
        for c in data.comments:
            _echo(f"  {_comment_line(c)}")
    if data.dismissed_findings:
        _echo("dismissed findings:")
        for f in data.dismissed_findings:
            _echo(
                f"  finding {f.id} [{f.severity}] {f.check}: {f.message} — "
                f"dismissed by {f.dismissed_by} ({f.dismissed_role}, "
                f"{f.dismissed_at[:10]}): {f.dismissed_reason}"
            )
    _echo("history:")
    for r in data.history:
        comment = f" — {r.comment}" if r.comment else ""
        _echo(f"  {r.revision:>5} {r.at[:19]} {r.action:<17} {r.author} ({r.origin}){comment}")


def _print_result(result: SegmentChange, as_json: bool) -> None:
    if as_json:
        print_json(result)
        return
    if result.already_accepted:
        _echo(
            f"segment {result.segment} ({result.lang}) is already accepted "
            f"(revision {result.revision}): nothing to do"
        )
        return
    if result.same_text:
        _echo(
            f"segment {result.segment} ({result.lang}) has this text already "
            f"({result.status}, revision {result.revision}): nothing to do"
        )
        return
    _echo(f"segment {result.segment} ({result.lang}): {result.status}, revision {result.revision}")
    _echo_findings(result.findings)


def _echo_findings(findings: list[SegmentFinding]) -> None:
    for f in findings:
        hint = f" → {', '.join(f.suggestions)}" if f.suggestions else ""
        _echo(f"  finding {f.id} [{f.severity}] {f.check}: {f.message}{hint}")


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
    """Accept the current translation as is (once: accepting it again changes nothing)."""
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


@segment.command("comment")
@click.argument("segment_id", metavar="SEGMENT")
@lang_option
@click.option("--text", required=True, help="The comment: the editor and translator see it.")
@base_option
@json_option
@pass_app
def comment(app: App, segment_id, lang, text, base_revision, as_json) -> None:
    """Comment on a segment, e.g. answer an editor's rejection; the status stays as it is.

    \b
    Example:
      translate-flow segment comment 13 --lang de --text "OVKS steht schon im Titel"
    """
    from translate_flow.services.review import comment_segment

    _print_result(
        comment_segment(app.desk(), parse_id(segment_id, "segment"), lang, text, base_revision),
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
    from translate_flow.text.controls import for_terminal

    rows = history_service(app.desk(), parse_id(segment_id, "segment"), lang)
    if as_json:
        print_json(rows)
        return
    coloured = use_color(color)
    render = render_ansi if coloured else render_markers
    for r in rows:
        comment = f" — {r.comment}" if r.comment else ""
        _echo(
            f"revision {r.revision}  {r.at[:19]}  {r.action} by {r.author or '-'} "
            f"({r.role or '-'}, {r.origin}) → {r.status}{comment}"
        )
        # color=True: click would strip the escape codes when stdout is not a terminal.
        spans = [Span(**{**s, "text": for_terminal(s["text"])}) for s in r.spans]
        click.echo("  " + render(spans), color=coloured)


def _print_correction(result, as_json: bool) -> None:
    if as_json:
        print_json(result)
        return
    langs = ", ".join(result.languages) or "none yet"
    click.echo(
        f"article {result.article} is now at version {result.version} "
        f"(translations carried over: {langs}); new segments:"
    )
    for segment_id, source in zip(result.segments, result.sources, strict=True):
        click.echo(f"  {segment_id}: {source}")


@segment.command("merge")
@click.argument("first", metavar="SEGMENT")
@click.argument("second", metavar="NEXT")
@json_option
@pass_app
def merge(app: App, first, second, as_json) -> None:
    """Merge a segment with the next one of its paragraph (a sentence split where it should
    not be). Their translations are joined; the article gets a new version with the same text.
    Approved segments must be reopened by an editor first (segment reject).

    \b
    Example:
      translate-flow segment merge 12 13
    """
    from translate_flow.services.segmentation import merge_segments

    result = merge_segments(app.desk(), parse_id(first, "segment"), parse_id(second, "segment"))
    _print_correction(result, as_json)


@segment.command("split")
@click.argument("segment_id", metavar="SEGMENT")
@click.option(
    "--at", "at", type=int, metavar="OFFSET", help="Split before this character (0 = first)."
)
@click.option("--at-text", metavar="TEXT", help="Split before this text (it must occur once).")
@json_option
@pass_app
def split(app: App, segment_id, at, at_text, as_json) -> None:
    """Split a segment in two (two sentences run together). The first part keeps the old
    translation as its draft, the second starts empty; the article gets a new version with the
    same text. Approved segments must be reopened by an editor first (segment reject).

    \b
    Example:
      translate-flow segment split 12 --at-text "Стороны обсудили"
      translate-flow segment split 12 --at 48
    """
    from translate_flow.services.segmentation import split_segment

    result = split_segment(app.desk(), parse_id(segment_id, "segment"), at, at_text)
    _print_correction(result, as_json)


COMMANDS = [queue, segment]
