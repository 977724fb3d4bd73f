"""The workflow rules through the services' Python API, on SQLite and PostgreSQL: who may do
what, four eyes, every transition of the state machine a service offers, and carry-over.

The command line's own behaviour (exit codes, output, --json) is tested with the CLI; these tests
call the services as a script or a web view would, and read what they return.
"""

from __future__ import annotations

import pytest
from services_support import (
    TARGETS,
    Desks,
    ingest_article,
    machine_translate,
    segment_ids,
)

from translate_flow.errors import InputError, NotFoundError, PermissionDenied, StateError
from translate_flow.services.approve import approve_article
from translate_flow.services.review import (
    accept_segment,
    comment_segment,
    edit_segment,
    history,
    queue,
    reject_segment,
    show_segment,
)
from translate_flow.services.users import add_user, list_users


@pytest.fixture
def desks(db_url):
    """ada (admin), tina (translator), ed and edith (editors), terry (terminologist)."""
    desks = Desks(db_url)
    add_user(desks("ada"), "ada", ["admin"])
    for name, role in [("tina", "translator"), ("ed", "editor"), ("edith", "editor")]:
        add_user(desks("ada"), name, [role])
    add_user(desks("ada"), "terry", ["terminologist"])
    return desks


@pytest.fixture
def article(desks):
    """An article of four segments (title and three sentences), machine-translated into German;
    its id and segment ids."""
    article = ingest_article(desks("tina"))
    segments = segment_ids(desks("tina"), article)
    machine_translate(desks("tina"), segments)
    return article, segments


def _status(desk, segment: int) -> str:
    return show_segment(desk, segment, "de").status


# --- roles ----------------------------------------------------------------------------------


def test_users_are_listed_with_their_roles(desks):
    users = list_users(desks("ada"))

    assert [(u.name, u.roles) for u in users] == [
        ("ada", ["admin"]),
        ("ed", ["editor"]),
        ("edith", ["editor"]),
        ("terry", ["terminologist"]),
        ("tina", ["translator"]),
    ]


def test_only_an_admin_adds_users(desks):
    with pytest.raises(PermissionDenied) as refused:
        add_user(desks("ed"), "boris", ["translator"])
    assert str(refused.value) == (
        "permission denied: ed (editor) cannot user manage; it needs the role admin"
    )

    added = add_user(desks("ada"), "boris", ["translator", "editor", "translator"])

    assert (added.name, added.roles) == ("boris", ["editor", "translator"])


def test_the_first_user_must_be_an_admin(db_url):
    with pytest.raises(InputError, match="the first user must have the admin role"):
        add_user(Desks(db_url)("tina"), "tina", ["translator"])
    assert list_users(Desks(db_url)("tina")) == []


def test_someone_who_is_no_desk_user_is_refused(desks):
    with pytest.raises(PermissionDenied, match="mallory is not a translate-flow user"):
        desks("mallory")


def test_a_translator_edits_and_accepts_but_neither_rejects_nor_approves(desks, article):
    article_id, (first, second, *_) = article
    tina = desks("tina")

    assert edit_segment(tina, first, "de", "Erklärung des MID").status == "translated"
    assert accept_segment(tina, second, "de").status == "translated"
    with pytest.raises(PermissionDenied) as refused:
        reject_segment(tina, first, "de", "zu frei")
    assert str(refused.value) == (
        "permission denied: tina (translator) cannot reject; it needs the role editor or admin"
    )
    with pytest.raises(PermissionDenied, match="tina \\(translator\\) cannot approve"):
        approve_article(tina, article_id, "de")
    assert _status(tina, first) == "translated"


def test_a_terminologist_comments_but_does_not_edit(desks, article):
    _, (first, *_) = article
    terry = desks("terry")

    commented = comment_segment(terry, first, "de", "OVKS statt ODKB")

    assert commented.status == "machine-translated"
    assert history(terry, first, "de")[-1].comment == "OVKS statt ODKB"
    with pytest.raises(PermissionDenied, match="terry \\(terminologist\\) cannot edit"):
        edit_segment(terry, first, "de", "Erklärung")
    with pytest.raises(PermissionDenied, match="terry \\(terminologist\\) cannot accept"):
        accept_segment(terry, first, "de")


