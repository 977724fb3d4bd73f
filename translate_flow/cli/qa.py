"""`translate-flow qa`: the workflow's quality checks on XLIFF and PO files, no database."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from translate_flow.cli.app import LANG, App, pass_app, print_json, table, warn

if TYPE_CHECKING:
    from translate_flow.services.file_qa import CheckDescription, QAResult


@click.command()
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False))
@click.option(
    "--glossary",
    metavar="PATH",
    help="Glossary for the terminology check (.glossary; .tbx and .csv where "
    "supported). [default: [qa] glossary in the config file]",
)
@click.option(
    "--source-lang",
    type=LANG,
    help="Source language, if the file names none (a PO file's X-Source-Language). "
    "[default: [qa] source_lang in the config file]",
)
@click.option("--target-lang", type=LANG, help="Target language, if the file names none.")
@click.option("--lang", type=LANG, help="The same as --target-lang.")
@click.option(
    "--list-checks",
    is_flag=True,
    help="Describe every check with the desk's setting ([checks] in the config file) and exit; "
    "with --source-lang/--lang, the setting for that pair.",
)
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="Print the findings as a JSON list (file, unit, check, severity, message, "
    "concept, kind, ...).",
)
@pass_app
def qa(app: App, files, glossary, source_lang, target_lang, lang, list_checks, as_json) -> None:
    """Check translations in XLIFF 2.x, XLIFF 1.0-1.2 or PO files against the desk's rules.

    The same checks as the workflow (terminology, numbers, punctuation, ...) on every unit with
    a target, plus `tags` on inline codes; a PO entry's msgctxt is its unit id, each plural form
    is checked. Every <file> of an XLIFF file is checked; units marked translate="no" are not.
    Languages come from the file, else from --source-lang/--target-lang. Without a glossary the
    terminology check is skipped (with a warning). Exit 0: no findings; 1: findings, or a file
    that cannot be read (then an error line on stderr and nothing on stdout). The config file's
    [checks] turn checks off or change their severity, for the desk or a language pair (see the
    README).

    \b
    Example:
      translate-flow qa article2.de.xlf --glossary glossaries/diplomatic.glossary
      translate-flow qa *.po --source-lang ru --glossary glossaries/diplomatic.glossary --json
      translate-flow qa --list-checks
      translate-flow qa --list-checks --source-lang ru --lang de-CH
    """
    from translate_flow.errors import EXIT_QA_FINDINGS, InputError
    from translate_flow.services.file_qa import qa_files

    if lang and target_lang and lang != target_lang:
        raise InputError(f"--lang {lang} and --target-lang {target_lang} disagree; give one")
    target_lang = target_lang or lang
    if list_checks:
        _list_checks(app.config, source_lang, target_lang, as_json)
        return
    if not files:
        raise InputError("give one or more XLIFF or PO files to check (or --list-checks)")
    glossary = glossary or app.config.get("qa", {}).get("glossary")
    source_lang = source_lang or app.config.get("qa", {}).get("source_lang")
    if glossary is None:
        warn(
            "translate-flow: no glossary (--glossary or [qa] glossary in the config file): "
            "terminology is not checked"
        )
    result = qa_files(list(files), glossary, source_lang, target_lang, app.config)
    findings = result.findings
    if as_json:
        print_json(findings)
    else:
        _print_table(result)
    if findings:
        sys.exit(EXIT_QA_FINDINGS)


def _print_table(result: QAResult) -> None:
    findings = result.findings
    checked = sum(f.checked for f in result.files)
    without_target = sum(f.without_target for f in result.files)
    skipped = f"; {without_target} without a target, not checked" if without_target else ""
    if findings:
        several = len(result.files) > 1
        table(
            (["file"] if several else []) + ["unit", "severity", "check", "message"],
            [
                ([f["file"]] if several else [])
                + [f["unit"], f["severity"], f["check"], f["message"]]
                for f in findings
            ],
        )
        units = len({(f["file"], f["unit"]) for f in findings})
        click.echo(f"{len(findings)} finding(s) in {units} of {checked} unit(s){skipped}")
    else:
        click.echo(f"no findings in {checked} unit(s){skipped}")


def _list_checks(config: dict, source_lang, target_lang, as_json: bool) -> None:
    from translate_flow.services.file_qa import describe_checks

    checks = describe_checks(config, source_lang, target_lang)
    if as_json:
        print_json(checks)
        return
    if source_lang and target_lang:
        click.echo(f"checks for {source_lang} → {target_lang}:\n")
    for check in checks:
        click.echo(f"{check.id} ({_setting_text(check)}): {check.name}")
        for line in check.description.splitlines():
            click.echo(f"    {line}" if line.strip() else "")
        click.echo()


def _setting_text(check: CheckDescription) -> str:
    state = check.severity if check.enabled else "off"
    if check.set_by == "default":
        return state
    where = "the desk" if check.set_by == "desk" else check.set_by
    return f"{state}, set by {where}; default {check.default_severity}"


COMMANDS = [qa]
