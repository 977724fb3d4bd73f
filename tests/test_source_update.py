"""A new version of an article keeps what was translated and marks what changed."""

from __future__ import annotations

TITLE = "Заявление МИД"
V1 = (
    "Министр провёл переговоры в Минске. Стороны обсудили сотрудничество в рамках ОДКБ. "
    "Следующая встреча состоится в Москве."
)
V2 = (
    "Министр провёл переговоры в Минске. Стороны подробно обсудили сотрудничество в рамках ОДКБ. "
    "Речь шла также о безопасности в сфере ИКТ. Следующая встреча состоится в Москве."
)


def test_update_carries_unchanged_translations_and_marks_changed_ones(cli):
    [row] = cli("ingest", "-", "--json", input=f"{TITLE}\n\n{V1}").json()
    article = row["article"]
    targets = [
        "Erklärung des Außenministeriums",
        "Der Minister führte Gespräche in Minsk.",
        "Die Seiten erörterten die Zusammenarbeit im Rahmen der OVKS.",
        "Das nächste Treffen findet in Moskau statt.",
    ]
    for segment_id, text in zip(range(1, 5), targets, strict=True):
        assert cli("segment", "edit", segment_id, "--lang", "de", "--text", text).exit_code == 0

    result = cli("ingest", "-", "--update", article, "--json", input=f"{TITLE}\n\n{V2}")
    assert result.exit_code == 0, result.stderr
    summary = result.json()[0]
    assert summary["version"] == 2
    assert (summary["unchanged"], summary["changed"], summary["inserted"]) == (3, 1, 1)

    rows = cli("queue", "--article", article, "--lang", "de", "--json").json()
    assert [r["status"] for r in rows] == [
        "translated",
        "translated",
        "source-changed",
        "new",
        "translated",
    ]
    assert rows[2]["target"] == targets[2]  # the old translation is the draft
    shown = cli("segment", "show", rows[2]["segment"], "--lang", "de", "--json").json()
    assert shown["previous_source"] == "Стороны обсудили сотрудничество в рамках ОДКБ."
    status = cli("status", "--json").json()[0]
    assert status["version"] == 2 and status["segments"] == 5


def test_update_with_identical_text_is_refused(cli):
    [row] = cli("ingest", "-", "--json", input=f"{TITLE}\n\n{V1}").json()
    result = cli("ingest", "-", "--update", row["article"], input=f"{TITLE}\n\n{V1}")
    assert result.exit_code == 1
    assert "same as" in result.stderr


def test_work_on_a_segment_the_update_replaced_is_refused_and_names_its_successor(cli):
    [row] = cli("ingest", "-", "--json", input=f"{TITLE}\n\n{V1}").json()
    article = row["article"]
    shown = cli("show", article, "--lang", "de", "--json").json()
    minsk = shown["paragraphs"][1]["segments"][0]["segment"]
    edited = cli("segment", "edit", minsk, "--lang", "de", "--text", "Der Minister in Minsk.")
    assert edited.exit_code == 0, edited.stderr
    cli("ingest", "-", "--update", article, input=f"{TITLE}\n\n{V2}")
    [now] = [
        r["segment"]
        for r in cli("queue", "--article", article, "--lang", "de", "--json").json()
        if r["source"].startswith("Министр провёл")
    ]
    before = cli("segment", "history", minsk, "--lang", "de", "--json").json()

    for command in (
        ("edit", "--text", "Der Minister führte Gespräche in Minsk."),
        ("accept",),
        ("comment", "--text", "bitte prüfen"),
    ):
        refused = cli("segment", command[0], minsk, "--lang", "de", *command[1:])
        assert refused.exit_code == 1
        assert refused.stderr == (
            f"translate-flow: segment {minsk} belongs to an earlier version of article {article} "
            f"(now version 2) and takes no more changes; segment {now} replaced it: "
            f"'translate-flow segment show {now} --lang de'\n"
        )
    assert cli("segment", "history", minsk, "--lang", "de", "--json").json() == before
    current = cli("segment", "show", now, "--lang", "de", "--json").json()
    assert current["target"] == "Der Minister in Minsk."


def test_segment_show_says_a_segment_was_replaced_and_by_which(cli):
    [row] = cli("ingest", "-", "--json", input=f"{TITLE}\n\n{V1}").json()
    article = row["article"]
    shown = cli("show", article, "--lang", "de", "--json").json()
    minsk = shown["paragraphs"][1]["segments"][0]["segment"]
    assert cli("segment", "edit", minsk, "--lang", "de", "--text", "In Minsk.").exit_code == 0
    current = cli("segment", "show", minsk, "--lang", "de", "--json").json()
    assert (current["version"], current["current_version"], current["replaced_by"]) == (1, 1, None)

    cli("ingest", "-", "--update", article, input=f"{TITLE}\n\n{V2}")

    old = cli("segment", "show", minsk, "--lang", "de", "--json").json()
    now = old["replaced_by"]
    assert (old["version"], old["current_version"]) == (1, 2) and now not in (None, minsk)
    assert cli("segment", "show", now, "--lang", "de", "--json").json()["source"] == old["source"]
    text = cli("segment", "show", minsk, "--lang", "de").stdout.splitlines()
    assert text[1] == (
        f"version:  1, replaced by segment {now} in version 2; this segment takes no more changes"
    )


def _v1_translated_as(cli, text: str) -> int:
    """Version 1 of the article, every segment translated by hand as `text`; the article."""
    [row] = cli("ingest", "-", "--json", input=f"{TITLE}\n\n{V1}").json()
    article = row["article"]
    shown = cli("show", article, "--lang", "de", "--json").json()
    for paragraph in shown["paragraphs"]:
        for segment in paragraph["segments"]:
            edited = cli("segment", "edit", segment["segment"], "--lang", "de", "--text", text)
            assert edited.exit_code == 0, edited.stderr
    return article


def test_check_after_an_update_counts_the_current_version_only(cli):
    article = _v1_translated_as(cli, "Минск")  # Cyrillic left in every translation: a finding
    cli("ingest", "-", "--update", article, input=f"{TITLE}\n\n{V2}")
    current = {r["segment"] for r in cli("queue", "--article", article, "--json").json()}

    [summary] = cli("check", article, "--lang", "de", "--json").json()

    assert summary["checked"] == 4  # five segments, one of them new and empty
    assert summary["findings"] and {f["segment"] for f in summary["findings"]} <= current
    listed = cli("finding", "list", "--article", article, "--lang", "de", "--json").json()
    assert summary["errors"] + summary["warnings"] == len(listed)


def test_status_says_a_version_whose_segments_all_kept_their_approval_needs_one(cli):
    article = _v1_translated_as(cli, "Text.")
    assert cli("approve", article, "--lang", "de").exit_code == 0
    shorter = V1.replace("Стороны обсудили сотрудничество в рамках ОДКБ. ", "")

    cli("ingest", "-", "--update", article, input=f"{TITLE}\n\n{shorter}")

    assert cli("status").stdout.splitlines()[1].strip() == "de (v2 not approved yet): 3 approved"
    assert cli("status", "--json").json()[0]["languages"]["de"]["approved"] is False
    assert cli("approve", article, "--lang", "de").exit_code == 0
    assert cli("status").stdout.splitlines()[1].strip() == "de APPROVED: 3 approved"
