"""DeepL, MyMemory, Microsoft, Yandex against local servers speaking their APIs; apertium and the
apertium+libre chain with the real apertium program."""

from __future__ import annotations

import json
import shutil

import pytest
from mt_servers import Answer, RecordedRequest, deepl_server, libre_server, serve

from translate_flow.mt.apertium import ApertiumEngine
from translate_flow.mt.base import EngineError
from translate_flow.mt.deepl_api import DeepLEngine
from translate_flow.mt.layer import LayerPolicy, ResilientEngine
from translate_flow.mt.microsoft import MicrosoftEngine
from translate_flow.mt.mymemory import MyMemoryEngine
from translate_flow.mt.registry import build_engine, describe_engines
from translate_flow.mt.yandex import YandexEngine

needs_apertium = pytest.mark.skipif(
    shutil.which("apertium") is None, reason="apertium is not installed (scripts/setup-system.sh)"
)
KEY = "test-key:fx"


# --- DeepL ------------------------------------------------------------------------------------


def test_deepl_sends_the_batch_in_one_request_with_its_key_and_formality() -> None:
    texts = ["Переговоры продолжатся завтра.", "", "Стороны обсудили сотрудничество."]
    with deepl_server({texts[0]: "Die Verhandlungen werden morgen fortgesetzt."}) as server:
        engine = DeepLEngine(KEY, url=server.url, formality="prefer_more")
        results = engine.translate_batch(texts, "ru", "de")

    assert [r.text for r in results] == [
        "Die Verhandlungen werden morgen fortgesetzt.",
        "",
        "[DE] Стороны обсудили сотрудничество.",
    ]
    [request] = server.requests
    assert (request.method, request.path) == ("POST", "/v2/translate")
    assert request.headers["Authorization"] == f"DeepL-Auth-Key {KEY}"
    assert request.json["text"] == [texts[0], texts[2]]
    assert (request.json["source_lang"], request.json["target_lang"]) == ("RU", "DE")
    assert request.json["formality"] == "prefer_more"


def test_deepl_writes_british_english() -> None:
    with deepl_server() as server:
        results = DeepLEngine(KEY, url=server.url).translate_batch(["Да."], "ru", "en")
    assert results[0].text == "[EN-GB] Да."


def test_deepl_refused_key_is_fatal_and_not_retried_by_the_package() -> None:
    with deepl_server(auth_keys={"right"}) as server:
        engine = ResilientEngine(DeepLEngine("wrong", url=server.url), LayerPolicy(backoff=0.01))
        results = engine.translate_batch(["Раз.", "Два.", "Три."], "ru", "de")

    assert all(r.text is None for r in results)
    assert results[0].http_status == 403
    assert "check TRANSLATE_FLOW_DEEPL_KEY" in results[0].error
    assert engine.open_reason is not None
    assert len(server.requests) <= 3  # no hidden retries inside the deepl package


def test_deepl_too_many_requests_is_retried_by_the_layer_only() -> None:
    with deepl_server(fail_all=(429, "Too many requests")) as server:
        policy = LayerPolicy(concurrency=1, retries=2, backoff=0.01)
        results = ResilientEngine(DeepLEngine(KEY, url=server.url), policy).translate_batch(
            ["Да."], "ru", "de"
        )

    assert results[0].text is None and results[0].http_status == 429
    assert len(server.requests) == 3  # one attempt and the layer's two retries


def test_deepl_needs_a_key_and_a_known_formality() -> None:
    with pytest.raises(EngineError, match="no API key"):
        DeepLEngine(None)
    with pytest.raises(EngineError, match="formality 'polite' is not one of"):
        DeepLEngine(KEY, formality="polite")


# --- MyMemory, Microsoft, Yandex --------------------------------------------------------------


def test_mymemory_splits_a_segment_over_500_characters_and_joins_the_parts() -> None:
    def mymemory(request: RecordedRequest) -> Answer:
        text = request.query["q"]
        body = {"responseData": {"translatedText": f"<{len(text)}>"}, "responseStatus": 200}
        return Answer(200, "application/json", json.dumps(body))

    sentence = "Стороны обсудили двустороннее сотрудничество в разных областях. "
    long_text = (sentence * 12).strip()  # about 770 characters
    with serve(mymemory) as server:
        engine = ResilientEngine(MyMemoryEngine(url=server.url + "/get"), LayerPolicy())
        [result] = engine.translate_batch([long_text], "ru", "de")

    sent = [r.query["q"] for r in server.requests]
    assert len(sent) == 2 and all(len(q) < 500 for q in sent)
    assert {r.query["langpair"] for r in server.requests} == {"ru|de"}
    assert result.text is not None and result.text.count("<") == 2


def test_microsoft_posts_the_text_as_json_with_its_subscription_key() -> None:
    def microsoft(request: RecordedRequest) -> Answer:
        if request.headers.get("Ocp-Apim-Subscription-Key") != "az-key":
            body = {"error": {"code": 401000, "message": "Access denied"}}
            return Answer(401, "application/json", json.dumps(body))
        out = [{"translations": [{"text": f"[{request.query['to']}] {request.json[0]['text']}"}]}]
        return Answer(200, "application/json", json.dumps(out, ensure_ascii=False))

    with serve(microsoft) as server:
        good = MicrosoftEngine("az-key", url=server.url).translate_batch(["Да."], "ru", "de")
        bad = MicrosoftEngine("old", url=server.url).translate_batch(["Да.", "Нет."], "ru", "de")

    assert good[0].text == "[de] Да."
    assert server.requests[0].path == "/translate"
    assert server.requests[0].query == {"api-version": "3.0", "from": "ru", "to": "de"}
    assert bad[0].fatal and bad[0].http_status == 401
    assert bad[0].error.endswith("check TRANSLATE_FLOW_MICROSOFT_KEY")
    assert len(server.requests) == 2  # the refused key was not tried for the second segment


