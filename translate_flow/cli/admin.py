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
@click.option("--role", "roles", multiple=True, required=True,
              type=click.Choice(["translator", "editor", "terminologist", "admin"]))
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
    """The desk's glossary: import, list, show, find concepts in any word form.

    \b
    Example:
      translate-flow glossary import glossaries/diplomatic.glossary
      translate-flow glossary find "государств – участников СНГ"
      translate-flow glossary show csto
    """


@glossary.command("import")
@click.argument("path")
@json_option
@pass_app
def glossary_import(app: App, path, as_json) -> None:
    """Merge a glossary file (.glossary text format) into the database."""
    from translate_flow.services.glossary import import_glossary

    result = import_glossary(app.desk(), path)
    if as_json:
        print_json(result)
        return
    click.echo(
        f"{path}: {len(result['added'])} added, {len(result['changed'])} changed, "
        f"{result['unchanged']} unchanged"
        + (f", {len(result['not_in_file'])} in the database but not in the file"
           if result["not_in_file"] else "")
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


@click.group()
def tm() -> None:
    """The translation memory: import TMX, statistics, search.

    \b
    Example:
      translate-flow tm import examples/seed-memory.ru-de.tmx
      translate-flow tm stats
      translate-flow tm search "Министерство иностранных дел Беларуси" --from ru --to de
    """


@tm.command("import")
@click.argument("path")
@json_option
@pass_app
def tm_import(app: App, path, as_json) -> None:
    """Import a TMX 1.4 file (all units or none)."""
    from translate_flow.services.tm import import_tmx

    result = import_tmx(app.desk(), path)
    if as_json:
        print_json(result)
    else:
        click.echo(
            f"{path}: {result['added']} units added, {result['duplicates']} already in the memory "
            f"({', '.join(result['pairs'])})"
        )


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
        table(["from", "to", "units"], [[r["source_lang"], r["target_lang"], r["units"]]
                                        for r in rows])


@tm.command("export")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True),
              help="Write to this file instead of standard output.")
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
@click.option("--file", "queries_file", type=click.File("r", encoding="utf-8"),
              help="One query per line.")
@click.option("--threshold", type=float, default=75.0, show_default=True)
@click.option("--limit", type=int, default=5, show_default=True)
@json_option
@pass_app
def tm_search(app: App, text, source_lang, target_lang, queries_file, threshold, limit,
              as_json) -> None:
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
        [[r["name"], "yes" if r["configured"] else "no", "yes" if r["on_premises"] else "no",
          r.get("pairs") or "", r.get("url") or "", r.get("note") or ""] for r in rows],
    )


COMMANDS = [user, glossary, tm, engines]
