"""The desk's glossary as a DeepL glossary, through the deepl package against a local server that
speaks DeepL's v2 glossary endpoints: created once, reused while unchanged, replaced on a change,
and placeholders where DeepL refuses the language pair."""

from __future__ import annotations

import json

import pytest
from conftest import GLOSSARY
from mt_servers import DEEPL_GLOSSARY_PAIRS, Answer, DeepLGlossary, deepl_server, serve

from translate_flow.mt.base import PairGlossary
from translate_flow.mt.deepl_api import DeepLEngine
from translate_flow.mt.deepl_glossary import entries_digest, glossary_name
from translate_flow.mt.terms import glossary_entries
from translate_flow.terms.model import Concept, Term, Termbase

KEY = "test-key:fx"
SENTENCE = "Министр иностранных дел Республики Беларусь прибыл в Москву."
ENTRIES = {"Москва": "Moskau", "Республика Беларусь": "Republik Belarus", "Беларусь": "Belarus"}
MOSCOW_CHANGED = """concept: moscow
subject: places
ru: Москва | pos=properNoun
be: Масква | pos=properNoun
de: Moskwa | pos=properNoun
en: Moscow | pos=properNoun
"""


def _glossary(entries: dict[str, str], version: str = "1", target: str = "de") -> PairGlossary:
    return PairGlossary("ru", target, version, entries, lambda text: [])


def _calls(server) -> list[tuple[str, str]]:
    return [(r.method, r.path) for r in server.requests]


# --- entries and names -------------------------------------------------------------------------


def test_entries_map_each_accepted_source_term_to_the_preferred_target_term_of_its_type() -> None:
    belarus = Concept(
        "belarus",
        terms=[
            Term("ru", "Беларусь", type="shortForm"),
            Term("ru", "Республика Беларусь", type="fullForm"),
            Term("ru", "Белоруссия", status="admitted", type="shortForm"),
            Term("ru", "Белая Русь", status="deprecated"),
            Term("de", "Belarus", type="shortForm"),
            Term("de", "Republik Belarus", type="fullForm"),
            Term("de", "Weißrussland", status="deprecated", type="shortForm"),
        ],
    )
    no_german = Concept("x", terms=[Term("ru", "Союзное государство")])
    termbase = Termbase([belarus, no_german])

    assert glossary_entries(termbase, "ru", "de") == {
        "Беларусь": "Belarus",
        "Республика Беларусь": "Republik Belarus",
        "Белоруссия": "Belarus",
    }


def test_the_name_tells_the_pair_the_glossary_version_and_a_hash_of_the_entries() -> None:
    name = glossary_name("ru", "de", "7", ENTRIES)
    assert name == f"translate-flow ru-de v7 {entries_digest(ENTRIES)}"
    assert entries_digest(dict(reversed(ENTRIES.items()))) == entries_digest(ENTRIES)
    assert entries_digest(ENTRIES | {"Москва": "Moskwa"}) != entries_digest(ENTRIES)


# --- sync through the deepl package ------------------------------------------------------------


def test_a_glossary_is_created_once_and_the_next_run_reuses_it() -> None:
    account: dict[str, DeepLGlossary] = {}
    with deepl_server(glossaries=account) as server:
        first = DeepLEngine(KEY, url=server.url).use_glossary(_glossary(ENTRIES))
        engine = DeepLEngine(KEY, url=server.url)  # a later run
        again = engine.use_glossary(_glossary(ENTRIES))
        [result] = engine.translate_batch(["Делегация прибыла в Москву."], "ru", "de")

    [glossary] = account.values()
    assert glossary.name == glossary_name("ru", "de", "1", ENTRIES)
    assert glossary.entries == ENTRIES
    assert (glossary.source_lang, glossary.target_lang) == ("ru", "de")
    assert _calls(server) == [
        ("GET", "/v2/glossaries"),
        ("POST", "/v2/glossaries"),
        ("GET", "/v2/glossaries"),  # the second run only looks
        ("POST", "/v2/translate"),
    ]
    assert first.how == again.how == f"deepl glossary {glossary.name}"
    assert first.note == (f"deepl: glossary {glossary.name!r} created for ru→de (3 terms)")
    assert again.note is None
    translate = server.requests[-1].json
    assert translate["glossary_id"] == glossary.glossary_id
    assert (translate["source_lang"], translate["target_lang"]) == ("RU", "DE")
    assert result.text == "[DE] Делегация прибыла в Moskau."


