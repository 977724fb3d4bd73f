"""Commands on whole articles: ingest, split, translate, check, approve, export, status."""

from __future__ import annotations

import sys

import click

from translate_flow.cli.app import App, json_option, parse_id, pass_app, print_json, table, warn


@click.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option(
    "--lang",
    type=click.Choice(["ru", "be", "auto"]),
    default="auto",
    show_default=True,
    help="Source language; auto detects Russian or Belarusian.",
)
@click.option("--title", help="Title to use instead of the one found in the file.")
@click.option(
    "--update",
    "update",
    metavar="ARTICLE",
    help="Import the file as the next version of this article.",
)
@click.option(
    "--restricted", is_flag=True, help="Confidential: only on-premises engines may translate it."
)
@json_option
@pass_app
def ingest(app: App, paths, lang, title, update, restricted, as_json) -> None:
    """Import articles (txt, md, html, docx; '-' reads standard input).

    An agency's XLIFF (.xlf, .xliff, .sdlxliff, .mqxliff) or PO file becomes an article too:
    one segment per unit as the file cuts them, its targets imported revisions (origin
    "imported", checked at once) with the status the file gives them.

    \b
    Example:
      translate-flow ingest examples/ru-csto-meeting.md examples/be-union-state.txt
      translate-flow ingest new-version.txt --update 3
      translate-flow ingest agency/statement-be.sdlxliff --json
    """
    from translate_flow.services.ingest import IngestSource
    from translate_flow.services.ingest import ingest as ingest_service

    sources = [
        IngestSource("-", sys.stdin.buffer.read()) if p == "-" else IngestSource(p) for p in paths
    ]
    results = ingest_service(
        app.desk(),
        sources,
        lang=None if lang == "auto" else lang,
        title=title,
        update=parse_id(update, "article") if update else None,
        restricted=restricted,
    )
    if as_json:
        print_json(results)
        return
    for r in results:
        if "unchanged" in r:
            click.echo(
                f"article {r['article']} version {r['version']}: {r['segments']} segments "
                f"({r['unchanged']} unchanged, {r['changed']} changed, {r['inserted']} new, "
                f"{r['deleted']} deleted) from {r['file']}"
            )
        else:
            click.echo(
                f"article {r['article']}: {r['title']!r} ({r['lang']}, {r['segments']} segments "
                f"in {r['paragraphs']} paragraphs, {r['encoding']}) from {r['file']}"
            )
            if r.get("imported"):
                counts = ", ".join(f"{n} {status}" for status, n in r["imported"].items())
                click.echo(f"  {r['target_lang']} targets imported: {counts}")


@click.command()
@click.argument("file", type=click.File("rb"))
@click.option("--lang", type=click.Choice(["ru", "be", "auto"]), default="auto", show_default=True)
@json_option
def split(file, lang, as_json) -> None:
    """Print one sentence per line, a blank line between paragraphs. FILE may be '-'.

    \b
    Example:
      translate-flow split examples/ru-mfa-ict-security.txt
      echo 'В 2023 г. Минск принял делегацию. Она прибыла.' | translate-flow split -
    """
    from translate_flow.text.langdetect import detect_language
    from translate_flow.text.readers import read_article
    from translate_flow.text.segment import segment_paragraph

    name = None if file.name in ("-", "<stdin>") else file.name
    article = read_article(file.read(), name)
    if lang == "auto":
        lang = detect_language("\n".join(article.paragraphs))
    paragraphs = ([article.title] if article.title else []) + article.paragraphs
    result = [[s.strip() for s in segment_paragraph(p, lang) if s.strip()] for p in paragraphs]
    if as_json:
        print_json({"lang": lang, "paragraphs": result})
        return
    click.echo("\n\n".join("\n".join(p) for p in result))


