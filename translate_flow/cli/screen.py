"""`translate-flow review`: the translator's review screen, one segment and one key at a time.

The state and the actions live in services.review_screen; this module draws it (render() is a
pure function of the screen state and the terminal size) and reads keys. prompt_toolkit is
imported inside the command so `--help` stays fast.
"""

from __future__ import annotations

import click

from translate_flow.cli.app import App, fail, parse_id, pass_app
from translate_flow.errors import TranslateFlowError

KEYS = "a accept e edit E $EDITOR f fix d dismiss r engine 1-3 TM c s skip ? help q quit"
SHORT_KEYS = "a e E f d r 1-3 c s b ? q quit"
# Every key of the screen, for `?` (and the README's table says the same).
HELP = [
    ("a", "accept the translation and go on"),
    ("e", "edit here: the source stays above the text (editor keys below)"),
    ("E", "edit in $EDITOR; the source comes as # comment lines, dropped on saving"),
    ("f", "fix a term: replace a deprecated one, place a missing one (Enter confirms)"),
    ("r", "retranslate with an engine (Enter: the one used last); Enter keeps it"),
    ("1 2 3", "use translation-memory match 1, 2 or 3 (saved as memory output)"),
    ("c", "comment on the segment"),
    ("d", "dismiss a finding that is wrong here, with the reason (shown greyed)"),
    ("s", "skip to the next segment"),
    ("b", "back to the segment before"),
    ("?", "this help"),
    ("q", "quit (the segment on screen is given back)"),
    ("editor", "Enter save · Esc cancel · ^Z undo · ^Y redo · ↑↓ wrapped lines · Home End"),
    ("editor", "^←/^→ words · ^W ^U ^K delete · ^T put the term · PgUp/PgDn scroll the source"),
]
STYLE = {
    "header": "reverse bold",
    "label": "bold",
    "term": "fg:ansicyan underline",
    "deprecated": "fg:ansired underline",
    "del": "fg:ansired",
    "ins": "fg:ansigreen",
    "error": "fg:ansired bold",
    "warning": "fg:ansiyellow",
    "dim": "fg:ansibrightblack",
    "keys": "reverse",
    "message": "fg:ansiyellow bold",
}

Fragments = list[tuple[str, str]]


# -- drawing (pure) ---------------------------------------------------------------------------


def _styled_spans(text: str, spans: list[tuple[int, int, str]]) -> Fragments:
    fragments, pos = [], 0
    for start, end, style in sorted(spans):
        if start < pos:
            continue  # overlapping hits: the first one wins
        fragments += [("", text[pos:start]), (style, text[start:end])]
        pos = end
    fragments.append(("", text[pos:]))
    return [f for f in fragments if f[1]]


def wrap(fragments: Fragments, width: int, indent: int = 0) -> list[Fragments]:
    """Wrap styled text to `width` columns at spaces; continuation lines get `indent` spaces."""
    import re

    lines: list[Fragments] = [[]]
    used, fresh = 0, True  # fresh: nothing on the line yet but the indent

    def new_line() -> None:
        nonlocal used, fresh
        lines.append([("", " " * indent)] if indent else [])
        used, fresh = indent, True

    for style, text in fragments:
        for piece in re.findall(r"\s+|\S+", text.replace("\n", " ")):
            if piece.isspace():
                if not fresh and used + len(piece) < width:
                    lines[-1].append((style, piece))
                    used += len(piece)
                continue
            while piece:
                room = width - used
                if len(piece) <= room:
                    lines[-1].append((style, piece))
                    used, fresh = used + len(piece), False
                    break
                if not fresh and len(piece) <= width - indent:
                    new_line()
                    continue
                lines[-1].append((style, piece[:room]))  # a word longer than the line
                piece = piece[room:]
                new_line()
    return lines


def _truncate(line: Fragments, width: int) -> Fragments:
    out, used = [], 0
    for style, text in line:
        if used + len(text) > width:
            out.append((style, text[: max(0, width - used - 1)] + "…"))
            return out
        out.append((style, text))
        used += len(text)
    return out


def _line_text(line: Fragments) -> str:
    return "".join(text for _, text in line)


