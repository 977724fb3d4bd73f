"""The post-edit distance report: per segment, engine, language, translator and article."""

from __future__ import annotations

import pytest
from editors_tools import ingest_text, ok, translated_article
from mt_servers import libre_server

from translate_flow.diff.postedit import PostEdit, aggregate, distance, overall

MINISTERS_MT = "Die Minister trafen sich in Minsk."
MINISTERS_EDITED = "Die Minister tagten in Minsk."
SECURITY_MT = "Sie besprachen Sicherheit."
SECURITY_EDITED = "Sie erörterten Fragen der Sicherheit."


# --- the pure computation -------------------------------------------------------------------


def test_unchanged_machine_translation_has_zero_distance():
    d = distance(SECURITY_MT, SECURITY_MT)
    assert (d.word_edits, d.words, d.hter, d.char_distance, d.unchanged) == (0, 4, 0.0, 0.0, True)


def test_one_replaced_word_in_four():
    d = distance("Die Minister tagten.", "Die Minister tagen.")
    # One word substituted in four (the full stop is a word); one character deleted of twenty.
    assert (d.word_edits, d.words, d.hter, d.char_distance, d.unchanged) == (
        1,
        4,
        0.25,
        0.05,
        False,
    )


def test_hter_counts_words_of_the_post_edited_text():
    # trafen→tagten and sich deleted: 2 edits over the 6 words of the accepted sentence.
    d = distance(MINISTERS_MT, MINISTERS_EDITED)
    assert (d.word_edits, d.words) == (2, 6)
    assert d.hter == pytest.approx(1 / 3)
    assert d.char_distance == pytest.approx(8 / 34)
    # besprachen→erörterten, "Fragen der" inserted: 3 edits over 6 words.
    d = distance(SECURITY_MT, SECURITY_EDITED)
    assert (d.word_edits, d.words, d.hter) == (3, 6, 0.5)
    assert d.char_distance == pytest.approx(17 / 37)


def test_whitespace_changes_are_no_word_edits():
    d = distance("Die Minister  tagten.", "Die Minister tagten.")
    assert (d.word_edits, d.hter, d.unchanged) == (0, 0.0, False)
    assert d.char_distance == pytest.approx(1 / 21)


def test_a_text_with_no_words_left_counts_as_fully_edited():
    assert distance("Text", "").hter == 1.0
    assert distance("", "").hter == 0.0


def _edit(segment, article, engine, translator, machine, final, lang="de"):
    return PostEdit(segment, article, lang, engine, translator, machine, final)


def test_aggregate_means_per_group_sorted_with_article_numbers_in_order():
    edits = [
        _edit(1, 10, "tm", "anna", SECURITY_MT, SECURITY_MT),
        _edit(2, 10, "tm", "boris", MINISTERS_MT, MINISTERS_EDITED),
        _edit(3, 2, "libre", "boris", SECURITY_MT, SECURITY_EDITED),
        _edit(4, 2, "libre", None, SECURITY_MT, SECURITY_MT),
    ]
    scored = [(e, distance(e.machine, e.final)) for e in edits]

    by_engine = aggregate(scored, lambda e: e.engine)
    assert [(g.key, g.segments, g.mean_hter, g.unchanged_share) for g in by_engine] == [
        ("libre", 2, 0.25, 0.5),
        ("tm", 2, pytest.approx(1 / 6), 0.5),
    ]
    by_translator = aggregate(scored, lambda e: e.translator)
    assert [(g.key, g.segments) for g in by_translator] == [("-", 1), ("anna", 1), ("boris", 2)]
    assert by_translator[2].mean_hter == pytest.approx((1 / 3 + 0.5) / 2)
    assert by_translator[2].mean_char_distance == pytest.approx((8 / 34 + 17 / 37) / 2)
    assert [g.key for g in aggregate(scored, lambda e: e.article)] == ["2", "10"]
    total = overall(scored)
    assert (total.segments, total.unchanged_share) == (4, 0.5)
    assert total.mean_hter == pytest.approx((1 / 3 + 0.5) / 4)


def test_aggregate_of_nothing_is_empty():
    assert aggregate([], lambda e: e.engine) == []
    assert overall([]).segments == 0


# --- the command ------------------------------------------------------------------------------


@pytest.fixture
def post_edited(cli, tmp_path):
    """Article 1 from the memory: anna accepts the title as it is, boris rewords two sentences
    (the first of which anna accepts after him), the last sentence stays unreviewed."""
    article, (title, ministers, security, meeting) = translated_article(cli, tmp_path)
    ok(cli("segment", "accept", title, "--lang", "de", user="anna"))
    ok(cli("segment", "edit", ministers, "--lang", "de", "--text", MINISTERS_EDITED, user="boris"))
    ok(cli("segment", "accept", ministers, "--lang", "de", user="anna"))
    ok(cli("segment", "edit", security, "--lang", "de", "--text", SECURITY_EDITED, user="boris"))
    cli.article, cli.segments = article, (title, ministers, security, meeting)
    return cli


