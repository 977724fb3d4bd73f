"""A terminologist adds, edits and deprecates terms; every change is permitted and recorded."""

from __future__ import annotations

import pytest

PERMISSION_DENIED = 3

GLOSSARY = """\
concept: belarus
subject: countries
ru: Беларусь | type=shortForm
de: Belarus | type=shortForm
de: Republik Belarus | type=fullForm
de: Weißrussland | status=admitted | type=shortForm

concept: cis
ru: СНГ | type=abbreviation
de: GUS | type=abbreviation
"""


def ok(result):
    assert result.exit_code == 0, result.stderr
    return result


@pytest.fixture
def desk(cli, tmp_path):
    """Users for every role and a two-concept glossary imported by the terminologist."""
    ok(cli("user", "add", "ada", "--role", "admin", user="ada"))
    cli.default_user = "ada"
    for name, role in [("tina", "translator"), ("ed", "editor"), ("terry", "terminologist")]:
        ok(cli("user", "add", name, "--role", role, user="ada"))
    path = tmp_path / "desk.glossary"
    path.write_text(GLOSSARY, encoding="utf-8")
    ok(cli("glossary", "import", path, user="terry"))
    return cli


def _terms(desk, concept: str) -> list[tuple[str, str, str, str]]:
    shown = ok(desk("glossary", "show", concept, "--json")).json()
    return [(t["lang"], t["text"], t["status"], t["type"]) for t in shown["terms"]]


def _state(desk) -> tuple[list, list, list]:
    """Everything a glossary command may change: concepts, history, audit log."""
    return (
        ok(desk("glossary", "list", "--json")).json(),
        ok(desk("glossary", "history", "--json")).json(),
        ok(desk("log", "--limit", "0", "--json", user="ada")).json(),
    )


def test_add_creates_a_concept_from_term_options(desk):
    result = desk(
        "glossary", "add", "csto",
        "--term", "ru:ОДКБ:preferred:abbreviation",
        "--term", "ru:Организация Договора о коллективной безопасности",
        "--term", "de:OVKS:abbreviation",
        "--term", "de:Organisation des Vertrags über kollektive Sicherheit",
        "--subject", "international organisations",
        "--note", "Not the Collective Security Council.",
        "--json", user="terry",
    )  # fmt: skip

    added = ok(result).json()
    assert added["action"] == "add" and added["changed"]
    assert _terms(desk, "csto") == [
        ("ru", "ОДКБ", "preferred", "abbreviation"),
        ("ru", "Организация Договора о коллективной безопасности", "preferred", "fullForm"),
        ("de", "OVKS", "preferred", "abbreviation"),
        ("de", "Organisation des Vertrags über kollektive Sicherheit", "preferred", "fullForm"),
    ]
    shown = ok(desk("glossary", "show", "csto", "--json")).json()
    assert shown["subject"] == "international organisations"
    assert shown["note"] == "Not the Collective Security Council."


def test_add_refuses_an_existing_concept_id(desk):
    before = _state(desk)

    result = desk("glossary", "add", "cis", "--term", "de:GUS-Staaten", user="terry")

    assert result.exit_code == 1
    assert result.stderr == (
        "translate-flow: concept 'cis' is already in the glossary; change it with "
        "'translate-flow glossary edit cis'\n"
    )
    assert _state(desk) == before


def test_edit_adds_removes_and_changes_terms_in_one_change(desk):
    result = desk(
        "glossary", "edit", "belarus",
        "--add-term", "de:Belarussland:deprecated",
        "--remove-term", "de:Republik Belarus",
        "--set-status", "de:Weißrussland=deprecated",
        "--set-type", "ru:Беларусь=fullForm",
        "--set-term-note", "de:Belarus=Neuter, without article: in Belarus",
        "--subject", "states",
        user="terry",
    )  # fmt: skip

    ok(result)
    assert "concept belarus changed" in result.stdout
    assert "de: Weißrussland: status admitted → deprecated" in result.stdout
    assert _terms(desk, "belarus") == [
        ("ru", "Беларусь", "preferred", "fullForm"),
        ("de", "Belarus", "preferred", "shortForm"),
        ("de", "Weißrussland", "deprecated", "shortForm"),
        ("de", "Belarussland", "deprecated", "fullForm"),
    ]
    shown = ok(desk("glossary", "show", "belarus", "--json")).json()
    assert shown["subject"] == "states"
    assert shown["terms"][1]["note"] == "Neuter, without article: in Belarus"
    [entry] = ok(desk("glossary", "history", "belarus", "--json")).json()[1:]
    assert (entry["action"], entry["author"]) == ("edit", "terry")
    assert {(c["change"], c["lang"], c["term"], c["field"], c["before"], c["after"])
            for c in entry["changes"]} == {
        ("changed", None, None, "subject", "countries", "states"),
        ("removed", "de", "Republik Belarus", None, "preferred, fullForm", None),
        ("added", "de", "Belarussland", None, None, "deprecated, fullForm"),
        ("changed", "de", "Weißrussland", "status", "admitted", "deprecated"),
        ("changed", "ru", "Беларусь", "type", "shortForm", "fullForm"),
        ("changed", "de", "Belarus", "note", None, "Neuter, without article: in Belarus"),
    }  # fmt: skip


