"""After a glossary change the open translations that use it are checked again and marked."""

from __future__ import annotations

import pytest

GLOSSARY = """\
concept: belarus
ru: Беларусь
de: Belarus
de: Weißrussland | status=admitted

concept: cis
ru: СНГ | type=abbreviation
de: GUS | type=abbreviation

concept: moscow
ru: Москва
de: Moskau
"""

TEXT = (
    "Министр посетил Беларусь. Стороны обсудили сотрудничество в рамках СНГ. "
    "Следующая встреча состоится в Москве."
)
TARGETS = [
    "Erklärung",
    "Der Minister besuchte Weißrussland.",
    "Die Seiten erörterten die Zusammenarbeit im Rahmen der GUS.",
    "Das nächste Treffen findet in Moskau statt.",
]


def ok(result):
    assert result.exit_code == 0, result.stderr
    return result


def _article(cli, targets=TARGETS) -> tuple[int, list[int]]:
    """An article whose segments have the given German translations (status translated)."""
    [row] = ok(cli("ingest", "-", "--json", input=f"Заявление\n\n{TEXT}")).json()
    segments = []
    for position, target in enumerate(targets):
        segment = _segment_id(cli, row["article"], position)
        ok(cli("segment", "edit", segment, "--lang", "de", "--text", target))
        segments.append(segment)
    return row["article"], segments


def _segment_id(cli, article: int, position: int) -> int:
    shown = ok(cli("show", article, "--lang", "de", "--json")).json()
    ids = [s["segment"] for p in shown["paragraphs"] for s in p["segments"]]
    return ids[position]


@pytest.fixture
def desk(cli, tmp_path):
    path = tmp_path / "desk.glossary"
    path.write_text(GLOSSARY, encoding="utf-8")
    ok(cli("glossary", "import", path))
    article, segments = _article(cli)
    cli.glossary_file = path
    cli.article = article
    cli.segments = segments
    return cli


def _findings(cli, segment: int) -> list[tuple]:
    shown = ok(cli("segment", "show", segment, "--lang", "de", "--json")).json()
    return [
        (f["check"], f["kind"], f["concept"], f["term"])
        for f in shown["findings"]
        if f["check"] == "terminology"
    ]


def _affected(cli) -> dict[int, list[str]]:
    rows = ok(cli("queue", "--glossary-affected", "--json")).json()
    return {r["segment"]: r["glossary_affected"] for r in rows}


def test_deprecating_a_term_gives_the_translations_using_it_findings(desk):
    belarus_segment = desk.segments[1]
    assert _findings(desk, belarus_segment) == []

    result = desk("glossary", "deprecate", "belarus", "de:Weißrussland", "--json")

    report = ok(result).json()
    assert (report["rechecked"], report["with_new_findings"]) == (1, 1)
    assert report["affected"] == [
        {"segment": belarus_segment, "article": desk.article, "lang": "de", "concepts": ["belarus"]}
    ]
    assert _findings(desk, belarus_segment) == [
        ("terminology", "deprecated", "belarus", "Weißrussland")
    ]
    assert _affected(desk) == {belarus_segment: ["belarus"]}
    # The other segments were neither checked again nor marked.
    assert all(_findings(desk, s) == [] for s in desk.segments if s != belarus_segment)


def test_the_text_output_says_what_was_rechecked_and_the_queue_marks_it(desk):
    result = ok(desk("glossary", "deprecate", "belarus", "de:Weißrussland"))

    assert result.stdout.splitlines()[-1] == (
        "re-checked 1 open translation(s), 1 with new findings: "
        "translate-flow queue --glossary-affected"
    )
    queue = ok(desk("queue", "--glossary-affected")).stdout
    assert f"segment {desk.segments[1]}  article {desk.article}  de  [translated]" in queue
    assert "glossary changed: belarus" in queue
    rows = ok(desk("queue", "--article", desk.article, "--lang", "de", "--json")).json()
    assert [r["glossary_affected"] for r in rows] == [[], ["belarus"], [], []]
    # `segment show` marks it as the queue does.
    shown = ok(desk("segment", "show", desk.segments[1], "--lang", "de")).stdout
    assert "glossary changed: belarus" in shown.splitlines()[1]
    shown = ok(desk("segment", "show", desk.segments[1], "--lang", "de", "--json")).json()
    assert shown["glossary_affected"] == ["belarus"]


