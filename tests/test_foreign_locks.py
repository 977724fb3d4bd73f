"""Units locked in an agency's file stay as they came, on SQLite and PostgreSQL.

memoQ locks a row with mq:locked, Trados a sentence with `locked="true"` on its sdl:seg. After
`ingest`, such a segment is shown locked; editing, accepting, rejecting, translating (with or
without --retranslate), the review screen, an import of targets and segment corrections refuse or
skip it with one line, and `export --format original` writes it back as it came.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from translate_flow.cli.screen_draw import render
from translate_flow.errors import StateError
from translate_flow.services.context import Desk
from translate_flow.services.review_screen import ReviewScreen, keep_proposal
from translate_flow.services.translate import Proposal
from translate_flow.store.db import open_database

FOREIGN = Path(__file__).parent / "data" / "foreign"
LOCKED_LINE = "is locked in the agency's file"


def ingest(cli, path: Path) -> tuple[int, str, list[dict]]:
    result = cli("ingest", path, "--json")
    assert result.exit_code == 0, result.stderr
    [summary] = result.json()
    lang = summary["target_lang"]
    shown = cli("show", str(summary["article"]), "--lang", lang, "--json").json()
    return summary["article"], lang, [s for p in shown["paragraphs"] for s in p["segments"]]


def refused(result) -> str:
    assert result.exit_code != 0
    assert LOCKED_LINE in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    return result.stderr


def history(cli, segment: int, lang: str) -> list[dict]:
    return cli("segment", "history", str(segment), "--lang", lang, "--json").json()


def memoq_with_locks(tmp_path: Path, *unit_ids: str) -> Path:
    """The memoQ fixture with more rows locked, the way memoQ writes a lock (mq:locked)."""
    tree = etree.parse(str(FOREIGN / "memoq-briefing.mqxliff"))
    for unit in tree.xpath("//*[local-name()='trans-unit']"):
        if unit.get("id") in unit_ids:
            unit.set("{MQXliff}locked", "Locked")
    path = tmp_path / "locked-briefing.mqxliff"
    tree.write(str(path), xml_declaration=True, encoding="utf-8")
    return path


def test_locked_memoq_row_is_shown_locked_in_segment_show_and_queue(cli):
    article, lang, segments = ingest(cli, FOREIGN / "memoq-briefing.mqxliff")
    locked = segments[2]["segment"]  # mq:locked="Locked"

    shown = cli("segment", "show", str(locked), "--lang", lang)
    data = cli("segment", "show", str(locked), "--lang", lang, "--json").json()
    other = cli("segment", "show", str(segments[0]["segment"]), "--lang", lang, "--json").json()
    queue = cli("queue", "--article", str(article), "--lang", lang, "--json").json()
    listed = cli("queue", "--article", str(article), "--lang", lang).stdout

    assert "locked in the agency's file" in shown.stdout
    assert (data["locked"], other["locked"]) == (True, False)
    assert [row["segment"] for row in queue if row["locked"]] == [locked]
    assert f"segment {locked}  article {article}  {lang}  [approved]  locked" in listed


def test_locked_segment_cannot_be_edited_accepted_or_rejected_but_takes_comments(cli):
    _, lang, segments = ingest(cli, FOREIGN / "trados-statement.sdlxliff")
    locked = str(segments[1]["segment"])  # sdl:seg id="2" locked="true"
    before = history(cli, int(locked), lang)

    refused(cli("segment", "edit", locked, "--lang", lang, "--text", "Etwas anderes."))
    refused(cli("segment", "accept", locked, "--lang", lang))
    refused(cli("segment", "reject", locked, "--lang", lang, "--comment", "nein"))
    assert history(cli, int(locked), lang) == before
    commented = cli("segment", "comment", locked, "--lang", lang, "--text", "Bitte prüfen")
    assert commented.exit_code == 0, commented.stderr
    # An unlocked sentence of the same unit is edited as ever.
    edited = cli("segment", "edit", str(segments[0]["segment"]), "--lang", lang, "--text", "Ja.")
    assert edited.exit_code == 0, edited.stderr


def test_translate_and_retranslate_leave_locked_rows_alone(cli, tmp_path):
    # Rows 2 (not started) and 4 (a machine draft) locked as memoQ locks rows; row 3 already is.
    article, lang, segments = ingest(cli, memoq_with_locks(tmp_path, "2", "4"))

    def state(segment: int) -> tuple[int, str]:
        shown = cli("segment", "history", str(segment), "--lang", lang, "--json")
        return shown.exit_code, shown.stdout

    before = {s["segment"]: state(s["segment"]) for s in segments[1:4:2]}

    for extra in ([], ["--retranslate"]):
        result = cli("translate", str(article), "--to", lang, "--engine", "tm", "--json", *extra)
        assert result.exit_code == 0, result.stderr
        assert (
            f"article {article} ({lang}): 3 segment(s) locked in the agency's file left as they are"
            in result.json()["notes"]
        )
    assert {s["segment"]: state(s["segment"]) for s in segments[1:4:2]} == before
    # The locked rows keep the statuses the file gave them.
    shown = cli("show", str(article), "--lang", lang, "--json").json()
    statuses = [s["status"] for p in shown["paragraphs"] for s in p["segments"]]
    assert statuses[1] == "new" and statuses[3] == "machine-translated"


def test_review_screen_cannot_keep_a_proposal_for_a_locked_row(cli):
    _, lang, segments = ingest(cli, FOREIGN / "memoq-briefing.mqxliff")
    locked = segments[2]["segment"]
    desk = Desk(open_database(cli.db_url), "tester")
    proposal = Proposal(locked, lang, "tm", "Moscow, 12 May", "tm")

    with pytest.raises(StateError, match=LOCKED_LINE):
        keep_proposal(desk, proposal, "Moscow, 12 May")
    assert len(history(cli, locked, lang)) == 1


def test_review_screen_shows_a_locked_row_locked_and_refuses_accepting_it(cli, tmp_path):
    # Row 4, a machine draft, locked: the queue for translators lists it.
    article, lang, segments = ingest(cli, memoq_with_locks(tmp_path, "4"))
    desk = Desk(open_database(cli.db_url), "tester")
    screen = ReviewScreen(desk, lang=lang, article_id=article, status="machine-translated")
    screen.start()
    assert screen.current.entry.segment == segments[3]["segment"]

    header = "".join(text for _, text in render(screen, 100, 30)[0])
    screen.accept()

    assert header.rstrip().endswith("ru→en · machine-translated · locked")
    assert screen.error and LOCKED_LINE in screen.message
    assert len(history(cli, segments[3]["segment"], lang)) == 1
    screen.quit()


def test_import_changing_a_locked_unit_imports_nothing(cli, tmp_path):
    article, lang, segments = ingest(cli, FOREIGN / "memoq-briefing.mqxliff")
    path = tmp_path / "work.xlf"
    exported = cli(
        "export", str(article), "--lang", lang, "--format", "xliff", "--draft", "-o", path
    )
    assert exported.exit_code == 0, exported.stderr
    tree = etree.parse(str(path))
    targets = tree.xpath("//*[local-name()='unit']//*[local-name()='target']")
    by_unit = {t.getparent().getparent().get("id"): t for t in targets}
    by_unit[str(segments[0]["segment"])].text = "A briefing."
    by_unit[str(segments[2]["segment"])].text = "Moscow, 13 May 2024"
    tree.write(str(path), xml_declaration=True, encoding="utf-8")

    stderr = refused(cli("import", path))

    assert "nothing was imported" in stderr
    assert len(history(cli, segments[0]["segment"], lang)) == 1


def test_export_original_writes_locked_rows_as_they_came_even_after_approval(cli, tmp_path):
    path = memoq_with_locks(tmp_path, "1")  # a confirmed row, locked
    article, lang, segments = ingest(cli, path)
    for index, text in ((1, "The ministers meet in Minsk."), (4, "Next briefing: <1>19 May</1>.")):
        edited = cli(
            "segment", "edit", str(segments[index]["segment"]), "--lang", lang, "--text", text
        )
        assert edited.exit_code == 0, edited.stderr
    approved = cli("approve", str(article), "--lang", lang, "--force", "--reason", "test")
    assert approved.exit_code == 0, approved.stderr
    out = tmp_path / "back.mqxliff"

    result = cli("export", str(article), "--lang", lang, "--format", "original", "-o", out)

    assert result.exit_code == 0, result.stderr

    def unit(data: Path, unit_id: str) -> bytes:
        [element] = etree.parse(str(data)).xpath(f"//*[local-name()='trans-unit'][@id='{unit_id}']")
        return etree.tostring(element, with_tail=False)

    for locked in ("1", "3"):
        assert unit(out, locked) == unit(path, locked)
    assert b'mq:status="Reviewer2Confirmed"' in unit(out, "2")
