"""Drawing the review screen: pure functions of the screen's state and the terminal's size.

`render()` gives the screen as lines of (style, text) fragments; `render_help()` the `?` page;
`editor_context()` what the editor shows above the translation. Nothing here reads keys or
touches the terminal (cli/screen.py does), so the layout is tested without one.
"""

from __future__ import annotations

KEYS = "a accept e edit E $EDITOR f fix d dismiss r engine 1-3 TM c j x s ? help q quit"
SHORT_KEYS = "a e E f d r 1-3 c j x s b ? q quit"
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
    ("j", "join with the next sentence of the paragraph (a wrong sentence break)"),
    ("x", "split the sentence: asks for the words the second part starts with"),
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
    """Wrap styled text to `width` columns between words (cli/editor.layout: a one-letter word
    never ends a line, a lone punctuation mark never starts one), whatever the styles inside a
    word (a glossary term in OVKS-Mitgliedstaaten); continuation lines get `indent` spaces."""
    from translate_flow.cli.editor import layout

    flat = [(style, text.replace("\n", " ")) for style, text in fragments]
    text = "".join(t for _, t in flat)
    if not text:
        return [[]]
    lines: list[Fragments] = []
    for number, (start, end) in enumerate(layout(text, width - indent, first_width=width)):
        end = start + len(text[start:end].rstrip())  # spaces hanging at the end are not drawn
        line: Fragments = [("", " " * indent)] if number and indent else []
        position = 0
        for style, piece in flat:
            left, right = max(start, position), min(end, position + len(piece))
            if left < right:
                line.append((style, piece[left - position : right - position]))
            position += len(piece)
        lines.append(line)
    return lines


def _truncate(line: Fragments, width: int) -> Fragments:
    """The line cut to `width` terminal columns, ending in … when something was cut (wide
    characters count two columns; the … itself always fits)."""
    from translate_flow.cli.editor import columns

    if sum(columns(text)[-1] for _, text in line) <= width:
        return line
    out, used, room = [], 0, max(0, width - 1)
    for style, text in line:
        at = columns(text)
        if used + at[-1] <= room:
            out.append((style, text))
            used += at[-1]
            continue
        keep = max(k for k in range(len(text) + 1) if used + at[k] <= room)
        out.append((style, text[:keep] + "…"))
        break
    return out


def _sections(view, width: int) -> list[tuple[str, list[Fragments]]]:
    """(name, wrapped lines) of every part of the segment view, most important first."""
    data = view.data
    deprecated = [
        (f.span[0], f.span[1], "class:deprecated")
        for f in data.findings
        if f.span and f.side == "target" and f.kind == "deprecated"
    ]
    target_spans = deprecated + [
        (s, e, "class:term")
        for s, e, _ in view.target_terms
        if not any(s < de and e > ds for ds, de, _ in deprecated)
    ]
    source = [("class:label", f"{data.source_lang}  ")] + _styled_spans(
        data.source, [(s, e, "class:term") for s, e, _ in view.source_terms]
    )
    if view.target:
        target = [("class:label", f"{data.lang}  ")] + _styled_spans(view.target, target_spans)
    else:
        reason = f": {data.mt_error}" if data.mt_error else ""
        target = [("class:label", f"{data.lang}  "), ("class:dim", f"(no translation{reason})")]
    sections = [("source", wrap(source, width, 4))]
    if view.returned:
        sections.insert(0, ("returned", returned_lines(view, width)))
    if view.source_diff:
        sections.append(
            ("source diff", wrap(_diff_fragments("source was", view.source_diff), width, 4))
        )
    sections.append(("target", wrap(target, width, 4)))

    findings: list[Fragments] = []
    for f in data.findings:
        suggested = [w for w in f.suggestions if w not in f.message]
        hint = f" → {', '.join(suggested)}" if suggested else ""
        style = "class:error" if f.severity == "error" else "class:warning"
        findings += wrap(
            [(style, f"! {f.check}: "), ("", f.message), ("class:ins", hint)], width, 4
        )
    for f in data.dismissed_findings:
        why = f"dismissed by {f.dismissed_by}: {f.dismissed_reason}"
        findings += wrap([("class:dim", f"- {f.check}: {f.message} ({why})")], width, 4)
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
    role = f" ({rejection.role})" if rejection.role else ""
    lines = wrap(
        [
            ("class:error", f"sent back by {rejection.author or '?'}{role}: "),
            ("", rejection.comment or "(no reason given)"),
        ],
        width,
        4,
    )
    for comment in comments:
        lines += wrap(
            [("class:label", f"  {comment.author or '?'}: "), ("", comment.comment)], width, 4
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
    header = f" segment {view.index} of {view.total} · article {entry.article}: {data.title}"
    locked = " · locked" if data.locked else ""
    where = f" {data.source_lang}→{data.lang} · {data.status}{locked} "
    room = width - len(where)
    if len(header) > room:
        header = header[: max(0, room - 1)] + "…"
    header_line = [("class:header", header.ljust(room) + where)]
    body = _fit(_sections(view, width), height - 1 - len(footer), width)
    padding = [[]] * max(0, height - 1 - len(body) - len(footer))
    return [header_line] + body + padding + footer
