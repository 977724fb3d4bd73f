"""The concept-oriented termbase model (as in TBX): a concept has terms in several languages.

Pure data: no database, no I/O. The store keeps the same shape in tables; readers and writers of
the glossary formats (text, TBX, CSV) produce and consume these objects.
"""

from __future__ import annotations

from dataclasses import dataclass, field

TERM_STATUSES = ("preferred", "admitted", "deprecated", "superseded")
TERM_TYPES = ("fullForm", "abbreviation", "acronym", "shortForm", "variant")
ACCEPTED_STATUSES = frozenset({"preferred", "admitted"})
REJECTED_STATUSES = frozenset({"deprecated", "superseded"})


@dataclass
class Term:
    lang: str
    text: str
    status: str = "preferred"
    type: str = "fullForm"
    pos: str | None = None
    # None means "decide by the term": abbreviations and acronyms match case-sensitively.
    case_sensitive: bool | None = None
    note: str | None = None
    # A derived form satisfies the concept in a translation but is not the concept's name: the
    # German adjective of a country or organisation ("der russische Außenminister" renders
    # министр иностранных дел России). It is never suggested or sent to an engine as the
    # translation of the source term; with a rejected status it is reported like any term.
    derived: bool = False

    @property
    def is_case_sensitive(self) -> bool:
        if self.case_sensitive is not None:
            return self.case_sensitive
        return self.type in ("abbreviation", "acronym")


@dataclass
class Concept:
    id: str
    subject: str | None = None
    note: str | None = None
    terms: list[Term] = field(default_factory=list)

    def terms_in(self, lang: str) -> list[Term]:
        return [t for t in self.terms if t.lang == lang]

    def accepted_terms(self, lang: str) -> list[Term]:
        """Preferred first, then admitted: the suggestions a translator is offered (the names
        of the concept, not its derived forms)."""
        terms = [t for t in self.terms_in(lang) if t.status in ACCEPTED_STATUSES and not t.derived]
        return sorted(terms, key=lambda t: t.status != "preferred")

    def preferred_derived_form(self, lang: str) -> Term | None:
        """The derived form to use instead of a rejected one (belarussisch for weißrussisch)."""
        forms = [t for t in self.terms_in(lang) if t.derived and t.status in ACCEPTED_STATUSES]
        return min(forms, key=lambda t: t.status != "preferred") if forms else None

    def preferred_term(self, lang: str) -> Term | None:
        accepted = self.accepted_terms(lang)
        return accepted[0] if accepted else None


@dataclass
class Termbase:
    concepts: list[Concept] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._by_id = {c.id: c for c in self.concepts}

    def get(self, concept_id: str) -> Concept | None:
        return self._by_id.get(concept_id)

    def add(self, concept: Concept) -> None:
        self.concepts.append(concept)
        self._by_id[concept.id] = concept

    def __len__(self) -> int:
        return len(self.concepts)

    def __iter__(self):
        return iter(self.concepts)
