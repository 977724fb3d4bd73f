"""Placeholders written back as XLIFF inline elements, for our own XLIFF export.

A segment's text holds its codes as placeholders (formats/inline.py): `<1>…</1>` around text,
`<2/>` alone. Our export has no original markup to copy, so each placeholder becomes the generic
element of the version, chosen from the placeholders alone:
- `<n/>`: 1.2 `<x id="n"/>`, 2.0 `<ph id="n"/>` (a code standing alone; 1.2's `<ph>` would need
  native code we do not have);
- `<n>…</n>` properly nested in the source and in the target: 1.2 `<g id="n">`, 2.0
  `<pc id="n">` around the words;
- a pair that is not (one half missing, or crossing another pair, in either text): 1.2
  `<bx id="n" rid="n"/>` … `<ex id="n" rid="n"/>`, 2.0 `<sc id="n"/>` … `<ec startRef="n"/>`; a
  half without its partner in the same text is 1.2 `<bx id="n"/>` or `<ex id="n"/>`, 2.0
  `<sc id="n" isolated="yes"/>` or `<ec id="n" isolated="yes"/>`.
The kind is decided for source and target together: the reader keys a code by its kind and id,
so a `<g>` in the source and a `<bx>` in the target would no longer be the same code. Read back,
the elements give the same placeholders, numbered in the order the source shows them.
"""

from __future__ import annotations

import re
from typing import Any

from translate_flow.formats.inline import PLACEHOLDER

_SPLIT = re.compile(f"({PLACEHOLDER.pattern})")
_TOKEN = re.compile(r"<(/?)(\d+)(/?)>")


def enclosing_codes(*texts: str | None) -> set[str]:
    """The numbers of the pairs that are properly nested in every text they occur in."""
    good: set[str] = set()
    bad: set[str] = set()
    for text in texts:
        if not text:
            continue
        stack: list[str] = []
        seen: set[str] = set()
        for closing, number, alone in _TOKEN.findall(text):
            if alone:
                continue
            if not closing:
                if number in seen:
                    bad.add(number)
                seen.add(number)
                stack.append(number)
            elif stack and stack[-1] == number:
                stack.pop()
                good.add(number)
            else:
                bad.add(number)
        bad.update(stack)
    return good - bad


def write_inline(element: Any, text: str, enclosing: set[str], version: str) -> None:
    """Set the content of `element` (a <source> or <target>) to `text` with its placeholders as
    inline elements of XLIFF `version` ("1.2" or "2.0"). Raises ValueError for text XML cannot
    carry (a control character), as lxml does."""
    namespace = element.tag[1:].split("}", 1)[0] if element.tag.startswith("{") else ""

    def make(parent: Any, local: str, **attrib: str) -> Any:
        child = parent.makeelement(f"{{{namespace}}}{local}" if namespace else local, attrib)
        parent.append(child)
        return child

    tokens = _TOKEN.findall(text)
    opened = {n for closing, n, alone in tokens if not closing and not alone}
    closed = {n for closing, n, alone in tokens if closing}
    stack = [element]
    last: Any = None  # the element whose tail the next words go into (None: the container's text)
    for piece in _SPLIT.split(text):
        if not piece:
            continue
        token = _TOKEN.fullmatch(piece)
        if token is None:
            if last is None:
                stack[-1].text = (stack[-1].text or "") + piece
            else:
                last.tail = (last.tail or "") + piece
            continue
        closing, number, alone = token.groups()
        if alone:
            last = make(stack[-1], "x" if version == "1.2" else "ph", id=number)
        elif number in enclosing and not closing:
            stack.append(make(stack[-1], "g" if version == "1.2" else "pc", id=number))
            last = None
        elif number in enclosing:
            last = stack.pop()
        elif version == "1.2":
            # The 1.2 schema wants an <ex rid> to name a <bx> of the same text; a lone half
            # goes by its id alone, which the reader pairs just the same.
            paired = {"rid": number} if number in opened and number in closed else {}
            last = make(stack[-1], "ex" if closing else "bx", id=number, **paired)
        elif not closing:
            attrib = {"id": number} | ({} if number in closed else {"isolated": "yes"})
            last = make(stack[-1], "sc", **attrib)
        elif number in opened:
            last = make(stack[-1], "ec", startRef=number)
        else:
            last = make(stack[-1], "ec", id=number, isolated="yes")
