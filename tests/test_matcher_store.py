"""A built term matcher is kept on disk and reused while the glossary is unchanged."""

from __future__ import annotations

from conftest import GLOSSARY

from translate_flow.services import glossary as glossary_service
from translate_flow.store.db import open_database, transaction
from translate_flow.terms import matcher_store


def _fresh_process(monkeypatch) -> None:
    """What a new command sees: no matcher in memory."""
    monkeypatch.setattr(glossary_service, "_matcher_cache", {})


def _matcher(url: str):
    with transaction(open_database(url)) as session:
        return glossary_service.matcher_for(session, ("ru", "de"))


def test_a_new_process_loads_the_saved_matcher_instead_of_building_it(cli, monkeypatch):
    assert cli("glossary", "import", GLOSSARY).exit_code == 0
    built = _matcher(cli.db_url)
    _fresh_process(monkeypatch)

    def no_building(*args, **kwargs):
        raise AssertionError("the matcher was built again")

    monkeypatch.setattr("translate_flow.terms.matcher.TermMatcher.__init__", no_building)
    loaded = _matcher(cli.db_url)
    assert loaded is not built
    assert [h.concept_id for h in loaded.find("Визит в Республику Беларусь", "ru")] == ["belarus"]


def test_a_changed_glossary_gets_a_new_matcher(cli, monkeypatch):
    assert cli("glossary", "import", GLOSSARY).exit_code == 0
    before = _matcher(cli.db_url)
    assert before.find("Wladiwostok", "de") == []
    added = cli("glossary", "add", "vladivostok", "--term", "de:Wladiwostok")
    assert added.exit_code == 0, added.stderr
    _fresh_process(monkeypatch)
    after = _matcher(cli.db_url)
    assert [h.concept_id for h in after.find("Wladiwostok", "de")] == ["vladivostok"]


def test_an_unreadable_saved_matcher_is_built_again(cli, monkeypatch):
    assert cli("glossary", "import", GLOSSARY).exit_code == 0
    _matcher(cli.db_url)
    for path in (matcher_store.cache_dir() / "matchers").glob("*.pickle"):
        path.write_bytes(b"not a pickle")
    _fresh_process(monkeypatch)
    matcher = _matcher(cli.db_url)
    assert [h.concept_id for h in matcher.find("Визит в Беларусь", "ru")] == ["belarus"]


def test_an_empty_glossary_has_no_matcher(cli):
    assert _matcher(cli.db_url) is None


def test_a_matcher_with_a_term_of_hundreds_of_words_is_saved_and_loaded():
    from translate_flow.terms.matcher import TermMatcher
    from translate_flow.terms.model import Concept, Term, Termbase

    long_name = " ".join(f"Wort{n}" for n in range(240))
    matcher = TermMatcher(Termbase([Concept("long", terms=[Term("de", long_name)])]), ["de"])
    matcher_store.save_matcher("long-term", matcher)
    loaded = matcher_store.load_matcher("long-term")
    assert [h.concept_id for h in loaded.find(f"Es hieß {long_name}.", "de")] == ["long"]
