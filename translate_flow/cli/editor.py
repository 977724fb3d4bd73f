"""The review screen's editor: one translation, wrapped at word boundaries, edited in place.

`TextEditor` is the editing model (text, cursor, undo) and `layout()` the word wrap, both pure so
they are tested without a terminal; `edit_in_terminal()` runs them as a full-screen
prompt_toolkit application with the source visible above the text.

Why a model of our own instead of prompt_toolkit's TextArea: its wrapping cuts words anywhere and
its Up/Down move between logical lines, so a sentence of 400 characters, which is one logical
line, could not be walked line by line, and a one-letter Russian preposition (в, с, к) could end a
line apart from its noun. Keys reach the model as names; the model never inserts a control
character (Ctrl-Z undoes instead of writing \\x1a).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

Fragments = list[tuple[str, str]]

_UNIT = re.compile(r"(\s*\S*)(\s*)")


def layout(text: str, width: int, first_width: int | None = None) -> list[tuple[int, int]]:
    """The visual lines of `text` at `width` columns, as (start, end) offsets into `text`.

    Lines break after whitespace, which hangs at the end of the line it follows, so every
    character (and every cursor position) belongs to one line. A word is cut only when it is
    longer than a whole line. Two typographic rules: a one-letter word (в, и, a) never ends a line
    while more text follows, it goes down with the next word; and a token of punctuation only
    (a full stop or a dash set apart) never starts a line, the word before it goes down with it.
    `first_width`: the first line's room, when it differs (a hanging indent after it).
    """
    width = max(width, 2)
    first_width = width if first_width is None else max(first_width, 2)
    at = columns(text)  # widths are counted in terminal columns: 🙂 and 会 take two
    units: list[tuple[int, int, int]] = []  # (start, end of the word, end with its spaces)
    for match in _UNIT.finditer(text):
        start, word_end, end = match.start(), match.end(1), match.end()
        if start == end:
            continue
        cut = min(width, first_width)
        while at[word_end] - at[start] > cut:  # a word longer than the line
            piece = start + 1
            while at[piece + 1] - at[start] <= cut:
                piece += 1
            units.append((start, piece, piece))
            start = piece
        units.append((start, word_end, end))
    lines: list[tuple[int, int]] = []
    i = 0
    while i < len(units):
        line_start = units[i][0]
        room = first_width if not lines else width
        j = i + 1
        while j < len(units) and at[units[j][1]] - at[line_start] <= room:
            j += 1
        if j < len(units):
            j = i + max(1, j - i - _moved_down(text, units, i, j))
        lines.append((line_start, units[j - 1][2]))
        i = j
    return lines or [(0, 0)]


def char_width(ch: str) -> int:
    """Terminal columns a character takes: two for wide East Asian characters and most emoji,
    none for combining marks and zero-width characters (joiners, variation selectors)."""
    if unicodedata.combining(ch) or ch in "\u200b\u200c\u200d\u200e\u200f\ufe0e\ufe0f":
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def columns(text: str) -> list[int]:
    """For each offset 0..len(text): the columns `text[:offset]` takes on a terminal."""
    result = [0]
    for ch in text:
        result.append(result[-1] + char_width(ch))
    return result


def _punctuation_only(word: str) -> bool:
    """A full stop, a dash, a closing quote set apart: punctuation and nothing else (an emoji is
    a symbol, and may start a line)."""
    return bool(word) and all(unicodedata.category(ch).startswith("P") for ch in word)


def _moved_down(text: str, units: list[tuple[int, int, int]], first: int, stop: int) -> int:
    """How many units of the line first..stop go down to the next line, which starts with
    units[stop]: the word before a lone punctuation mark, and one-letter words at the end."""
    word = text[units[stop][0] : units[stop][1]]
    back = 1 if _punctuation_only(word) else 0
    while stop - back - 1 > first:
        last = text[units[stop - back - 1][0] : units[stop - back - 1][1]]
        if len(last) != 1 or not last.isalpha():
            break
        back += 1
    return back


@dataclass
class TextEditor:
    """A text and a cursor, with undo. Every method is one key's effect."""

    text: str
    cursor: int = -1
    width: int = 78
    goal_column: int | None = None  # kept while moving Up/Down through short lines
    _undo: list[tuple[str, int]] = field(default_factory=list)
    _redo: list[tuple[str, int]] = field(default_factory=list)
    _typing: bool = False  # consecutive typed characters form one undo step

    def __post_init__(self) -> None:
        self.text = clean(self.text)
        if self.cursor < 0 or self.cursor > len(self.text):
            self.cursor = len(self.text)

    # -- changes ----------------------------------------------------------------------------

    def insert(self, typed: str) -> None:
        typed = clean(typed)
        if not typed:
            return
        self._change(typed_char=len(typed) == 1 and not typed.isspace())
        self.text = self.text[: self.cursor] + typed + self.text[self.cursor :]
        self.cursor += len(typed)

    def insert_word(self, word: str) -> None:
        """Insert `word` at the cursor as a word of its own: spaces added where it touches one."""
        before = self.text[: self.cursor]
        after = self.text[self.cursor :]
        lead = " " if before and not before[-1].isspace() else ""
        trail = " " if after and after[0].isalnum() else ""
        self.replace(self.cursor, self.cursor, lead + word + trail)
        self.cursor -= len(trail)

    def backspace(self) -> None:
        if self.cursor > 0:
            self._change()
            self.text = self.text[: self.cursor - 1] + self.text[self.cursor :]
            self.cursor -= 1

    def delete(self) -> None:
        if self.cursor < len(self.text):
            self._change()
            self.text = self.text[: self.cursor] + self.text[self.cursor + 1 :]

    def delete_word_before(self) -> None:
        start = self._word_left(self.cursor)
        if start < self.cursor:
            self._change()
            self.text = self.text[:start] + self.text[self.cursor :]
            self.cursor = start

    def delete_to_start(self) -> None:
        if self.cursor > 0:
            self._change()
            self.text = self.text[self.cursor :]
            self.cursor = 0

    def delete_to_end(self) -> None:
        if self.cursor < len(self.text):
            self._change()
            self.text = self.text[: self.cursor]

    def replace(self, start: int, end: int, new: str) -> None:
        """Replace text[start:end] (one undo step), leaving the cursor after the new text."""
        new = clean(new)
        self._change()
        self.text = self.text[:start] + new + self.text[end:]
        self.cursor = start + len(new)

    def undo(self) -> None:
        if self._undo:
            self._redo.append((self.text, self.cursor))
            self.text, self.cursor = self._undo.pop()
        self._typing = False

    def redo(self) -> None:
        if self._redo:
            self._undo.append((self.text, self.cursor))
            self.text, self.cursor = self._redo.pop()
        self._typing = False

    def _change(self, typed_char: bool = False) -> None:
        if not (typed_char and self._typing):
            self._undo.append((self.text, self.cursor))
        self._redo.clear()
        self._typing = typed_char
        self.goal_column = None

    # -- movement ---------------------------------------------------------------------------

    def left(self) -> None:
        self._move(max(0, self.cursor - 1))

    def right(self) -> None:
        self._move(min(len(self.text), self.cursor + 1))

    def word_left(self) -> None:
        self._move(self._word_left(self.cursor))

    def word_right(self) -> None:
        pos = self.cursor
        while pos < len(self.text) and not self.text[pos].isalnum():
            pos += 1
        while pos < len(self.text) and self.text[pos].isalnum():
            pos += 1
        self._move(pos)

    def home(self) -> None:
        self._move(self.lines()[self.row()][0])

    def end(self) -> None:
        row = self.row()
        start, end = self.lines()[row]
        last = row == len(self.lines()) - 1
        # On a wrapped line End stops before the hanging space, so typing goes on the line.
        while not last and end > start and self.text[end - 1].isspace():
            end -= 1
        self._move(end)

    def text_start(self) -> None:
        self._move(0)

    def text_end(self) -> None:
        self._move(len(self.text))

    def up(self) -> None:
        self._vertical(-1)

    def down(self) -> None:
        self._vertical(1)

    def _vertical(self, step: int) -> None:
        lines, row = self.lines(), self.row()
        column = self.cursor - lines[row][0]
        goal = column if self.goal_column is None else self.goal_column
        target = row + step
        if target < 0:
            self._move(0)
            return
        if target >= len(lines):
            self._move(len(self.text))
            return
        start, end = lines[target]
        last = target == len(lines) - 1
        # The last position of a wrapped line is the next line's first: stay one before it.
        limit = end if last else max(start, end - 1)
        self.cursor = min(start + goal, limit)
        self.goal_column = goal
        self._typing = False

    def _move(self, position: int) -> None:
        self.cursor = position
        self.goal_column = None
        self._typing = False

    def _word_left(self, pos: int) -> int:
        while pos > 0 and not self.text[pos - 1].isalnum():
            pos -= 1
        while pos > 0 and self.text[pos - 1].isalnum():
            pos -= 1
        return pos

    # -- reading ----------------------------------------------------------------------------

    def lines(self) -> list[tuple[int, int]]:
        return layout(self.text, self.width)

    def row(self) -> int:
        """The visual line of the cursor; at a wrap point the cursor belongs to the next line."""
        lines = self.lines()
        for index, (start, end) in enumerate(lines):
            if start <= self.cursor < end:
                return index
        return len(lines) - 1

    def cursor_xy(self) -> tuple[int, int]:
        row = self.row()
        return self.cursor - self.lines()[row][0], row


