"""The review screen's editor without a terminal: word wrap, cursor movement, undo, and the text
it hands back (never a control character)."""

from __future__ import annotations

import pytest

from translate_flow.cli.editor import TextEditor, clean, layout
from translate_flow.cli.screen import keys_of, with_source_block, without_source_block

LONG_RU = (
    "Министр иностранных дел России провёл переговоры с коллегой из Беларуси в Минске и обсудил "
    "вопросы сотрудничества в области международной информационной безопасности, а также "
    "подготовку к заседанию Совета министров иностранных дел ОДКБ, которое состоится в Москве в "
    "конце года, и к очередной сессии Генеральной Ассамблеи ООН, где стороны намерены выступить с "
    "совместной инициативой ."
)


def _lines(text: str, width: int) -> list[str]:
    return [text[start:end] for start, end in layout(text, width)]


@pytest.mark.parametrize("width", [20, 30, 40, 79])
def test_wrapped_lines_break_between_words_and_keep_the_text(width):
    lines = _lines(LONG_RU, width)

    assert "".join(lines) == LONG_RU
    assert all(len(line.rstrip()) <= width for line in lines)
    words = set(LONG_RU.split())
    for line in lines:
        assert set(line.split()) <= words  # no word cut in two


@pytest.mark.parametrize("width", range(16, 80))  # the longest word has 14 letters
def test_no_line_ends_with_a_one_letter_word_or_starts_with_a_lone_full_stop(width):
    lines = _lines(LONG_RU, width)

    for line in lines[:-1]:
        last = line.split()[-1]
        assert not (len(last) == 1 and last.isalpha()), (width, line)
    for line in lines[1:]:
        assert line.split()[0] != ".", (width, line)


def test_a_word_longer_than_the_line_is_cut():
    assert _lines("Informationssicherheitsgesetz gilt", 10) == [
        "Informatio",
        "nssicherhe",
        "itsgesetz ",
        "gilt",
    ]


@pytest.mark.parametrize(
    "text", ["", " ", "  leading", "a b c d e f g h", "в . . . – – x", LONG_RU, "x" * 50 + " y  "]
)
@pytest.mark.parametrize("width", [2, 3, 7, 19])
def test_layout_covers_every_character_once(text, width):
    lines = layout(text, width)

    assert lines[0][0] == 0 and lines[-1][1] == len(text)
    assert all(a[1] == b[0] and a[0] < a[1] for a, b in zip(lines, lines[1:], strict=False))


def test_up_and_down_move_between_wrapped_lines_keeping_the_column():
    editor = TextEditor(LONG_RU, width=40)
    rows = len(editor.lines())
    assert editor.cursor_xy()[1] == rows - 1

    editor.up()
    editor.up()
    assert editor.cursor_xy()[1] == rows - 3
    editor.home()
    editor.down()

    assert editor.cursor_xy() == (0, rows - 2)
    assert editor.cursor == editor.lines()[rows - 2][0]


def test_up_on_the_first_line_goes_to_the_start_and_down_on_the_last_to_the_end():
    editor = TextEditor("Russland und Belarus", width=40, cursor=5)
    editor.up()
    assert editor.cursor == 0
    editor.down()
    assert editor.cursor == len(editor.text)


def test_home_and_end_work_on_the_wrapped_line():
    editor = TextEditor(LONG_RU, width=30, cursor=40)
    start, end = editor.lines()[editor.row()]

    editor.end()
    assert editor.cursor == len(LONG_RU[:end].rstrip())
    editor.home()
    assert editor.cursor == start


def test_word_movement_and_deleting_a_word():
    editor = TextEditor("Die OVKS tagte in Minsk.", cursor=0)
    editor.word_right()
    editor.word_right()
    assert editor.cursor == len("Die OVKS")
    editor.word_left()
    assert editor.cursor == len("Die ")
    editor.text_end()
    editor.delete_word_before()
    assert editor.text == "Die OVKS tagte in "


def test_ctrl_z_undoes_a_typed_word_and_never_writes_a_control_character():
    editor = TextEditor("Russland und Belarus")
    for ch in " vereinbaren":
        editor.insert(ch)
    editor.insert("\x1a")  # what a terminal sends for Ctrl-Z if nothing binds it
    assert editor.text == "Russland und Belarus vereinbaren"

    editor.undo()
    assert editor.text == "Russland und Belarus "
    editor.undo()
    assert editor.text == "Russland und Belarus"
    editor.redo()
    assert editor.text == "Russland und Belarus "


def test_pasted_line_breaks_and_tabs_become_spaces():
    assert clean("eins\nzwei\tdrei\x1b[A\x07") == "eins zwei drei[A"
    editor = TextEditor("")
    editor.insert("Zeile eins\r\nZeile zwei")
    assert editor.text == "Zeile eins  Zeile zwei"


def test_external_editor_file_has_the_source_as_a_comment_block_that_is_stripped():
    block = with_source_block(LONG_RU, "Der russische Außenminister verhandelte in Minsk.")

    assert block.splitlines()[0].startswith("# source")
    assert "# " in block and "ОДКБ" in block
    edited = block.replace("verhandelte", "verhandelte gestern")
    assert (
        without_source_block(edited) == "Der russische Außenminister verhandelte gestern in Minsk."
    )
    assert without_source_block(block + "#Hashtag bleibt\n").endswith("#Hashtag bleibt")


def test_a_translation_starting_with_a_hash_survives_the_external_editor():
    block = with_source_block(
        "#Беларусь: Минск принимает гостей.", "#Belarus: Minsk empfängt Gäste."
    )

    assert without_source_block(block) == "#Belarus: Minsk empfängt Gäste."
    # Without the block's last line (deleted in the editor), the # lines at the top still go.
    without_end = "\n".join(line for line in block.splitlines() if "below" not in line)
    assert without_source_block(without_end + "\nZweite Zeile") == "Zweite Zeile"


def test_keys_arriving_together_are_all_kept_and_escape_sequences_dropped():
    assert keys_of("ss") == ["s", "s"]
    assert keys_of("a\x1b[Aq\x1bOP") == ["a", "q"]


def test_screen_wrap_keeps_styled_words_whole_and_one_letter_words_with_the_next():
    from translate_flow.cli.screen_draw import wrap

    fragments = [
        ("class:label", "de  "),
        ("", "Die Außenminister der "),
        ("class:term", "OVKS"),
        ("", "-Mitgliedstaaten trafen sich в Minsk und "),
        ("class:term", "Belarus"),
        ("", " legte einen Plan vor."),
    ]
    for width in range(24, 70):
        lines = ["".join(text for _, text in line) for line in wrap(fragments, width, 4)]

        assert all(len(line) <= width for line in lines)
        assert " ".join(line.strip() for line in lines) == "".join(t for _, t in fragments).strip()
        assert not any(line.endswith((" в", "OVKS")) for line in lines[:-1]), lines
        assert all(line.startswith("    ") for line in lines[1:])


def test_layout_counts_wide_characters_as_two_columns_and_emoji_may_start_a_line():
    from translate_flow.cli.editor import columns

    text = "Gäste " + "会议" * 10 + " 🙂🙂🙂🙂🙂 gut."

    lines = [text[start:end] for start, end in layout(text, 12)]

    assert "".join(lines) == text
    assert all(columns(line.rstrip())[-1] <= 12 for line in lines)
    assert lines[0] == "Gäste "  # 会议 … is cut at 12 columns, six characters
    assert lines[1] == "会议会议会议"
    assert lines[-3:] == ["会议 ", "🙂🙂🙂🙂🙂 ", "gut."]  # emoji are no lone punctuation mark
