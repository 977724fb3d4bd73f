"""Approved work is not silently un-approved: a translator's file import over an approved
translation is refused whole, with the way to ask for reopening; an editor's import goes through
(issue 17; docs/reliability.md). The `segment edit` case is in test_reliability_writers.py.
"""

from __future__ import annotations

from exchange_support import approved_article, segments

NEW_TEXT = "Lawrow und Ryschenkow sprachen über die Sicherheit der IKT."


def _changed_export(cli, article: int, segment: int, path) -> None:
    import polib

    exported = cli("export", article, "--lang", "de", "--format", "po", "--draft", "-o", path)
    assert exported.exit_code == 0, exported.stderr
    po = polib.pofile(str(path), wrapwidth=0)
    [entry] = [e for e in po if e.msgctxt == str(segment)]
    entry.msgstr = NEW_TEXT
    po.save(str(path))


def _users(cli) -> None:
    assert cli("user", "add", "anna", "--role", "admin", "--role", "editor").exit_code == 0
    cli.default_user = "anna"
    assert cli("user", "add", "boris", "--role", "translator", user="anna").exit_code == 0


def test_a_translators_import_over_an_approved_translation_is_refused_whole(cli, tmp_path):
    article = approved_article(cli)
    second = segments(cli, article)[1]["segment"]
    path = tmp_path / "article.po"
    _changed_export(cli, article, second, path)
    _users(cli)
    before = cli("queue", "--article", article, "--lang", "de", "--json").json()

    result = cli("import", path, user="boris")

    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"translate-flow: {path}: segment {second} (de) is approved; a translator cannot change "
        f"it: ask an editor of article {article} to reopen it with 'translate-flow segment "
        f"reject {second} --lang de --comment WHY'"
    )
    assert cli("queue", "--article", article, "--lang", "de", "--json").json() == before
    assert {s["status"] for s in before} == {"approved"}


def test_an_editors_import_over_an_approved_translation_is_a_new_revision(cli, tmp_path):
    article = approved_article(cli)
    second = segments(cli, article)[1]["segment"]
    path = tmp_path / "article.po"
    _changed_export(cli, article, second, path)
    _users(cli)

    result = cli("import", path, "--json", user="anna")

    assert result.exit_code == 0, result.stderr
    assert [u["segment"] for u in result.json()["updated"]] == [second]
    shown = cli("segment", "show", second, "--lang", "de", "--json").json()
    assert (shown["target"], shown["status"]) == (NEW_TEXT, "translated")