def test_report_scores_accepted_segments_against_the_last_machine_translation(post_edited):
    cli = post_edited
    title, ministers, security, _ = cli.segments

    data = ok(cli("report", "--json")).json()

    assert [
        (
            s["segment"],
            s["engine"],
            s["translator"],
            s["word_edits"],
            s["words"],
            s["hter"],
            s["char_distance"],
            s["unchanged"],
        )
        for s in data["segments"]
    ] == [
        (title, "tm", "anna", 0, 3, 0.0, 0.0, True),
        (ministers, "tm", "boris", 2, 6, 0.3333, 0.2353, False),
        (security, "tm", "boris", 3, 6, 0.5, 0.4595, False),
    ]
    assert data["overall"] == {
        "key": "all",
        "segments": 3,
        "mean_hter": 0.2778,
        "mean_char_distance": 0.2316,
        "unchanged_share": 0.3333,
    }
    assert data["by_translator"] == [
        {
            "key": "anna",
            "segments": 1,
            "mean_hter": 0.0,
            "mean_char_distance": 0.0,
            "unchanged_share": 1.0,
        },
        {
            "key": "boris",
            "segments": 2,
            "mean_hter": 0.4167,
            "mean_char_distance": 0.3474,
            "unchanged_share": 0.0,
        },
    ]
    assert [(g["key"], g["segments"]) for g in data["by_engine"]] == [("tm", 3)]
    assert [(g["key"], g["segments"]) for g in data["by_lang"]] == [("de", 3)]
    assert [(g["key"], g["segments"]) for g in data["by_article"]] == [(str(cli.article), 3)]


def test_report_compares_engines_and_filters_by_article(post_edited, monkeypatch):
    cli = post_edited
    with libre_server({"Кратко": "Kurz", "Встреча прошла успешно.": "Das Treffen war gut."}) as s:
        monkeypatch.setenv("TRANSLATE_FLOW_LIBRE_URL", s.url)
        second = ingest_text(cli, "Встреча прошла успешно.\n", title="Кратко")["article"]
        ok(cli("translate", second, "--to", "de", "--engine", "libre"))
    for row in cli("queue", "--article", second, "--lang", "de", "--json").json():
        ok(cli("segment", "accept", row["segment"], "--lang", "de", user="carla"))

    data = ok(cli("report", "--json")).json()
    assert [(g["key"], g["segments"], g["mean_hter"]) for g in data["by_engine"]] == [
        ("libre", 2, 0.0),
        ("tm", 3, 0.2778),
    ]
    assert [(g["key"], g["segments"]) for g in data["by_article"]] == [
        (str(cli.article), 3),
        (str(second), 2),
    ]
    only_second = ok(cli("report", "--article", second, "--json")).json()
    assert only_second["overall"]["segments"] == 2
    assert only_second["by_translator"][0]["key"] == "carla"
    assert ok(cli("report", "--lang", "en", "--json")).json()["overall"]["segments"] == 0


def test_report_prints_tables(post_edited):
    out = ok(post_edited("report")).stdout
    assert out.splitlines()[0] == (
        "3 segments: mean HTER 0.278, mean character distance 0.232, unchanged 33%"
    )
    assert "boris" in out and "0.417" in out


def test_report_writes_a_standalone_html_page_with_bar_charts(post_edited, tmp_path):
    page = tmp_path / "postedit.html"

    result = ok(post_edited("report", "--html", page))

    assert result.stdout.endswith(f"wrote {page}\n")
    text = page.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>")
    assert text.count("<svg") == 2
    assert "<script" not in text and "src=" not in text and "<link" not in text
    # One bar per engine (tm) and per translator (anna, boris); anna's HTER is 0.
    assert text.count("<rect") == 3
    assert '<rect x="160" y="5" width="0.0"' in text
    assert ">0.417</text>" in text


def test_report_html_into_a_missing_folder_is_one_line(post_edited, tmp_path):
    page = tmp_path / "missing" / "postedit.html"

    result = post_edited("report", "--html", page)

    assert result.exit_code == 1
    assert result.stderr == (
        f"translate-flow: cannot write {page}: the folder {page.parent} does not exist\n"
    )
    assert result.stdout == ""


def test_report_of_an_unknown_article_is_an_error(cli):
    result = cli("report", "--article", "7")
    assert result.exit_code == 1
    assert (
        result.stderr == "translate-flow: article 7 does not exist (see 'translate-flow status')\n"
    )
