"""The form of a target term that fits where its source term stood.

When a translator places a missing glossary term, the term should arrive in the case the sentence
needs: "Министр иностранных дел России" wants "Russlands", "из России" wants "Russland", "с
Российской Федерацией" wants "Russischen Föderation". Only what can be derived safely is derived:

- The source side: Russian case and number come from pymorphy3's parse of the term's head word
  (its first noun); a preposition right before the term means German will use a preposition too,
  which governs the case (dative mostly), not the Russian genitive. Belarusian is not analysed
  (no morphological generator at hand): the base form is offered.
- The German side, singular (plural is left alone: its forms are not derivable from the term):
  a one-word proper name (pos=properNoun in the glossary) gets the genitive -s (Russlands,
  Moskaus, Minsks), except after s, ß, x, z and for feminine-looking names ending in -e or -ei
  (die Ukraine, die Türkei);
  adjectives in -e before the noun of a multi-word term take -en in the genitive and dative
  (Russische Föderation → Russischen Föderation), the noun itself keeps its form (feminine and
  plural heads do not change; a masculine or neuter head, which would, is not guessed: base form).
- Every other language and term: the base form, as the glossary has it.
"""

from __future__ import annotations

from translate_flow.terms.morphology import russian_parses

# Russian cases that German renders as genitive or dative, after an article.
_OBLIQUE = frozenset({"gent", "gen2", "datv", "ablt", "loct", "loc2"})
_NO_GENITIVE_S = ("s", "ß", "x", "z", "e", "ei")
_PUNCTUATION = ".,;:«»\"'()"


def source_case(source: str, start: int, end: int, lang: str) -> tuple[str | None, bool]:
    """(case of the term at source[start:end], whether a preposition governs it): pymorphy3's
    case name of the head noun (nomn, gent, datv, accs, ablt, loct) or None when not derivable."""
    if lang != "ru":
        return None, False
    words = source[start:end].split()
    before = source[:start].split()
    governed = bool(before) and any(
        "PREP" in parse.tag for parse in russian_parses(before[-1].strip(_PUNCTUATION))[:1]
    )
    for word in words:
        parses = russian_parses(word.strip(_PUNCTUATION))
        if parses and parses[0].tag.POS == "NOUN":
            tag = parses[0].tag
            if tag.number == "plur":
                return None, governed
            return tag.case, governed
    return None, governed


def target_form(
    term: str, lang: str, case: str | None, governed: bool, proper_noun: bool = False
) -> str:
    """The form of `term` (target language `lang`) for a source term in `case`; `proper_noun`
    as the glossary says (pos=properNoun): only a name is trusted to take the genitive -s
    without knowing its gender."""
    if lang != "de" or case is None or case not in _OBLIQUE:
        return term
    words = term.split()
    if len(words) == 1:
        word = words[0]
        genitive = case in ("gent", "gen2") and not governed and proper_noun
        if genitive and word[:1].isupper() and not word.isupper():
            if not word.lower().endswith(_NO_GENITIVE_S):
                return word + "s"
        return term
    adjectives, rest = [], words
    while rest and rest[0][:1].isalpha() and rest[0].endswith("e") and len(rest) > 1:
        adjectives.append(rest[0])
        rest = rest[1:]
    if not adjectives or not rest[0][:1].isupper():
        return term
    head = rest[0].lower()
    # A feminine head (…ion, …ung, …heit, …keit, …schaft, …ei, …ik) or a plural one (…en, …er):
    # the noun keeps its form; anything else might be masculine and take -s/-es.
    if not head.endswith(("ion", "ung", "heit", "keit", "schaft", "ei", "ik", "en", "tät", "e")):
        return term
    return " ".join([w + "n" for w in adjectives] + rest)
