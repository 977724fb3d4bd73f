"""The MT cache key holds the glossary entries of the concepts in each sentence, not the whole
glossary's version: a glossary change re-sends only the sentences that use a changed concept.
End to end through the command line against a local LibreTranslate server counting requests."""

from __future__ import annotations

from mt_servers import libre_server

from translate_flow.mt.cache import terminology_digest

GLOSSARY = """\
concept: belarus
ru: Беларусь
de: Belarus
de: Weißrussland | status=deprecated

concept: moscow
ru: Москва
de: Moskau

concept: cis
ru: СНГ | type=abbreviation
de: GUS | type=abbreviation
"""

ARTICLE = (
    "Визит\n\nМинистр посетил Беларусь. Переговоры продолжатся завтра. "
    "Следующая встреча пройдёт в Москве.\n"
)


def ok(result):
    assert result.exit_code == 0, result.stderr
    return result


def _desk(cli, tmp_path) -> int:
    path = tmp_path / "desk.glossary"
    path.write_text(GLOSSARY, encoding="utf-8")
    ok(cli("glossary", "import", path))
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    return ok(cli("ingest", article, "--lang", "ru", "--json")).json()[0]["article"]


def _translate(cli, article: int, *args: str) -> dict:
    return ok(cli("translate", article, *args, "--to", "de", "--engine", "libre", "--json")).json()


def test_retranslate_after_an_unrelated_glossary_change_sends_nothing(
    cli, tmp_path, monkeypatch
) -> None:
    with libre_server() as server:
        monkeypatch.setenv("TRANSLATE_FLOW_LIBRE_URL", server.url)
        article = _desk(cli, tmp_path)
        _translate(cli, article)
        sent = len(server.requests)
        # The CIS is nowhere in the article.
        ok(cli("glossary", "edit", "cis", "--add-term", "de:GUS-Staaten:admitted"))
        again = _translate(cli, article, "--retranslate")

    assert again["from_cache"] == again["translated"] == 4
    assert again["characters_sent"] == 0
    assert len(server.requests) == sent


def test_a_changed_concept_re_sends_only_the_sentence_that_uses_it(
    cli, tmp_path, monkeypatch
) -> None:
    with libre_server() as server:
        monkeypatch.setenv("TRANSLATE_FLOW_LIBRE_URL", server.url)
        article = _desk(cli, tmp_path)
        _translate(cli, article)
        sent = len(server.texts_sent)
        ok(cli("glossary", "edit", "moscow", "--add-term", "de:Moskwa:deprecated"))
        again = _translate(cli, article, "--retranslate")

    assert again["from_cache"] == 3
    assert server.texts_sent[sent:] == ["Следующая встреча пройдёт в ⟦0⟧."]


def test_digest_ignores_the_order_of_concepts_and_is_empty_without_any() -> None:
    cis = {"id": "cis", "terms": [{"lang": "de", "text": "GUS"}]}
    un = {"id": "un", "terms": [{"lang": "de", "text": "VN"}]}

    assert terminology_digest([]) == ""
    assert terminology_digest([cis, un]) == terminology_digest([un, cis])
    assert terminology_digest([cis]) != terminology_digest([un])
