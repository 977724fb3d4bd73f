"""Find glossary terms in text, in whatever word form the text uses.

The matcher is built once per glossary. Every term is turned into a sequence of match keys, one
per word, and stored in a trie keyed on those keys; matching a text walks its tokens through the
trie from every token, so the cost grows with the text, not with the size of the glossary.

Keys:
- ``~lemma``: case-insensitive terms, every word lemmatised (Организации Договора → организация,
  договор). A word has several lemmas when its parse is ambiguous; each is a key.
- ``^lemma`` / ``_lemma``: case-sensitive full forms keep whether each word starts with a capital
  (Союзное государство, the Union State, against союзное государство, any allied state).
- ``=SURFACE``: abbreviations and other case-sensitive all-capital words match their exact form,
  also with a Russian or Belarusian case ending (МИДа, МИДом) or a German/English -s (NGOs), and
  as a part of a hyphenated word (ИКТ-инфраструктура, GUS-Mitgliedstaaten). Never a lowercase
  word (гус is not ГУС) and never inside an ordinary word (Gusto is not GUS).

Decisions:
- Derived words are not the term: "ООНовский" is not ООН, "Union" is not Unionsstaat.
- German closed compounds: a single-word German term of at least six letters matches at the start
  of a capitalised compound, with or without a linking -s/-es/-n/-en (Unionsstaatsvertrag →
  Unionsstaat, Belarusreise → Belarus), but not before an adjective suffix (belarussisch is not
  Belarus). Compound heads do not count: Weißrussland ends in "russland" and is not Russland.
  Abbreviations count in compounds only when joined by a hyphen (GUS-Staaten).
- Hits of different concepts may overlap (СНГ inside "государства – участники СНГ" is also the
  CIS); within one concept only the longest hit is kept, and a hit that overlaps it (inside it
  or across its edge) is dropped: one mention, one hit.
- Derived forms (Term.derived: russisch for Russland) are indexed like any term; the check
  decides what they mean.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from translate_flow.langs import base_lang
from translate_flow.terms.model import Term, Termbase
from translate_flow.terms.morphology import Lemmatiser, german_stem, lemmatiser_for
from translate_flow.terms.normalize import Token, fold_german, tokenize


@dataclass
class TermHit:
    concept_id: str
    term: Term  # the glossary term that matched
    start: int  # span in the ORIGINAL text
    end: int
    text: str  # the text as it appears


# Case endings a Russian or Belarusian writer attaches to an abbreviation: МИДа, МИДу, МИДом, МИДе,
# ЕАЭСа, МЗСам. Only lowercase endings after an all-capital stem count.
_ABBREVIATION_ENDINGS = {
    "ru": ("а", "у", "ом", "е", "ы", "ов", "ам", "ами", "ах", "ой"),
    "be": ("а", "у", "ам", "е", "ы", "аў", "амі", "ах", "ай", "ом"),
    "de": ("s",),
    "en": ("s", "'s"),
}

# Adjective suffixes that make a German word no compound of the term before them:
# belarussisch is an adjective, not a compound of Belarus.
_DE_ADJECTIVE_STARTS = ("isch", "sisch", "lich", "haft")
_DE_COMPOUND_MIN = 6
_DE_COMPOUND_REST_MIN = 4
_MAX_KEY_COMBINATIONS = 64


class _Node:
    __slots__ = ("children", "entries")

    def __init__(self) -> None:
        self.children: dict[str, _Node] = {}
        self.entries: list[tuple[str, Term, int]] = []  # concept id, term, glossary order


def _is_capital_word(word: str) -> bool:
    """All letters capitals, or capitals inside the word (ОДКБ, EAWU, ЕврАзЭС): an abbreviation."""
    letters = [ch for ch in word if ch.isalpha()]
    if not letters:
        return True
    return any(ch.isupper() for ch in letters[1:]) or (len(letters) == 1 and letters[0].isupper())


def _is_abbreviation_stem(word: str) -> bool:
    return word[:1].isupper() and _is_capital_word(word)


class _LanguageIndex:
    """The trie and the key vocabulary for one language."""

    def __init__(self, lang: str, lemmatise: Lemmatiser) -> None:
        self.lang = lang
        self.lemmatise = lemmatise
        self.root = _Node()
        self.vocabulary: set[str] = set()
        self.has_cased = False
        # German compounds: folded single-word term → its key.
        self.compound_starts: dict[str, str] = {}
        self.longest_compound_start = 0
        self.key_cache: dict[str, tuple[str, ...]] = {}

    # -- saving (terms/matcher_store.py): the trie as a flat list, since pickle recurses once per
    # level and a term of a few hundred words would exceed Python's recursion limit.

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        flat: list[tuple[int, str, list]] = []  # (parent's index, key, entries), parents first
        pending = [(-1, "", self.root)]
        while pending:
            parent, key, node = pending.pop()
            flat.append((parent, key, node.entries))
            index = len(flat) - 1
            pending.extend((index, child_key, child) for child_key, child in node.children.items())
        state["root"] = flat
        state["key_cache"] = {}
        return state

    def __setstate__(self, state: dict) -> None:
        nodes: list[_Node] = []
        for parent, key, entries in state["root"]:
            node = _Node()
            node.entries = entries
            if parent >= 0:
                nodes[parent].children[key] = node
            nodes.append(node)
        self.__dict__.update(state)
        self.root = nodes[0]

    # -- building

    def add(self, concept_id: str, term: Term, order: int) -> None:
        words = tokenize(term.text)
        if not words:
            return
        key_sets = [self._term_word_keys(word.text, term) for word in words]
        combinations = itertools.islice(itertools.product(*key_sets), _MAX_KEY_COMBINATIONS)
        for path in combinations:
            node = self.root
            for key in path:
                self.vocabulary.add(key)
                node = node.children.setdefault(key, _Node())
            node.entries.append((concept_id, term, order))
        if (
            self.lang == "de"
            and len(words) == 1
            and not term.is_case_sensitive
            and len(words[0].text) >= _DE_COMPOUND_MIN
        ):
            key = "~" + german_stem(words[0].text)
            folded = fold_german(words[0].text)
            self.compound_starts[folded] = key
            self.longest_compound_start = max(self.longest_compound_start, len(folded))

    def _term_word_keys(self, word: str, term: Term) -> list[str]:
        if not term.is_case_sensitive:
            return sorted({"~" + lemma for lemma in self.lemmatise(word)})
        if term.type in ("abbreviation", "acronym") or _is_capital_word(word):
            return ["=" + word]
        self.has_cased = True
        mark = "^" if word[:1].isupper() else "_"
        return sorted({mark + lemma for lemma in self.lemmatise(word)})

    # -- matching

    def keys(self, word: str) -> tuple[str, ...]:
        """The keys of a text word that occur anywhere in the index (cached per word form)."""
        cached = self.key_cache.get(word)
        if cached is not None:
            return cached
        candidates = ["=" + word]
        for ending in _ABBREVIATION_ENDINGS.get(self.lang, ()):
            stem = word[: -len(ending)]
            if word.endswith(ending) and len(stem) >= 2 and _is_abbreviation_stem(stem):
                candidates.append("=" + stem)
        lemmas = self.lemmatise(word)
        candidates.extend("~" + lemma for lemma in lemmas)
        if self.has_cased:
            mark = "^" if word[:1].isupper() else "_"
            candidates.extend(mark + lemma for lemma in lemmas)
        if self.compound_starts and word[:1].isupper():
            candidates.extend(self._compound_keys(word))
        keys = tuple(dict.fromkeys(k for k in candidates if k in self.vocabulary))
        self.key_cache[word] = keys
        return keys

    def _compound_keys(self, word: str) -> list[str]:
        # The rest after the term is at least four letters, so a linking -s/-es/-n/-en
        # (Unionsstaatsvertrag) needs no rule of its own.
        # Only cuts up to the longest term can match: trying every cut of a word is quadratic in
        # its length (a 100,000-letter "word" in a broken file took seconds, 20 MB minutes).
        folded = fold_german(word)
        last_cut = min(self.longest_compound_start, len(folded) - _DE_COMPOUND_REST_MIN)
        keys = []
        for cut in range(_DE_COMPOUND_MIN, last_cut + 1):
            key = self.compound_starts.get(folded[:cut])
            if key is not None and not folded.startswith(_DE_ADJECTIVE_STARTS, cut):
                keys.append(key)
        return keys

    def find(self, tokens: list[Token]) -> list[tuple[int, int, str, Term, int]]:
        """(first token, last token, concept id, term, order) of every trie path in the text."""
        keys = [self.keys(token.text) for token in tokens]
        found = []
        root = self.root
        n = len(tokens)
        for i in range(n):
            if not keys[i]:
                continue
            nodes = [root]
            j = i
            while j < n and (j == i or tokens[j].joined):
                following = [
                    child
                    for node in nodes
                    for key in keys[j]
                    if (child := node.children.get(key)) is not None
                ]
                if not following:
                    break
                for node in following:
                    for concept_id, term, order in node.entries:
                        found.append((i, j, concept_id, term, order))
                nodes = following
                j += 1
        return found


class TermMatcher:
    """All glossary terms of the chosen languages, ready to be found in text."""

    def __init__(
        self,
        termbase: Termbase,
        langs: Iterable[str] | None = None,
        *,
        lemmatisers: Mapping[str, Lemmatiser] | None = None,
    ) -> None:
        """Index the termbase once; `lemmatisers` overrides the per-language defaults."""
        self.termbase = termbase
        wanted = {base_lang(lang) for lang in langs} if langs is not None else None
        overrides = dict(lemmatisers or {})
        self._indexes: dict[str, _LanguageIndex] = {}
        order = 0
        for concept in termbase:
            for term in concept.terms:
                lang = base_lang(term.lang)
                if wanted is not None and lang not in wanted:
                    continue
                index = self._indexes.get(lang)
                if index is None:
                    lemmatise = overrides.get(lang) or lemmatiser_for(lang)
                    index = self._indexes[lang] = _LanguageIndex(lang, lemmatise)
                index.add(concept.id, term, order)
                order += 1

    @property
    def langs(self) -> list[str]:
        return sorted(self._indexes)

    def find(self, text: str, lang: str) -> list[TermHit]:
        """Every glossary term of `lang` in the text, ordered by position."""
        index = self._indexes.get(base_lang(lang))
        if index is None or not text:
            return []
        tokens = tokenize(text)
        best: dict[tuple[str, int, int], tuple[tuple[bool, int], Term]] = {}
        for first, last, concept_id, term, order in index.find(tokens):
            span = (concept_id, tokens[first].start, tokens[last].end)
            # Two terms of one concept on one span (a glossary listing spelling variants): a
            # name before a derived form, then the first in glossary order wins.
            rank = (term.derived, order)
            if span not in best or rank < best[span][0]:
                best[span] = (rank, term)
        hits = [
            TermHit(concept_id, term, start, end, text[start:end])
            for (concept_id, start, end), (_rank, term) in best.items()
        ]
        return _drop_overlapping_same_concept(hits)


def _drop_overlapping_same_concept(hits: list[TermHit]) -> list[TermHit]:
    kept: list[TermHit] = []
    by_concept: dict[str, list[TermHit]] = {}
    # Longest first, then leftmost.
    for hit in sorted(hits, key=lambda h: (h.start - h.end, h.start)):
        same = by_concept.setdefault(hit.concept_id, [])
        if any(k.start < hit.end and hit.start < k.end for k in same):
            continue
        same.append(hit)
        kept.append(hit)
    kept.sort(key=lambda h: (h.start, -h.end, h.concept_id))
    return kept
