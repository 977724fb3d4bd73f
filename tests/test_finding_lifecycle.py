"""Findings keep an id, can be dismissed and reopened, and a dismissal holds until the text it
was about changes (services/findings.py)."""

from __future__ import annotations

import pytest

GLOSSARY = """\
concept: belarus
ru: Беларусь
de: Belarus
de: Weißrussland | status=deprecated

concept: russia
ru: Россия
de: Russland
"""

TEXT = "Министр иностранных дел России посетил Беларусь. Переговоры прошли в Минске."
# Two blocking findings: Weißrussland is deprecated (in the target, with a span there), and
# России has no Russland (about the source; "russische" renders it).
MINISTER = "Der russische Außenminister besuchte Weißrussland."
TALKS = "Die Gespräche fanden in Minsk statt."


def ok(result):
    assert result.exit_code == 0, result.stderr
    return result


@pytest.fixture
def desk(cli, tmp_path):
    path = tmp_path / "desk.glossary"
    path.write_text(GLOSSARY, encoding="utf-8")
    ok(cli("glossary", "import", path))
    [row] = ok(cli("ingest", "-", "--title", "Визит", "--json", input=TEXT.encode())).json()
    cli.article = row["article"]
    shown = ok(cli("show", cli.article, "--lang", "de", "--json")).json()
    cli.title, cli.minister, cli.talks = [
        s["segment"] for p in shown["paragraphs"] for s in p["segments"]
    ]
    for segment, text in [(cli.title, "Der Besuch"), (cli.minister, MINISTER), (cli.talks, TALKS)]:
        ok(cli("segment", "edit", segment, "--lang", "de", "--text", text))
    return cli


def _show(cli, segment) -> dict:
    return ok(cli("segment", "show", segment, "--lang", "de", "--json")).json()


def _finding(cli, segment, kind: str, state_list: str = "findings") -> dict:
    [found] = [f for f in _show(cli, segment)[state_list] if f["kind"] == kind]
    return found


def _edit(cli, segment, text: str):
    return ok(cli("segment", "edit", segment, "--lang", "de", "--text", text))


def test_every_finding_has_an_id_in_segment_show_queue_and_check(desk):
    shown = _show(desk, desk.minister)
    ids = {f["kind"]: f["id"] for f in shown["findings"]}
    assert set(ids) == {"deprecated", "missing"}
    assert all(f["state"] == "open" for f in shown["findings"])

    text = ok(desk("segment", "show", desk.minister, "--lang", "de")).stdout
    assert f"finding {ids['deprecated']} [error] terminology: Weißrussland is deprecated" in text

    queue = ok(desk("queue", "--article", desk.article, "--lang", "de", "--json")).json()
    [row] = [r for r in queue if r["segment"] == desk.minister]
    assert {f["id"] for f in row["findings"]} == set(ids.values())

    [checked] = ok(desk("check", desk.article, "--lang", "de", "--json")).json()
    assert {f["id"] for f in checked["findings"]} == set(ids.values())


def test_ids_stay_the_same_across_check_runs_and_new_revisions(desk):
    before = {f["kind"]: f["id"] for f in _show(desk, desk.minister)["findings"]}

    ok(desk("check", desk.article))
    ok(desk("segment", "accept", desk.minister, "--lang", "de"))
    _edit(desk, desk.minister, "Der russische Außenminister besuchte am Montag Weißrussland.")

    after = _show(desk, desk.minister)
    assert {f["kind"]: f["id"] for f in after["findings"]} == before
    assert all(f["revision"] == after["revision"] for f in after["findings"])


def test_a_fixed_finding_is_resolved_and_a_new_problem_gets_a_new_id(desk):
    deprecated = _finding(desk, desk.minister, "deprecated")["id"]

    _edit(desk, desk.minister, "Der russische Außenminister besuchte Belarus.")

    assert [f["kind"] for f in _show(desk, desk.minister)["findings"]] == ["missing"]
    _edit(desk, desk.minister, "Der russische Außenminister besuchte Weißrussland.")
    assert _finding(desk, desk.minister, "deprecated")["id"] != deprecated


