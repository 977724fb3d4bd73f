"""Commands for the desk's shared resources: users, glossary, translation memory, engines."""

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
    table,
    warn,
)

if TYPE_CHECKING:
    from translate_flow.services.glossary import GlossaryFileSummary
    from translate_flow.services.glossary_edit import ConceptChange
    from translate_flow.services.glossary_recheck import Recheck
    from translate_flow.terms.model import Concept, Term


@click.group()
def user() -> None:
    """Manage users and roles (translator, editor, terminologist, admin).

    With no users defined, everyone acts with every role. The first user must be an admin.

    \b
    Example:
      translate-flow user add anna --role admin --role editor
      translate-flow --user anna user add boris --role translator
      translate-flow user list
    """


@user.command("add")
@click.argument("name")
@click.option(
    "--role",
    "roles",
    multiple=True,
    required=True,
    type=click.Choice(["translator", "editor", "terminologist", "admin"]),
)
@json_option
@pass_app
def user_add(app: App, name, roles, as_json) -> None:
    """Add a user with one or more roles."""
    from translate_flow.services.users import add_user

    result = add_user(app.desk(), name, list(roles))
    if as_json:
        print_json(result)
    else:
        click.echo(f"user {result.name} added: {', '.join(result.roles)}")


@user.command("list")
@json_option
@pass_app
def user_list(app: App, as_json) -> None:
    """List users and their roles."""
    from translate_flow.services.users import list_users

    rows = list_users(app.desk())
    if as_json:
        print_json(rows)
    elif not rows:
        click.echo("no users: single-user mode, everyone has every role")
    else:
        table(["user", "roles"], [[r.name, ", ".join(r.roles)] for r in rows])


@click.group()
def glossary() -> None:
    """The desk's glossary: import, list, show, find concepts in any word form; add, edit,
    deprecate terms (terminologists) and read the history of changes.

    \b
    Example:
      translate-flow glossary import glossaries/diplomatic.glossary
      translate-flow glossary export --format tbx -o diplomatic.tbx
      translate-flow glossary find "государств – участников СНГ"
      translate-flow glossary show csto
      translate-flow glossary deprecate belarus de:Weißrussland --replacement Belarus
      translate-flow glossary history belarus
    """


@glossary.command("import")
@click.argument("path")
@click.option(
    "--remove-missing",
    is_flag=True,
    help="The file is the whole glossary: delete concepts, and terms of its concepts, that are "
    "in the database but not in the file.",
)
@click.option("--dry-run", is_flag=True, help="Report what the import would do; change nothing.")
@json_option
@pass_app
def glossary_import(app: App, path, remove_missing, dry_run, as_json) -> None:
    """Merge a glossary file into the database: .glossary, .tbx/.tbx2 (TBX v3 or 2.0) or .csv.

    All or nothing: a mistake anywhere in the file, or a file cut off inside an entry, imports
    nothing. An import adds and changes; concepts and terms missing from the file stay (and are
    reported) unless --remove-missing is given.

    \b
    Example:
      translate-flow glossary import partner-terms.tbx
      translate-flow glossary import glossary.csv --dry-run
      translate-flow glossary import glossary.csv --remove-missing
    """
    from translate_flow.services.glossary_import import import_glossary

    result = import_glossary(app.desk(), path, remove_missing=remove_missing, dry_run=dry_run)
    if as_json:
        print_json(result)
        return
    for line in _summary_lines(path, result.summary):
        click.echo(line)
    click.echo(
        ("dry run, nothing changed: " if dry_run else "")
        + f"{path}: {len(result.added)} added, {len(result.changed)} changed, "
        + (f"{len(result.removed)} removed, " if result.removed else "")
        + f"{result.unchanged} unchanged"
        + (
            f", {len(result.not_in_file)} in the database but not in the file"
            if result.not_in_file
            else ""
        )
        + (
            f", {len(result.kept_terms)} terms kept that the file does not list"
            if result.kept_terms
            else ""
        )
    )
    if dry_run:
        for what in ("added", "changed", "removed"):
            if getattr(result, what):
                click.echo(f"  {what}: {', '.join(getattr(result, what))}")
    elif result.recheck is not None and (result.added or result.changed or result.removed):
        click.echo(_recheck_line(result.recheck))