def test_fixing_the_translation_clears_the_findings_and_the_mark(desk):
    segment = desk.segments[1]
    ok(desk("glossary", "deprecate", "belarus", "de:Weißrussland"))

    ok(desk("segment", "edit", segment, "--lang", "de", "--text", "Der Minister besuchte Belarus."))

    assert _findings(desk, segment) == []
    assert _affected(desk) == {}


def test_a_new_revision_clears_the_mark_even_with_the_finding_still_open(desk):
    segment = desk.segments[1]
    ok(desk("glossary", "deprecate", "belarus", "de:Weißrussland"))

    # Accepting an accepted segment writes no revision; a comment does.
    ok(desk("segment", "comment", segment, "--lang", "de", "--text", "Weißrussland steht im Zitat"))

    assert _findings(desk, segment) == [("terminology", "deprecated", "belarus", "Weißrussland")]
    assert _affected(desk) == {}


def test_undoing_the_deprecation_takes_the_findings_and_the_mark_away(desk):
    segment = desk.segments[1]
    ok(desk("glossary", "deprecate", "belarus", "de:Weißrussland"))

    result = desk(
        "glossary", "edit", "belarus", "--set-status", "de:Weißrussland=admitted", "--json"
    )

    assert (ok(result).json()["rechecked"], result.json()["with_new_findings"]) == (1, 0)
    assert _findings(desk, segment) == []
    assert _affected(desk) == {}


def test_a_finding_the_translation_already_had_is_not_new(desk):
    segment = desk.segments[2]
    ok(desk("segment", "edit", segment, "--lang", "de", "--text",
            "Die Seiten erörterten die Zusammenarbeit im Rahmen der Gemeinschaft."))  # fmt: skip
    assert _findings(desk, segment) == [("terminology", "missing", "cis", "СНГ")]

    result = desk("glossary", "edit", "cis", "--add-term", "de:Staatengemeinschaft:admitted",
                  "--json")  # fmt: skip

    assert (ok(result).json()["rechecked"], result.json()["with_new_findings"]) == (1, 0)
    shown = ok(desk("segment", "show", segment, "--lang", "de", "--json")).json()
    [finding] = [f for f in shown["findings"] if f["check"] == "terminology"]
    assert finding["suggestions"] == ["GUS", "Staatengemeinschaft"]
    assert _affected(desk) == {}


def test_adding_a_concept_checks_the_translations_that_use_it(desk):
    meeting = desk.segments[3]

    known = desk("glossary", "add", "meeting", "--term", "ru:встреча", "--term",
                 "de:Zusammenkunft", "--json")  # fmt: skip

    assert (ok(known).json()["rechecked"], known.json()["with_new_findings"]) == (1, 1)
    assert _findings(desk, meeting) == [("terminology", "missing", "meeting", "встреча")]
    assert _affected(desk) == {meeting: ["meeting"]}


def test_approved_translations_are_not_checked_again(desk):
    ok(desk("approve", desk.article, "--lang", "de", "--force", "--reason", "deadline"))

    result = desk("glossary", "deprecate", "belarus", "de:Weißrussland", "--json")

    assert (ok(result).json()["rechecked"], result.json()["with_new_findings"]) == (0, 0)
    assert _findings(desk, desk.segments[1]) == []
    assert _affected(desk) == {}


def test_importing_a_changed_glossary_checks_again_too(desk):
    desk.glossary_file.write_text(
        GLOSSARY.replace("Weißrussland | status=admitted", "Weißrussland | status=deprecated"),
        encoding="utf-8",
    )

    result = desk("glossary", "import", desk.glossary_file, "--json")

    report = ok(result).json()
    assert report["changed"] == ["belarus"]
    assert (report["rechecked"], report["with_new_findings"]) == (1, 1)
    assert _affected(desk) == {desk.segments[1]: ["belarus"]}
    again = ok(desk("glossary", "import", desk.glossary_file))
    assert "re-checked" not in again.stdout  # nothing changed, nothing checked


def test_removing_a_deprecated_term_clears_its_findings(desk):
    segment = desk.segments[1]
    ok(desk("glossary", "deprecate", "belarus", "de:Weißrussland"))

    result = desk("glossary", "edit", "belarus", "--remove-term", "de:Weißrussland", "--json")

    # The term is gone from the glossary, but the translation that used it is still found.
    assert ok(result).json()["rechecked"] == 1
    assert _findings(desk, segment) == [("terminology", "missing", "belarus", "Беларусь")]