# --- four eyes ------------------------------------------------------------------------------


def _accept_all(desk, segments: list[int]) -> None:
    for segment in segments:
        accept_segment(desk, segment, "de")


def test_an_editor_who_edited_cannot_approve_alone_and_a_second_editor_can(desks, article):
    article_id, (first, second, *rest) = article
    _accept_all(desks("tina"), rest)
    edit_segment(desks("ed"), first, "de", "Erklärung des MID")
    accept_segment(desks("ed"), second, "de")

    with pytest.raises(PermissionDenied) as refused:
        approve_article(desks("ed"), article_id, "de")
    assert str(refused.value) == (
        f"four eyes: ed edited or accepted 2 segment(s) of article {article_id} (de) since its "
        f"last approval ({first}, {second}); a second editor must approve it"
    )
    assert _status(desks("ed"), first) == "translated"

    approved = approve_article(desks("edith"), article_id, "de")

    assert (approved.approved_segments, approved.segments) == (4, 4)
    assert (approved.forced, approved.forced_over) == (False, None)
    assert {_status(desks("ed"), s) for s in (first, second, *rest)} == {"approved"}


def test_edits_before_the_last_approval_do_not_count(desks, article):
    article_id, (first, second, *rest) = article
    _accept_all(desks("tina"), [second, *rest])
    edit_segment(desks("ed"), first, "de", "Erklärung des MID")
    approve_article(desks("edith"), article_id, "de")
    reject_segment(desks("edith"), first, "de", "Außenministerium ausschreiben")
    edit_segment(desks("tina"), first, "de", TARGETS[0])

    approved = approve_article(desks("ed"), article_id, "de")

    assert approved.approved_segments == 1
    assert _status(desks("ed"), first) == "approved"


def test_with_four_eyes_off_an_editor_approves_their_own_edits(desks, article):
    article_id, (first, *rest) = article
    _accept_all(desks("tina"), rest)
    config = {"workflow": {"four_eyes": False}}
    ed = Desks(desks.url, config)("ed")
    edit_segment(ed, first, "de", "Erklärung des MID")

    assert approve_article(ed, article_id, "de").approved_segments == 4


def test_in_single_user_mode_one_person_edits_and_approves(db_url):
    me = Desks(db_url)("me")
    article_id = ingest_article(me)
    for segment, text in zip(segment_ids(me, article_id), TARGETS, strict=True):
        edit_segment(me, segment, "de", text)

    approved = approve_article(me, article_id, "de")

    assert (approved.approved_segments, approved.segments) == (4, 4)


# --- the state machine ----------------------------------------------------------------------


def test_the_transitions_a_translator_and_an_editor_walk(desks, article):
    _, (first, *_) = article
    tina, ed = desks("tina"), desks("ed")
    seen = [_status(tina, first)]

    for step in [
        lambda: accept_segment(tina, first, "de"),  # machine-translated → translated
        lambda: reject_segment(ed, first, "de", "zu frei"),  # translated → rejected
        lambda: accept_segment(tina, first, "de"),  # rejected → translated
        lambda: reject_segment(ed, first, "de", "noch einmal"),  # translated → rejected
        lambda: edit_segment(tina, first, "de", "Erklärung des MID"),  # rejected → translated
        lambda: edit_segment(tina, first, "de", TARGETS[0]),  # translated → translated
    ]:
        seen.append(step().status)

    assert seen == [
        "machine-translated",
        "translated",
        "rejected",
        "translated",
        "rejected",
        "translated",
        "translated",
    ]
    assert [r.action for r in history(tina, first, "de")] == [
        "machine-translate",
        "accept",
        "reject",
        "accept",
        "reject",
        "edit",
        "edit",
    ]


