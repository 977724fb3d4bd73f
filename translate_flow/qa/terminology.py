"""The terminology check: glossary terms in the source must come out as the glossary says."""

from __future__ import annotations

from translate_flow.qa.base import CheckContext, Finding, check
from translate_flow.terms.model import REJECTED_STATUSES, Concept, Term

CHECK_ID = "terminology"


@check(CHECK_ID, "Glossary terminology", "error")
def terminology(source: str, target: str, context: CheckContext) -> list[Finding]:
    """Glossary terms are translated with the glossary's target terms.

    Reports two kinds of finding:

    - missing: a glossary term is in the source (in any word form, e.g. "ОДКБ", "Организации
      Договора о коллективной безопасности") but none of the concept's preferred or admitted
      target terms is in the translation. Suggests the target terms, preferred first. Concepts
      without an accepted term in the target language are skipped.
    - deprecated: the translation uses a deprecated or superseded term ("Weißrussland");
      suggests the preferred term ("Belarus"). A concept whose only rendering is a deprecated
      term gets this finding alone, not a missing one as well.

    Terms are found in every case and number, inside hyphenated words (ИКТ-инфраструктура,
    GUS-Staaten) and across ё/е, ß/ss and typographic variants.

    A concept's derived forms (`form=derived`: russisch for Russland, belarussisch for Belarus)
    satisfy it in the translation, so "der russische Außenminister" renders "министр
    иностранных дел России"; a deprecated derived form ("weißrussische") is reported like a
    deprecated term and suggests the preferred derived form. Derived forms are never suggested
    for a missing term, and one in the source asks for nothing. Overlapping terms of one concept
    give one finding; where a word is a name of one concept and a derived form of another (an
    adjective concept beside the country), only the name's concept reports it.
    """
    matcher = context.matcher
    if matcher is None:
        return []
    termbase = matcher.termbase
    target_lang = context.target_lang.replace("_", "-").split("-")[0].lower()
    source_hits = matcher.find(source, context.source_lang)
    target_hits = matcher.find(target, target_lang)

    findings: list[Finding] = []
    rendered: set[str] = set()
    named_spans = {(hit.start, hit.end) for hit in target_hits if not hit.term.derived}
    for hit in target_hits:
        rendered.add(hit.concept_id)
        if hit.term.status not in REJECTED_STATUSES:
            continue
        if hit.term.derived and (hit.start, hit.end) in named_spans:
            continue
        concept = termbase.get(hit.concept_id)
        preferred = _replacement(concept, target_lang, hit.term) if concept else None
        suggestions = [preferred.text] if preferred else []
        advice = f"; use {preferred.text}" if preferred else ""
        findings.append(
            Finding(
                check=CHECK_ID,
                severity="error",
                message=f"{hit.text} is {hit.term.status} ({hit.concept_id}){advice}",
                span=(hit.start, hit.end),
                side="target",
                concept=hit.concept_id,
                kind="deprecated",
                term=hit.text,
                suggestions=suggestions,
            )
        )

    reported: set[str] = set()
    for hit in source_hits:
        if hit.term.derived or hit.concept_id in rendered or hit.concept_id in reported:
            continue
        concept = termbase.get(hit.concept_id)
        if concept is None:
            continue
        suggestions = [t.text for t in _suggested_terms(concept, target_lang, hit.term)]
        if not suggestions:
            continue
        reported.add(hit.concept_id)
        findings.append(
            Finding(
                check=CHECK_ID,
                severity="error",
                message=f"{hit.text} ({hit.concept_id}) is not translated as {_or(suggestions)}",
                span=(hit.start, hit.end),
                side="source",
                concept=hit.concept_id,
                kind="missing",
                term=hit.text,
                suggestions=suggestions,
            )
        )
    return findings


def _replacement(concept: Concept, lang: str, rejected: Term) -> Term | None:
    """What to write instead: for a derived form the preferred derived form (belarussisch for
    weißrussisch), else the concept's preferred term."""
    if rejected.derived:
        form = concept.preferred_derived_form(lang)
        if form is not None:
            return form
    return concept.preferred_term(lang)


def _suggested_terms(concept: Concept, lang: str, source_term: Term) -> list[Term]:
    """Accepted target terms (names, not derived forms), preferred first; among equals the
    source term's type first, so ОДКБ suggests OVKS before the full name."""
    accepted = concept.accepted_terms(lang)
    return sorted(accepted, key=lambda t: (t.status != "preferred", t.type != source_term.type))


def _or(words: list[str]) -> str:
    if len(words) == 1:
        return words[0]
    return ", ".join(words[:-1]) + " or " + words[-1]