def test_microsoft_sends_the_region_of_a_regional_resource() -> None:
    def microsoft(request: RecordedRequest) -> Answer:
        region = request.headers.get("Ocp-Apim-Subscription-Region", "global")
        out = [{"translations": [{"text": f"<{region}>"}]}]
        return Answer(200, "application/json", json.dumps(out))

    with serve(microsoft) as server:
        env = {
            "TRANSLATE_FLOW_MICROSOFT_KEY": "az-key",
            "TRANSLATE_FLOW_MICROSOFT_URL": server.url,
            "TRANSLATE_FLOW_MICROSOFT_REGION": "westeurope",
        }
        regional = build_engine("microsoft", {}, env).translate_batch(["Да."], "ru", "de")
        plain = MicrosoftEngine("az-key", url=server.url).translate_batch(["Да."], "ru", "de")

    assert [regional[0].text, plain[0].text] == ["<westeurope>", "<global>"]


def test_yandex_speaks_the_v1_5_api() -> None:
    def yandex(request: RecordedRequest) -> Answer:
        body = {"code": 200, "lang": request.form["lang"], "text": [f"<{request.form['text']}>"]}
        return Answer(200, "application/json", json.dumps(body, ensure_ascii=False))

    with serve(yandex) as server:
        results = YandexEngine("ya-key", url=server.url).translate_batch(["Да."], "ru", "de")

    assert results[0].text == "<Да.>"
    assert server.requests[0].path == "/api/v1.5/tr.json/translate"
    assert server.requests[0].form == {
        "text": "Да.",
        "format": "plain",
        "lang": "ru-de",
        "key": "ya-key",
    }


# --- apertium and chains ----------------------------------------------------------------------


@needs_apertium
def test_apertium_translates_belarusian_into_russian_in_one_run() -> None:
    engine = build_engine("apertium", {}, {})
    results = engine.translate_batch(
        ["Міністр замежных спраў Беларусі прыбыў у Маскву.", "", "Добры дзень."], "be", "ru"
    )

    assert results[0].text == "Министр иностранных дел Беларуси прибыл в Москву."
    assert results[1].text == ""
    assert results[2].text is not None and "день" in results[2].text
    assert engine.on_premises


@needs_apertium
def test_apertium_names_the_pairs_it_has() -> None:
    results = build_engine("apertium", {}, {}).translate_batch(["Да."], "ru", "de")
    assert results[0].error == "apertium: cannot translate ru→de (installed: be→ru)"


@needs_apertium
def test_apertium_plus_libre_goes_through_russian() -> None:
    with libre_server() as server:
        engine = build_engine("apertium+libre", {}, {"TRANSLATE_FLOW_LIBRE_URL": server.url})
        results = engine.translate_batch(
            ["Міністр замежных спраў Беларусі прыбыў у Маскву."], "be", "de"
        )

    assert results[0].text == "[de] Министр иностранных дел Беларуси прибыл в Москву."
    assert results[0].origin == "apertium+libre"
    assert server.requests[0].form["source"] == "ru"
    assert engine.on_premises is False  # libre is not marked on-premises here


@needs_apertium
def test_a_russian_article_skips_apertium_in_the_chain() -> None:
    with libre_server() as server:
        env = {"TRANSLATE_FLOW_LIBRE_URL": server.url, "TRANSLATE_FLOW_LIBRE_ONPREM": "1"}
        engine = build_engine("apertium+libre", {}, env)
        results = engine.translate_batch(["Да."], "ru", "en")

    assert results[0].text == "[en] Да."
    assert engine.on_premises is True


def test_apertium_failing_in_its_one_line_fallback_gives_reasons_not_an_exception(
    tmp_path,
) -> None:
    # A stand-in program: merges the lines of a batch (so the engine falls back to one run per
    # segment), then fails each single-line run, as a broken language pair does.
    program = tmp_path / "apertium"
    program.write_text(
        "#!/bin/sh\n"
        'if [ "$(cat | wc -l)" -gt 1 ]; then echo merged; exit 0; fi\n'
        "echo 'Error: bel-rus mode is broken' >&2\n"
        "exit 1\n",
        encoding="utf-8",
    )
    program.chmod(0o755)
    engine = ApertiumEngine(program=str(program))

    results = engine.translate_batch(["Раз.", "", "Два."], "be", "ru")

    reason = (
        "apertium bel-rus failed (Error: bel-rus mode is broken); "
        "install it with: apt-get install apertium apertium-bel-rus"
    )
    assert [(r.text, r.error) for r in results] == [(None, reason), ("", None), (None, reason)]


def test_a_chain_of_three_or_with_tm_is_refused() -> None:
    with pytest.raises(EngineError, match="a chain is two engines"):
        build_engine("apertium+libre+google", {}, {})
    with pytest.raises(EngineError, match="a chain is two engines"):
        build_engine("tm+libre", {}, {})


def test_engines_lists_every_engine_with_its_language_pairs() -> None:
    rows = {row["name"]: row for row in describe_engines({}, {"TRANSLATE_FLOW_DEEPL_KEY": KEY})}

    assert set(rows) == {
        "apertium",
        "deepl",
        "google",
        "libre",
        "microsoft",
        "mymemory",
        "openai",
        "tm",
        "yandex",
    }
    assert rows["apertium"]["pairs"] == "be→ru"
    assert rows["deepl"]["pairs"] == "ru→de,en" and rows["deepl"]["configured"]
    assert rows["google"]["pairs"] == "ru,be→de,en"
    assert rows["microsoft"]["configured"] is False
    assert rows["microsoft"]["note"] == "set TRANSLATE_FLOW_MICROSOFT_KEY"