def _sections(view, width: int) -> list[tuple[str, list[Fragments]]]:
    """(name, wrapped lines) of every part of the segment view, most important first."""
    data = view.data
    deprecated = [
        (f["span"][0], f["span"][1], "class:deprecated")
        for f in data["findings"]
        if f["span"] and f["side"] == "target" and f["kind"] == "deprecated"
    ]
    target_spans = deprecated + [
        (s, e, "class:term")
        for s, e, _ in view.target_terms
        if not any(s < de and e > ds for ds, de, _ in deprecated)
    ]
    source = [("class:label", f"{data['source_lang']}  ")] + _styled_spans(
        data["source"], [(s, e, "class:term") for s, e, _ in view.source_terms]
    )
    if view.target:
        target = [("class:label", f"{data['lang']}  ")] + _styled_spans(view.target, target_spans)
    else:
        reason = f": {data['mt_error']}" if data["mt_error"] else ""
        target = [("class:label", f"{data['lang']}  "), ("class:dim", f"(no translation{reason})")]
    sections = [("source", wrap(source, width, 4))]
    if view.returned:
        sections.insert(0, ("returned", returned_lines(view, width)))
    if view.source_diff:
        sections.append(
            ("source diff", wrap(_diff_fragments("source was", view.source_diff), width, 4))
        )
    sections.append(("target", wrap(target, width, 4)))

    findings: list[Fragments] = []
    for f in data["findings"]:
        suggested = [w for w in f["suggestions"] if w not in f["message"]]
        hint = f" → {', '.join(suggested)}" if suggested else ""
        style = "class:error" if f["severity"] == "error" else "class:warning"
        findings += wrap(
            [(style, f"! {f['check']}: "), ("", f["message"]), ("class:ins", hint)], width, 4
        )
    for f in data.get("dismissed_findings", []):
        why = f"dismissed by {f['dismissed_by']}: {f['dismissed_reason']}"
        findings += wrap([("class:dim", f"- {f['check']}: {f['message']} ({why})")], width, 4)
    sections.append(("findings", findings))

    if view.diff:
        sections.append(("diff", wrap(_diff_fragments(view.diff_label, view.diff), width, 4)))

    memory: list[Fragments] = []
    for number, m in enumerate(view.matches, 1):
        memory.append(
            _truncate(
                [("class:label", f"{number} TM {m.score:3.0f}%  "), ("class:dim", m.source)], width
            )
        )
        memory.append(_truncate([("", " " * 11), ("", m.target)], width))
    sections.append(("memory", memory))
    return sections


def _diff_fragments(label: str, ops) -> Fragments:
    diff: Fragments = [("class:dim", f"{label}: ")]
    for op in ops:
        if op.tag == "equal":
            diff.append(("", op.new))
            continue
        if op.old:
            diff.append(("class:del", f"[-{op.old}-]"))
        if op.new:
            diff.append(("class:ins", f"{{+{op.new}+}}"))
    return diff


def returned_lines(view, width: int) -> list[Fragments]:
    """Who sent the segment back and why, then the comments since."""
    rejection, *comments = view.returned
    role = f" ({rejection['role']})" if rejection["role"] else ""
    lines = wrap(
        [
            ("class:error", f"sent back by {rejection['author'] or '?'}{role}: "),
            ("", rejection["comment"] or "(no reason given)"),
        ],
        width,
        4,
    )
    for comment in comments:
        lines += wrap(
            [("class:label", f"  {comment['author'] or '?'}: "), ("", comment["comment"])], width, 4
        )
    return lines


def editor_context(view, width: int) -> list[Fragments]:
    """What the editor shows above the translation: why the segment came back, the source with
    its terms (and how it changed), and the open findings in one line each."""
    sections = dict(_sections(view, width))
    lines = list(sections.get("returned", [])) + list(sections["source"])
    lines += sections.get("source diff", [])
    for line in sections["findings"]:
        lines.append(_truncate(line, width))
    return lines


def _fit(sections: list[tuple[str, list[Fragments]]], rows: int, width: int) -> list[Fragments]:
    """Give each section at least one line, then the rest in order; cut sections end in …"""
    budget = {name: min(1, len(lines)) for name, lines in sections}
    left = rows - sum(budget.values())
    for name, lines in sections:
        extra = min(left, len(lines) - budget[name])
        budget[name] += max(0, extra)
        left -= max(0, extra)
    out: list[Fragments] = []
    for name, lines in sections:
        shown = lines[: budget[name]]
        if shown and len(shown) < len(lines):
            shown[-1] = _truncate(shown[-1] + [("", " " * width)], width)
        out += shown
        if left > 0 and shown and name != sections[-1][0]:
            out.append([])  # a blank line between parts while there is room
            left -= 1
    return out


