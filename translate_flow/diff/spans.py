"""A diff as a list of spans (equal, delete, insert), word by word, and by character inside a word
where that reads better; rendered as plain markers, ANSI colours or HTML.

The tokens of diff/tokens.py are aligned by their longest common subsequence (rapidfuzz's Indel),
which keeps every word the two texts share in place; a unit-cost Levenshtein alignment would
rather substitute "sich"→"in", "in"→"Minsk" than delete one word. Changed words separated only by
spaces read as one change, [-trafen sich-]{+tagte+}, not [-trafen-]{+tagte+} [-sich -].

A replaced word whose replacement is similar and differs in one contiguous run of characters,
such as an inflection (Staaten → Staates, безопасность → безопасности), is shown by character:
Staate[-n-]{+s+}. A different word (Weißrussland → Belarus), a short one (in → im) and a number
are shown replaced whole, which is easier to read than scattered letters.

Pure functions: no database, no terminal.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from translate_flow.diff.tokens import tokenize

EQUAL, DELETE, INSERT = "equal", "delete", "insert"

# rapidfuzz's ratio (0-100) from which two words count as forms of one another.
SIMILAR_WORDS = 50.0

_ANSI = {DELETE: "\x1b[31;9m", INSERT: "\x1b[32;4m"}  # red struck through; green underlined
_ANSI_RESET = "\x1b[0m"


@dataclass(frozen=True)
class Span:
    kind: str  # equal | delete | insert
    text: str
    # True for the pieces of a word changed character by character (the kept letters too).
    in_word: bool = False

    def to_dict(self) -> dict:
        return {"kind": self.kind, "text": self.text, "in_word": self.in_word}


def diff_spans(old: str, new: str, similar: float = SIMILAR_WORDS) -> list[Span]:
    """The spans that turn `old` into `new`.

    Joining the equal and delete spans gives `old` back, the equal and insert spans `new`."""
    from rapidfuzz.distance import Indel

    a, b = tokenize(old), tokenize(new)
    spans: list[Span] = []
    deleted: list[str] = []
    inserted: list[str] = []
    for tag, i1, i2, j1, j2 in Indel.opcodes(a, b):
        if tag != "equal":
            deleted += a[i1:i2]
            inserted += b[j1:j2]
            continue
        _changes(spans, deleted, inserted, similar)
        deleted, inserted = [], []
        _add(spans, Span(EQUAL, "".join(a[i1:i2])))
    _changes(spans, deleted, inserted, similar)
    return _grouped(spans)


def _changes(spans: list[Span], deleted: list[str], inserted: list[str], similar: float) -> None:
    """The tokens changed between two shared ones. Similar words at the start or the end of both
    runs ({+вопросы +}безопасност[-ь-]{+и+}) and, in runs of one length, pair by pair, change
    inside the word; the others are one deletion and one insertion."""
    head: list[Span] = []
    while deleted and inserted and (inner := _inside_word(deleted[0], inserted[0], similar)):
        head += inner
        deleted, inserted = deleted[1:], inserted[1:]
    tail: list[Span] = []
    while deleted and inserted and (inner := _inside_word(deleted[-1], inserted[-1], similar)):
        tail = inner + tail
        deleted, inserted = deleted[:-1], inserted[:-1]
    middle: list[Span] = []
    if len(deleted) == len(inserted):
        for old, new in zip(deleted, inserted, strict=True):
            middle += _inside_word(old, new, similar) or [Span(DELETE, old), Span(INSERT, new)]
    else:
        middle = [Span(DELETE, "".join(deleted)), Span(INSERT, "".join(inserted))]
    for span in head + middle + tail:
        _add(spans, span)


def _inside_word(old: str, new: str, similar: float) -> list[Span] | None:
    """The character spans of a changed word, or None when it reads better replaced whole."""
    from rapidfuzz.fuzz import ratio

    if not (_is_word(old) and _is_word(new)) or ratio(old, new) < similar:
        return None
    prefix = 0
    while prefix < min(len(old), len(new)) and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while (
        suffix < min(len(old), len(new)) - prefix
        and old[len(old) - 1 - suffix] == new[len(new) - 1 - suffix]
    ):
        suffix += 1
    removed, added = old[prefix : len(old) - suffix], new[prefix : len(new) - suffix]
    # One contiguous change that leaves more of the word than it touches (de[-r-]{+s+}); else
    # the reader would have to reassemble the word from fragments (t[-raf-]{+agt+}en).
    if prefix + suffix <= max(len(removed), len(added)):
        return None
    pieces = [
        Span(EQUAL, old[:prefix], True),
        Span(DELETE, removed, True),
        Span(INSERT, added, True),
        Span(EQUAL, old[len(old) - suffix :], True),
    ]
    return [p for p in pieces if p.text]


def _grouped(spans: list[Span]) -> list[Span]:
    """Neighbouring whole-word changes, also across the spaces between them, as one deletion
    and one insertion: [-in Minsk-]{+dort+}, not [-in -]{+dort+}[-Minsk-] or [-in-]{+dort+}
    [-Minsk-]."""
    result: list[Span] = []
    deleted: list[str] = []
    inserted: list[str] = []
    for index, span in enumerate(spans):
        if _whole_change(span):
            (deleted if span.kind == DELETE else inserted).append(span.text)
            continue
        following = spans[index + 1] if index + 1 < len(spans) else None
        if (deleted or inserted) and span.text.isspace() and _whole_change(following):
            deleted.append(span.text)
            inserted.append(span.text)
            continue
        _flush(result, "".join(deleted), "".join(inserted))
        deleted, inserted = [], []
        _add(result, span)
    _flush(result, "".join(deleted), "".join(inserted))
    return result


def _whole_change(span: Span | None) -> bool:
    return span is not None and span.kind != EQUAL and not span.in_word


def _flush(spans: list[Span], deleted: str, inserted: str) -> None:
    """One deletion and one insertion; whitespace both share at either end stays outside."""
    lead = 0
    while (
        lead < min(len(deleted), len(inserted))
        and deleted[lead] == inserted[lead]
        and deleted[lead].isspace()
    ):
        lead += 1
    trail = 0
    while (
        trail < min(len(deleted), len(inserted)) - lead
        and deleted[-1 - trail] == inserted[-1 - trail]
        and deleted[-1 - trail].isspace()
    ):
        trail += 1
    _add(spans, Span(EQUAL, deleted[:lead]))
    _add(spans, Span(DELETE, deleted[lead : len(deleted) - trail]))
    _add(spans, Span(INSERT, inserted[lead : len(inserted) - trail]))
    _add(spans, Span(EQUAL, deleted[len(deleted) - trail :]))


def _is_word(token: str) -> bool:
    # Numbers read better whole: [-2023-]{+2024+}, not 202[-3-]{+4+}.
    return any(c.isalpha() for c in token)


def _add(spans: list[Span], span: Span) -> None:
    if not span.text:
        return
    if spans and spans[-1].kind == span.kind and spans[-1].in_word == span.in_word:
        spans[-1] = Span(span.kind, spans[-1].text + span.text, span.in_word)
    else:
        spans.append(span)


def changed(spans: list[Span]) -> bool:
    return any(s.kind != EQUAL for s in spans)


def render_markers(spans: list[Span]) -> str:
    """Readable without colour: [-deleted-]{+inserted+}, as git's word diff writes it."""
    marks = {DELETE: "[-{}-]", INSERT: "{{+{}+}}", EQUAL: "{}"}
    return "".join(marks[kind].format(text) for kind, text in _runs(spans))


def render_ansi(spans: list[Span]) -> str:
    """For a terminal: deletions red and struck through, insertions green and underlined."""
    return "".join(
        text if kind == EQUAL else f"{_ANSI[kind]}{text}{_ANSI_RESET}"
        for kind, text in _runs(spans)
    )


def _runs(spans: list[Span]) -> list[tuple[str, str]]:
    # Sicherheit{+sfragen der Staaten+}: a letter change and a word change in one mark.
    runs: list[tuple[str, str]] = []
    for s in spans:
        if runs and runs[-1][0] == s.kind:
            runs[-1] = (s.kind, runs[-1][1] + s.text)
        else:
            runs.append((s.kind, s.text))
    return runs


def render_html(spans: list[Span]) -> str:
    """<del> and <ins> (class "in-word" inside a word), every text escaped."""
    parts = []
    for s in spans:
        text = html.escape(s.text, quote=False)
        if s.kind == EQUAL:
            parts.append(text)
            continue
        tag = "del" if s.kind == DELETE else "ins"
        attribute = ' class="in-word"' if s.in_word else ""
        parts.append(f"<{tag}{attribute}>{text}</{tag}>")
    return "".join(parts)