def _summary_lines(path, summary: GlossaryFileSummary) -> list[str]:
    """What the file held, and what of another tool's TBX was mapped or left out."""
    terms = ", ".join(f"{lang} {n}" for lang, n in summary.terms.items())
    lines = [f"{path}: {summary.concepts} concepts; terms: {terms or 'none'}"]
    if summary.ids_assigned:
        lines.append(f"  {summary.ids_assigned} concepts without an id given one")
    for what, count in summary.mapped.items():
        lines.append(f"  warning: {what} ({count}×)")
    if summary.ignored:
        left_out = ", ".join(f"{what} {count}×" for what, count in summary.ignored.items())
        lines.append(f"  left out: {left_out}")
    if summary.skipped_terms:
        skipped = ", ".join(f"{lang} {n}" for lang, n in summary.skipped_terms.items())
        concepts = summary.skipped_concepts
        lines.append(
            f"  skipped, languages the desk does not work in ([desk] languages): {skipped}"
            + (f"; {concepts} concepts had no other term" if concepts else "")
        )
    return lines


@glossary.command("export")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["tbx", "tbx2", "csv", "glossary"]),
    help="tbx: TBX-Basic v3; tbx2: TBX 2.0; csv; glossary: the text format "
    "(default: from the file name).",
)
@click.option(
    "-o", "--output", default="-", show_default=True, help="File to write ('-': standard output)."
)
@pass_app
def glossary_export(app: App, fmt, output) -> None:
    """Export the whole glossary as TBX, CSV or the .glossary text format.

    \b
    Example:
      translate-flow glossary export --format tbx -o diplomatic.tbx
      translate-flow glossary export -o glossary.csv
      translate-flow glossary export --format tbx2 -o - | less
    """
    import sys
    from pathlib import Path

    from translate_flow.errors import InputError
    from translate_flow.services.glossary import export_glossary

    if fmt is None:
        fmt = {".tbx": "tbx", ".tbx2": "tbx2", ".csv": "csv", ".glossary": "glossary"}.get(
            Path(output).suffix.lower()
        )
        if fmt is None:
            raise InputError("give --format tbx, tbx2, csv or glossary")
    if output == "-":
        export_glossary(app.desk(), fmt, sys.stdout.buffer)
        return
    result = export_glossary(app.desk(), fmt, output)
    click.echo(f"wrote {result.concepts} concepts, {result.terms} terms to {output}", err=True)


def _terms_line(concept: Concept, lang: str) -> str:
    return ", ".join(t.text + _term_marks(t) for t in concept.terms_in(lang))


def _term_marks(term: Term) -> str:
    marks = [] if term.status == "preferred" else [term.status]
    if term.derived:
        marks.append("derived")
    return f" ({', '.join(marks)})" if marks else ""


@glossary.command("list")
@json_option
@pass_app
def glossary_list(app: App, as_json) -> None:
    """List the concepts with their Russian, Belarusian, German and English terms."""
    from translate_flow.services.glossary import list_concepts

    rows = list_concepts(app.desk())
    if as_json:
        print_json(rows)
        return
    table(
        ["concept", "ru", "be", "de", "en"],
        [[c.id, *(_terms_line(c, lg) for lg in ("ru", "be", "de", "en"))] for c in rows],
    )


@glossary.command("show")
@click.argument("concept")
@json_option
@pass_app
def glossary_show(app: App, concept, as_json) -> None:
    """Show one concept with every term and note."""
    from translate_flow.services.glossary import show_concept

    c = show_concept(app.desk(), concept)
    if as_json:
        print_json(c)
        return
    click.echo(f"{c.id}" + (f"  [{c.subject}]" if c.subject else ""))
    if c.note:
        click.echo(f"  {c.note}")
    for t in c.terms:
        note = f" — {t.note}" if t.note else ""
        derived = ", derived" if t.derived else ""
        click.echo(f"  {t.lang}: {t.text}  ({t.status}, {t.type}{derived}){note}")


@glossary.command("find")
@click.argument("text")
@click.option("--lang", type=LANG, help="Language of TEXT (detected when not given).")
@json_option
@pass_app
def glossary_find(app: App, text, lang, as_json) -> None:
    """Find the concepts whose terms occur in TEXT, in any word form."""
    from translate_flow.services.glossary import find_concepts

    rows = find_concepts(app.desk(), text, lang)
    if as_json:
        print_json(rows)
        return
    if not rows:
        click.echo("no glossary term found")
        return
    for found in rows:
        c = found.concept
        hits = ", ".join(f"{h.text!r} ({h.lang})" for h in found.hits)
        click.echo(f"{c.id}: {hits} → de: {_terms_line(c, 'de')}; en: {_terms_line(c, 'en')}")