def render_help(width: int, height: int) -> list[Fragments]:
    """The `?` screen: every key and what it does."""
    lines: list[Fragments] = [[("class:header", " review: keys ".ljust(width))], []]
    for key, what in HELP:
        lines += wrap([("class:label", f"{key:<7}  "), ("", what)], width, 9)
    lines = [_truncate(line, width) for line in lines[: height - 1]]
    lines += [[]] * max(0, height - 1 - len(lines))
    return lines + [[("class:keys", "any key goes back"[:width])]]


def render(screen, width: int, height: int) -> list[Fragments]:
    """The screen as lines of (style, text) fragments, at most `height` lines of `width` columns."""
    width = max(width, 20)
    view = screen.current
    keys = KEYS if width >= len(KEYS) else SHORT_KEYS
    message_style = "class:error" if screen.error else "class:message"
    footer = wrap([(message_style, screen.message)], width, 2)[:2]
    footer[-1:] = [_truncate(footer[-1], width)] if footer[-1] else [[]]
    footer.append([("class:keys", keys[:width])])
    if view is None:
        done = ", ".join(f"{n} {what}" for what, n in sorted(screen.done.items()))
        body = [[("class:header", " review ".ljust(width))], [], [("", done or "nothing done yet")]]
        return body + [[]] * max(0, height - len(body) - 2) + footer
    entry, data = view.entry, view.data
    header = f" segment {view.index} of {view.total} · article {entry['article']}: {data['title']}"
    where = f" {data['source_lang']}→{data['lang']} · {data['status']} "
    room = width - len(where)
    if len(header) > room:
        header = header[: max(0, room - 1)] + "…"
    header_line = [("class:header", header.ljust(room) + where)]
    body = _fit(_sections(view, width), height - 1 - len(footer), width)
    padding = [[]] * max(0, height - 1 - len(body) - len(footer))
    return [header_line] + body + padding + footer


# -- terminal ---------------------------------------------------------------------------------


class Terminal:
    """Drawing with prompt_toolkit and reading single keys from a real terminal."""

    def __init__(self) -> None:
        from prompt_toolkit.styles import Style

        self.style = Style.from_dict(STYLE)
        self.pending: list[str] = []
        self.last_engine = ""  # `r` then Enter asks the engine used last

    def size(self) -> tuple[int, int]:
        import shutil

        columns, lines = shutil.get_terminal_size()
        return columns, lines

    def draw(self, screen, reserve: int = 0, lines: list[Fragments] | None = None) -> None:
        import sys

        from prompt_toolkit import print_formatted_text
        from prompt_toolkit.formatted_text import FormattedText

        width, height = self.size()
        if lines is None:
            lines = render(screen, width, height - reserve)
        fragments: Fragments = []
        for i, line in enumerate(lines):
            fragments += line
            if i < len(lines) - 1:
                fragments.append(("", "\n"))
        sys.stdout.write("\x1b[H\x1b[2J")
        sys.stdout.flush()
        print_formatted_text(FormattedText(fragments), style=self.style, end="")
        if reserve:
            print_formatted_text("")

    def key(self) -> str:
        """The next key pressed. Keys typed faster than the screen answers arrive together in
        one read; they wait in `pending`, so "ss" skips twice. Escape sequences (arrows, function
        keys) mean nothing on this screen and are dropped whole."""
        if not self.pending:
            import os
            import sys
            import termios
            import tty

            fd = sys.stdin.fileno()
            saved = termios.tcgetattr(fd)
            try:
                tty.setcbreak(fd)
                data = os.read(fd, 1024).decode("utf-8", "replace")
            finally:
                termios.tcsetattr(fd, termios.TCSADRAIN, saved)
            self.pending.extend(keys_of(data))
        return self.pending.pop(0) if self.pending else ""

    def ask(self, message: str, default: str = "", words: list[str] | None = None) -> str | None:
        """A line of input with prompt_toolkit; None when the translator cancels (Ctrl-C)."""
        from prompt_toolkit import prompt
        from prompt_toolkit.completion import WordCompleter

        completer = WordCompleter(words) if words else None
        try:
            return prompt(message, default=default, completer=completer)
        except (KeyboardInterrupt, EOFError):
            return None

    def edit(
        self,
        screen,
        text: str,
        message: str = "",
        cursor: int | None = None,
        offer: str | None = None,
    ) -> str | None:
        """The full-screen editor with the segment's source above the translation."""
        from translate_flow.cli.editor import edit_in_terminal

        view = screen.current
        return edit_in_terminal(
            text,
            header=f" edit segment {view.entry['segment']} · {view.data['source_lang']}→"
            f"{view.data['lang']} · {view.data['status']} ",
            context=lambda width: editor_context(view, width),
            label=f"translation ({view.data['lang']})",
            message=message,
            cursor=cursor,
            offer=offer,
            style=self.style,
        )

    def external_editor(self, source: str, text: str) -> str | None:
        """$EDITOR on the target, with the source as a comment block above it."""
        try:
            edited = click.edit(
                with_source_block(source, text), extension=".txt", require_save=False
            )
        except click.ClickException as exc:  # the editor could not be started
            raise TranslateFlowError(exc.message) from None
        return None if edited is None else without_source_block(edited)


