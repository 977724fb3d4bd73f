"""Which characters a text may hold, and what happens to the others: the one rule for all of them.

Articles, translations, comments and glossary terms are words people read. Control characters
have no place in them and do harm: NUL breaks PostgreSQL and C tools, ESC sequences re-colour or
rewrite a translator's terminal (an engine's answer can carry them), Ctrl-Z typed on the review
screen ends up as \\x1a in a saved translation and makes the DOCX export fail, and the bidi
overrides (U+202A-U+202E, U+2066-U+2069) make a text display in an order other than the one it
is stored in ("Trojan source"). So:

- people's input (ingest, segment edit, comments, terms) with one is refused (`refuse_controls`);
- an engine's answer has them removed, and the translation gets a finding (`strip_controls`);
- the `control-characters` QA check flags any in data stored before this rule;
- text printed to a terminal shows them as visible marks (`for_terminal`), never raw.

Tab and line feed are ordinary whitespace and allowed. Everything else below U+0020, DEL, the C1
range U+0080-U+009F, the bidi embeddings, overrides and isolates, and the noncharacters U+FFFE and
U+FFFF (valid UTF-8, but no XML document may hold them: DOCX, XLIFF and TMX exports would fail)
are "controls" here.
"""

from __future__ import annotations

import re
import unicodedata

from translate_flow.errors import InputError

_C0 = "\x00-\x08\x0b-\x1f\x7f"
_C1 = "\x80-\x9f"
_BIDI = "\u202a-\u202e\u2066-\u2069"
_NONCHARACTERS = "\ufffe\uffff"
CONTROL = re.compile(f"[{_C0}{_C1}{_BIDI}{_NONCHARACTERS}]")
# A whole terminal escape sequence is removed, not only its ESC: "\x1b[31m" must not leave
# "[31m" in a translation. CSI (ESC [ or the C1 CSI), OSC (ESC ] up to BEL or ESC \) and the
# two-character escapes.
_ESCAPE_SEQUENCE = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]"
    r"|(?:\x1b\]|\x9d)[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[@-Z\\^_]"
)
_NAMES = {
    "\x00": "NUL",
    "\x07": "BEL",
    "\x08": "backspace",
    "\x0b": "vertical tab",
    "\x0c": "form feed",
    "\x0d": "carriage return",
    "\x1a": "Ctrl-Z",
    "\x1b": "ESC",
    "\x7f": "DEL",
    "\ufffe": "noncharacter",
    "\uffff": "noncharacter",
}


def describe(char: str) -> str:
    """'U+001B (ESC)', 'U+202E (RIGHT-TO-LEFT OVERRIDE)'."""
    name = _NAMES.get(char) or unicodedata.name(char, "control character")
    return f"U+{ord(char):04X} ({name})"


_LINE_BREAKS = re.compile(r"[ \t]*[\r\n\u2028\u2029]\s*")


def one_line(text: str) -> str:
    """A segment's translation is one run of text: a line break typed or pasted into it (an
    edit, a target in an imported XLIFF or PO file) becomes a space, as in the review screen's
    editor (exports join segments into paragraphs, and a break inside one would start a
    paragraph the source has not got)."""
    return _LINE_BREAKS.sub(" ", text.strip())


def refuse_controls(text: str, what: str) -> str:
    """Return `text`, or raise InputError naming `what` when it holds a control character.

    `what` says where the text came from: "the translation", "news.txt paragraph 3",
    "concept 'cis': the de term".
    """
    found = CONTROL.search(text)
    if found is not None:
        raise InputError(
            f"{what} contains the control character {describe(found.group())} at character "
            f"{found.start() + 1}; remove it (tab and line break are the only ones allowed)"
        )
    return text


def strip_controls(text: str) -> tuple[str, list[str]]:
    """`text` without escape sequences and control characters, and what was removed."""
    removed: list[str] = []

    def remove(match: re.Match[str]) -> str:
        removed.append(match.group())
        return ""

    cleaned = CONTROL.sub(remove, _ESCAPE_SEQUENCE.sub(remove, text))
    return cleaned, removed


def for_terminal(text: str) -> str:
    """`text` safe to print: every control shown as a visible mark (␛ for ESC, ⟨U+202E⟩ for a
    bidi override), so stored garbage is seen and never acted on by the terminal."""
    return CONTROL.sub(_visible, text)


def _visible(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)  # the Control Pictures block: ␀ ␛ ␚
    if code == 0x7F:
        return "\u2421"  # ␡
    return f"⟨U+{code:04X}⟩"