def test_a_changed_glossary_replaces_the_old_one() -> None:
    account: dict[str, DeepLGlossary] = {}
    changed = ENTRIES | {"Москва": "Moskwa"}
    with deepl_server(glossaries=account) as server:
        DeepLEngine(KEY, url=server.url).use_glossary(_glossary(ENTRIES))
        [old_id] = account
        old_name = account[old_id].name
        use = DeepLEngine(KEY, url=server.url).use_glossary(_glossary(changed, version="2"))

    [glossary] = account.values()
    assert glossary.entries == changed
    assert glossary.name == glossary_name("ru", "de", "2", changed)
    assert _calls(server)[-3:] == [
        ("GET", "/v2/glossaries"),
        ("POST", "/v2/glossaries"),  # the new one first, so a failure leaves the old in place
        ("DELETE", f"/v2/glossaries/{old_id}"),
    ]
    assert use.note == (
        f"deepl: glossary {glossary.name!r} created for ru→de (3 terms), replacing {old_name!r}"
    )


def test_a_glossary_version_that_did_not_change_the_pairs_entries_uploads_nothing() -> None:
    account: dict[str, DeepLGlossary] = {}
    with deepl_server(glossaries=account) as server:
        DeepLEngine(KEY, url=server.url).use_glossary(_glossary(ENTRIES, version="1"))
        DeepLEngine(KEY, url=server.url).use_glossary(_glossary(ENTRIES, version="2"))

    assert [call for call in _calls(server) if call[0] != "GET"] == [("POST", "/v2/glossaries")]
    assert len(account) == 1


def test_glossaries_not_ours_or_of_other_pairs_are_left_alone() -> None:
    theirs = DeepLGlossary("g-1", "Customer terms", "ru", "de", {"a": "b"}, _TIME)
    other_pair = DeepLGlossary(
        "g-2", "translate-flow ru-en v1 0000000000000000", "ru", "en", {"a": "b"}, _TIME
    )
    account = {g.glossary_id: g for g in (theirs, other_pair)}
    with deepl_server(glossaries=account) as server:
        DeepLEngine(KEY, url=server.url).use_glossary(_glossary(ENTRIES))

    assert {"g-1", "g-2"} <= set(account) and len(account) == 3
    assert not any(r.method == "DELETE" for r in server.requests)


def test_a_pair_deepl_has_no_glossaries_for_is_not_used() -> None:
    with deepl_server(glossary_pairs=frozenset({("de", "en")})) as server:
        engine = DeepLEngine(KEY, url=server.url)
        use = engine.use_glossary(_glossary(ENTRIES))
        engine.translate_batch(["Да."], "ru", "de")

    assert use.how is None
    assert use.note is not None and use.note.startswith("deepl: no DeepL glossary for ru→de (")
    assert "Unsupported glossary source and target language pair" in use.note
    assert use.note.endswith("glossary terms are protected with placeholders instead")
    assert "glossary_id" not in server.requests[-1].json


@pytest.mark.parametrize(
    "listing",
    [
        {"glossaries": 5},
        {"glossaries": [{"name": "translate-flow ru-de v1 0000", "ready": True}]},
        {"glossaries": [{"name": ["translate-flow ru-de "]}]},
    ],
)
def test_a_glossary_answer_of_the_wrong_shape_falls_back_to_placeholders(listing) -> None:
    def app(request):
        if request.path == "/v2/glossaries" and request.method == "GET":
            return Answer(200, "application/json", json.dumps(listing))
        return Answer(200, "application/json", '{"glossary_id": "x"}')

    with serve(app) as server:
        use = DeepLEngine(KEY, url=server.url).use_glossary(_glossary(ENTRIES))

    assert use.how is None
    assert use.note == (
        f"deepl: no DeepL glossary for ru→de (the glossary answer from {server.url} is not of "
        "DeepL's shape); glossary terms are protected with placeholders instead"
    )


_TIME = "2024-05-01T10:00:00.000000Z"


# --- end to end through translate ----------------------------------------------------------------