def test_empty_subject_or_note_removes_it(desk):
    ok(desk("glossary", "edit", "belarus", "--subject", "", user="terry"))

    assert ok(desk("glossary", "show", "belarus", "--json")).json()["subject"] is None


@pytest.mark.parametrize(
    "args, message",
    [
        (("edit", "belarus", "--set-status", "deu:Belarus=deprecated"), "bad language code 'deu'"),
        (("edit", "belarus", "--set-status", "de:Belarus=prefered"), "unknown status 'prefered'"),
        (("edit", "belarus", "--set-type", "de:Belarus=acronymn"), "unknown term type"),
        (("edit", "belarus", "--remove-term", "en:Belarus"), "concept 'belarus' has no en term"),
        (("edit", "belarus", "--add-term", "de:Belarus"), "already has the de term 'Belarus'"),
        (("edit", "belarus", "--add-term", "de:GUS-Staaten:admited"), "neither a status"),
        (("edit", "belarus"), "nothing to change"),
        (("edit", "ussr", "--note", "gone"), "concept 'ussr' is not in the glossary"),
        (("deprecate", "ussr", "de:Sowjetunion"), "concept 'ussr' is not in the glossary"),
        (("deprecate", "belarus", "de:Weissrussland"), "has no de term 'Weissrussland'"),
        (("add", "bad id", "--term", "de:X"), "bad concept id"),
        (("add", "eaeu", "--term", "EAWU"), "expected LANG:TERM"),
        # The valid parts of a command with one bad option are not written either.
        (
            ("edit", "cis", "--add-term", "de:GUS-Staaten", "--set-status", "de:GUS=old"),
            "unknown status 'old'",
        ),
    ],
)
def test_a_bad_option_is_one_line_and_changes_nothing(desk, args, message):
    before = _state(desk)

    result = desk("glossary", *args, user="terry")

    assert result.exit_code == 1
    assert result.stderr.startswith("translate-flow: ") and result.stderr.count("\n") == 1
    assert message in result.stderr
    assert _state(desk) == before


def test_deprecate_with_a_new_replacement_puts_it_where_the_old_term_stood(desk):
    ok(desk("glossary", "edit", "belarus", "--remove-term", "de:Belarus", user="terry"))

    result = desk(
        "glossary", "deprecate", "belarus", "de:Weißrussland", "--replacement", "Belarus",
        "--note", "Outdated since 2020", "--json", user="terry",
    )  # fmt: skip

    changes = ok(result).json()["changes"]
    assert _terms(desk, "belarus") == [
        ("ru", "Беларусь", "preferred", "shortForm"),
        ("de", "Republik Belarus", "preferred", "fullForm"),
        ("de", "Belarus", "preferred", "shortForm"),
        ("de", "Weißrussland", "deprecated", "shortForm"),
    ]
    assert ok(desk("glossary", "show", "belarus", "--json")).json()["terms"][3]["note"] == (
        "Outdated since 2020"
    )
    assert {(c["change"], c["term"], c["field"]) for c in changes} == {
        ("added", "Belarus", None),
        ("changed", "Weißrussland", "status"),
        ("changed", "Weißrussland", "note"),
    }


def test_deprecate_superseded_and_an_existing_replacement_becomes_preferred(desk):
    ok(desk("glossary", "edit", "belarus", "--set-status", "de:Belarus=admitted", user="terry"))

    ok(desk("glossary", "deprecate", "belarus", "de:Weißrussland", "--superseded",
            "--replacement", "de:Belarus", user="terry"))  # fmt: skip

    terms = _terms(desk, "belarus")
    assert ("de", "Weißrussland", "superseded", "shortForm") in terms
    assert ("de", "Belarus", "preferred", "shortForm") in terms
    assert len(terms) == 4