SOURCE_MARK = "#"
SOURCE_BLOCK_END = "# Write the translation below; lines starting with # are dropped."


def with_source_block(source: str, target: str) -> str:
    import textwrap

    lines = [f"{SOURCE_MARK} source:"]
    lines += [f"{SOURCE_MARK}   {line}" for line in textwrap.wrap(source, 74) or [""]]
    return "\n".join(lines + [SOURCE_BLOCK_END, target, ""])


def without_source_block(edited: str) -> str:
    """The translation from an $EDITOR file: the comment block at the top dropped, lines joined
    by spaces (a translation may itself start with # further down)."""
    from translate_flow.cli.editor import clean

    lines = edited.splitlines()
    while lines and (lines[0].startswith(SOURCE_MARK) or not lines[0].strip()):
        lines.pop(0)
    return " ".join(clean(" ".join(lines)).split())


_ESCAPE_SEQUENCE = r"\x1b(?:\[[0-9;?]*[@-~]|O.|.)?"


def keys_of(data: str) -> list[str]:
    """The single keys in what one read returned, escape sequences left out."""
    import re

    return [ch for ch in re.sub(_ESCAPE_SEQUENCE, "", data) if ch.isprintable()]


# -- the key loop -----------------------------------------------------------------------------


def run_screen(screen, term: Terminal) -> None:
    screen.start()
    while True:
        term.draw(screen)
        key = term.key()
        if key == "q":
            return
        if key == "?":
            term.draw(screen, lines=render_help(*term.size()))
            term.key()
            continue
        if screen.current is None:
            if key == "b":
                screen.back()
            continue
        if key == "a":
            _accept(screen, term)
        elif key == "e":
            _edit(screen, term, screen.current.target)
        elif key == "E":
            try:
                edited = term.external_editor(screen.current.data["source"], screen.current.target)
            except TranslateFlowError as exc:
                screen.say(str(exc), error=True)
                continue
            if edited is None:
                screen.say("edit cancelled")
            elif edited:
                screen.edit(edited)
            else:
                screen.say("the translation was empty: nothing saved", error=True)
        elif key == "f":
            _fix(screen, term)
        elif key == "r":
            _retranslate(screen, term)
        elif key == "c":
            screen.say("your comment, Enter saves (Ctrl-C cancels)")
            term.draw(screen, reserve=3)
            text = term.ask("comment: ")
            if text and text.strip():
                screen.comment(text)
            else:
                screen.say("no comment saved")
        elif key == "d":
            _dismiss(screen, term)
        elif key in "123" and key:
            screen.use_match(int(key))
        elif key == "s":
            screen.skip()
        elif key == "b":
            screen.back()


def _accept(screen, term: Terminal) -> None:
    blocking = screen.current.blocking
    if blocking:
        screen.say(f"{len(blocking)} blocking finding(s) open: accept anyway? (y/n)", error=True)
        term.draw(screen)
        if term.key().lower() != "y":
            screen.say("not accepted")
            return
    screen.accept()


def _edit(
    screen, term: Terminal, text: str, comment: str | None = None, cursor: int | None = None
) -> None:
    edited = term.edit(screen, text, screen.message or "edit the translation", cursor)
    if edited is None:
        screen.say("edit cancelled")
        return
    if not edited.strip():
        screen.say("the translation is empty: nothing saved", error=True)
        return
    screen.edit(edited, comment)


def _choose(screen, term: Terminal, prompt: str, options: list[str]) -> int | None:
    if len(options) == 1:
        return 0
    listing = "  ".join(f"{i + 1} {o}" for i, o in enumerate(options[:9]))
    screen.say(f"{prompt}: {listing}")
    term.draw(screen)
    key = term.key()
    if key.isdigit() and 1 <= int(key) <= min(9, len(options)):
        return int(key) - 1
    screen.say("cancelled")
    return None