def test_dismissing_records_who_role_when_and_why(desk):
    finding = _finding(desk, desk.minister, "missing")

    result = ok(
        desk(
            "finding",
            "dismiss",
            finding["id"],
            "--reason",
            "Der russische Außenminister is the usual rendering",
            "--json",
        )
    ).json()

    assert result["state"] == "dismissed"
    assert result["dismissed_reason"] == "Der russische Außenminister is the usual rendering"
    shown = _show(desk, desk.minister)
    [dismissed] = shown["dismissed_findings"]
    assert (dismissed["id"], dismissed["state"]) == (finding["id"], "dismissed")
    assert dismissed["dismissed_by"] and dismissed["dismissed_role"] == "translator"
    assert dismissed["dismissed_at"]
    assert [f["kind"] for f in shown["findings"]] == ["deprecated"]
    text = ok(desk("segment", "show", desk.minister, "--lang", "de")).stdout
    assert "dismissed findings:" in text
    assert "Der russische Außenminister is the usual rendering" in text
    [entry] = [e for e in ok(desk("log", "--json")).json() if e["action"] == "finding-dismiss"]
    assert entry["object_id"] == str(finding["id"])
    assert entry["after"]["reason"] == "Der russische Außenminister is the usual rendering"
    assert entry["role"] == "translator"


def test_a_dismissal_holds_over_an_unrelated_edit_a_check_and_a_glossary_recheck(desk, tmp_path):
    deprecated = _finding(desk, desk.minister, "deprecated")["id"]
    missing = _finding(desk, desk.minister, "missing")["id"]
    ok(desk("finding", "dismiss", deprecated, "--reason", "quoting a 1990s document"))
    ok(desk("finding", "dismiss", missing, "--reason", "russische is right"))

    # An edit elsewhere in the sentence, touching neither Weißrussland nor "russische".
    _edit(desk, desk.minister, "Der russische Außenminister reiste gestern nach Weißrussland.")
    ok(desk("check", desk.article))
    glossary = tmp_path / "more.glossary"
    glossary.write_text(GLOSSARY + "de: Republik Belarus\n", encoding="utf-8")
    assert ok(desk("glossary", "import", glossary, "--json")).json()["rechecked"] >= 1

    shown = _show(desk, desk.minister)
    assert shown["findings"] == []
    assert {f["id"] for f in shown["dismissed_findings"]} == {deprecated, missing}


def test_an_edit_touching_the_span_reopens_the_finding(desk):
    deprecated = _finding(desk, desk.minister, "deprecated")["id"]
    ok(desk("finding", "dismiss", deprecated, "--reason", "quoting a 1990s document"))

    # The word of the span is rewritten; the check still finds the deprecated term in it.
    _edit(desk, desk.minister, "Der russische Außenminister besuchte Weißrussland-Süd.")

    shown = _show(desk, desk.minister)
    assert shown["dismissed_findings"] == []
    assert [f["id"] for f in shown["findings"] if f["kind"] == "deprecated"] == [deprecated]
    log = ok(desk("log", "--json")).json()
    [reopened] = [e for e in log if e["action"] == "finding-reopen"]
    assert reopened["object_id"] == str(deprecated)


def test_a_source_finding_reopens_when_its_rendering_is_edited(desk):
    missing = _finding(desk, desk.minister, "missing")["id"]
    ok(desk("finding", "dismiss", missing, "--reason", "russische is right"))

    _edit(desk, desk.minister, "Der Außenminister besuchte Weißrussland.")

    assert _finding(desk, desk.minister, "missing")["id"] == missing
    assert _show(desk, desk.minister)["dismissed_findings"] == []


def test_reopen_opens_a_dismissed_finding_again(desk):
    missing = _finding(desk, desk.minister, "missing")["id"]
    ok(desk("finding", "dismiss", missing, "--reason", "russische is right"))

    result = ok(desk("finding", "reopen", missing))

    assert f"finding {missing} is open again" in result.stdout
    assert _finding(desk, desk.minister, "missing")["state"] == "open"
    actions = [e["action"] for e in ok(desk("log", "--json")).json()]
    assert actions[:2] == ["finding-reopen", "finding-dismiss"]


def test_bad_dismissals_and_reopens_are_one_line_errors(desk):
    missing = _finding(desk, desk.minister, "missing")["id"]
    blank = desk("finding", "dismiss", missing, "--reason", "  ")
    assert blank.exit_code == 1 and "say why with --reason" in blank.stderr
    assert _finding(desk, desk.minister, "missing")["state"] == "open"

    not_dismissed = desk("finding", "reopen", missing)
    assert not_dismissed.exit_code == 1
    assert not_dismissed.stderr.strip() == (
        f"translate-flow: finding {missing} is open, not dismissed: nothing to reopen"
    )
    unknown = desk("finding", "dismiss", 99999, "--reason", "x")
    assert unknown.exit_code == 1 and "finding 99999 does not exist" in unknown.stderr
    ok(desk("finding", "dismiss", missing, "--reason", "russische is right"))
    twice = desk("finding", "dismiss", missing, "--reason", "again")
    assert twice.exit_code == 1 and "already dismissed" in twice.stderr
    for result in (blank, not_dismissed, unknown, twice):
        assert len(result.stderr.strip().splitlines()) == 1


