"""Restricted articles are read by editors, admins and the translators assigned to them; their
approved pairs stay out of the shared translation memory."""

from __future__ import annotations

import pytest
from editors_tools import MEMORY, write_tmx

PERMISSION_DENIED = 3
SECRET = "Секретная записка\n\nМинистры встретились в Минске.\n\nОни обсудили безопасность.\n"
OPEN = "Открытая заметка\n\nМинистры встретились в Минске.\n"


def ok(result):
    assert result.exit_code == 0, result.stderr
    return result


@pytest.fixture
def desk(cli, tmp_path):
    """ada (admin), ed (editor), tina and boris (translators); article 1 restricted and
    machine-translated into German from the memory."""
    ok(cli("user", "add", "ada", "--role", "admin", user="ada"))
    for name, role in (("ed", "editor"), ("tina", "translator"), ("boris", "translator")):
        ok(cli("user", "add", name, "--role", role, user="ada"))
    ok(cli("tm", "import", write_tmx(tmp_path / "m.tmx", MEMORY), user="ed"))
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    ok(cli("ingest", secret, "--lang", "ru", "--restricted", user="ed"))
    ok(cli("translate", "1", "--to", "de", "--engine", "tm", user="ed"))
    cli.tmp = tmp_path
    return cli


def _reads(desk, user: str) -> dict[str, int]:
    tmp = desk.tmp
    return {
        "show": desk("segment", "show", "2", "--lang", "de", user=user).exit_code,
        "history": desk("segment", "history", "2", "--lang", "de", user=user).exit_code,
        "edit": desk(
            "segment", "edit", "2", "--lang", "de", "--text", "Die Minister trafen sich.", user=user
        ).exit_code,
        "queue": desk("queue", "--article", "1", "--lang", "de", user=user).exit_code,
        "export": desk(
            "export", "1", "--lang", "de", "--format", "txt", "--draft", "-o", tmp / "x.txt",
            user=user,
        ).exit_code,
        "side by side": desk("show", "1", "--lang", "de", user=user).exit_code,
        "report": desk("report", "--article", "1", user=user).exit_code,
        "diff": desk("diff", "1", user=user).exit_code,
        "translate": desk("translate", "1", "--to", "en", "--engine", "tm", user=user).exit_code,
    }  # fmt: skip


# What a reader with the grant gets: everything, but a diff of an article with one version only.
READABLE = {
    **dict.fromkeys(
        ("show", "history", "edit", "queue", "export", "side by side", "report", "translate"), 0
    ),
    "diff": 1,
}


def test_a_translator_not_assigned_reads_nothing_of_a_restricted_article(desk):
    codes = _reads(desk, "tina")
    assert codes == dict.fromkeys(codes, PERMISSION_DENIED)
    refused = desk("segment", "show", "2", "--lang", "de", user="tina")
    assert "article 1 is restricted" in refused.stderr
    assert "translate-flow article assign 1 tina" in refused.stderr
    # Her open queue does not list it, status names it without its title, the log hides texts.
    assert ok(desk("queue", "--json", user="tina")).json() == []
    [row] = ok(desk("status", "--json", user="tina")).json()
    assert (row["article"], row["title"], row["restricted"]) == (1, "[restricted]", True)
    entries = ok(desk("log", "--article", "1", "--json", user="tina")).json()
    assert entries and all(e["after"] in (None, "[restricted]") for e in entries)
    assert "Секретная" not in desk("log", "--article", "1", user="tina").stdout


def test_an_assigned_translator_reads_and_works_until_unassigned(desk):
    assigned = ok(desk("article", "assign", "1", "tina", "--json", user="ed")).json()
    assert assigned["assigned"] == ["tina"]
    codes = _reads(desk, "tina")
    assert codes == READABLE, codes
    assert ok(desk("status", "--json", user="tina")).json()[0]["title"] == "Секретная записка"
    # Another translator still reads nothing.
    assert desk("segment", "show", "2", "--lang", "de", user="boris").exit_code == 3
    ok(desk("article", "unassign", "1", "tina", user="ed"))
    assert desk("segment", "show", "2", "--lang", "de", user="tina").exit_code == 3


def test_editors_and_admins_read_restricted_articles(desk):
    for user in ("ed", "ada"):
        codes = _reads(desk, user)
        assert codes == READABLE, (user, codes)


def test_only_an_editor_assigns_and_only_a_desk_user(desk):
    refused = desk("article", "assign", "1", "boris", user="tina")
    assert refused.exit_code == PERMISSION_DENIED
    unknown = desk("article", "assign", "1", "mallory", user="ed")
    assert unknown.exit_code == 1 and "mallory is not a translate-flow user" in unknown.stderr
    assert ok(desk("article", "assignments", "1", "--json", user="ed")).json()["assigned"] == []


def _approve_secret(desk):
    """tina (assigned) translates the title, ed approves."""
    ok(desk("article", "assign", "1", "tina", user="ed"))
    ok(desk("segment", "edit", "1", "--lang", "de", "--text", "Geheime Notiz", user="tina"))
    ok(desk("article", "unassign", "1", "tina", user="ed"))
    ok(desk("approve", "1", "--lang", "de", "--force", "--reason", "Test", user="ed"))


def test_approved_restricted_pairs_stay_out_of_the_shared_memory(desk):
    _approve_secret(desk)
    search = ("tm", "search", "Секретная записка", "--from", "ru", "--to", "de", "--json")
    assert ok(desk(*search, user="tina")).json()[0]["matches"] == []
    [found] = ok(desk(*search, user="ed")).json()[0]["matches"]
    assert (found["target"], found["score"]) == ("Geheime Notiz", 100.0)
    plain = ok(desk("tm", "export", user="ed")).stdout
    assert "Geheime Notiz" not in plain
    assert desk("tm", "export", "--restricted", user="ed").exit_code == PERMISSION_DENIED
    assert "Geheime Notiz" in ok(desk("tm", "export", "--restricted", user="ada")).stdout


def test_restricted_work_reuses_restricted_pairs_and_open_work_does_not(desk):
    _approve_secret(desk)
    again = desk.tmp / "again.txt"
    again.write_text("Секретная записка\n\nЕщё.\n", encoding="utf-8")
    ok(desk("ingest", again, "--lang", "ru", "--restricted", user="ed"))
    ok(desk("translate", "2", "--to", "de", "--engine", "tm", user="ed"))
    shown = ok(desk("queue", "--article", "2", "--lang", "de", "--json", user="ed")).json()
    assert shown[0]["target"] == "Geheime Notiz"
    opened = desk.tmp / "open.txt"
    opened.write_text("Секретная записка\n\nПотом.\n", encoding="utf-8")
    ok(desk("ingest", opened, "--lang", "ru", user="ed"))
    ok(desk("translate", "3", "--to", "de", "--engine", "tm", user="ed"))
    shown = ok(desk("queue", "--article", "3", "--lang", "de", "--json", user="ed")).json()
    assert shown[0]["target"] is None
