"""Restricted articles and assignments through the services' Python API, on SQLite and
PostgreSQL: who reads a restricted article, who assigns translators to it, and what the others
see of it (its id, never its title or texts)."""

from __future__ import annotations

import pytest
from services_support import TARGETS, Desks, ingest_article, machine_translate, segment_ids

from translate_flow.errors import InputError, PermissionDenied
from translate_flow.services.access import RESTRICTED_TEXT, assign, list_assignments
from translate_flow.services.audit_log import read_log
from translate_flow.services.claims import claim_next
from translate_flow.services.review import edit_segment, queue, show_segment
from translate_flow.services.status import desk_overview
from translate_flow.services.users import add_user


@pytest.fixture
def desks(db_url):
    """ada (admin), tina and boris (translators), ed (editor); an open article by tina and a
    restricted one ed imported, both machine-translated into German."""
    desks = Desks(db_url)
    add_user(desks("ada"), "ada", ["admin"])
    for name, role in [("tina", "translator"), ("boris", "translator"), ("ed", "editor")]:
        add_user(desks("ada"), name, [role])
    desks.open = ingest_article(desks("tina"), "Министр провёл переговоры в Минске.")
    desks.restricted = ingest_article(desks("ed"), restricted=True)
    desks.segments = segment_ids(desks("ed"), desks.restricted)
    machine_translate(desks("ed"), desks.segments)
    return desks


def test_a_translator_not_assigned_sees_that_a_restricted_article_exists_not_what_it_says(desks):
    tina = desks("tina")

    overview = {a.article: a for a in desk_overview(tina)}
    assert overview[desks.restricted].title == RESTRICTED_TEXT
    assert overview[desks.restricted].restricted
    assert overview[desks.open].title != RESTRICTED_TEXT
    with pytest.raises(PermissionDenied) as refused:
        show_segment(tina, desks.segments[0], "de")
    assert str(refused.value).startswith(
        f"permission denied: article {desks.restricted} is restricted; editors, admins and the "
        "translators assigned to it read it"
    )
    with pytest.raises(PermissionDenied):
        queue(tina, lang="de", article_id=desks.restricted)
    assert {r.article for r in queue(tina, lang="de")} == set()  # the open one is untranslated
    assert claim_next(tina, lang="de") is None
    logged = [e for e in read_log(tina) if e.article == desks.restricted]
    assert logged and {(e.before, e.after) for e in logged} == {(RESTRICTED_TEXT, RESTRICTED_TEXT)}


def test_an_editor_reads_every_restricted_article(desks):
    shown = show_segment(desks("ed"), desks.segments[1], "de")

    assert (shown.target, shown.status) == (TARGETS[1], "machine-translated")
    assert {a.title for a in desk_overview(desks("ed"))} >= {"Заявление МИД"}


def test_an_assigned_translator_reads_and_works_on_it_until_unassigned(desks):
    tina, ed = desks("tina"), desks("ed")

    assigned = assign(ed, desks.restricted, "tina")

    assert (assigned.article, assigned.user, assigned.changed) == (desks.restricted, "tina", True)
    assert (assigned.restricted, assigned.assigned) == (True, ["tina"])
    assert show_segment(tina, desks.segments[1], "de").target == TARGETS[1]
    assert edit_segment(tina, desks.segments[1], "de", "Der Minister kam.").status == "translated"
    assert claim_next(tina, lang="de").article == desks.restricted
    with pytest.raises(PermissionDenied):  # another translator still reads nothing of it
        show_segment(desks("boris"), desks.segments[1], "de")

    removed = assign(ed, desks.restricted, "tina", remove=True)

    assert (removed.changed, removed.assigned) == (True, [])
    with pytest.raises(PermissionDenied):
        show_segment(tina, desks.segments[1], "de")


def test_assigning_twice_changes_nothing_and_the_list_names_who_assigned(desks):
    ed = desks("ed")
    assign(ed, desks.restricted, "tina")

    again = assign(ed, desks.restricted, "tina")
    listed = list_assignments(ed, desks.restricted)

    assert (again.changed, again.assigned) == (False, ["tina"])
    assert (listed.article, listed.restricted) == (desks.restricted, True)
    assert [(a.user, a.by) for a in listed.assigned] == [("tina", "ed")]
    assert [e.action for e in read_log(ed, desks.restricted)].count("assign") == 1


def test_only_editors_assign_and_only_desk_users_are_assigned(desks):
    with pytest.raises(PermissionDenied, match="tina \\(translator\\) cannot assign"):
        assign(desks("tina"), desks.restricted, "tina")
    with pytest.raises(InputError, match="mallory is not a translate-flow user"):
        assign(desks("ed"), desks.restricted, "mallory")
    with pytest.raises(InputError, match=f"boris is not assigned to article {desks.restricted}"):
        assign(desks("ed"), desks.restricted, "boris", remove=True)
    assert list_assignments(desks("ed"), desks.restricted).assigned == []


def test_an_open_article_is_read_by_everyone_without_assignment(desks):
    assigned = assign(desks("ed"), desks.open, "boris")

    assert assigned.restricted is False
    assert list_assignments(desks("tina"), desks.open).restricted is False
