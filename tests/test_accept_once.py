"""Accepting a segment that is already accepted adds no second revision."""

from __future__ import annotations

from editors_tools import ok, translated_article


def _history(cli, segment) -> list[dict]:
    return ok(cli("segment", "history", segment, "--lang", "de", "--json")).json()


def test_accepting_twice_says_so_and_adds_no_revision(cli, tmp_path):
    _, segments = translated_article(cli, tmp_path)
    segment = segments[1]
    first = ok(cli("segment", "accept", segment, "--lang", "de", "--json")).json()
    log_before = ok(cli("log", "--limit", "0", "--json")).json()

    again = ok(cli("segment", "accept", segment, "--lang", "de"))

    assert again.stdout == (
        f"segment {segment} (de) is already accepted (revision {first['revision']}): "
        "nothing to do\n"
    )
    assert [r["action"] for r in _history(cli, segment)] == ["machine-translate", "accept"]
    assert ok(cli("log", "--limit", "0", "--json")).json() == log_before
    as_json = ok(cli("segment", "accept", segment, "--lang", "de", "--json")).json()
    assert (as_json["already_accepted"], as_json["revision"]) == (True, first["revision"])


def test_a_comment_given_with_a_second_accept_is_kept_as_a_comment(cli, tmp_path):
    _, segments = translated_article(cli, tmp_path)
    segment = segments[1]
    ok(cli("segment", "accept", segment, "--lang", "de"))

    ok(cli("segment", "accept", segment, "--lang", "de", "--comment", "geprüft mit dem Autor"))

    history = _history(cli, segment)
    assert [r["action"] for r in history] == ["machine-translate", "accept", "comment"]
    assert (history[-1]["status"], history[-1]["comment"]) == (
        "translated",
        "geprüft mit dem Autor",
    )


def test_an_editor_saving_an_approved_text_unchanged_keeps_it_approved(cli, tmp_path):
    article, segments = translated_article(cli, tmp_path)
    for segment in segments:
        ok(cli("segment", "accept", segment, "--lang", "de"))
    ok(cli("approve", article, "--lang", "de"))
    segment = segments[1]
    [before] = [r for r in _history(cli, segment) if r["action"] == "approve"]

    again = ok(cli("segment", "edit", segment, "--lang", "de", "--text", f" {before['text']} "))

    assert again.stdout == (
        f"segment {segment} (de) has this text already (approved, revision "
        f"{before['revision']}): nothing to do\n"
    )
    assert _history(cli, segment)[-1]["revision"] == before["revision"]
    assert ok(cli("status", "--json")).json()[0]["languages"]["de"]["approved"] is True
    as_json = ok(
        cli("segment", "edit", segment, "--lang", "de", "--text", before["text"], "--json")
    ).json()
    assert (as_json["unchanged"], as_json["status"]) == (True, "approved")


def test_an_edit_repeating_the_accepted_text_adds_no_revision_but_keeps_its_comment(cli, tmp_path):
    _, segments = translated_article(cli, tmp_path)
    segment = segments[1]
    edited = ok(
        cli("segment", "edit", segment, "--lang", "de", "--text", "Sie sprachen.", "--json")
    )

    ok(cli("segment", "edit", segment, "--lang", "de", "--text", "Sie sprachen."))
    ok(
        cli(
            "segment", "edit", segment, "--lang", "de", "--text", "Sie sprachen.", "--comment", "ok"
        )
    )

    history = _history(cli, segment)
    assert [r["action"] for r in history] == ["machine-translate", "edit", "comment"]
    assert history[1]["revision"] == edited.json()["revision"]
    assert (history[-1]["status"], history[-1]["comment"]) == ("translated", "ok")