def test_an_editor_rejects_machine_output_and_approved_text(desks, article):
    article_id, (first, second, *rest) = article
    ed = desks("ed")

    assert reject_segment(ed, first, "de", "falscher Titel").status == "rejected"
    _accept_all(desks("tina"), [first, second, *rest])
    approve_article(desks("edith"), article_id, "de")
    assert reject_segment(ed, second, "de", "nachträglich falsch").status == "rejected"


def test_an_approved_translation_is_changed_by_an_editor_only(desks, article):
    article_id, segments = article
    _accept_all(desks("tina"), segments)
    approve_article(desks("ed"), article_id, "de")
    first = segments[0]

    with pytest.raises(StateError, match=f"segment {first} \\(de\\) is approved; a translator"):
        edit_segment(desks("tina"), first, "de", "Erklärung des MID")
    with pytest.raises(StateError, match="the translation is already approved"):
        accept_segment(desks("tina"), first, "de")
    assert edit_segment(desks("ed"), first, "de", "Erklärung des MID").status == "translated"


def test_accepting_twice_records_one_accept(desks, article):
    _, (first, *_) = article
    tina = desks("tina")
    accepted = accept_segment(tina, first, "de")

    again = accept_segment(tina, first, "de")

    assert (again.already_accepted, again.revision) == (True, accepted.revision)
    assert [r.action for r in history(tina, first, "de")].count("accept") == 1


def test_a_comment_keeps_the_status(desks, article):
    _, (first, *_) = article
    accept_segment(desks("tina"), first, "de")

    commented = comment_segment(desks("ed"), first, "de", "Titel mit der Redaktion abstimmen")

    assert commented.status == "translated"
    assert show_segment(desks("ed"), first, "de").history[-1].comment == (
        "Titel mit der Redaktion abstimmen"
    )


def test_what_the_services_refuse_before_any_transition(desks, article):
    article_id, (first, *_) = article
    tina, ed = desks("tina"), desks("ed")

    with pytest.raises(InputError, match="say why with --comment"):
        reject_segment(ed, first, "de", "  ")
    with pytest.raises(InputError, match="the new translation is empty"):
        edit_segment(tina, first, "de", " ")
    with pytest.raises(NotFoundError, match=f"segment {first} has no en translation yet"):
        accept_segment(tina, first, "en")
    with pytest.raises(StateError, match="segment\\(s\\) not accepted yet"):
        approve_article(ed, article_id, "de")
    with pytest.raises(InputError, match="--force needs --reason"):
        approve_article(ed, article_id, "de", force=True)
    assert _status(tina, first) == "machine-translated"


def test_a_forced_approval_records_what_it_went_past(desks, article):
    article_id, (first, *rest) = article
    _accept_all(desks("tina"), rest)

    approved = approve_article(desks("ed"), article_id, "de", force=True, reason="Termin")

    assert approved.forced and approved.reason == "Termin"
    assert approved.forced_over.not_accepted == [first]
    assert [r.action for r in history(desks("ed"), first, "de")][-1] == "force-approve"
    assert _status(desks("ed"), first) == "approved"


# --- carry-over -----------------------------------------------------------------------------

V2 = (
    "Министр провёл переговоры в Минске. Стороны подробно обсудили сотрудничество в рамках ОДКБ. "
    "Речь шла также о безопасности в сфере ИКТ. Следующая встреча состоится в Москве."
)


def test_a_new_version_carries_unchanged_translations_and_marks_changed_ones(desks, article):
    article_id, segments = article
    _accept_all(desks("tina"), segments)

    ingest_article(desks("tina"), V2, update=article_id)

    rows = queue(desks("tina"), lang="de", article_id=article_id)
    assert [(r.status, r.target) for r in rows] == [
        ("translated", TARGETS[0]),
        ("translated", TARGETS[1]),
        ("source-changed", TARGETS[2]),  # the old translation is the draft
        ("new", None),
        ("translated", TARGETS[3]),
    ]
    changed = show_segment(desks("tina"), rows[2].segment, "de")
    assert changed.previous_source == "Стороны обсудили сотрудничество в рамках ОДКБ."
    # The translator works the changed sentence like any other: accept the draft or edit it.
    assert accept_segment(desks("tina"), rows[2].segment, "de").status == "translated"
