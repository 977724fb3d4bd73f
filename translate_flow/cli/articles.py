"""Commands on whole articles: ingest, split, translate, check, approve, export, status."""

from __future__ import annotations

import sys

import click

from translate_flow.cli.app import (
    LANG,
    LANGS,
    App,
    json_option,
    parse_id,
    pass_app,
    print_json,
    table,
    warn,
)


@click.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option(
    "--lang",
    type=click.Choice(["ru", "be", "auto"]),
    default="auto",
    show_default=True,
    help="Source language; auto detects Russian or Belarusian.",
)
@click.option(
    "--title",
    help="Display name for lists; the source's own title (if any) stays a segment.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["txt", "md", "html"]),
    help="Read the input as this format; default: by the file's suffix, txt for '-' and "
    "unknown suffixes.",
)
@click.option(
    "--update",
    "update",
    metavar="ARTICLE",
    help="Import the file as the next version of this article.",
)
@click.option(
    "--restricted", is_flag=True, help="Confidential: only on-premises engines may translate it."
)
@click.option(
    "--encoding",
    metavar="CODEC",
    help="Read the files in this encoding (e.g. cp1251) instead of detecting it.",
)
@json_option
@pass_app
def ingest(app: App, paths, lang, title, fmt, update, restricted, encoding, as_json) -> None:
    """Import articles (txt, md, html by suffix; '-' reads plain text from standard input).

    An agency's XLIFF (.xlf, .xliff, .sdlxliff, .mqxliff) or PO file becomes an article too:
    one segment per unit as the file cuts them, its targets imported revisions (origin
    "imported", checked at once) with the status the file gives them. A .docx is read by its
    paragraphs and headings.

    \b
    Example:
      translate-flow ingest examples/ru-csto-meeting.md examples/be-union-state.txt
      translate-flow ingest new-version.txt --update 3
      curl -s https://example.by/news.html | translate-flow ingest - --format html
      translate-flow ingest old-archive.txt --encoding koi8-r
      translate-flow ingest agency/statement-be.sdlxliff --json
    """
    from translate_flow.services.ingest import IngestSource
    from translate_flow.services.ingest import ingest as ingest_service

    sources = [
        IngestSource("-", sys.stdin.buffer.read(), fmt) if p == "-" else IngestSource(p, None, fmt)
        for p in paths
    ]
    results = ingest_service(
        app.desk(),
        sources,
        lang=None if lang == "auto" else lang,
        title=title,
        update=parse_id(update, "article") if update else None,
        restricted=restricted,
        encoding=encoding,
    )
    if as_json:
        print_json(results)
        return
    from translate_flow.services.ingest import SourceUpdate

    for r in results:
        if isinstance(r, SourceUpdate):
            click.echo(
                f"article {r.article} version {r.version}: {r.segments} segments "
                f"({r.unchanged} unchanged, {r.changed} changed, {r.inserted} new, "
                f"{r.deleted} deleted) from {r.file}"
            )
        else:
            click.echo(
                f"article {r.article}: {r.title!r} ({r.lang}, {r.segments} segments "
                f"in {r.paragraphs} paragraphs, {r.encoding}) from {r.file}"
            )
            if r.imported:
                counts = ", ".join(f"{n} {status}" for status, n in r.imported.items())
                click.echo(f"  {r.target_lang} targets imported: {counts}")


@click.command()
@click.argument("file", type=click.File("rb"))
@click.option("--lang", type=click.Choice(["ru", "be", "auto"]), default="auto", show_default=True)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["txt", "md", "html"]),
    help="Read FILE as this format; default: by its suffix, txt for '-' and unknown suffixes.",
)
@json_option
def split(file, lang, fmt, as_json) -> None:
    """Print one sentence per line, a blank line between paragraphs. FILE may be '-'.

    \b
    Example:
      translate-flow split examples/ru-mfa-ict-security.txt
      echo 'В 2023 г. Минск принял делегацию. Она прибыла.' | translate-flow split -
      translate-flow split - --format md < notes.txt
    """
    from translate_flow.services.article_text import split_text

    name = getattr(file, "name", "-")
    name = None if not isinstance(name, str) or name in ("-", "<stdin>") else name
    result = split_text(file.read(), name, fmt, lang)
    if as_json:
        print_json(result)
        return
    click.echo("\n\n".join("\n".join(p) for p in result.paragraphs))