_TERM_HELP = (
    "STATUS: preferred (default), admitted, deprecated, superseded; TYPE: fullForm (default), "
    "abbreviation, acronym, shortForm, variant; ':derived' marks a derived form "
    "(de:russisch:derived)."
)


@glossary.command("add")
@click.argument("concept_id", metavar="CONCEPT")
@click.option(
    "--term",
    "terms",
    multiple=True,
    required=True,
    metavar="LANG:TEXT[:STATUS][:TYPE][:derived]",
    help="A term; repeat for each. " + _TERM_HELP,
)
@click.option("--subject", help="Subject field, e.g. 'international organisations'.")
@click.option("--note", help="Definition or usage note of the concept.")
@json_option
@pass_app
def glossary_add(app: App, concept_id, terms, subject, note, as_json) -> None:
    """Add a concept; open translations using its terms are checked again.

    \b
    Example:
      translate-flow glossary add csto-pa --term "ru:Парламентская ассамблея ОДКБ" \\
        --term "de:Parlamentarische Versammlung der OVKS" \\
        --term "en:CSTO Parliamentary Assembly" --subject "international organisations"
    """
    from translate_flow.services.glossary_edit import add_concept

    _print_change(add_concept(app.desk(), concept_id, list(terms), subject, note), as_json)


@glossary.command("edit")
@click.argument("concept_id", metavar="CONCEPT")
@click.option(
    "--add-term",
    "add",
    multiple=True,
    metavar="LANG:TEXT[:STATUS][:TYPE][:derived]",
    help="Add a term. " + _TERM_HELP,
)
@click.option("--remove-term", "remove", multiple=True, metavar="LANG:TEXT", help="Remove a term.")
@click.option(
    "--set-status",
    "statuses",
    multiple=True,
    metavar="LANG:TEXT=STATUS",
    help="Change a term's status.",
)
@click.option(
    "--set-type", "types", multiple=True, metavar="LANG:TEXT=TYPE", help="Change a term's type."
)
@click.option(
    "--set-term-note",
    "term_notes",
    multiple=True,
    metavar="LANG:TEXT=NOTE",
    help="Change a term's usage note (an empty NOTE removes it).",
)
@click.option("--subject", help="New subject field ('' removes it).")
@click.option("--note", help="New concept note ('' removes it).")
@json_option
@pass_app
def glossary_edit(
    app: App, concept_id, add, remove, statuses, types, term_notes, subject, note, as_json
) -> None:
    """Change a concept's terms, subject or note; every option may be repeated.

    Applied in this order: removals, additions, statuses, types, term notes, subject, note.
    Open translations using the concept's terms (before or after) are checked again.

    \b
    Example:
      translate-flow glossary edit cis --add-term de:GUS-Staaten:admitted
      translate-flow glossary edit belarus --set-status de:Weißrussland=deprecated
      translate-flow glossary edit cis --set-term-note "de:GUS=Also GUS-Staaten" --note ""
    """
    from translate_flow.services.glossary_edit import edit_concept

    result = edit_concept(
        app.desk(),
        concept_id,
        add=add,
        remove=remove,
        statuses=statuses,
        types=types,
        term_notes=term_notes,
        subject=subject,
        note=note,
    )
    _print_change(result, as_json)


@glossary.command("deprecate")
@click.argument("concept_id", metavar="CONCEPT")
@click.argument("term", metavar="LANG:TERM")
@click.option(
    "--replacement",
    metavar="TERM",
    help="The term to use instead, in the same language: it becomes preferred "
    "(added just before the deprecated term if the concept lacks it).",
)
@click.option(
    "--superseded",
    is_flag=True,
    help="Superseded (replaced by a newer official name) rather than deprecated.",
)
@click.option("--note", help="Usage note on the deprecated term, e.g. why and since when.")
@json_option
@pass_app
def glossary_deprecate(app: App, concept_id, term, replacement, superseded, note, as_json) -> None:
    """Mark a term deprecated: translations using it get a terminology finding.

    Open translations using the concept are checked at once; the ones with new findings are
    listed by 'translate-flow queue --glossary-affected'.

    \b
    Example:
      translate-flow glossary deprecate belarus de:Weißrussland --replacement Belarus
      translate-flow glossary deprecate cis ru:Содружество --note "ambiguous; write СНГ"
    """
    from translate_flow.services.glossary_edit import deprecate_term

    result = deprecate_term(
        app.desk(), concept_id, term, replacement=replacement, superseded=superseded, note=note
    )
    _print_change(result, as_json)


