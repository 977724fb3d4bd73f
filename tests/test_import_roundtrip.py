"""Export an article to XLIFF or PO, change it as a translator would, import it back: on SQLite
and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from exchange_support import approved_article, segments, translated_article
from lxml import etree

from translate_flow.formats.xliff import XLIFF20_NS

NS = {"x": XLIFF20_NS}
NEW_TEXT = "Lawrow und Ryschenkow sprachen über die Sicherheit der IKT."


def _export(cli, article: int, fmt: str, path) -> None:
    result = cli("export", article, "--lang", "de", "--format", fmt, "--draft", "-o", path)
    assert result.exit_code == 0, result.stderr


def _set_xliff_target(path, segment: int, text: str) -> None:
    tree = etree.parse(str(path))
    target = tree.find(f".//x:unit[@id='{segment}']/x:segment/x:target", NS)
    target.text = text
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")


def _set_po_target(path, segment: int, text: str) -> None:
    po = polib.pofile(str(path), wrapwidth=0)
    [entry] = [e for e in po if e.msgctxt == str(segment)]
    entry.msgstr = text
    po.save(str(path))


EDITORS = {"xliff": _set_xliff_target, "po": _set_po_target}
SUFFIXES = {"xliff": ".xlf", "po": ".po"}


def _changed_in_file(cli, tmp_path, article: int, fmt: str, text: str) -> tuple[int, Path]:
    """Export the article's German to `fmt` and change its third segment's target in the file,
    as a translator would in their tool; (the segment, the file)."""
    segment = segments(cli, article)[2]["segment"]
    path = tmp_path / f"article{SUFFIXES[fmt]}"
    _export(cli, article, fmt, path)
    EDITORS[fmt](path, segment, text)
    return segment, path


def _history(cli, segment: int) -> list[dict]:
    return cli("segment", "history", segment, "--lang", "de", "--json").json()


@pytest.mark.parametrize("fmt", ["xliff", "po"])
def test_target_changed_in_the_file_becomes_a_new_revision(cli, tmp_path, fmt):
    article = translated_article(cli)
    segment, path = _changed_in_file(cli, tmp_path, article, fmt, NEW_TEXT)

    result = cli("import", path, "--json")

    assert result.exit_code == 0, result.stderr
    report = result.json()
    assert [u["segment"] for u in report["updated"]] == [segment]
    assert report["conflicts"] == [] and report["unknown"] == [] and report["missing"] == []
    assert len(report["unchanged"]) == len(segments(cli, article)) - 1
    last = _history(cli, segment)[-1]
    assert (last["text"], last["action"], last["origin"]) == (NEW_TEXT, "edit", "human")
    assert last["comment"] == f"imported from {path.name}"
    assert last["status"] == "translated"


def test_importing_the_same_file_twice_changes_nothing_the_second_time(cli, tmp_path):
    article = translated_article(cli)
    segment, path = _changed_in_file(cli, tmp_path, article, "xliff", NEW_TEXT)
    assert cli("import", path).exit_code == 0

    again = cli("import", path, "--json").json()

    # The file still names the old revision: the database moved on, so it is a conflict now.
    assert again["updated"] == []
    assert [c["segment"] for c in again["conflicts"]] == [segment]
    assert [h["text"] for h in _history(cli, segment)].count(NEW_TEXT) == 1


@pytest.mark.parametrize("fmt", ["xliff", "po"])
def test_segment_edited_in_the_database_after_export_is_a_conflict(cli, tmp_path, fmt):
    article = translated_article(cli)
    segment = segments(cli, article)[2]["segment"]
    path = tmp_path / f"article{SUFFIXES[fmt]}"
    _export(cli, article, fmt, path)
    edited = cli("segment", "edit", segment, "--lang", "de", "--text", "Im Haus geändert.")
    assert edited.exit_code == 0, edited.stderr
    EDITORS[fmt](path, segment, NEW_TEXT)

    result = cli("import", path, "--json")

    assert result.exit_code == 0, result.stderr
    [conflict] = result.json()["conflicts"]
    assert conflict["segment"] == segment
    assert conflict["database_revision"] == edited_revision(cli, segment)
    assert result.json()["updated"] == []
    assert _history(cli, segment)[-1]["text"] == "Im Haus geändert."


def edited_revision(cli, segment: int) -> int:
    return _history(cli, segment)[-1]["revision"]


def test_units_that_are_not_segments_and_segments_left_out_are_reported(cli, tmp_path):
    article = translated_article(cli)
    rows = segments(cli, article)
    path = tmp_path / "article.xlf"
    _export(cli, article, "xliff", path)
    tree = etree.parse(str(path))
    units = tree.findall(".//x:unit", NS)
    units[0].getparent().remove(units[0])
    units[1].set("id", "999999")
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")

    report = cli("import", path, "--json").json()

    assert report["unknown"] == ["999999"]
    assert report["missing"] == [rows[0]["segment"], rows[1]["segment"]]


BROKEN = {
    "malformed.xlf": b"<?xml version='1.0'?><xliff version='2.0'><file>",
    "laughs.xlf": (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>'
        b'<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0">&b;</xliff>'
    ),
    "foreign.xlf": b'<?xml version="1.0"?><xliff xmlns="urn:example:other" version="2.0"/>',
    "broken.po": b'msgctxt "1"\nmsgid "abc\nmsgstr "x"\n',
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_file_is_refused_in_one_line_and_nothing_changes(cli, tmp_path, name):
    article = translated_article(cli)
    before = segments(cli, article)
    path = tmp_path / name
    path.write_bytes(BROKEN[name])

    result = cli("import", path)

    assert result.exit_code == 1
    assert result.stderr.startswith("translate-flow: ") and result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr
    assert segments(cli, article) == before


def test_file_for_an_article_that_does_not_exist_is_refused(cli, tmp_path):
    article = translated_article(cli)
    path = tmp_path / "article.po"
    _export(cli, article, "po", path)
    po = polib.pofile(str(path), wrapwidth=0)
    po.metadata["X-Article-Id"] = "4242"
    po.save(str(path))

    result = cli("import", path)

    assert result.exit_code == 1
    assert "article 4242 does not exist" in result.stderr


def test_file_for_an_older_article_version_is_refused(cli, tmp_path):
    article = translated_article(cli)
    segment, path = _changed_in_file(cli, tmp_path, article, "xliff", NEW_TEXT)
    tree = etree.parse(str(path))
    note = tree.find(".//x:note[@category='translate-flow:article-version']", NS)
    note.text = "7"
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")

    result = cli("import", path)

    assert result.exit_code == 1
    assert "version 7 of article" in result.stderr
    assert NEW_TEXT not in [h["text"] for h in _history(cli, segment)]


def test_terminologist_may_not_import(cli, tmp_path):
    article = translated_article(cli)
    path = tmp_path / "article.xlf"
    _export(cli, article, "xliff", path)
    assert cli("user", "add", "anna", "--role", "admin").exit_code == 0
    cli.default_user = "anna"
    assert cli("user", "add", "tom", "--role", "terminologist", user="anna").exit_code == 0

    result = cli("import", path, user="tom")

    assert result.exit_code == 3


@pytest.mark.parametrize("fmt", ["xliff", "po"])
def test_line_breaks_in_an_imported_target_become_spaces(cli, tmp_path, fmt):
    article = translated_article(cli)
    segment, path = _changed_in_file(
        cli, tmp_path, article, fmt, "Lawrow und Ryschenkow sprachen\nüber die Sicherheit der IKT."
    )

    result = cli("import", path)

    assert result.exit_code == 0, result.stderr
    assert _history(cli, segment)[-1]["text"] == NEW_TEXT


def test_a_translator_who_is_also_an_editor_imports_a_change_of_approved_text_as_editor(
    cli, tmp_path
):
    article = approved_article(cli)
    segment, path = _changed_in_file(cli, tmp_path, article, "xliff", NEW_TEXT)
    assert cli("user", "add", "anna", "--role", "admin").exit_code == 0
    cli.default_user = "anna"
    added = cli("user", "add", "tom", "--role", "translator", "--role", "editor", user="anna")
    assert added.exit_code == 0, added.stderr

    result = cli("import", path, user="tom")

    assert result.exit_code == 0, result.stderr
    last = _history(cli, segment)[-1]
    assert (last["text"], last["author"], last["role"]) == (NEW_TEXT, "tom", "editor")