def test_only_translators_and_editors_may_dismiss(desk):
    ok(desk("user", "add", "ada", "--role", "admin", user="ada"))
    ok(desk("user", "add", "terry", "--role", "terminologist", user="ada"))
    ok(desk("user", "add", "ed", "--role", "editor", user="ada"))
    missing = _finding(desk, desk.minister, "missing")["id"]

    refused = desk("finding", "dismiss", missing, "--reason", "fine", user="terry")

    assert refused.exit_code == 3
    assert refused.stderr.startswith("translate-flow: permission denied: terry")
    dismissed = ok(desk("finding", "dismiss", missing, "--reason", "fine", "--json", user="ed"))
    assert (dismissed.json()["dismissed_by"], dismissed.json()["dismissed_role"]) == (
        "ed",
        "editor",
    )


def test_finding_list_filters_by_article_language_check_and_state(desk):
    missing = _finding(desk, desk.minister, "missing")["id"]
    ok(desk("finding", "dismiss", missing, "--reason", "russische is right"))

    open_rows = ok(desk("finding", "list", "--article", desk.article, "--json")).json()
    dismissed = ok(desk("finding", "list", "--dismissed", "--lang", "de", "--json")).json()
    none_in_en = ok(desk("finding", "list", "--lang", "en", "--json")).json()
    by_check = ok(desk("finding", "list", "--check", "numbers", "--json")).json()

    assert missing not in {r["id"] for r in open_rows}
    assert all(r["state"] == "open" for r in open_rows)
    assert [r["id"] for r in dismissed] == [missing]
    assert (none_in_en, by_check) == ([], [])
    text = ok(desk("finding", "list", "--dismissed")).stdout
    assert f"finding {missing}  article {desk.article}  segment {desk.minister}  de" in text
    assert "russische is right" in text
    unknown = desk("finding", "list", "--check", "spelling")
    assert unknown.exit_code == 1 and "unknown check 'spelling'" in unknown.stderr


def test_approve_counts_only_open_blocking_findings_and_names_them(desk):
    findings = {f["kind"]: f["id"] for f in _show(desk, desk.minister)["findings"]}

    refused = desk("approve", desk.article, "--lang", "de")

    assert refused.exit_code == 1
    message = refused.stderr.strip()
    assert len(message.splitlines()) == 1
    assert f"finding {findings['deprecated']} (segment {desk.minister}, terminology:" in message
    assert f"finding {findings['missing']} (segment {desk.minister}" in message
    first = min(findings.values())
    assert f"'translate-flow finding dismiss {first} --reason \"why it is right\"'" in message

    for finding in findings.values():
        ok(desk("finding", "dismiss", finding, "--reason", "checked with the author"))
    approved = ok(desk("approve", desk.article, "--lang", "de", "--json")).json()
    assert approved["forced"] is False


def test_dismissals_reach_exports_and_the_report(desk, tmp_path):
    missing = _finding(desk, desk.minister, "missing")["id"]
    deprecated = _finding(desk, desk.minister, "deprecated")["id"]
    ok(desk("finding", "dismiss", missing, "--reason", "russische is right"))

    xliff = ok(desk("export", desk.article, "--lang", "de", "--format", "xliff", "--draft")).stdout
    po = ok(desk("export", desk.article, "--lang", "de", "--format", "po", "--draft")).stdout

    assert f"finding {missing} dismissed by" in xliff and "russische is right" in xliff
    assert f"finding {deprecated}: error terminology: Weißrussland is deprecated" in xliff
    po_comments = [line for line in po.splitlines() if line.startswith("# ")]
    assert any(
        f"finding {missing} dismissed by" in c and "russische is right" in c for c in po_comments
    )

    ok(desk("segment", "accept", desk.minister, "--lang", "de"))
    report = ok(desk("report", "--json")).json()
    assert [f["id"] for f in report["dismissed_findings"]] == [missing]
    text = ok(desk("report")).stdout
    assert "1 dismissed finding(s):" in text and "russische is right" in text
