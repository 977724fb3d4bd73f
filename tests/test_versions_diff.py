"""`diff`: the source changes between two versions of an article, sentence by sentence."""

from __future__ import annotations

from editors_tools import ingest_text, ok

UPDATED = (
    "Министры встретились в Минске. Они обсудили вопросы безопасности.\n\nНовая фраза здесь.\n"
)


def _two_versions(cli) -> int:
    article = ingest_text(cli)["article"]
    ingest_text(cli, UPDATED, update=article)
    return article


def test_diff_shows_sentences_and_word_changes_without_colour(cli):
    article = _two_versions(cli)

    out = ok(cli("diff", article)).stdout

    assert out == (
        f"article {article}, version 1 → 2: 2 unchanged, 1 changed, 1 new, 1 deleted\n"
        "  Заявление МИД\n"
        "  Министры встретились в Минске.\n"
        "~ Они обсудили {+вопросы +}безопасност[-ь-]{+и+}.\n"
        "+ Новая фраза здесь.\n"
        "- Встреча прошла успешно.\n"
    )


def test_diff_colours_changes_on_request_and_not_under_no_color(cli, monkeypatch):
    article = _two_versions(cli)

    coloured = ok(cli("diff", article, "--color")).stdout
    assert "\x1b[" in coloured
    assert "[-" not in coloured  # colour replaces the markers
    assert "безопасност" in coloured

    monkeypatch.setenv("NO_COLOR", "1")
    plain = ok(cli("diff", article)).stdout
    assert "\x1b[" not in plain
    assert "безопасност[-ь-]{+и+}" in plain


def test_diff_json_gives_the_alignment_and_word_ops(cli):
    article = _two_versions(cli)

    data = ok(cli("diff", article, "--json")).json()

    assert (data["from"], data["to"]) == (1, 2)
    assert data["counts"] == {"unchanged": 2, "changed": 1, "inserted": 1, "deleted": 1}
    assert [(s["kind"], s["old"], s["new"]) for s in data["sentences"]] == [
        ("unchanged", "Заявление МИД", "Заявление МИД"),
        ("unchanged", "Министры встретились в Минске.", "Министры встретились в Минске."),
        ("changed", "Они обсудили безопасность.", "Они обсудили вопросы безопасности."),
        ("inserted", None, "Новая фраза здесь."),
        ("deleted", "Встреча прошла успешно.", None),
    ]
    assert data["sentences"][2]["diff"] == [
        {"tag": "equal", "old": "Они обсудили ", "new": "Они обсудили "},
        {"tag": "insert", "old": "", "new": "вопросы "},
        {"tag": "replace", "old": "безопасность", "new": "безопасности"},
        {"tag": "equal", "old": ".", "new": "."},
    ]


def test_diff_between_any_two_versions_in_either_direction(cli):
    article = _two_versions(cli)
    ingest_text(cli, UPDATED.replace("Новая", "Другая"), update=article)

    skipping = ok(cli("diff", article, "--from", "1", "--to", "3", "--json")).json()
    assert skipping["counts"] == {"unchanged": 2, "changed": 1, "inserted": 1, "deleted": 1}
    default = ok(cli("diff", article, "--json")).json()
    assert (default["from"], default["to"], default["counts"]["changed"]) == (2, 3, 1)
    backwards = ok(cli("diff", article, "--from", "2", "--to", "1", "--json")).json()
    assert [s["kind"] for s in backwards["sentences"]] == [
        "unchanged",
        "unchanged",
        "changed",
        "inserted",
        "deleted",
    ]


def test_diff_of_a_single_version_article_says_there_is_nothing_to_compare(cli):
    article = ingest_text(cli)["article"]
    result = cli("diff", article)
    assert result.exit_code == 1
    assert result.stderr == (
        f"translate-flow: version 1 is the first version of article {article}: "
        "there is nothing before it to compare with\n"
    )
    missing = cli("diff", article, "--from", "1", "--to", "4")
    assert (
        missing.stderr == f"translate-flow: article {article} has no version 4 (versions 1 to 1)\n"
    )