class EngineOption(click.Option):
    """--engine, whose help names the engines of the registry, read only when help is shown:
    finding installed plug-ins (entry points) costs time every other command start need not."""

    def get_help_record(self, ctx: click.Context):
        from translate_flow.services.engines import engine_help

        template = self.help or ""
        self.help = template.replace("{engines}", engine_help())
        try:
            return super().get_help_record(ctx)
        finally:
            self.help = template


@click.command()
@click.argument("articles", nargs=-1, metavar="[ARTICLE...]")
@click.option("--to", "targets", required=True, type=LANGS, help="Target languages: de,en")
@click.option(
    "--engine",
    cls=EngineOption,
    default="tm",
    show_default=True,
    help="Engine: {engines}, or a chain such as apertium+libre (be→ru on this machine, then "
    "ru→target); `translate-flow engines` lists them.",
)
@click.option(
    "--retranslate",
    is_flag=True,
    help="Also replace machine output not yet accepted (kept in history).",
)
@click.option(
    "--offline",
    is_flag=True,
    help="Refuse every engine that is not on-premises: no text leaves the desk.",
)
@json_option
@pass_app
def translate(app: App, articles, targets, engine, retranslate, offline, as_json) -> None:
    """Machine-translate articles (all when none given) into the target languages.

    \b
    Example:
      translate-flow translate 1 2 --to de,en --engine tm
      translate-flow translate --to de --engine libre
      translate-flow translate 4 --to de --engine apertium+libre --offline
    """
    from translate_flow.cli.mt_progress import echo_summary, progress_bar
    from translate_flow.services.translate import translate_articles

    with progress_bar(f"translating ({engine})") as (on_total, advance):
        summary = translate_articles(
            app.desk(),
            [parse_id(a, "article") for a in articles] or None,
            targets,
            engine,
            retranslate=retranslate,
            offline=offline,
            progress=advance,
            on_total=on_total,
        )
    if as_json:
        print_json(summary)
    else:
        echo_summary(summary)
    if summary.failed:
        warn(
            f"translate-flow: {summary.failed} segment(s) were not translated; they stay in the "
            "queue: run the command again when the engine is reachable, or use another --engine"
        )
        sys.exit(1)


@click.command()
@click.argument("articles", nargs=-1, metavar="[ARTICLE...]")
@click.option("--lang", type=LANG, help="Only this target language.")
@json_option
@pass_app
def check(app: App, articles, lang, as_json) -> None:
    """Run the quality checks again on translations not yet approved.

    Findings found again keep their ids and dismissals; --json lists each with its id and state.

    \b
    Example:
      translate-flow check 1 --lang de
    """
    from translate_flow.services.check import check_articles

    results = check_articles(app.desk(), [parse_id(a, "article") for a in articles] or None, lang)
    if as_json:
        print_json(results)
        return
    if not results:
        click.echo("nothing to check: no unapproved translations")
        return
    table(
        ["article", "lang", "checked", "errors", "warnings", "dismissed", "by check"],
        [
            [
                r.article,
                r.lang,
                r.checked,
                r.errors,
                r.warnings,
                r.dismissed,
                ", ".join(f"{k} {v}" for k, v in sorted(r.by_check.items())),
            ]
            for r in results
        ],
    )


@click.command()
@click.argument("article")
@click.option("--lang", required=True, type=LANG, help="Target language to approve.")
@click.option("--force", is_flag=True, help="Approve despite open findings or unaccepted segments.")
@click.option("--reason", help="Why the approval is forced (required with --force).")
@json_option
@pass_app
def approve(app: App, article, lang, force, reason, as_json) -> None:
    """Approve an article's translation (editors). Approved text enters the translation memory.

    \b
    Example:
      translate-flow approve 1 --lang de
      translate-flow approve 2 --lang de --force --reason "deadline; terms checked by phone"
    """
    from translate_flow.services.approve import approve_article

    result = approve_article(app.desk(), parse_id(article, "article"), lang, force, reason)
    if as_json:
        print_json(result)
        return
    click.echo(
        f"article {result.article} version {result.version} approved in {lang}: "
        f"{result.segments} segments, {result.tm_units_added} new memory units"
        + (
            f", {result.tm_units_removed} outdated one(s) removed"
            if result.tm_units_removed
            else ""
        )
        + (" (forced)" if force else "")
    )
    over = result.forced_over
    if over is not None and (over.not_accepted or over.blocking):
        # What the editor approved unreviewed, as the log keeps it: said here too.
        parts = []
        if over.not_accepted:
            parts.append(f"not accepted: {', '.join(map(str, over.not_accepted))}")
        if over.blocking:
            parts.append(f"open blocking findings: {', '.join(map(str, over.blocking))}")
        click.echo(f"  forced past segments {'; '.join(parts)}")


