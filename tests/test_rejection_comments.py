"""An editor's rejection reaches the translator in `queue`, `segment show` and `log`, and the
translator answers with `segment comment` (services/comments.py)."""

from __future__ import annotations

import pytest
from editors_tools import ok, translated_article

REASON = (
    "OVKS, nicht Organisation des Vertrags über kollektive Sicherheit: so steht es im Stilbuch "
    "der Redaktion, Abschnitt 4.2"
)
ANSWER = "Korrigiert; der Titel nennt die Organisation schon ausgeschrieben, bitte nochmals ansehen"


@pytest.fixture
def rejected(cli, tmp_path):
    """A four-segment article; the second segment accepted by a translator, then rejected."""
    ok(cli("user", "add", "ada", "--role", "admin", user="ada"))
    cli.default_user = "ada"
    ok(cli("user", "add", "tina", "--role", "translator", user="ada"))
    ok(cli("user", "add", "ed", "--role", "editor", user="ada"))
    article, segments = translated_article(cli, tmp_path, user="tina", tm_user="ed")
    segment = segments[1]
    ok(cli("segment", "accept", segment, "--lang", "de", user="tina"))
    ok(cli("segment", "reject", segment, "--lang", "de", "--comment", REASON, user="ed"))
    cli.article, cli.segment = article, segment
    return cli


def test_the_queue_shows_the_rejection_reason_in_full(rejected):
    rows = ok(rejected("queue", "--lang", "de", "--status", "rejected", "--json", user="tina"))

    [row] = rows.json()
    assert (row["segment"], row["status"]) == (rejected.segment, "rejected")
    [comment] = row["comments"]
    assert (comment["action"], comment["author"], comment["role"]) == ("reject", "ed", "editor")
    assert comment["text"] == REASON
    text = ok(rejected("queue", "--lang", "de", "--status", "rejected", user="tina")).stdout
    assert "  reject by ed, editor " in text and text.rstrip().endswith("1 segment(s)")
    assert REASON in text


def test_the_translator_answers_and_the_editor_sees_the_thread(rejected):
    answered = rejected(
        "segment", "comment", rejected.segment, "--lang", "de", "--text", ANSWER, user="tina"
    )
    ok(answered)
    assert "rejected" in answered.stdout  # a comment keeps the status

    shown = ok(rejected("segment", "show", rejected.segment, "--lang", "de", "--json", user="ed"))
    assert [(c["author"], c["action"], c["text"]) for c in shown.json()["comments"]] == [
        ("ed", "reject", REASON),
        ("tina", "comment", ANSWER),
    ]
    text = ok(rejected("segment", "show", rejected.segment, "--lang", "de", user="ed")).stdout
    assert "comments:" in text and REASON in text and ANSWER in text
    queue = rejected("queue", "--article", rejected.article, "--lang", "de", "--json", user="ed")
    queue = ok(queue).json()
    [row] = [r for r in queue if r["segment"] == rejected.segment]
    assert [c["text"] for c in row["comments"]] == [REASON, ANSWER]


def test_the_log_shows_rejections_and_comments_in_full(rejected):
    answer = ("segment", "comment", rejected.segment, "--lang", "de", "--text", ANSWER)
    ok(rejected(*answer, user="tina"))

    out = ok(rejected("log", "--article", rejected.article, "--limit", "2", user="ed")).stdout

    assert f"    comment: {ANSWER}\n" in out
    assert f"    comment: {REASON}\n" in out
    entries = ok(rejected("log", "--limit", "2", "--json", user="ed")).json()
    assert [e["after"].get("comment") for e in entries] == [ANSWER, REASON]


def test_a_later_round_starts_a_new_thread(rejected):
    fixed = ("segment", "edit", rejected.segment, "--lang", "de", "--text", "Sie besprachen.")
    ok(rejected(*fixed, user="tina"))
    # Fixed but not yet approved: the editor still sees why it was sent back.
    shown = ok(rejected("segment", "show", rejected.segment, "--lang", "de", "--json"))
    assert [c["text"] for c in shown.json()["comments"]] == [REASON]

    queue = ok(rejected("queue", "--article", rejected.article, "--lang", "de", "--json")).json()
    for row in queue:
        if row["status"] == "machine-translated":
            ok(rejected("segment", "accept", row["segment"], "--lang", "de", user="tina"))
    ok(rejected("approve", rejected.article, "--lang", "de", user="ed"))

    shown = ok(rejected("segment", "show", rejected.segment, "--lang", "de", "--json"))
    assert shown.json()["comments"] == []
    assert REASON in [r["comment"] for r in shown.json()["history"]]


def test_an_empty_comment_is_refused_and_changes_nothing(rejected):
    before = ok(rejected("segment", "history", rejected.segment, "--lang", "de", "--json")).json()

    empty = ("segment", "comment", rejected.segment, "--lang", "de", "--text", " ")
    result = rejected(*empty, user="tina")

    assert (result.exit_code, result.stderr) == (1, "translate-flow: the comment is empty\n")
    after = ok(rejected("segment", "history", rejected.segment, "--lang", "de", "--json")).json()
    assert after == before


def test_the_review_screen_queue_walks_rejected_segments(rejected):
    from translate_flow.services.claims import claim_next
    from translate_flow.services.context import Desk
    from translate_flow.store.db import open_database

    desk = Desk(open_database(rejected.db_url), "tina")

    entry = claim_next(desk, lang="de", status="rejected")

    assert entry.segment == rejected.segment and entry.status == "rejected"