@glossary.command("history")
@click.argument("concept_id", metavar="[CONCEPT]", required=False)
@click.option("--limit", type=int, help="Only the newest N changes.")
@json_option
@pass_app
def glossary_history(app: App, concept_id, limit, as_json) -> None:
    """Who changed the glossary, when, and how: each term added, removed or changed.

    \b
    Example:
      translate-flow glossary history belarus
      translate-flow glossary history --limit 20 --json
    """
    from translate_flow.services.glossary_edit import glossary_history as history
    from translate_flow.terms.editing import describe_change

    rows = history(app.desk(), concept_id, limit)
    if as_json:
        print_json(rows)
        return
    if not rows:
        click.echo("no glossary changes yet")
    for r in rows:
        click.echo(f"{r.at[:19]}  {r.concept}  {r.action} by {r.author or '-'}")
        for change in r.changes:
            click.echo(f"  {describe_change(change)}")


def _print_change(result: ConceptChange, as_json: bool) -> None:
    from translate_flow.terms.editing import describe_change

    if as_json:
        print_json(result)
        return
    concept = result.concept.id
    if not result.changed:
        click.echo(f"concept {concept}: nothing changed")
        return
    done = {"add": "added", "edit": "changed", "deprecate": "changed"}[result.action]
    click.echo(f"concept {concept} {done} (glossary version {result.glossary_version})")
    for change in result.changes:
        click.echo(f"  {describe_change(change)}")
    click.echo(_recheck_line(result.recheck))


def _recheck_line(recheck: Recheck) -> str:
    line = (
        f"re-checked {recheck.rechecked} open translation(s), "
        f"{recheck.with_new_findings} with new findings"
    )
    if recheck.with_new_findings:
        line += ": translate-flow queue --glossary-affected"
    return line


@click.group()
def tm() -> None:
    """The translation memory: import TMX, statistics, search.

    \b
    Example:
      translate-flow tm import examples/seed-memory.ru-de.tmx
      translate-flow tm stats
      translate-flow tm search "Министерство иностранных дел Беларуси" --from ru --to de
      translate-flow tm reindex
    """


@tm.command("import")
@click.argument("path")
@json_option
@pass_app
def tm_import(app: App, path, as_json) -> None:
    """Import a TMX 1.4 file (all units or none).

    Inline codes become placeholders (<1>…</1>, <2/>); units with no text (only codes or
    spaces on one side) are skipped and counted.
    """
    from translate_flow.services.tm import import_tmx

    result = import_tmx(app.desk(), path)
    if as_json:
        print_json(result)
    else:
        skipped = result.without_text
        click.echo(
            f"{path}: {result.added} units added, {result.duplicates} already in the memory "
            + (f", {skipped} without text skipped " if skipped else "")
            + f"({', '.join(result.pairs)})"
        )


@tm.command("reindex")
@json_option
@pass_app
def tm_reindex(app: App, as_json) -> None:
    """Write the memory's search index again from its units (repair)."""
    from translate_flow.services.tm import reindex_memory

    result = reindex_memory(app.desk())
    if as_json:
        print_json(result)
    else:
        click.echo(f"reindexed {result.units} units")


@tm.command("stats")
@json_option
@pass_app
def tm_stats(app: App, as_json) -> None:
    """Units per language pair."""
    from translate_flow.services.tm import tm_stats as stats

    rows = stats(app.desk())
    if as_json:
        print_json(rows)
    elif not rows:
        click.echo("the translation memory is empty")
    else:
        table(
            ["from", "to", "units"],
            [[r.source_lang, r.target_lang, r.units] for r in rows],
        )


