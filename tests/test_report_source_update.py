"""The post-edit report and the highlighted HTML export across source updates: a translation
carried over to a new version keeps its machine translation and translator and counts once."""

from __future__ import annotations

from editors_tools import BODY, MEMORY, ingest_text, ok, translated_article, write_tmx
from lxml import html

MINISTERS_EDITED = "Die Minister tagten in Minsk."
SECURITY_EDITED = "Sie erörterten Fragen der Sicherheit."
# Version 2 adds a paragraph; version 3 rewords the last sentence.
ADDED_RU, ADDED_DE = "Стороны договорились встретиться снова.", "Man will sich wiedersehen."
ADDED = BODY + f"\n{ADDED_RU}\n"
REWORDED = ADDED.replace("Встреча прошла успешно.", "Встреча прошла весьма успешно.")
REWORDED_DE = "Das Treffen verlief sehr erfolgreich."


def _post_edited(cli, tmp_path):
    """anna accepts the title and the last sentence as the engine wrote them; boris rewords the
    two sentences of the first paragraph."""
    article, (title, ministers, security, meeting) = translated_article(cli, tmp_path)
    ok(cli("segment", "accept", title, "--lang", "de", user="anna"))
    ok(cli("segment", "edit", ministers, "--lang", "de", "--text", MINISTERS_EDITED, user="boris"))
    ok(cli("segment", "edit", security, "--lang", "de", "--text", SECURITY_EDITED, user="boris"))
    ok(cli("segment", "accept", meeting, "--lang", "de", user="anna"))
    return article


def _without_segment_ids(report: dict) -> dict:
    # A new version has new segment ids; everything else must stay as it was.
    return {
        **report,
        "segments": [{k: v for k, v in s.items() if k != "segment"} for s in report["segments"]],
    }


def test_carried_over_translations_keep_their_figures_and_count_once(cli, tmp_path):
    article = _post_edited(cli, tmp_path)
    before = ok(cli("report", "--json")).json()
    assert before["overall"]["segments"] == 4

    ingest_text(cli, ADDED, update=article, user="ivan")
    after_one = ok(cli("report", "--json")).json()
    ingest_text(cli, ADDED + "\nЕщё одна фраза.\n", update=article, user="ivan")
    after_two = ok(cli("report", "--json")).json()

    assert _without_segment_ids(after_one) == _without_segment_ids(before)
    assert _without_segment_ids(after_two) == _without_segment_ids(before)
    # The report reads the current version: the new segments, not the old ones as well.
    current = {r["segment"] for r in cli("queue", "--article", article, "--json").json()}
    assert {s["segment"] for s in after_two["segments"]} <= current
    # Whoever imported the update did not post-edit anything.
    assert [g["key"] for g in after_two["by_translator"]] == ["anna", "boris"]


def test_a_reworded_sentence_counts_again_only_once_it_is_machine_translated(cli, tmp_path):
    article = _post_edited(cli, tmp_path)
    ingest_text(cli, ADDED, update=article)
    before = ok(cli("report", "--json")).json()

    ingest_text(cli, REWORDED, update=article)
    after = ok(cli("report", "--json")).json()

    # The old draft translated another sentence: comparing it would measure the source change.
    unchanged = [s for s in before["segments"] if s["machine"] != MEMORY["Встреча прошла успешно."]]
    assert (
        _without_segment_ids(after)["segments"]
        == _without_segment_ids({"segments": unchanged})["segments"]
    )

    more = {"Встреча прошла весьма успешно.": REWORDED_DE, ADDED_RU: ADDED_DE}
    ok(cli("tm", "import", write_tmx(tmp_path / "more.tmx", more)))
    ok(cli("translate", article, "--to", "de", "--engine", "tm", "--retranslate"))
    reworded = cli("queue", "--article", article, "--lang", "de", "--json").json()[3]
    assert reworded["target"] == REWORDED_DE
    ok(cli("segment", "accept", reworded["segment"], "--lang", "de", user="carla"))

    again = ok(cli("report", "--json")).json()
    [row] = [s for s in again["segments"] if s["segment"] == reworded["segment"]]
    assert (row["machine"], row["final"], row["translator"]) == (REWORDED_DE, REWORDED_DE, "carla")
    assert again["overall"]["segments"] == before["overall"]["segments"]


def test_html_export_shows_the_changes_of_a_carried_over_translation(cli, tmp_path):
    article = _post_edited(cli, tmp_path)
    ingest_text(cli, ADDED, update=article)

    result = ok(cli("export", article, "--lang", "de", "--format", "html", "--draft"))

    page = html.fromstring(result.stdout)
    first_paragraph = page.findall(".//tr")[0].findall("td")[2]
    assert [d.text for d in first_paragraph.iter("del")] == ["trafen sich", "besprachen"]
    assert [i.text for i in first_paragraph.iter("ins")] == ["tagten", "erörterten Fragen der"]


def test_a_merge_does_not_count_the_second_sentence_as_an_edit_of_the_first(cli, tmp_path):
    article, (title, ministers, security, meeting) = translated_article(cli, tmp_path)
    for segment in (title, ministers, security, meeting):
        ok(cli("segment", "accept", segment, "--lang", "de", user="anna"))

    ok(cli("segment", "merge", ministers, security))

    report = ok(cli("report", "--json")).json()
    # Nobody changed a word of what the engine wrote: the joined segment is no post-edit of the
    # first sentence's machine translation.
    assert report["overall"]["mean_hter"] == 0.0
    assert all(s["unchanged"] for s in report["segments"])
    assert [s["final"] for s in report["segments"]] == [
        MEMORY["Заявление МИД"],
        MEMORY["Встреча прошла успешно."],
    ]
