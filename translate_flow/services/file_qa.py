"""Quality checks on exchange files, without a database: `translate-flow qa FILE...`.

Reads XLIFF 2.x, XLIFF 1.0-1.2 or PO (formats/exchange.py; a PO entry's msgctxt is its unit id),
runs the checks the workflow runs (qa/runner.py; terminology through a TermMatcher of the glossary
given) on every unit that has a target, and returns the findings with their file and unit. An
XLIFF file with several `<file>` elements is several documents, each with its own languages; its
units are then named `<file original>/<unit id>`. A unit without a target (or with an empty one
nobody confirmed) is untranslated: counted, not checked. Each form of a PO plural entry is checked,
form 0 against msgid and the others against msgid_plural (units `id[0]`, `id[1]`, ...).

Languages come from the file where it names them (XLIFF srcLang/trgLang or source-language/
target-language; PO X-Source-Language and Language), else from the options; an option that
contradicts the file, or a language that neither gives, is an error. Every file and the glossary
are read before anything is checked, so a file that cannot be read stops the run with nothing
reported.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from translate_flow.errors import InputError
from translate_flow.formats.units import Document, Unit
from translate_flow.langs import base_lang
from translate_flow.qa.base import CheckContext, Finding
from translate_flow.qa.settings import effective_checks, validate_check_settings

if TYPE_CHECKING:
    from translate_flow.terms.matcher import TermMatcher


@dataclass
class CheckDescription:
    """One check as `qa --list-checks` describes it: the setting in force for the language pair
    (the desk's alone without one), where it comes from ("default", "desk" or a pair's key) and
    the check's documentation."""

    id: str
    name: str
    enabled: bool
    severity: str
    default_severity: str
    set_by: str
    description: str


def describe_checks(
    config: Mapping[str, Any] | None,
    source_lang: str | None = None,
    target_lang: str | None = None,
) -> list[CheckDescription]:
    """Every registered check with the desk's setting for the pair, in registry order."""
    import inspect

    from translate_flow.qa.runner import load_checks

    settings = effective_checks(config, source_lang, target_lang)
    return [
        CheckDescription(
            id=info.id,
            name=info.name,
            enabled=settings[info.id].enabled,
            severity=settings[info.id].severity,
            default_severity=info.severity,
            set_by=settings[info.id].source,
            description=inspect.cleandoc(info.description),
        )
        for info in load_checks().values()
    ]


@dataclass
class QAFileSummary:
    """One document of a checked file: its languages, units checked and units without a target."""

    file: str
    document: str | None
    format: str
    source_lang: str
    target_lang: str
    checked: int
    without_target: int


@dataclass
class QAResult:
    """What `qa` found: a summary per document, and the findings (each a check's finding as
    its `to_dict()` gives it, with the file and unit first), in file and unit order."""

    files: list[QAFileSummary]
    findings: list[dict[str, Any]]


@dataclass
class _ReadFile:
    path: str
    format: str
    document: Document
    source_lang: str
    target_lang: str
    several: bool = False  # one of several documents in its file


def qa_files(
    paths: Sequence[str],
    glossary: str | None = None,
    source_lang: str | None = None,
    target_lang: str | None = None,
    config: Mapping[str, Any] | None = None,
) -> QAResult:
    """Check every unit with a target in the files.

    Returns a summary per document of a file and the findings ({file, unit, check, severity,
    message, span, side, concept, kind, term, suggestions}); files and units in file order.
    `config`: the desk's configuration, whose `[checks]` turn checks off or change their
    severity per language pair (qa/settings.py).
    """
    if not paths:
        raise InputError("give at least one XLIFF or PO file to check")
    validate_check_settings(config)
    files = [read for path in paths for read in _read(path, source_lang, target_lang)]
    matcher = _matcher(glossary, files)

    from translate_flow.qa.runner import run_checks

    summaries, findings = [], []
    for read in files:
        settings = effective_checks(config, read.source_lang, read.target_lang)
        context = CheckContext(read.source_lang, read.target_lang, matcher, settings=settings)
        checked = without_target = 0
        for unit_id, positions in read.document.duplicate_ids().items():
            findings.append(_duplicate_id_finding(read.path, unit_id, positions))
        for number, unit in enumerate(read.document.units, start=1):
            if unit.target is None:
                without_target += 1
                continue
            checked += 1
            # A PO entry from another tool may lack msgctxt: its position names it then.
            name = unit.id or f"#{number}"
            if read.several:
                name = f"{read.document.article_id}/{name}"
            for label, source, target in _pairs(unit, name):
                for finding in run_checks(source, target, context):
                    findings.append({"file": read.path, "unit": label} | finding.to_dict())
        summaries.append(
            QAFileSummary(
                file=read.path,
                document=read.document.article_id,
                format=read.format,
                source_lang=read.source_lang,
                target_lang=read.target_lang,
                checked=checked,
                without_target=without_target,
            )
        )
    return QAResult(summaries, findings)


def _duplicate_id_finding(path: str, unit_id: str, positions: list[int]) -> dict[str, Any]:
    finding = Finding(
        "duplicate-id",
        "error",
        f"unit id {unit_id!r} is given to units {', '.join(map(str, positions))}; "
        "`import` refuses such a file",
        side="target",
    )
    return {"file": path, "unit": unit_id} | finding.to_dict()


def _pairs(unit: Unit, name: str) -> list[tuple[str, str, str]]:
    """(unit label, source, target) to check: one pair, or one per form of a plural entry."""
    if unit.target_plurals is None or unit.source_plural is None:
        return [(name, unit.source, unit.target or "")]
    return [
        (f"{name}[{n}]", unit.source if n == 0 else unit.source_plural, form)
        for n, form in enumerate(unit.target_plurals)
    ]


def _read(path: str, source_option: str | None, target_option: str | None) -> list[_ReadFile]:
    from translate_flow.formats.exchange import read_exchange_documents

    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise InputError(f"{path}: cannot read the file ({error.strerror})") from None
    kind, documents = read_exchange_documents(data, path)
    return [
        _ReadFile(
            path=path,
            format=kind,
            document=document,
            source_lang=_language(path, "source", document.source_lang, source_option),
            target_lang=_language(path, "target", document.target_lang, target_option),
            several=len(documents) > 1,
        )
        for document in documents
    ]


def _language(path: str, side: str, in_file: str, option: str | None) -> str:
    in_file = (in_file or "").strip()
    option = (option or "").strip()
    if in_file and option and base_lang(in_file) != base_lang(option):
        raise InputError(
            f"{path}: the file's {side} language is {in_file}, but --{side}-lang says {option}"
        )
    lang = in_file or option
    if not lang:
        raise InputError(f"{path}: the file names no {side} language; give --{side}-lang")
    return lang


def _matcher(glossary: str | None, files: list[_ReadFile]) -> TermMatcher | None:
    """A TermMatcher over the glossary for the files' languages, or None without a glossary."""
    if glossary is None:
        return None
    from translate_flow.services.glossary import read_glossary_file

    termbase = read_glossary_file(glossary)
    if len(termbase) == 0:
        return None
    from translate_flow.terms.matcher import TermMatcher

    langs = {base_lang(f.source_lang) for f in files} | {base_lang(f.target_lang) for f in files}
    return TermMatcher(termbase, langs=sorted(langs))