@click.command()
@click.argument("article")
@click.option("--lang", required=True, type=LANG, help="Target language.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["txt", "md", "html", "docx", "po", "xliff", "xliff12", "tmx", "original"]),
    help="txt, md; html and docx with source and target side by side; po, xliff (2.0), "
    "xliff12 (1.2) for CAT tools; tmx: the accepted sentence pairs; original: the agency's "
    "XLIFF or PO file the article was ingested from, with our targets and states. [default: "
    "from the suffix of -o (.txt .md .html .docx .po .xlf .xliff .tmx), else txt]",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    help="Write to this file (whole or not at all); '-' or none: standard output (not for docx).",
)
@click.option("--draft", is_flag=True, help="Export even if not approved.")
@pass_app
def export(app: App, article, lang, fmt, output, draft) -> None:
    """Export an approved translation as an article or an exchange file.

    \b
    Example:
      translate-flow export 1 --lang de -o article.de.md          # Markdown, by the suffix
      translate-flow export 1 --lang de -o article.de.docx
      translate-flow export 2 --lang de --format xliff12 --draft -o article2.de.xlf
      translate-flow export 1 --lang de --format md               # to standard output
      translate-flow export 7 --lang de --format original --draft -o statement.de.sdlxliff
    """
    from translate_flow.services.export import BINARY_FORMATS, export_article, format_for_path

    if output == "-":
        output = None  # standard output, as for `glossary export -o -` (not a file named "-")
    if fmt is None:
        fmt = format_for_path(output) if output else "txt"
    if fmt in BINARY_FORMATS and not output:
        raise click.UsageError(f"--format {fmt} writes a file: give it with -o FILE")
    if output:
        from translate_flow.outfile import check_folder

        check_folder(output)  # before the work, so a typo costs nothing
    data = export_article(app.desk(), parse_id(article, "article"), lang, fmt, draft)
    if output:
        from translate_flow.outfile import write_atomically

        write_atomically(output, data)
        warn(f"wrote {output} ({fmt})")
    else:
        if sys.stdout.isatty():
            from translate_flow.text.controls import for_terminal

            # Stored before control characters were refused, a text could still hold an escape
            # sequence; a terminal shows it as a mark instead of obeying it.
            data = for_terminal(data.decode("utf-8")).encode("utf-8")
        sys.stdout.buffer.write(data)


@click.command()
@json_option
@pass_app
def status(app: App, as_json) -> None:
    """Overview: articles, their versions and how far each translation has come.

    \b
    Example:
      translate-flow status
      translate-flow status --json
    """
    from translate_flow.services.status import desk_status

    rows = desk_status(app.url, app.requested_user, app.desk)
    if any(r.source_lang == "be" for r in rows):
        from translate_flow.services.status import morphology_notice

        notice = morphology_notice()
        if notice:
            warn(f"note: {notice}")
    if as_json:
        print_json(rows)
        return
    if not rows:
        click.echo("no articles yet: import one with 'translate-flow ingest FILE'")
        return
    lines = []
    for r in rows:
        langs = "; ".join(
            f"{lg}{_approval_mark(info, r.version)}: "
            + ", ".join(f"{n} {s}" for s, n in sorted(info.statuses.items()))
            for lg, info in sorted(r.languages.items())
        )
        lines.append(
            f"{r.article:>4}  v{r.version}  {r.source_lang}  {r.segments:>3} seg  "
            f"{'[restricted] ' if r.restricted else ''}{r.title[:60]}"
            + (f"\n        {langs}" if langs else "\n        not translated yet")
        )
    click.echo("\n".join(lines))


def _approval_mark(info, version: int) -> str:
    if info.approved:
        return " APPROVED"
    if set(info.statuses) == {"approved"}:
        # Every segment carried its approval over a source update; the version is not.
        return f" (v{version} not approved yet)"
    return ""


COMMANDS = [ingest, split, translate, check, approve, export, status]