@tm.command("export")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True),
    help="Write to this file instead of standard output.",
)
@click.option("--from", "source_lang", type=LANG, help="Only units from this source language.")
@click.option("--to", "target_lang", type=LANG, help="Only units into this target language.")
@click.option(
    "--restricted", is_flag=True, help="Include the restricted articles' pairs (admins only)."
)
@pass_app
def tm_export(app: App, output, source_lang, target_lang, restricted) -> None:
    """Export the memory (approved and imported units) as TMX 1.4.

    \b
    Example:
      translate-flow tm export -o desk-memory.tmx
      translate-flow tm export --from ru --to de -o memory.ru-de.tmx
      translate-flow tm export --restricted -o everything.tmx     # admins
    """
    import sys

    from translate_flow.services.tm import export_tmx

    if output:
        from translate_flow.outfile import atomic_output, check_folder

        check_folder(output)  # before the database is opened, so a typo costs nothing
        desk = app.desk()
        with atomic_output(output) as file:
            result = export_tmx(desk, file, source_lang, target_lang, restricted)
    else:
        result = export_tmx(app.desk(), sys.stdout.buffer, source_lang, target_lang, restricted)
    if output:
        click.echo(f"wrote {result.units} units to {output}", err=True)


@tm.command("search")
@click.argument("text", required=False)
@click.option("--from", "source_lang", required=True, type=LANG, help="Source language.")
@click.option("--to", "target_lang", required=True, type=LANG, help="Target language.")
@click.option(
    "--file", "queries_file", type=click.File("r", encoding="utf-8"), help="One query per line."
)
@click.option("--threshold", type=float, default=75.0, show_default=True)
@click.option("--limit", type=int, default=5, show_default=True)
@json_option
@pass_app
def tm_search(
    app: App, text, source_lang, target_lang, queries_file, threshold, limit, as_json
) -> None:
    """Best memory matches (exact 100, fuzzy by rapidfuzz ratio)."""
    from translate_flow.errors import InputError
    from translate_flow.services.tm import tm_search as search

    queries = [text] if text else []
    if queries_file:
        queries += [line.strip() for line in queries_file if line.strip()]
    if not queries:
        raise InputError("give a TEXT to search for, or --file with one query per line")
    results = search(app.desk(), queries, source_lang, target_lang, threshold, limit)
    if as_json:
        print_json(results)
        return
    for r in results:
        click.echo(r.query)
        for m in r.matches:
            click.echo(f"  {m.score:5.1f}%  {m.source}\n          {m.target}")
        if not r.matches:
            click.echo(f"  no match ≥ {threshold:g}%")


@click.command()
@json_option
@pass_app
def engines(app: App, as_json) -> None:
    """List the machine-translation engines: configured, on-premises or not.

    \b
    Example:
      translate-flow engines
    """
    from translate_flow.services.engines import list_engines
    from translate_flow.services.status import morphology_notice

    rows = list_engines(app.config)
    notice = morphology_notice()
    if notice:
        warn(f"note: {notice}")
    if as_json:
        print_json(rows)
        return
    table(
        ["engine", "configured", "on-premises", "pairs", "url", "note"],
        [
            [
                r.name,
                "yes" if r.configured else "no",
                "yes" if r.on_premises else "no",
                r.pairs or "",
                r.url or "",
                r.note or "",
            ]
            for r in rows
        ],
    )


@click.group()
def article() -> None:
    """Who may work on a restricted article; repairs of old imports."""


@article.command("assign")
@click.argument("article_id", metavar="ARTICLE")
@click.argument("user_name", metavar="USER")
@json_option
@pass_app
def article_assign(app: App, article_id, user_name, as_json) -> None:
    """Let a translator read and work on a restricted article (editors).

    \b
    Example:
      translate-flow article assign 4 boris
    """
    _assignment(app, article_id, user_name, False, as_json)


@article.command("unassign")
@click.argument("article_id", metavar="ARTICLE")
@click.argument("user_name", metavar="USER")
@json_option
@pass_app
def article_unassign(app: App, article_id, user_name, as_json) -> None:
    """Take a translator's access to a restricted article back (editors).

    \b
    Example:
      translate-flow article unassign 4 boris
    """
    _assignment(app, article_id, user_name, True, as_json)


