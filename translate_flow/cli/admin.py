"""Commands for the desk's shared resources: users, glossary, translation memory, engines."""

from __future__ import annotations

import click

from translate_flow.cli.app import App, json_option, pass_app, print_json, table


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
        click.echo(f"user {result['name']} added: {', '.join(result['roles'])}")


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
        table(["user", "roles"], [[r["name"], ", ".join(r["roles"])] for r in rows])


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
    help="Delete concepts that are in the database but not in the file.",
)
@json_option
@pass_app
def glossary_import(app: App, path, remove_missing, as_json) -> None:
    """Merge a glossary file into the database: .glossary, .tbx (TBX v3 or 2.0) or .csv.

    All or nothing: a mistake anywhere in the file imports nothing. Concepts missing from the
    file are only reported, unless --remove-missing is given.

    \b
    Example:
      translate-flow glossary import partner-terms.tbx
      translate-flow glossary import glossary.csv --remove-missing
    """
    from translate_flow.services.glossary import import_glossary

    result = import_glossary(app.desk(), path, remove_missing=remove_missing)
    if as_json:
        print_json(result)
        return
    click.echo(
        f"{path}: {len(result['added'])} added, {len(result['changed'])} changed, "
        + (f"{len(result['removed'])} removed, " if result["removed"] else "")
        + f"{result['unchanged']} unchanged"
        + (
            f", {len(result['not_in_file'])} in the database but not in the file"
            if result["not_in_file"]
            else ""
        )
    )
    if result["added"] or result["changed"] or result["removed"]:
        click.echo(_recheck_line(result))


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
        fmt = {".tbx": "tbx", ".csv": "csv", ".glossary": "glossary"}.get(
            Path(output).suffix.lower()
        )
        if fmt is None:
            raise InputError("give --format tbx, tbx2, csv or glossary")
    if output == "-":
        export_glossary(app.desk(), fmt, sys.stdout.buffer)
        return
    result = export_glossary(app.desk(), fmt, output)
    click.echo(
        f"wrote {result['concepts']} concepts, {result['terms']} terms to {output}", err=True
    )


def _terms_line(concept: dict, lang: str) -> str:
    return ", ".join(
        t["text"] + ("" if t["status"] == "preferred" else f" ({t['status']})")
        for t in concept["terms"]
        if t["lang"] == lang
    )


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
        [[c["id"], *(_terms_line(c, lg) for lg in ("ru", "be", "de", "en"))] for c in rows],
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
    click.echo(f"{c['id']}" + (f"  [{c['subject']}]" if c["subject"] else ""))
    if c["note"]:
        click.echo(f"  {c['note']}")
    for t in c["terms"]:
        note = f" — {t['note']}" if t["note"] else ""
        click.echo(f"  {t['lang']}: {t['text']}  ({t['status']}, {t['type']}){note}")


@glossary.command("find")
@click.argument("text")
@click.option("--lang", help="Language of TEXT (detected when not given).")
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
    for c in rows:
        found = ", ".join(f"{h['text']!r} ({h['lang']})" for h in c["hits"])
        click.echo(f"{c['id']}: {found} → de: {_terms_line(c, 'de')}; en: {_terms_line(c, 'en')}")


_TERM_HELP = (
    "STATUS: preferred (default), admitted, deprecated, superseded; TYPE: fullForm (default), "
    "abbreviation, acronym, shortForm, variant."
)


@glossary.command("add")
@click.argument("concept_id", metavar="CONCEPT")
@click.option(
    "--term",
    "terms",
    multiple=True,
    required=True,
    metavar="LANG:TEXT[:STATUS][:TYPE]",
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
    metavar="LANG:TEXT[:STATUS][:TYPE]",
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
        click.echo(f"{r['at'][:19]}  {r['concept']}  {r['action']} by {r['author'] or '-'}")
        for change in r["changes"]:
            click.echo(f"  {describe_change(change)}")


def _print_change(result: dict, as_json: bool) -> None:
    from translate_flow.terms.editing import describe_change

    if as_json:
        print_json(result)
        return
    concept = result["concept"]["id"]
    if not result["changed"]:
        click.echo(f"concept {concept}: nothing changed")
        return
    done = {"add": "added", "edit": "changed", "deprecate": "changed"}[result["action"]]
    click.echo(f"concept {concept} {done} (glossary version {result['glossary_version']})")
    for change in result["changes"]:
        click.echo(f"  {describe_change(change)}")
    click.echo(_recheck_line(result))


def _recheck_line(result: dict) -> str:
    line = (
        f"re-checked {result['rechecked']} open translation(s), "
        f"{result['with_new_findings']} with new findings"
    )
    if result["with_new_findings"]:
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
        skipped = result["without_text"]
        click.echo(
            f"{path}: {result['added']} units added, {result['duplicates']} already in the memory "
            + (f", {skipped} without text skipped " if skipped else "")
            + f"({', '.join(result['pairs'])})"
        )


@tm.command("reindex")
@json_option
@pass_app
def tm_reindex(app: App, as_json) -> None:
    """Write the memory's search index again from its units (repair; on PostgreSQL also after
    VACUUM FULL, CLUSTER or restoring a dump)."""
    from translate_flow.services.tm import reindex_memory

    result = reindex_memory(app.desk())
    if as_json:
        print_json(result)
    else:
        click.echo(f"reindexed {result['units']} units")


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
            [[r["source_lang"], r["target_lang"], r["units"]] for r in rows],
        )


@tm.command("export")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True),
    help="Write to this file instead of standard output.",
)
@click.option("--from", "source_lang", help="Only units from this source language.")
@click.option("--to", "target_lang", help="Only units into this target language.")
@pass_app
def tm_export(app: App, output, source_lang, target_lang) -> None:
    """Export the memory (approved and imported units) as TMX 1.4.

    \b
    Example:
      translate-flow tm export -o desk-memory.tmx
      translate-flow tm export --from ru --to de -o memory.ru-de.tmx
    """
    import sys

    from translate_flow.services.tm import export_tmx

    result = export_tmx(app.desk(), output or sys.stdout.buffer, source_lang, target_lang)
    if output:
        click.echo(f"wrote {result['units']} units to {output}", err=True)


@tm.command("search")
@click.argument("text", required=False)
@click.option("--from", "source_lang", required=True, help="Source language.")
@click.option("--to", "target_lang", required=True, help="Target language.")
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
        click.echo(r["query"])
        for m in r["matches"]:
            click.echo(f"  {m['score']:5.1f}%  {m['source']}\n          {m['target']}")
        if not r["matches"]:
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
    import os

    from translate_flow.mt.registry import describe_engines

    rows = describe_engines(app.config, dict(os.environ))
    if as_json:
        print_json(rows)
        return
    table(
        ["engine", "configured", "on-premises", "pairs", "url", "note"],
        [
            [
                r["name"],
                "yes" if r["configured"] else "no",
                "yes" if r["on_premises"] else "no",
                r.get("pairs") or "",
                r.get("url") or "",
                r.get("note") or "",
            ]
            for r in rows
        ],
    )


COMMANDS = [user, glossary, tm, engines]
