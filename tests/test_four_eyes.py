"""Four eyes: an editor who edited or accepted segments does not approve them alone."""

from __future__ import annotations

import pytest
from editors_tools import BODY, ingest_text, ok, translated_article

PERMISSION_DENIED = 3


@pytest.fixture
def desk(cli, tmp_path):
    """Users tina (translator), ed and edith (editors); article 1 machine-translated into German."""
    ok(cli("user", "add", "ada", "--role", "admin", user="ada"))
    cli.default_user = "ada"
    ok(cli("user", "add", "tina", "--role", "translator", user="ada"))
    ok(cli("user", "add", "ed", "--role", "editor", user="ada"))
    ok(cli("user", "add", "edith", "--role", "editor", user="ada"))
    article, segments = translated_article(cli, tmp_path, user="ed")
    cli.article, cli.segments = article, segments
    return cli


def _accept_all(desk, user: str, segments) -> None:
    for segment in segments:
        ok(desk("segment", "accept", segment, "--lang", "de", user=user))


def test_editor_who_edited_a_segment_cannot_approve_alone(desk):
    first, second, *rest = desk.segments
    _accept_all(desk, "tina", rest)
    ok(desk("segment", "edit", first, "--lang", "de", "--text", "Erklärung des MID", user="ed"))
    ok(desk("segment", "accept", second, "--lang", "de", user="ed"))

    refused = desk("approve", desk.article, "--lang", "de", user="ed")

    assert refused.exit_code == PERMISSION_DENIED
    assert refused.stderr == (
        f"translate-flow: four eyes: ed edited or accepted 2 segment(s) of article "
        f"{desk.article} (de) since its last approval ({first}, {second}); "
        "a second editor must approve it\n"
    )
    assert desk("status", "--json").json()[0]["languages"]["de"]["approved"] is False


def test_a_second_editor_approves_what_the_first_edited(desk):
    first, *rest = desk.segments
    _accept_all(desk, "tina", rest)
    ok(desk("segment", "edit", first, "--lang", "de", "--text", "Erklärung des MID", user="ed"))
    assert desk("approve", desk.article, "--lang", "de", user="ed").exit_code == PERMISSION_DENIED

    approved = ok(desk("approve", desk.article, "--lang", "de", "--json", user="edith")).json()

    assert approved["approved_segments"] == len(desk.segments)
    log = desk("log", "--article", desk.article, "--limit", "1", "--json", user="tina").json()
    assert (log[0]["user"], log[0]["action"]) == ("edith", "approve")


def test_force_does_not_lift_the_four_eyes_rule(desk):
    first = desk.segments[0]
    ok(desk("segment", "accept", first, "--lang", "de", user="ed"))

    forced = desk(
        "approve", desk.article, "--lang", "de", "--force", "--reason", "deadline", user="ed"
    )

    assert forced.exit_code == PERMISSION_DENIED
    assert f"since its last approval ({first})" in forced.stderr
    ok(
        desk(
            "approve", desk.article, "--lang", "de", "--force", "--reason", "deadline", user="edith"
        )
    )


def test_an_editor_approves_segments_only_others_touched(desk):
    _accept_all(desk, "tina", desk.segments)
    approved = ok(desk("approve", desk.article, "--lang", "de", "--json", user="ed")).json()
    assert approved["approved_segments"] == len(desk.segments)


def test_only_changes_since_the_last_approval_count(desk):
    first, *rest = desk.segments
    _accept_all(desk, "tina", rest)
    ok(desk("segment", "edit", first, "--lang", "de", "--text", "Erklärung des MID", user="ed"))
    ok(desk("approve", desk.article, "--lang", "de", user="edith"))
    # After the approval, the translator reworks a sentence; ed's earlier edit is approved already.
    # An approved sentence is reopened by an editor first (a translator may not change it).
    ok(
        desk(
            "segment", "reject", rest[0], "--lang", "de", "--comment", "Bitte kürzer", user="edith"
        )
    )
    ok(
        desk(
            "segment",
            "edit",
            rest[0],
            "--lang",
            "de",
            "--text",
            "Die Minister tagten.",
            user="tina",
        )
    )

    assert (
        ok(desk("approve", desk.article, "--lang", "de", "--json", user="ed")).json()[
            "approved_segments"
        ]
        == 1
    )
    # Now edith edits after ed's approval, so she may not approve her own change.
    ok(desk("segment", "edit", rest[1], "--lang", "de", "--text", "Sie sprachen.", user="edith"))
    refused = desk("approve", desk.article, "--lang", "de", user="edith")
    assert refused.exit_code == PERMISSION_DENIED
    assert f"1 segment(s) of article {desk.article} (de) since its last approval ({rest[1]})" in (
        refused.stderr
    )


