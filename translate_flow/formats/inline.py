"""Inline codes of XLIFF and TMX as numbered placeholders in a segment's text.

A CAT tool wraps the formatting of the original document in inline elements: XLIFF 1.x `<g>`,
`<x/>`, `<bx/>`/`<ex/>`, `<bpt>`/`<ept>`, `<ph>`, `<it>`, `<mrk>`; XLIFF 2.0 `<pc>`, `<ph/>`,
`<sc/>`/`<ec/>`, `<mrk>`; TMX `<bpt>`/`<ept>`, `<ph>`, `<it>`, `<hi>`. They are not words to
translate, but a translation that loses one breaks the document it goes back into. So each code
becomes a placeholder in the text, written the way Okapi's generic inline format shows them: `<1>`
and `</1>` around text a paired code encloses, `<2/>` for a code that stands alone. The number is
the code's position among the unit's codes in the source; the target reuses the source's number for
the same code (same kind and id), so a translator may move a code but the check `tags` can tell
when one is missing or added. Native code inside `<bpt>` & co. (`&lt;b&gt;`) is not shown.
"""

from __future__ import annotations

import re
from typing import Any

PLACEHOLDER = re.compile(r"</?\d+/?>")

# Codes that enclose text (`<g>Minsk</g>`), shown as <n>…</n>.
_ENCLOSING = frozenset({"g", "pc", "mrk", "hi"})
# The two halves of a code split in two elements, shown as <n> and </n>. Each half names the other
# through rid (XLIFF 1.2), i (TMX), startRef (XLIFF 2.0 <ec>) or, failing those, the same id.
_OPENING = frozenset({"bpt", "bx", "sc"})
_CLOSING = frozenset({"ept", "ex", "ec"})
# Codes that stand alone, shown as <n/>.
_STANDALONE = frozenset({"x", "ph", "it", "ut", "cp"})
# Text that belongs to a code, not to the sentence: XLIFF 1.2/TMX <sub> is inside a code.
_SKIPPED = frozenset({"sub"})


class CodeNumbers:
    """The placeholder numbers of one unit: the source numbers its codes, the target reuses them."""

    def __init__(self) -> None:
        self._numbers: dict[tuple[str, str], int] = {}

    def number(self, key: tuple[str, str]) -> int:
        if key not in self._numbers:
            self._numbers[key] = len(self._numbers) + 1
        return self._numbers[key]


def inline_text(
    element: Any,
    numbers: CodeNumbers,
    *,
    transparent: frozenset[str] = frozenset(),
    codes: dict[str, Any] | None = None,
) -> str:
    """The text of `element` (None: no text) with its inline codes as placeholders.

    `transparent` names elements whose content is plain text of the segment although they are
    inline elements, e.g. the `<mrk mtype="seg">` with which Trados marks its segments.
    `codes`, if given, receives each placeholder's element ("<1>" and "</1>" of a <g> are both
    the <g>), for writing a target back (formats/original.py).
    """
    if element is None:
        return ""
    seen: dict[str, int] = {}
    parts: list[str] = [element.text or ""]
    _children(element, numbers, transparent, seen, parts, {} if codes is None else codes)
    return "".join(parts)


def placeholders(text: str) -> list[str]:
    """The placeholders of a text in order, e.g. ["<1>", "</1>", "<2/>"]."""
    return PLACEHOLDER.findall(text)


def without_placeholders(text: str) -> str:
    """The text a reader sees: placeholders removed, spaces around them left as they are."""
    return PLACEHOLDER.sub("", text)


def _children(
    element: Any,
    numbers: CodeNumbers,
    transparent: frozenset[str],
    seen: dict[str, int],
    parts: list[str],
    codes: dict[str, Any],
) -> None:
    for child in element:
        if not isinstance(child.tag, str):  # a comment or processing instruction
            parts.append(child.tail or "")
            continue
        local = child.tag.rsplit("}", 1)[-1]
        if _is_transparent(child, local, transparent):
            parts.append(child.text or "")
            _children(child, numbers, transparent, seen, parts, codes)
        elif local in _ENCLOSING:
            n = numbers.number((local, _code_id(child, local, seen)))
            codes[f"<{n}>"] = codes[f"</{n}>"] = child
            parts.append(f"<{n}>{child.text or ''}")
            _children(child, numbers, transparent, seen, parts, codes)
            parts.append(f"</{n}>")
        elif local in _OPENING or local in _CLOSING:
            n = numbers.number(("pair", _pair_id(child, local, seen)))
            token = f"<{n}>" if local in _OPENING else f"</{n}>"
            codes[token] = child
            parts.append(token)
        elif local in _STANDALONE:
            n = numbers.number((local, _code_id(child, local, seen)))
            codes[f"<{n}/>"] = child
            parts.append(f"<{n}/>")
        elif local not in _SKIPPED:
            # An element we do not know (a tool's extension): its text is the sentence's.
            parts.append(child.text or "")
            _children(child, numbers, transparent, seen, parts, codes)
        parts.append(child.tail or "")


def _is_transparent(child: Any, local: str, transparent: frozenset[str]) -> bool:
    if local != "mrk":
        return local in transparent
    return f"mrk:{child.get('mtype', '')}" in transparent


def _code_id(child: Any, local: str, seen: dict[str, int]) -> str:
    code_id = child.get("id") or child.get("x")
    if code_id:
        return code_id
    # A code without an id (TMX <ph>, <hi>): the n-th of its kind in the source and the target.
    seen[local] = seen.get(local, 0) + 1
    return f"#{seen[local]}"


def _pair_id(child: Any, local: str, seen: dict[str, int]) -> str:
    for attribute in ("rid", "i", "startRef" if local == "ec" else ""):
        if attribute and child.get(attribute):
            return child.get(attribute)
    return _code_id(child, "pair-open" if local in _OPENING else "pair-close", seen)
