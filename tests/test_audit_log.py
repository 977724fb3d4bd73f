"""The audit log: every action leaves an entry, and `log` reads them back newest first."""

from __future__ import annotations

from conftest import GLOSSARY
from editors_tools import ok, translated_article

NEW_TITLE = "Die Erklärung des Außenministeriums"


def _actions(entries) -> list[tuple[str, str, str, str]]:
    return [
        (e["user"], e["role"], e["action"], f"{e['object_type']} {e['object_id']}") for e in entries
    ]


def test_every_workflow_action_is_logged_newest_first(cli, tmp_path):
    ok(cli("user", "add", "ada", "--role", "admin", user="ada"))
    cli.default_user = "ada"
    ok(cli("user", "add", "ed", "--role", "editor", "--role", "terminologist", user="ada"))
    ok(cli("user", "add", "tina", "--role", "translator", user="ada"))
    ok(cli("glossary", "import", GLOSSARY, user="ed"))
    article, (first, second, third, fourth) = translated_article(
        cli, tmp_path, user="tina", tm_user="ed"
    )
    ok(cli("segment", "edit", first, "--lang", "de", "--text", NEW_TITLE, user="tina"))
    for segment in (second, third, fourth):
        ok(cli("segment", "accept", segment, "--lang", "de", user="tina"))
    ok(cli("segment", "reject", fourth, "--lang", "de", "--comment", "zu frei", user="ed"))
    ok(cli("segment", "accept", fourth, "--lang", "de", user="tina"))
    ok(cli("approve", article, "--lang", "de", user="ed"))

    entries = ok(cli("log", "--limit", "0", "--json", user="ed")).json()

    tmx = str(tmp_path / "memory.tmx")
    assert _actions(entries) == [
        ("ed", "editor", "approve", f"article {article}"),
        ("tina", "translator", "accept", f"segment {fourth}"),
        ("ed", "editor", "reject", f"segment {fourth}"),
        ("tina", "translator", "accept", f"segment {fourth}"),
        ("tina", "translator", "accept", f"segment {third}"),
        ("tina", "translator", "accept", f"segment {second}"),
        ("tina", "translator", "edit", f"segment {first}"),
        ("tina", "translator", "translate", f"article {article}"),
        ("tina", "translator", "ingest", f"article {article}"),
        ("ed", "editor", "tm-import", f"tm {tmx}"),
        ("ed", "terminologist", "glossary-import", f"glossary {GLOSSARY}"),
        ("ada", "admin", "user-add", "user tina"),
        ("ada", "admin", "user-add", "user ed"),
        ("ada", "admin", "user-add", "user ada"),
    ]
    edit = entries[6]
    assert edit["article"] == article
    assert edit["before"] == {
        "status": "machine-translated",
        "text": "Erklärung des Außenministeriums",
    }
    assert edit["after"]["text"] == NEW_TITLE
    assert edit["after"]["status"] == "translated"


def test_log_filters_by_article_and_user_and_limits(cli, tmp_path):
    article, segments = translated_article(cli, tmp_path, user="anna")
    ok(cli("segment", "accept", segments[0], "--lang", "de", user="boris"))
    ok(cli("segment", "accept", segments[1], "--lang", "de", user="anna"))

    by_article = ok(cli("log", "--article", article, "--json")).json()
    assert [e["action"] for e in by_article] == ["accept", "accept", "translate", "ingest"]
    by_boris = ok(cli("log", "--user", "boris", "--json")).json()
    assert _actions(by_boris) == [("boris", "translator", "accept", f"segment {segments[0]}")]
    newest_two = ok(cli("log", "--limit", "2", "--json")).json()
    assert [(e["user"], e["object_id"]) for e in newest_two] == [
        ("anna", str(segments[1])),
        ("boris", str(segments[0])),
    ]


def test_log_prints_who_did_what_and_the_change(cli, tmp_path):
    article, segments = translated_article(cli, tmp_path, user="anna")
    edited = ok(
        cli(
            "segment",
            "edit",
            segments[2],
            "--lang",
            "de",
            "--text",
            "Sie sprachen.",
            "--json",
            user="anna",
        )
    ).json()

    out = ok(cli("log", "--limit", "1")).stdout.splitlines()

    assert len(out) == 3
    assert out[0].endswith(f"  anna (translator)  edit  segment {segments[2]}")
    assert out[1] == (f"    status: machine-translated → translated; revision={edited['revision']}")
    # The change to the text as a word diff, never cut.
    assert out[2] == "    text: Sie [-be-]sprachen[- Sicherheit-]."


def test_log_of_an_empty_desk_says_so(cli):
    result = ok(cli("log"))
    assert result.stdout == "no audit entries\n"