def test_the_rule_can_be_switched_off_in_the_config(desk, tmp_path):
    (tmp_path / "no-config.toml").write_text("[workflow]\nfour_eyes = false\n", encoding="utf-8")
    _accept_all(desk, "ed", desk.segments)

    approved = ok(desk("approve", desk.article, "--lang", "de", "--json", user="ed")).json()

    assert approved["approved_segments"] == len(desk.segments)


def test_single_user_desk_approves_its_own_edits(cli, tmp_path):
    article, segments = translated_article(cli, tmp_path)
    ok(cli("segment", "edit", segments[0], "--lang", "de", "--text", "Erklärung des MID"))
    for segment in segments[1:]:
        ok(cli("segment", "accept", segment, "--lang", "de"))

    approved = ok(cli("approve", article, "--lang", "de", "--json")).json()

    assert approved["approved_segments"] == len(segments)


def test_an_edit_carried_over_by_a_source_update_still_counts(desk):
    first, *rest = desk.segments
    _accept_all(desk, "tina", rest)
    ok(desk("segment", "edit", first, "--lang", "de", "--text", "Erklärung des MID", user="ed"))
    # A new version of the source rewords another sentence; ed's edit is carried over unchanged.
    ingest_text(desk, body=BODY.replace("успешно", "плодотворно"), user="tina", update=desk.article)
    rows = desk("queue", "--article", desk.article, "--lang", "de", "--json").json()
    carried, reworded = rows[0]["segment"], rows[3]["segment"]
    ok(desk("segment", "accept", reworded, "--lang", "de", user="tina"))

    refused = desk("approve", desk.article, "--lang", "de", user="ed")

    assert refused.exit_code == PERMISSION_DENIED
    assert f"since its last approval ({carried}); a second editor" in refused.stderr
    ok(desk("approve", desk.article, "--lang", "de", user="edith"))


def test_an_edit_before_a_merge_still_counts(desk):
    first, second, third, *rest = desk.segments
    _accept_all(desk, "tina", desk.segments)
    ok(desk("segment", "edit", third, "--lang", "de", "--text", "Sie sprachen.", user="ed"))
    ok(desk("segment", "merge", second, third, user="tina"))
    rows = desk("queue", "--article", desk.article, "--lang", "de", "--json").json()
    merged = rows[1]["segment"]

    refused = desk("approve", desk.article, "--lang", "de", user="ed")

    assert refused.exit_code == PERMISSION_DENIED
    assert f"({third} of an earlier version)" in refused.stderr
    assert merged != third


def test_a_translator_who_is_also_an_editor_changes_an_approved_text_as_editor(desk):
    ok(desk("user", "add", "tom", "--role", "translator", "--role", "editor", user="ada"))
    first, *rest = desk.segments
    _accept_all(desk, "tina", desk.segments)
    ok(desk("approve", desk.article, "--lang", "de", user="ed"))

    ok(desk("segment", "edit", first, "--lang", "de", "--text", "Erklärung des MID", user="tom"))

    last = desk("segment", "history", first, "--lang", "de", "--json").json()[-1]
    assert (last["action"], last["author"], last["role"]) == ("edit", "tom", "editor")
    log = desk("log", "--article", desk.article, "--limit", "1", "--json").json()
    assert (log[0]["user"], log[0]["role"]) == ("tom", "editor")
    # Their own change: tom may not approve it alone.
    assert desk("approve", desk.article, "--lang", "de", user="tom").exit_code == PERMISSION_DENIED
