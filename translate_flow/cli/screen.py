"""`translate-flow review`: the translator's review screen, one segment and one key at a time.

The state and the actions live in services.review_screen; cli/screen_draw.py draws it (render()
is a pure function of the screen state and the terminal size), cli/editor.py edits a translation;
this module reads keys and runs the actions. prompt_toolkit is imported inside the command so
`--help` stays fast.
"""

from __future__ import annotations

import click

from translate_flow.cli.app import LANG, App, fail, parse_id, pass_app
from translate_flow.cli.screen_draw import (
    STYLE,
    Fragments,
    editor_context,
    render,
    render_help,
)
from translate_flow.errors import TranslateFlowError

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
            header=f" edit segment {view.entry.segment} · {view.data.source_lang}→"
            f"{view.data.lang} · {view.data.status} ",
            context=lambda width: editor_context(view, width),
            label=f"translation ({view.data.lang})",
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
SOURCE_BLOCK_END = "# Write the translation below this line; the lines above are dropped."


def with_source_block(source: str, target: str) -> str:
    import textwrap

    lines = [f"{SOURCE_MARK} source:"]
    lines += [f"{SOURCE_MARK}   {line}" for line in textwrap.wrap(source, 74) or [""]]
    return "\n".join(lines + [SOURCE_BLOCK_END, target, ""])


def without_source_block(edited: str) -> str:
    """The translation from an $EDITOR file: the comment block at the top dropped, lines joined
    by spaces. Everything after the block's last line is the translation, even a line starting
    with # ("#Belarus: …"); only when that line was deleted are the leading # lines dropped."""
    from translate_flow.cli.editor import clean

    lines = edited.splitlines()
    ends = [i for i, line in enumerate(lines) if line.rstrip() == SOURCE_BLOCK_END]
    if ends:
        lines = lines[ends[0] + 1 :]
    else:
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
            _edit(screen, term, screen.edit_text())
        elif key == "E":
            try:
                edited = term.external_editor(screen.current.data.source, screen.edit_text())
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
        elif key == "j":
            screen.join()
        elif key == "x":
            _split(screen, term)
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
    findings = screen.current.data.findings
    if not findings:
        screen.say("no open finding on this segment", error=True)
        return
    which = _choose(
        screen,
        term,
        "dismiss which finding",
        [f"{f.check}: {f.term or f.message}" for f in findings],
    )
    if which is None:
        return
    finding = findings[which]
    screen.say(f"why is '{finding.message}' wrong here? Enter dismisses it (Ctrl-C cancels)")
    term.draw(screen, reserve=3)
    reason = term.ask("reason: ")
    if not reason or not reason.strip():
        screen.say("not dismissed: a dismissal needs a reason")
        return
    screen.dismiss(finding.id, reason)


def _split(screen, term: Terminal) -> None:
    screen.say("the words the second part starts with, Enter splits (Ctrl-C cancels)")
    term.draw(screen, reserve=3)
    at_text = term.ask("split before: ")
    if not at_text or not at_text.strip():
        screen.say("not split")
        return
    screen.split(at_text)


def _retranslate(screen, term: Terminal) -> None:
    from translate_flow.services.engines import engine_names

    names = engine_names()
    last = term.last_engine
    hint = f", Enter: {last}" if last else ""
    screen.say(f"engines: {', '.join(names)}{hint} (Ctrl-C cancels)")
    term.draw(screen, reserve=3)
    name = term.ask("engine: ", words=list(names))
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
@click.option("--lang", type=LANG, help="Target language.")
@click.option("--article", help="Every segment of this article, in order.")
@click.option("--status", help="Only segments with this status.")
@pass_app
def review(app: App, lang, article, status) -> None:
    """The interactive review screen: walk the queue one segment at a time.

    Shows the source with glossary terms, the translation, open findings with suggested fixes
    (dismissed ones greyed with the reason), the diff to the machine translation and the best
    translation-memory matches; a rejected segment leads with who sent it back and why. Keys:
    a accept, e edit (the source stays above), E edit in $EDITOR, f fix a term, d dismiss a
    finding, r retranslate, 1-3 use a memory match, c comment, j join with the next sentence,
    x split the sentence, s skip, b back, ? every key, q quit. Every action is saved at once.
    The segment on screen is claimed, so two translators on one queue never get the same one.

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
