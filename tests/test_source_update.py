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