def test_a_change_that_changes_nothing_writes_nothing(desk):
    before = _state(desk)

    result = desk("glossary", "edit", "cis", "--set-status", "de:GUS=preferred", user="terry")

    assert ok(result).stdout == "concept cis: nothing changed\n"
    assert _state(desk) == before


def test_every_change_bumps_the_version_and_is_audited(desk):
    versions = [
        ok(desk("glossary", *args, "--json", user="terry")).json()["glossary_version"]
        for args in [
            ("add", "minsk", "--term", "ru:Минск", "--term", "de:Minsk"),
            ("edit", "minsk", "--add-term", "en:Minsk"),
            ("deprecate", "belarus", "de:Weißrussland"),
        ]
    ]

    assert [int(v) for v in versions] == [2, 3, 4]  # the import made version 1
    entries = ok(desk("log", "--limit", "3", "--json", user="ada")).json()
    assert [(e["user"], e["role"], e["action"], e["object_id"]) for e in entries] == [
        ("terry", "terminologist", "glossary-deprecate", "belarus"),
        ("terry", "terminologist", "glossary-edit", "minsk"),
        ("terry", "terminologist", "glossary-add", "minsk"),
    ]
    assert entries[0]["before"]["terms"][3]["status"] == "admitted"
    assert entries[0]["after"]["terms"][3]["status"] == "deprecated"


def test_history_tells_who_changed_what_and_when(desk):
    ok(desk("glossary", "deprecate", "belarus", "de:Weißrussland", user="terry"))
    ok(desk("glossary", "edit", "cis", "--add-term", "de:GUS-Staaten:admitted", user="ada"))

    everything = ok(desk("glossary", "history", "--json")).json()
    belarus = ok(desk("glossary", "history", "belarus", "--json")).json()
    newest = ok(desk("glossary", "history", "--limit", "1", "--json")).json()
    text = ok(desk("glossary", "history", "belarus")).stdout

    assert [(e["concept"], e["action"], e["author"]) for e in everything] == [
        ("belarus", "import", "terry"),
        ("cis", "import", "terry"),
        ("belarus", "deprecate", "terry"),
        ("cis", "edit", "ada"),
    ]
    assert [e["action"] for e in belarus] == ["import", "deprecate"]
    assert belarus[1]["before"]["terms"][3] == belarus[1]["after"]["terms"][3] | {
        "status": "admitted"
    }
    assert belarus[1]["at"] >= belarus[0]["at"]
    assert [(e["concept"], e["action"]) for e in newest] == [("cis", "edit")]
    assert newest[0]["changes"] == [
        {
            "change": "added",
            "lang": "de",
            "term": "GUS-Staaten",
            "field": None,
            "before": None,
            "after": "admitted, fullForm",
        }
    ]
    assert "belarus  deprecate by terry" in text
    assert "  de: Weißrussland: status admitted → deprecated" in text
    assert "  + de: Weißrussland (admitted, shortForm)" in text


def test_history_of_an_unknown_concept_is_an_error(desk):
    result = desk("glossary", "history", "ussr")

    assert result.exit_code == 1
    assert "concept 'ussr' is not in the glossary" in result.stderr


@pytest.mark.parametrize("user", ["tina", "ed"])
@pytest.mark.parametrize(
    "args",
    [
        ("add", "minsk", "--term", "ru:Минск", "--term", "de:Minsk"),
        ("edit", "belarus", "--set-status", "de:Weißrussland=deprecated"),
        ("deprecate", "belarus", "de:Weißrussland"),
    ],
)
def test_translators_and_editors_may_not_change_the_glossary(desk, user, args):
    before = _state(desk)

    result = desk("glossary", *args, user=user)

    assert result.exit_code == PERMISSION_DENIED
    assert result.stderr.startswith(f"translate-flow: permission denied: {user}")
    assert "terminologist or admin" in result.stderr
    assert _state(desk) == before


def test_an_admin_may_change_the_glossary(desk):
    ok(desk("glossary", "deprecate", "belarus", "de:Weißrussland", user="ada"))

    assert ("de", "Weißrussland", "deprecated", "shortForm") in _terms(desk, "belarus")
