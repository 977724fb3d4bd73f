"""Terminology protection: glossary terms in the source become placeholders before machine
translation, and the concept's preferred target term takes each placeholder's place after it.

An engine left alone renders "Союзное государство" as "Allied State" one day and "Union State"
the next; the desk's glossary says "Unionsstaat"/"Union State". The placeholder `⟦0⟧` is a
bracket pair no news text uses and that engines (LibreTranslate, Google, DeepL, apertium) copy
through untouched. When an engine damages or drops one anyway, the segment is translated again
without protection rather than deliver a broken placeholder or lose the term silently (the
terminology check then flags a wrong term): placeholders never reach the translator.

The preferred term goes in as the glossary writes it (nominative, singular), and of the same
type as the source term where the glossary has one (a full form for a full form). Only names and
nouns are protected: an adjective put in uninflected ("der belarussisch Minister") would cost the
translator more than the engine's own choice, which the terminology check reviews anyway.

Engines that can apply terminology themselves do without placeholders: a language model gets the
terms of each segment in its prompt (mt/openai_chat.py), DeepL a glossary of the language pair
(mt/deepl_glossary.py). Both inflect the target term as the sentence needs, so there every part of
speech counts. `pair_glossary` builds what they need; `EngineWithGlossary` marks such an engine's
answers in the cache key.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from translate_flow.mt.base import Engine, GlossaryUse, MTResult, PairGlossary

if TYPE_CHECKING:
    from translate_flow.terms.matcher import TermMatcher
    from translate_flow.terms.model import Concept, Term, Termbase

# Parts of speech protected (a term without one counts as a noun).
PROTECTED_POS = frozenset({"noun", "properNoun", "abbreviation"})
_PLACEHOLDER = re.compile(r"⟦\s*(\d+)\s*⟧")
_BRACKETS = ("⟦", "⟧")

# (start, end, preferred target term) of each glossary term found in a source text.
TermSpans = Callable[[str], Iterable[tuple[int, int, str]]]


@dataclass(frozen=True)
class Protected:
    text: str  # the source with placeholders
    terms: tuple[str, ...]  # placeholder i stands for terms[i]


def protect(text: str, spans: Iterable[tuple[int, int, str]]) -> Protected:
    """Replace each span by a numbered placeholder; of overlapping spans the longest wins."""
    if any(bracket in text for bracket in _BRACKETS):
        return Protected(text, ())  # a text that already has the brackets stays as it is
    parts, terms, position = [], [], 0
    for start, end, term in longest_spans(spans):
        parts.append(text[position:start])
        parts.append(f"⟦{len(terms)}⟧")
        terms.append(term)
        position = end
    parts.append(text[position:])
    return Protected("".join(parts), tuple(terms))


def longest_spans(spans: Iterable[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """The spans that do not overlap, the longest winning, in text order."""
    chosen: list[tuple[int, int, str]] = []
    for start, end, term in sorted(spans, key=lambda s: (s[0] - s[1], s[0])):
        if all(end <= s or start >= e for s, e, _ in chosen):
            chosen.append((start, end, term))
    return sorted(chosen)


def target_term_for(concept: Concept, term: Term, target: str) -> str | None:
    """The target term the desk requires for `term` of `concept`: its preferred one, of the same
    type where the glossary has one (Республика Беларусь is Republik Belarus, Беларусь is
    Belarus); None when the concept has no accepted term in `target`."""
    accepted = concept.accepted_terms(target)
    same_type = [t for t in accepted if t.type == term.type]
    chosen = same_type or accepted
    return chosen[0].text if chosen else None


def glossary_entries(termbase: Termbase, source: str, target: str) -> dict[str, str]:
    """Each accepted source term → its required target term, for every concept that has one.
    A term two concepts share keeps the first concept's; a term with a control character such
    as a tab or a line break (which DeepL refuses) is left out."""
    entries: dict[str, str] = {}
    for concept in termbase:
        for term in concept.accepted_terms(source):
            wanted = target_term_for(concept, term, target)
            if wanted is None or any(_unfit(t) for t in (term.text, wanted)):
                continue
            entries.setdefault(term.text.strip(), wanted.strip())
    return entries


def _unfit(text: str) -> bool:
    # What DeepL refuses in a glossary term: control characters (tab, line breaks) and
    # Unicode line separators.
    return not text.strip() or any(
        ord(ch) < 32 or 127 <= ord(ch) <= 159 or ch in "\u2028\u2029" for ch in text
    )


def pair_glossary(matcher: TermMatcher, source: str, target: str, version: str) -> PairGlossary:
    """The glossary of one language pair for engines that apply it themselves."""
    termbase = matcher.termbase

    def find(text: str) -> list[tuple[str, str]]:
        spans = []
        for hit in matcher.find(text, source):
            if hit.term.derived:
                continue  # a derived form (российский) has no required target term
            concept = termbase.get(hit.concept_id)
            wanted = target_term_for(concept, hit.term, target) if concept else None
            if wanted is not None:
                spans.append((hit.start, hit.end, wanted))
        found = [(text[start:end], wanted) for start, end, wanted in longest_spans(spans)]
        return list(dict.fromkeys(found))  # a term twice in the sentence is listed once

    return PairGlossary(source, target, version, glossary_entries(termbase, source, target), find)


class EngineWithGlossary(Engine):
    """An engine that applies a language pair's glossary itself (see Engine.use_glossary); the
    only difference to the engine is the cache key, which tells how the terms were applied."""

    def __init__(self, engine: Engine, use: GlossaryUse) -> None:
        self.engine = engine
        self.parts = [engine]  # for mt.layer.characters_sent
        self.use = use
        self.name = engine.name
        self.on_premises = engine.on_premises
        self.max_characters = engine.max_characters

    def output_settings(self) -> dict:
        return self.engine.output_settings() | {"terms": self.use.how}

    def translate_batch(self, texts: list[str], source: str, target: str) -> list[MTResult]:
        return self.engine.translate_batch(texts, source, target)


def restore(translated: str, protected: Protected) -> str | None:
    """The translation with the target terms in place, or None when a placeholder is missing,
    doubled or damaged."""
    found = sorted(int(m.group(1)) for m in _PLACEHOLDER.finditer(translated))
    if found != list(range(len(protected.terms))):
        return None
    restored = _PLACEHOLDER.sub(lambda m: protected.terms[int(m.group(1))], translated)
    if any(bracket in restored for bracket in _BRACKETS):
        return None
    return restored


class TermProtectingEngine(Engine):
    """Wraps an engine for one language pair; `find_terms` gives the spans to protect."""

    def __init__(self, engine: Engine, find_terms: TermSpans) -> None:
        self.engine = engine
        self.parts = [engine]  # for mt.layer.characters_sent
        self.find_terms = find_terms
        self.name = engine.name
        self.on_premises = engine.on_premises
        self.max_characters = engine.max_characters

    def output_settings(self) -> dict:
        # Protection changes only a text with glossary terms in it, and the cache key holds the
        # entries of the concepts found in each text (mt/cache.py): a text without any is sent
        # as it is, with or without a glossary, and keeps its cached answer.
        return self.engine.output_settings()

    def translate_batch(self, texts: list[str], source: str, target: str) -> list[MTResult]:
        protected = [protect(text, self.find_terms(text)) for text in texts]
        results = self.engine.translate_batch([p.text for p in protected], source, target)
        unprotected: list[int] = []
        for i, (result, guard) in enumerate(zip(results, protected, strict=True)):
            if result.text is None:
                if guard.terms:
                    # The engine's reason may quote the text sent; the translator sees the source.
                    result.error = (result.error or "").replace(guard.text, texts[i])
                continue
            restored = restore(result.text, guard)
            if restored is None:
                unprotected.append(i)
            else:
                result.text = restored
        if unprotected:
            again = self.engine.translate_batch([texts[i] for i in unprotected], source, target)
            for i, result in zip(unprotected, again, strict=True):
                if result.text is not None and _has_brackets(result.text, texts[i]):
                    # Sent without placeholders, the answer still has one (a model repeating
                    # another segment's): a failure, never a translation with ⟦0⟧ in it.
                    result = MTResult(
                        None,
                        f"{self.name}: the answer holds a placeholder (⟦…⟧) the text did not",
                        result.origin,
                    )
                results[i] = result
        return results


def _has_brackets(answer: str, source: str) -> bool:
    return any(b in answer and b not in source for b in _BRACKETS)