@click.command()
@click.argument("articles", nargs=-1, metavar="[ARTICLE...]")
@click.option("--to", "targets", required=True, metavar="LANGS", help="Target languages: de,en")
@click.option(
    "--engine",
    default="tm",
    show_default=True,
    help="Engine: tm, apertium, deepl, google, libre, microsoft, mymemory, openai, "
    "yandex, or a chain such as apertium+libre (be→ru on this machine, then "
    "ru→target).",
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
    from translate_flow.services.translate import parse_targets, translate_articles

    with progress_bar(f"translating ({engine})") as (on_total, advance):
        summary = translate_articles(
            app.desk(),
            [parse_id(a, "article") for a in articles] or None,
            parse_targets(targets),
            engine,
            retranslate=retranslate,
            offline=offline,
            progress=advance,
            on_total=on_total,
        )
    data = summary.to_dict()
    if as_json:
        print_json(data)
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
@click.option("--lang", help="Only this target language.")
@json_option
@pass_app
def check(app: App, articles, lang, as_json) -> None:
    """Run the quality checks again on translations not yet approved.

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
        ["article", "lang", "checked", "errors", "warnings", "by check"],
        [
            [
                r["article"],
                r["lang"],
                r["checked"],
                r["errors"],
                r["warnings"],
                ", ".join(f"{k} {v}" for k, v in sorted(r["by_check"].items())),
            ]
            for r in results
        ],
    )


@click.command()
@click.argument("article")
@click.option("--lang", required=True, help="Target language to approve.")
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
        f"article {result['article']} version {result['version']} approved in {lang}: "
        f"{result['segments']} segments, {result['tm_units_added']} new memory units"
        + (" (forced)" if force else "")
    )


@click.command()
@click.argument("article")
@click.option("--lang", required=True, help="Target language.")
@click.option(
    "--format",
    "fmt",
    default="txt",
    show_default=True,
    type=click.Choice(["txt", "md", "html", "docx", "po", "xliff", "xliff12", "tmx", "original"]),
    help="txt, md; html and docx with source and target side by side; po, xliff (2.0), "
    "xliff12 (1.2) for CAT tools; tmx: the accepted sentence pairs; original: the agency's "
    "XLIFF or PO file the article was ingested from, with our targets and states.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True),
    help="Write to this file instead of standard output (docx needs it).",
)
@click.option("--draft", is_flag=True, help="Export even if not approved.")
@pass_app
def export(app: App, article, lang, fmt, output, draft) -> None:
    """Export an approved translation as an article or an exchange file.

    \b
    Example:
      translate-flow export 1 --lang de --format md -o article.de.md
      translate-flow export 1 --lang de --format docx -o article.de.docx
      translate-flow export 2 --lang de --format xliff --draft -o article2.de.xlf
      translate-flow export 7 --lang de --format original --draft -o statement.de.sdlxliff
    """
    from translate_flow.services.export import BINARY_FORMATS, export_article

    if fmt in BINARY_FORMATS and not output:
        raise click.UsageError(f"--format {fmt} writes a file: give it with -o FILE")
    data = export_article(app.desk(), parse_id(article, "article"), lang, fmt, draft)
    if output:
        from pathlib import Path

        Path(output).write_bytes(data)
        warn(f"wrote {output}")
    else:
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
    from translate_flow.store.overview import overview_sqlite, sqlite_path
    from translate_flow.store.schema_version import SCHEMA_HEAD

    url = app.url
    path = sqlite_path(url)
    rows = overview_sqlite(path, SCHEMA_HEAD) if path else None
    if rows is None:
        from translate_flow.store.overview import overview_engine

        rows = overview_engine(app.desk().engine)
    if as_json:
        print_json(rows)
        return
    if not rows:
        click.echo("no articles yet: import one with 'translate-flow ingest FILE'")
        return
    lines = []
    for r in rows:
        langs = "; ".join(
            f"{lg}{' APPROVED' if info['approved'] else ''}: "
            + ", ".join(f"{n} {s}" for s, n in sorted(info["statuses"].items()))
            for lg, info in sorted(r["languages"].items())
        )
        lines.append(
            f"{r['article']:>4}  v{r['version']}  {r['source_lang']}  {r['segments']:>3} seg  "
            f"{'[restricted] ' if r['restricted'] else ''}{r['title'][:60]}"
            + (f"\n        {langs}" if langs else "\n        not translated yet")
        )
    click.echo("\n".join(lines))


COMMANDS = [ingest, split, translate, check, approve, export, status]
