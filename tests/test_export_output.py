"""`export -o PATH`: the format from the suffix, a missing folder refused in one line, and the
file written whole or not at all."""

from __future__ import annotations

import zipfile

import pytest
from exchange_support import translated_article


def export(cli, article: int, *args):
    return cli("export", article, "--lang", "de", "--draft", *args)


@pytest.mark.parametrize(
    ("name", "marker"),
    [
        ("article.de.md", b"# "),
        ("article.de.html", b"<!DOCTYPE html>"),
        ("article.de.xlf", b'<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0"'),
        ("article.de.po", b'msgid ""\nmsgstr ""\n"Project-Id-Version: translate-flow'),
        ("article.de.tmx", b'<tmx version="1.4">'),
    ],
)
def test_the_format_comes_from_the_suffix(cli, tmp_path, name, marker):
    article = translated_article(cli)
    path = tmp_path / name

    result = export(cli, article, "-o", path)

    assert result.exit_code == 0, result.stderr
    assert marker in path.read_bytes()[:300]


def test_markdown_by_suffix_differs_from_plain_text(cli, tmp_path):
    article = translated_article(cli)
    assert export(cli, article, "-o", tmp_path / "a.md").exit_code == 0
    assert export(cli, article, "-o", tmp_path / "a.txt").exit_code == 0

    markdown, text = (tmp_path / "a.md").read_text(), (tmp_path / "a.txt").read_text()

    # A draft opens with its notice (a quote in Markdown), then the title.
    markdown_title, text_title = markdown.split("\n")[2], text.split("\n")[2]
    assert markdown_title.startswith("# ") and not text_title.startswith("#")
    assert markdown_title[2:].replace("\\", "") == text_title


def test_docx_by_suffix_and_an_explicit_format_wins(cli, tmp_path):
    article = translated_article(cli)
    assert export(cli, article, "-o", tmp_path / "a.docx").exit_code == 0
    assert export(cli, article, "--format", "xliff12", "-o", tmp_path / "b.xlf").exit_code == 0

    assert zipfile.is_zipfile(tmp_path / "a.docx")
    assert b'version="1.2"' in (tmp_path / "b.xlf").read_bytes()


def test_an_unknown_suffix_without_format_is_refused(cli, tmp_path):
    article = translated_article(cli)

    result = export(cli, article, "-o", tmp_path / "a.pdf")

    assert result.exit_code == 1
    assert "cannot tell the format from" in result.stderr and "--format" in result.stderr
    assert not (tmp_path / "a.pdf").exists()


def test_a_missing_folder_is_refused_in_one_line(cli, tmp_path):
    article = translated_article(cli)
    path = tmp_path / "missing" / "dir" / "a.md"

    result = export(cli, article, "-o", path)

    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        f"translate-flow: cannot write {path}: the folder {path.parent} does not exist"
    ]
    assert not (tmp_path / "missing").exists()


def test_a_failed_export_leaves_the_old_file_and_no_temporary_file(cli, tmp_path):
    article = translated_article(cli)
    (tmp_path / "out").mkdir()
    path = tmp_path / "out" / "a.md"
    path.write_text("the editor's earlier copy\n")

    result = cli("export", article, "--lang", "de", "-o", path)  # not approved, no --draft

    assert result.exit_code == 1 and "not approved" in result.stderr
    assert path.read_text() == "the editor's earlier copy\n"
    assert [p.name for p in path.parent.iterdir()] == ["a.md"]


def test_an_export_replaces_the_file_whole_and_keeps_its_permissions(cli, tmp_path):
    article = translated_article(cli)
    (tmp_path / "out").mkdir()
    path = tmp_path / "out" / "a.txt"
    path.write_text("old\n" * 10000)
    path.chmod(0o640)

    assert export(cli, article, "-o", path).exit_code == 0

    assert "old" not in path.read_text()
    assert path.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in path.parent.iterdir()] == ["a.txt"]


def test_tm_export_refuses_a_missing_folder_and_writes_its_file_whole(cli, tmp_path):
    translated_article(cli)
    missing = tmp_path / "missing" / "memory.tmx"
    (tmp_path / "out").mkdir()
    path = tmp_path / "out" / "memory.tmx"
    path.write_text("old memory\n")

    refused = cli("tm", "export", "-o", missing)
    written = cli("tm", "export", "-o", path)

    assert refused.exit_code == 1
    assert refused.stderr.strip().splitlines() == [
        f"translate-flow: cannot write {missing}: the folder {missing.parent} does not exist"
    ]
    assert written.exit_code == 0, written.stderr
    assert b'<tmx version="1.4">' in path.read_bytes() and b"old memory" not in path.read_bytes()
    assert [p.name for p in path.parent.iterdir()] == ["memory.tmx"]


def test_output_dash_is_standard_output_not_a_file_named_dash(cli, tmp_path, monkeypatch):
    article = translated_article(cli)
    monkeypatch.chdir(tmp_path)

    result = export(cli, article, "--format", "txt", "-o", "-")

    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("DRAFT, not approved:")
    assert not (tmp_path / "-").exists()