def clean(text: str) -> str:
    """The text without control characters: line breaks and tabs become spaces, the rest (Ctrl-Z's
    \\x1a, escape codes' ESC) is dropped. A translation is one line of printable text."""
    out = []
    for ch in text:
        if ch in "\t\n\r":
            out.append(" ")
        elif unicodedata.category(ch) != "Cc":
            out.append(ch)
    return "".join(out)


# -- the terminal -----------------------------------------------------------------------------

EDITOR_KEYS = "Enter save  Esc cancel  ^Z undo  ^Y redo  ↑↓ lines  ^←→ words  PgUp/PgDn source"
SHORT_EDITOR_KEYS = "Enter save Esc cancel ^Z undo ↑↓ ^←→ PgUp/Dn source"


def edit_in_terminal(
    text: str,
    *,
    header: str,
    context,
    label: str,
    message: str = "",
    cursor: int | None = None,
    offer: str | None = None,
    style=None,
) -> str | None:
    """Edit `text` full-screen; the edited text on Enter, None on Esc or Ctrl-C.

    `offer`: a term Ctrl-T puts at the cursor (a missing glossary term, in its form).
    `context(width)` gives the wrapped lines shown above the editor (the source, the reason a
    segment came back); they scroll with PgUp/PgDn when they need more than their share.
    """
    from prompt_toolkit.application import Application, get_app
    from prompt_toolkit.data_structures import Point
    from prompt_toolkit.key_binding import KeyBindings
    from prompt_toolkit.keys import Keys
    from prompt_toolkit.layout import HSplit, Layout, Window
    from prompt_toolkit.layout.controls import FormattedTextControl
    from prompt_toolkit.layout.dimension import Dimension

    editor = TextEditor(text, -1 if cursor is None else cursor)
    state = {"scroll": 0}

    def columns() -> int:
        return get_app().output.get_size().columns

    def context_lines() -> list[Fragments]:
        return context(columns())

    def heights() -> tuple[int, int]:
        """Rows for the context and for the editor: each gets what it needs while both fit,
        else the editor keeps at least a third of the room and the context scrolls."""
        room = max(2, get_app().output.get_size().rows - 4)
        editor.width = max(10, columns() - 1)
        wanted_context, wanted_editor = len(context_lines()), len(editor.lines())
        if wanted_context + wanted_editor <= room:
            return wanted_context, room - wanted_context
        context_rows = max(1, min(wanted_context, room - min(wanted_editor, room // 3)))
        return context_rows, room - context_rows

    def context_fragments() -> Fragments:
        lines = context_lines()
        rows = heights()[0]
        state["scroll"] = max(0, min(state["scroll"], len(lines) - rows))
        shown = lines[state["scroll"] : state["scroll"] + rows]
        if state["scroll"] + rows < len(lines):
            shown = shown[:-1] + [[("class:dim", "  … PgDn shows more of the source")]]
        return _joined(shown)

    def editor_fragments() -> Fragments:
        heights()  # sets the editor's width for this terminal
        lines = [[("", editor.text[s:e])] for s, e in editor.lines()]
        return _joined(lines)

    def cursor_position() -> Point:
        x, y = editor.cursor_xy()
        return Point(x=min(x, editor.width), y=y)

    def footer() -> Fragments:
        keys = EDITOR_KEYS if columns() >= len(EDITOR_KEYS) else SHORT_EDITOR_KEYS
        return [("class:message", message[: columns()]), ("", "\n"), ("class:keys", keys)]

    bindings = KeyBindings()
    moves = {
        "left": editor.left,
        "right": editor.right,
        "up": editor.up,
        "down": editor.down,
        "home": editor.home,
        "end": editor.end,
        "c-left": editor.word_left,
        "c-right": editor.word_right,
        "c-home": editor.text_start,
        "c-end": editor.text_end,
        "c-a": editor.home,
        "c-e": editor.end,
        "backspace": editor.backspace,
        "delete": editor.delete,
        "c-w": editor.delete_word_before,
        "c-u": editor.delete_to_start,
        "c-k": editor.delete_to_end,
        "c-z": editor.undo,
        "c-y": editor.redo,
    }
    for key, action in moves.items():
        bindings.add(key)(lambda event, action=action: action())

    @bindings.add("enter")
    def _save(event) -> None:
        event.app.exit(result=editor.text)

    @bindings.add("escape", eager=True)
    @bindings.add("c-c")
    def _cancel(event) -> None:
        event.app.exit(result=None)

    @bindings.add("c-t")
    def _offer(event) -> None:
        if offer:
            editor.insert_word(offer)

    @bindings.add("pageup")
    def _source_up(event) -> None:
        state["scroll"] = max(0, state["scroll"] - max(1, heights()[0] - 1))

    @bindings.add("pagedown")
    def _source_down(event) -> None:
        state["scroll"] += max(1, heights()[0] - 1)

    @bindings.add(Keys.BracketedPaste)
    def _paste(event) -> None:
        editor.insert(event.data)

    @bindings.add(Keys.Any)
    def _type(event) -> None:
        editor.insert(event.data)  # clean() drops whatever control key is not bound

    def header_line() -> Fragments:
        return [("class:header", header[: columns()].ljust(columns()))]

    def label_line() -> Fragments:
        return [("class:label", f"── {label} ".ljust(columns(), "─"))]

    root = HSplit(
        [
            Window(FormattedTextControl(header_line), height=1),
            Window(
                FormattedTextControl(context_fragments),
                height=lambda: Dimension.exact(heights()[0]),
            ),
            Window(FormattedTextControl(label_line), height=1),
            Window(
                FormattedTextControl(
                    editor_fragments,
                    focusable=True,
                    show_cursor=True,
                    get_cursor_position=cursor_position,
                ),
                height=lambda: Dimension.exact(heights()[1]),
            ),
            Window(FormattedTextControl(footer), height=2),
        ]
    )
    app: Application = Application(
        layout=Layout(root), key_bindings=bindings, full_screen=True, style=style
    )
    app.ttimeoutlen = 0.05  # a lone Esc cancels at once
    return app.run()


def _joined(lines: list[Fragments]) -> Fragments:
    fragments: Fragments = []
    for index, line in enumerate(lines):
        if index:
            fragments.append(("", "\n"))
        fragments += line
    return fragments
