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
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from translate_flow.mt.base import Engine, MTResult

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
    chosen: list[tuple[int, int, str]] = []
    for start, end, term in sorted(spans, key=lambda s: (s[0] - s[1], s[0])):
        if all(end <= s or start >= e for s, e, _ in chosen):
            chosen.append((start, end, term))
    chosen.sort()
    parts, terms, position = [], [], 0
    for start, end, term in chosen:
        parts.append(text[position:start])
        parts.append(f"⟦{len(terms)}⟧")
        terms.append(term)
        position = end
    parts.append(text[position:])
    return Protected("".join(parts), tuple(terms))


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
        return self.engine.output_settings() | {"terms": "protected"}

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
                results[i] = result
        return results
