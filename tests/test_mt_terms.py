"""Terminology protection: glossary terms travel as placeholders and come back as the desk's
preferred target terms; placeholders never reach the translator."""

from __future__ import annotations

import json
import re

from conftest import GLOSSARY
from mt_servers import Answer, RecordedRequest, libre_server, serve

from translate_flow.mt.libre import LibreEngine
from translate_flow.mt.terms import Protected, TermProtectingEngine, protect, restore

SOURCE = "Министр прибыл в Москву."
MOSCOW = (17, 23, "Moskau")  # "Москву" in SOURCE


def test_protect_replaces_terms_by_numbered_placeholders_and_restore_puts_targets_in() -> None:
    protected = protect("Минск и Москва.", [(8, 14, "Moskau"), (0, 5, "Minsk")])

    assert protected == Protected("⟦0⟧ и ⟦1⟧.", ("Minsk", "Moskau"))
    assert restore("⟦0⟧ und ⟦1⟧.", protected) == "Minsk und Moskau."
    assert restore("⟦ 1 ⟧ und ⟦0⟧.", protected) == "Moskau und Minsk."  # reordered, spaced


def test_of_overlapping_terms_the_longest_is_protected() -> None:
    text = "Министерство иностранных дел Беларуси"
    protected = protect(text, [(0, 37, "Außenministerium von Belarus"), (29, 37, "Belarus")])
    assert protected.text == "⟦0⟧"


def test_a_missing_doubled_or_damaged_placeholder_is_not_restored() -> None:
    protected = Protected("⟦0⟧ и ⟦1⟧.", ("Minsk", "Moskau"))
    assert restore("⟦0⟧ und.", protected) is None
    assert restore("⟦0⟧ und ⟦0⟧ ⟦1⟧.", protected) is None
    assert restore("⟦0⟧ und ⟦1.", protected) is None


def test_a_text_that_already_has_the_brackets_is_sent_unprotected() -> None:
    assert protect("Знак ⟦ в тексте, Москва.", [(17, 23, "Moskau")]).terms == ()


def test_the_engine_gets_placeholders_and_the_output_has_the_target_term() -> None:
    with libre_server() as server:
        engine = TermProtectingEngine(LibreEngine(server.url), lambda text: [MOSCOW])
        [result] = engine.translate_batch([SOURCE], "ru", "de")

    assert server.requests[0].form["q"] == "Министр прибыл в ⟦0⟧."
    assert result.text == "[de] Министр прибыл в Moskau."


def test_an_engine_that_drops_a_placeholder_gets_the_plain_text_instead() -> None:
    def dropping(request: RecordedRequest) -> Answer:
        text = re.sub(r"⟦\d+⟧", "", request.fields["q"])
        return Answer(200, "application/json", json.dumps({"translatedText": f"<{text}>"}))

    with serve(dropping) as server:
        engine = TermProtectingEngine(LibreEngine(server.url), lambda text: [MOSCOW])
        [result] = engine.translate_batch([SOURCE], "ru", "de")

    assert [r.form["q"] for r in server.requests] == ["Министр прибыл в ⟦0⟧.", SOURCE]
    assert result.text == f"<{SOURCE}>"
    assert "⟦" not in result.text


def test_an_answer_with_a_placeholder_the_text_never_had_is_a_failure_not_stored() -> None:
    # An engine (a language model, say) that puts ⟦0⟧ into every answer, also to the plain text.
    def inventing(request: RecordedRequest) -> Answer:
        return Answer(200, "application/json", json.dumps({"translatedText": "Er kam in ⟦0⟧."}))

    with serve(inventing) as server:
        engine = TermProtectingEngine(LibreEngine(server.url), lambda text: [])
        [result] = engine.translate_batch(["Он приехал."], "ru", "de")

    assert result.text is None
    assert result.error == "libre: the answer holds a placeholder (⟦…⟧) the text did not"
    assert len(server.requests) == 2  # once as it was, once more in case it was a slip


def test_translate_puts_the_glossarys_preferred_terms_into_machine_output(
    cli, tmp_path, monkeypatch
) -> None:
    article = tmp_path / "article.txt"
    article.write_text(
        "Визит\n\nМинистр иностранных дел Республики Беларусь прибыл в Москву.\n", encoding="utf-8"
    )
    assert cli("glossary", "import", GLOSSARY).exit_code == 0
    with libre_server() as server:
        monkeypatch.setenv("TRANSLATE_FLOW_LIBRE_URL", server.url)
        assert cli("ingest", article, "--lang", "ru").exit_code == 0
        result = cli("translate", "--to", "de", "--engine", "libre", "--json")
        assert result.exit_code == 0, result.stderr
        queue = cli("queue", "--article", "1", "--lang", "de", "--json").json()

    sent = server.texts_sent
    assert "⟦0⟧ ⟦1⟧ прибыл в ⟦2⟧." in sent
    target = queue[1]["target"]
    assert target == "[de] Außenminister Republik Belarus прибыл в Moskau."
    assert all("⟦" not in row["target"] for row in queue)
