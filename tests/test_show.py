"""`show`: source and translation side by side, paragraph by paragraph."""

from __future__ import annotations

from editors_tools import ok, translated_article


def test_show_prints_paragraphs_with_marks_on_unapproved_sentences(cli, tmp_path):
    article, (title, ministers, security, meeting) = translated_article(cli, tmp_path)
    ok(cli("segment", "accept", title, "--lang", "de"))
    ok(cli("segment", "edit", security, "--lang", "de", "--text", "Sie sprachen über Sicherheit."))

    out = ok(cli("show", article, "--lang", "de")).stdout

    assert out == (
        f"article {article} version 1 (ru → de, not approved)\n"
        "\n"
        "title\n"
        "ru  Заявление МИД\n"
        "de  Erklärung des Außenministeriums [translated]\n"
        "\n"
        "¶ 1\n"
        "ru  Министры встретились в Минске. Они обсудили безопасность.\n"
        "de  Die Minister trafen sich in Minsk. [machine-translated] "
        "Sie sprachen über Sicherheit. [translated]\n"
        "\n"
        "¶ 2\n"
        "ru  Встреча прошла успешно.\n"
        "de  Das Treffen verlief erfolgreich. [machine-translated]\n"
    )


def test_approved_article_shows_without_marks(cli, tmp_path):
    article, segments = translated_article(cli, tmp_path)
    for segment in segments:
        ok(cli("segment", "accept", segment, "--lang", "de"))
    ok(cli("approve", article, "--lang", "de"))

    data = ok(cli("show", article, "--lang", "de", "--json")).json()

    assert data["approved"] is True
    assert [
        (p["paragraph"], p["is_title"], p["source"], p["target"]) for p in data["paragraphs"]
    ] == [
        (0, True, "Заявление МИД", "Erklärung des Außenministeriums"),
        (
            1,
            False,
            "Министры встретились в Минске. Они обсудили безопасность.",
            "Die Minister trafen sich in Minsk. Sie besprachen Sicherheit.",
        ),
        (2, False, "Встреча прошла успешно.", "Das Treffen verlief erfolgreich."),
    ]
    assert [s["status"] for p in data["paragraphs"] for s in p["segments"]] == ["approved"] * 4
    assert "[" not in ok(cli("show", article, "--lang", "de")).stdout


def test_show_in_a_language_not_translated_yet_marks_every_sentence(cli, tmp_path):
    article, _ = translated_article(cli, tmp_path)

    out = ok(cli("show", article, "--lang", "en")).stdout.splitlines()

    assert out[4] == "en  (untranslated) [new]"
    assert out[8] == "en  (untranslated) [new] (untranslated) [new]"