def _assignment(app: App, article_id, user_name, remove: bool, as_json) -> None:
    from translate_flow.cli.app import parse_id
    from translate_flow.services.access import assign

    result = assign(app.desk(), parse_id(article_id, "article"), user_name, remove=remove)
    if as_json:
        print_json(result)
        return
    verb = "unassigned from" if remove else "assigned to"
    if not result.changed:
        verb = "already assigned to"
    note = "" if result.restricted else " (it is not restricted: everyone reads it)"
    click.echo(f"{user_name} {verb} article {result.article}{note}")


@article.command("repair-titles")
@click.option("--dry-run", is_flag=True, help="List the articles it would repair; change nothing.")
@json_option
@pass_app
def article_repair_titles(app: App, dry_run, as_json) -> None:
    """Remove the title segments old imports made up from the lead (admins).

    Before titles came from the source only, an untitled article got its lead's first 80
    characters and " …" as a title segment. Each such article gets a next version without it;
    the fragment and its translations stay in the previous version. Articles whose title
    segment is approved are skipped until an editor reopens it.

    \b
    Example:
      translate-flow article repair-titles --dry-run
      translate-flow article repair-titles
    """
    from translate_flow.services.segmentation import repair_invented_titles

    result = repair_invented_titles(app.desk(), dry_run=dry_run)
    if as_json:
        print_json(result)
        return
    verb = "would remove" if dry_run else "removed"
    for row in result.repaired:
        click.echo(f"article {row.article}: {verb} the made-up title {row.title!r}")
    for row in result.skipped:
        click.echo(f"article {row.article}: skipped: {row.reason}")
    count = len(result.repaired)
    click.echo(("dry run, nothing changed: " if dry_run else "") + f"{count} articles repaired")


@article.command("assignments")
@click.argument("article_id", metavar="ARTICLE")
@json_option
@pass_app
def article_assignments(app: App, article_id, as_json) -> None:
    """The translators assigned to an article.

    \b
    Example:
      translate-flow article assignments 4
    """
    from translate_flow.cli.app import parse_id
    from translate_flow.services.access import list_assignments

    result = list_assignments(app.desk(), parse_id(article_id, "article"))
    if as_json:
        print_json(result)
        return
    names = ", ".join(f"{a.user} (by {a.by})" for a in result.assigned) or "nobody"
    restricted = "restricted" if result.restricted else "not restricted"
    click.echo(f"article {result.article} ({restricted}): {names}")


@click.command()
@click.option(
    "--db",
    "db_option",
    metavar="URL",
    help="The database to create: an SQLAlchemy URL or an SQLite file path "
    "[default: the global --db, TRANSLATE_FLOW_DB, the config, else the default file].",
)
@json_option
@pass_app
def init(app: App, db_option, as_json) -> None:
    """Create the desk's database: an SQLite file (and its folder) or, in an existing PostgreSQL
    database, the tables. An existing database is left as it is (its schema brought up to date).
    Every other command refuses an SQLite path that does not exist, except the default one.

    \b
    Example:
      translate-flow init --db ~/desks/minsk.db
      translate-flow init --db postgresql://desk@db.internal/translate_flow
    """
    from translate_flow.config import database_url
    from translate_flow.services.database import init_database

    url = database_url(db_option, app.config) if db_option else app.url
    result = init_database(url)
    if as_json:
        print_json(result)
        return
    state = "created" if result.created else "already there"
    click.echo(f"database {result.database}: {state}, schema {result.schema}")


@click.group()
def cache() -> None:
    """The machine-translation cache: every engine answer is kept, so a sentence is sent once."""


@cache.command("clear")
@click.option("--engine", help="Only this engine's answers (a name, or a chain: apertium+libre).")
@click.option(
    "--article", help="Only the answers that became machine translations of this article."
)
@json_option
@pass_app
def cache_clear(app: App, engine, article, as_json) -> None:
    """Forget cached engine answers: the next translate run asks the engine again.

    \b
    Example:
      translate-flow cache clear
      translate-flow cache clear --engine libre
      translate-flow cache clear --engine deepl --article 4
    """
    from translate_flow.services.mt_cache import clear_cache

    article_id = parse_id(article, "article") if article is not None else None
    cleared = clear_cache(app.desk(), engine, article_id)
    if as_json:
        print_json(
            {"removed": cleared.removed, "engine": cleared.engine, "article": cleared.article}
        )
        return
    click.echo(f"{cleared.removed} cached answer(s) removed")


COMMANDS = [user, glossary, tm, engines, cache, article, init]