def _ingest(cli, tmp_path, text: str, name: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = cli("ingest", path, "--lang", "ru", "--json")
    assert result.exit_code == 0, result.stderr
    return str(result.json()[0]["article"])


def _translate(cli, article: str, target: str = "de") -> dict:
    result = cli("translate", article, "--to", target, "--engine", "deepl", "--json")
    assert result.exit_code == 0, result.stderr
    return result.json()


def test_translate_syncs_the_desk_glossary_and_deepl_applies_it(cli, tmp_path, monkeypatch) -> None:
    account: dict[str, DeepLGlossary] = {}
    assert cli("glossary", "import", GLOSSARY).exit_code == 0
    with deepl_server(glossaries=account) as server:
        monkeypatch.setenv("TRANSLATE_FLOW_DEEPL_URL", server.url)
        monkeypatch.setenv("TRANSLATE_FLOW_DEEPL_KEY", KEY)
        first = _translate(cli, _ingest(cli, tmp_path, f"Визит\n\n{SENTENCE}\n", "a.txt"))
        [created] = account.values()
        queue = cli("queue", "--article", "1", "--lang", "de", "--json").json()
        creates_before = _calls(server).count(("POST", "/v2/glossaries"))
        second = _translate(cli, _ingest(cli, tmp_path, "Итоги\n\nМинск и Москва.\n", "b.txt"))
        creates_after = _calls(server).count(("POST", "/v2/glossaries"))

        changed = tmp_path / "moscow.glossary"
        changed.write_text(MOSCOW_CHANGED, encoding="utf-8")
        assert cli("glossary", "import", changed).exit_code == 0
        third = _translate(cli, _ingest(cli, tmp_path, "Ещё\n\nСнова в Москве.\n", "c.txt"))

    assert created.name.startswith("translate-flow ru-de v1 ")
    assert created.entries["Москва"] == "Moskau"
    assert created.entries["Республика Беларусь"] == "Republik Belarus"
    assert first["notes"] == [
        f"deepl: glossary {created.name!r} created for ru→de ({len(created.entries)} terms)"
    ]
    assert queue[1]["target"] == "[DE] Außenminister Republik Belarus прибыл в Moskau."
    sent = [text for r in server.requests if r.path == "/v2/translate" for text in r.json["text"]]
    assert SENTENCE in sent and not any("⟦" in text for text in sent)

    assert (creates_before, creates_after) == (1, 1)  # the second run reused it
    assert second["notes"] == []

    [replacement] = account.values()
    assert replacement.entries["Москва"] == "Moskwa"
    assert replacement.name.startswith("translate-flow ru-de v2 ")
    assert ("DELETE", f"/v2/glossaries/{created.glossary_id}") in _calls(server)
    assert third["notes"] == [
        f"deepl: glossary {replacement.name!r} created for ru→de "
        f"({len(replacement.entries)} terms), replacing {created.name!r}"
    ]
    assert third["translated"] == 2


def test_where_deepl_refuses_the_pair_terms_travel_as_placeholders(
    cli, tmp_path, monkeypatch
) -> None:
    assert cli("glossary", "import", GLOSSARY).exit_code == 0
    pairs = DEEPL_GLOSSARY_PAIRS - {("ru", "en")}
    with deepl_server(glossary_pairs=pairs) as server:
        monkeypatch.setenv("TRANSLATE_FLOW_DEEPL_URL", server.url)
        monkeypatch.setenv("TRANSLATE_FLOW_DEEPL_KEY", KEY)
        article = _ingest(cli, tmp_path, "Визит\n\nДелегация прибыла в Москву.\n", "a.txt")
        summary = _translate(cli, article, target="en")
        text = cli("translate", article, "--to", "en", "--engine", "deepl", "--retranslate")
        queue = cli("queue", "--article", article, "--lang", "en", "--json").json()

    [note] = summary["notes"]
    assert note.startswith("deepl: no DeepL glossary for ru→en (")
    assert note.endswith("glossary terms are protected with placeholders instead")
    assert f"  {note}" in text.stdout.splitlines()
    sent = [t for r in server.requests if r.path == "/v2/translate" for t in r.json["text"]]
    assert "Делегация прибыла в ⟦0⟧." in sent
    assert queue[1]["target"] == "[EN-GB] Делегация прибыла в Moscow."


def test_a_refused_glossary_is_told_once_in_the_summary_not_again_on_stderr(cli, tmp_path) -> None:
    from reliability_support import environment, finish, start

    assert cli("glossary", "import", GLOSSARY).exit_code == 0
    article = _ingest(cli, tmp_path, "Визит\n\nДелегация прибыла в Москву.\n", "a.txt")
    with deepl_server(glossary_pairs=DEEPL_GLOSSARY_PAIRS - {("ru", "en")}) as server:
        env = environment(
            tmp_path, {"TRANSLATE_FLOW_DEEPL_URL": server.url, "TRANSLATE_FLOW_DEEPL_KEY": KEY}
        )
        args = ("translate", article, "--to", "en", "--engine", "deepl", "--json")
        run = finish(start(cli.db_url, args, env))

    assert run.exit_code == 0, run.stderr
    assert run.stderr == ""
    assert json.loads(run.stdout)["notes"][0].startswith("deepl: no DeepL glossary for ru→en")