def _fix(screen, term: Terminal) -> None:
    fixes = screen.current.fixes
    if not fixes:
        screen.say("no suggested fix on this segment", error=True)
        return
    which = _choose(screen, term, "which finding", [f.term or f.message for f in fixes])
    if which is None:
        return
    fix = fixes[which]
    if fix.span is None:
        # A missing term: the preferred one (of the source term's type) is placed at once and
        # Enter confirms it; the other accepted terms are named in the finding.
        suggestion = fix.suggestions[0]
    else:
        pick = _choose(screen, term, "which term", fix.suggestions)
        if pick is None:
            return
        suggestion = fix.suggestions[pick]
    placement = screen.apply_fix(fix, suggestion)
    if placement is None:
        return
    edited = term.edit(
        screen, placement.text, screen.message, cursor=placement.cursor, offer=placement.form
    )
    if edited is None:
        screen.say("term not placed: edit cancelled")
    elif edited.strip():
        screen.edit(edited, comment=f"term fix: {fix.term} → {placement.form}")


def _dismiss(screen, term: Terminal) -> None:
    findings = screen.current.data["findings"]
    if not findings:
        screen.say("no open finding on this segment", error=True)
        return
    which = _choose(
        screen,
        term,
        "dismiss which finding",
        [f"{f['check']}: {f['term'] or f['message']}" for f in findings],
    )
    if which is None:
        return
    finding = findings[which]
    screen.say(f"why is '{finding['message']}' wrong here? Enter dismisses it (Ctrl-C cancels)")
    term.draw(screen, reserve=3)
    reason = term.ask("reason: ")
    if not reason or not reason.strip():
        screen.say("not dismissed: a dismissal needs a reason")
        return
    screen.dismiss(finding["id"], reason)


def _retranslate(screen, term: Terminal) -> None:
    from translate_flow.mt.registry import ENGINE_NAMES

    last = term.last_engine
    hint = f", Enter: {last}" if last else ""
    screen.say(f"engines: {', '.join(ENGINE_NAMES)}{hint} (Ctrl-C cancels)")
    term.draw(screen, reserve=3)
    name = term.ask("engine: ", words=list(ENGINE_NAMES))
    name = (name or "").strip() or (last if name is not None else "")
    if not name:
        screen.say("not retranslated")
        return
    term.last_engine = name
    screen.say(f"asking {name}…")
    term.draw(screen)
    proposal = screen.propose(name)
    if proposal is None:
        return
    kept = term.edit(screen, proposal.text, screen.message)
    if kept is None:
        screen.say(f"{name}'s proposal dropped, nothing saved")
    elif not kept.strip():
        screen.say("the translation is empty: nothing saved", error=True)
    else:
        screen.keep(proposal, kept)


@click.command()
@click.option("--lang", help="Target language.")
@click.option("--article", help="Every segment of this article, in order.")
@click.option("--status", help="Only segments with this status.")
@pass_app
def review(app: App, lang, article, status) -> None:
    """The interactive review screen: walk the queue one segment at a time.

    Shows the source with glossary terms, the translation, open findings with suggested fixes
    (dismissed ones greyed with the reason), the diff to the machine translation and the best
    translation-memory matches; a rejected segment leads with who sent it back and why. Keys:
    a accept, e edit (the source stays above), E edit in $EDITOR, f fix a term, d dismiss a
    finding, r retranslate, 1-3 use a memory match, c comment, s skip, b back, ? every key,
    q quit. Every action is saved at once. The segment on screen is claimed, so two translators
    on one queue never get the same one.

    \b
    Example:
      translate-flow review --lang de
      translate-flow review --article 1 --lang de
      translate-flow review --status rejected --lang de
    """
    import sys

    from translate_flow.services.review_screen import ReviewScreen

    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        fail("the review screen needs a terminal; use 'queue' and 'segment' in scripts")
    screen = ReviewScreen(
        app.desk(), lang, parse_id(article, "article") if article else None, status
    )
    term = Terminal()
    try:
        run_screen(screen, term)
    finally:
        screen.quit()
        sys.stdout.write("\x1b[H\x1b[2J")
        sys.stdout.flush()
    done = ", ".join(f"{n} {what}" for what, n in sorted(screen.done.items()))
    click.echo(f"review finished: {done or 'nothing changed'}")


COMMANDS = [review]
