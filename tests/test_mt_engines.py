"""The MT engines against local servers that speak the real Google and LibreTranslate protocols."""

from __future__ import annotations

import pytest
from mt_servers import (
    Answer,
    RecordedRequest,
    google_server,
    libre_server,
    serve,
    unused_url,
)

from translate_flow.mt.base import EngineError, MTResult
from translate_flow.mt.google import GoogleEngine
from translate_flow.mt.libre import LibreEngine
from translate_flow.mt.registry import create_engine, engine_names, engine_settings
from translate_flow.mt.settings import EngineSettings, ServerSettings
from translate_flow.mt.tm_engine import TMEngine
from translate_flow.tm.memory import TranslationMemory

RU_DE = {
    "Министр иностранных дел Беларуси прибыл в Москву.": (
        "Der belarussische Außenminister ist in Moskau eingetroffen."
    ),
    "Стороны обсудили двустороннее сотрудничество.": (
        "Die Seiten erörterten die bilaterale Zusammenarbeit."
    ),
    "Переговоры продолжатся завтра.": "Die Verhandlungen werden morgen fortgesetzt.",
}
SOURCES = list(RU_DE)


# --- LibreTranslate ---------------------------------------------------------------------------


def test_libre_translates_a_batch_in_order_in_one_request_through_a_local_server() -> None:
    with libre_server(RU_DE) as server:
        results = LibreEngine(server.url).translate_batch(SOURCES, "ru", "de")

    assert [r.text for r in results] == [RU_DE[s] for s in SOURCES]
    assert all(r.error is None and r.origin == "libre" for r in results)
    [request] = server.requests
    assert (request.method, request.path) == ("POST", "/translate")
    assert request.json == {"q": SOURCES, "source": "ru", "target": "de", "format": "text"}
    assert request.query == {}  # the texts travel in the body


def test_libre_sends_a_single_text_as_a_form() -> None:
    with libre_server(RU_DE) as server:
        results = LibreEngine(server.url).translate_batch(["", SOURCES[0]], "ru", "de")

    assert [r.text for r in results] == ["", RU_DE[SOURCES[0]]]
    [request] = server.requests
    assert request.form == {"q": SOURCES[0], "source": "ru", "target": "de", "format": "text"}
    assert request.query == {}  # the text travels in the body


def test_libre_sends_the_api_key_when_one_is_configured() -> None:
    with libre_server(RU_DE, api_keys={"desk-key"}) as server:
        results = LibreEngine(server.url, key="desk-key").translate_batch(SOURCES[:1], "ru", "de")

    assert results[0].text == RU_DE[SOURCES[0]]
    assert server.requests[0].form["api_key"] == "desk-key"


def test_libre_refused_api_key_fails_the_batch_after_one_request() -> None:
    with libre_server(RU_DE, api_keys={"desk-key"}) as server:
        results = LibreEngine(server.url, key="old-key").translate_batch(SOURCES, "ru", "de")

    assert [r.text for r in results] == [None, None, None]
    reason = results[0].error
    assert reason == (
        f"libre: {server.url} answered HTTP 403 (Invalid API key); check TRANSLATE_FLOW_LIBRE_KEY"
    )
    assert all(r.error == reason for r in results)
    assert len(server.requests) == 1


def test_libre_rate_limit_and_server_error_give_the_servers_reason() -> None:
    # One text per call, as the layer sends each text of a failed batch again (test_mt_layer.py).
    texts = ["Первый.", "Второй.", "Третий.", "Четвёртый."]
    errors = {"Второй.": (429, "Slowdown: 1 per 1 second"), "Третий.": (500, "Internal error")}
    with libre_server({"Первый.": "Erstens.", "Четвёртый.": "Viertens."}, errors=errors) as server:
        engine = LibreEngine(server.url)
        results = [engine.translate_batch([text], "ru", "de")[0] for text in texts]

    assert [r.text for r in results] == ["Erstens.", None, None, "Viertens."]
    assert results[1].error == (
        f"libre: {server.url} answered HTTP 429 (Slowdown: 1 per 1 second): "
        "too many requests; translate again later"
    )
    assert results[2].error == f"libre: {server.url} answered HTTP 500 (Internal error)"
    assert len(server.requests) == 4


def test_libre_passes_belarusian_to_the_server_which_knows_its_languages() -> None:
    with libre_server({"Добры дзень.": "Guten Tag."}) as server:
        results = LibreEngine(server.url).translate_batch(["Добры дзень."], "be", "de")

    assert results == [MTResult(text="Guten Tag.", origin="libre")]
    assert server.requests[0].form["source"] == "be"


def test_libre_language_the_server_lacks_gives_the_servers_reason() -> None:
    with libre_server(languages=("ru", "de", "en")) as server:
        results = LibreEngine(server.url).translate_batch(["Добры дзень."], "be", "de")

    assert results[0].text is None
    assert results[0].error == f"libre: {server.url} answered HTTP 400 (be is not supported)"


def test_a_server_answering_html_instead_of_json_fails_the_batch_after_one_request() -> None:
    # e.g. the URL points at the desk's intranet page instead of the LibreTranslate server
    def intranet_page(request: RecordedRequest) -> Answer:
        return Answer(200, "text/html; charset=utf-8", "<html><body>Intranet</body></html>")

    with serve(intranet_page) as server:
        results = LibreEngine(server.url).translate_batch(SOURCES, "ru", "de")

    assert [r.text for r in results] == [None, None, None]
    assert results[0].error == (
        f"libre: the answer from {server.url} is not JSON; is it the right server? "
        "check TRANSLATE_FLOW_LIBRE_URL"
    )
    assert all(r.error == results[0].error for r in results)
    assert len(server.requests) == 1


def test_libre_without_a_server_url_is_a_configuration_error() -> None:
    settings = engine_settings("libre", {}, {})
    with pytest.raises(EngineError) as raised:
        create_engine("libre", settings)
    assert str(raised.value) == (
        "libre: no server configured; "
        "set TRANSLATE_FLOW_LIBRE_URL or [engines.libre] url in the config file"
    )


def test_blank_segments_come_back_as_they_are_without_a_request() -> None:
    with libre_server(RU_DE) as server:
        results = LibreEngine(server.url).translate_batch(["", "  ", SOURCES[0]], "ru", "de")

    assert [r.text for r in results] == ["", "  ", RU_DE[SOURCES[0]]]
    assert len(server.requests) == 1


# --- unreachable servers: fail fast -----------------------------------------------------------


@pytest.mark.parametrize("serve", [libre_server, google_server], ids=["libre", "google"])
def test_a_server_that_never_answers_times_out_and_the_rest_fail_fast(serve) -> None:
    with serve(hang=True) as server:
        engine = (LibreEngine if serve is libre_server else GoogleEngine)(server.url, timeout=0.5)
        results = engine.translate_batch(SOURCES, "ru", "de")

    name = engine.name
    assert [r.text for r in results] == [None, None, None]
    assert results[0].error == (
        f"{name}: no answer from {server.url} within 0.5 s (timed out); "
        f"check the server or TRANSLATE_FLOW_{name.upper()}_URL, or use --engine tm"
    )
    assert all(r.error == results[0].error for r in results)
    assert len(server.requests) == 1  # the other segments were never sent


def test_connection_refused_fails_fast_with_a_reason_naming_the_url() -> None:
    url = unused_url()
    results = LibreEngine(url, timeout=2).translate_batch(SOURCES, "ru", "de")

    assert [r.text for r in results] == [None, None, None]
    assert results[0].error == (
        f"libre: cannot reach {url} (connection refused); "
        "check the server or TRANSLATE_FLOW_LIBRE_URL, or use --engine tm"
    )
    assert all(r.error == results[0].error for r in results)


# --- Google -----------------------------------------------------------------------------------


def test_google_translates_through_a_local_server_speaking_the_mobile_page_format() -> None:
    with google_server(RU_DE) as server:
        settings = engine_settings("google", {}, {"TRANSLATE_FLOW_GOOGLE_URL": server.url})
        engine = create_engine("google", settings)
        results = engine.translate_batch(SOURCES, "ru", "de")

    assert [r.text for r in results] == [RU_DE[s] for s in SOURCES]
    assert all(r.origin == "google" and r.error is None for r in results)
    assert [(r.method, r.path) for r in server.requests] == [("GET", "/m")] * 3
    assert [r.query for r in server.requests] == [{"tl": "de", "sl": "ru", "q": s} for s in SOURCES]


def test_google_translation_with_markup_characters_is_unescaped() -> None:
    source = "Лукашенко: «Мы готовы к диалогу» & точка."
    with google_server({source: "Lukaschenko: „Wir sind zum Dialog bereit“ & Punkt."}) as server:
        results = GoogleEngine(server.url).translate_batch([source], "ru", "de")

    assert results[0].text == "Lukaschenko: „Wir sind zum Dialog bereit“ & Punkt."


def _google_page_in(encoding: str, declared: str) -> Answer:
    page = '<html><body><div class="result-container">Минск</div></body></html>'
    return Answer(200, f"text/html; charset={declared}", page.encode(encoding))


def test_google_page_in_the_encoding_it_declares_is_read_in_that_encoding() -> None:
    with serve(lambda request: _google_page_in("windows-1251", "windows-1251")) as server:
        [result] = GoogleEngine(server.url + "/m").translate_batch(["Минск"], "ru", "be")

    assert result.text == "Минск"


def test_google_page_not_valid_in_its_encoding_fails_instead_of_storing_garbage() -> None:
    # windows-1251 bytes declared as UTF-8: read with replacement characters, "���" was stored.
    with serve(lambda request: _google_page_in("windows-1251", "utf-8")) as server:
        results = GoogleEngine(server.url + "/m").translate_batch(["Минск", "Брест"], "ru", "be")

    assert [r.text for r in results] == [None, None]
    assert "is not valid utf-8 text; is it the right server?" in results[0].error
    assert len(server.requests) == 1  # every further request would fail alike


def test_google_unusual_traffic_page_gives_per_segment_errors() -> None:
    with google_server(fail_all=429) as server:
        results = GoogleEngine(server.url).translate_batch(SOURCES[:2], "ru", "en")

    assert [r.text for r in results] == [None, None]
    assert results[0].error == (
        f"google: {server.url} answered HTTP 429: too many requests; translate again later"
    )


def test_google_segment_over_its_length_limit_fails_alone() -> None:
    long_text = "Очень длинное предложение. " * 200
    with google_server() as server:
        results = GoogleEngine(server.url).translate_batch([long_text, "Коротко."], "ru", "en")

    assert results[0].text is None
    assert results[0].error == (
        f"google: segment of {len(long_text)} characters is too long for this engine "
        "(at most 4999); split it"
    )
    assert results[1].text == "[en] Коротко."


def test_google_language_it_does_not_know_fails_every_segment() -> None:
    with google_server() as server:
        results = GoogleEngine(server.url).translate_batch(["Текст."], "ru", "xx")

    assert results == [MTResult(text=None, error="google: cannot translate ru→xx", origin="google")]
    assert server.requests == []


# --- translation memory engine ----------------------------------------------------------------


def test_tm_engine_fills_exact_and_fuzzy_matches_and_reports_misses() -> None:
    memory = TranslationMemory(
        [
            ("Переговоры продолжатся завтра.", "Die Verhandlungen werden morgen fortgesetzt."),
            (
                "Стороны обсудили двустороннее сотрудничество.",
                "Die Seiten erörterten die bilaterale Zusammenarbeit.",
            ),
        ]
    )
    texts = [
        "Переговоры  продолжатся завтра.",  # a double space: still exact
        "Стороны обсудили многостороннее сотрудничество.",
        "Президент подписал указ.",
    ]
    results = TMEngine(memory).translate_batch(texts, "ru", "de")

    assert results[0] == MTResult(
        text="Die Verhandlungen werden morgen fortgesetzt.", origin="tm", score=100.0
    )
    assert results[1].text == "Die Seiten erörterten die bilaterale Zusammenarbeit."
    assert 75 <= results[1].score < 100
    assert results[2] == MTResult(text=None, error="no translation-memory match ≥ 75%", origin="tm")


def test_tm_engine_threshold_is_part_of_the_reason() -> None:
    memory = TranslationMemory([("Стороны обсудили сотрудничество.", "Die Seiten sprachen.")])
    results = TMEngine(memory, threshold=99).translate_batch(
        ["Стороны обсудили сотрудничество!"], "ru", "de"
    )
    assert results[0].error == "no translation-memory match ≥ 99%"


def test_tm_engine_refuses_a_memory_of_another_language_pair() -> None:
    memory = TranslationMemory([("Да.", "Ja.")], source_lang="ru", target_lang="de")
    results = TMEngine(memory).translate_batch(["Да."], "ru", "en")
    assert results == [
        MTResult(text=None, error="tm: the translation memory holds ru→de, not ru→en", origin="tm")
    ]


# --- registry ---------------------------------------------------------------------------------


def test_environment_overrides_the_config_file() -> None:
    config = {"engines": {"libre": {"url": "http://mt.desk:5000", "key": "file", "timeout": 30}}}
    env = {
        "TRANSLATE_FLOW_LIBRE_URL": "http://127.0.0.1:5000",
        "TRANSLATE_FLOW_LIBRE_ONPREM": "yes",
    }

    settings = engine_settings("libre", config, env)

    assert settings == ServerSettings(
        url="http://127.0.0.1:5000", key="file", timeout=30.0, onprem=True
    )


def test_settings_default_to_a_ten_second_timeout_and_not_on_premises() -> None:
    assert engine_settings("google", {}, {}) == EngineSettings(url=None, timeout=10.0)
    assert engine_settings("libre", {}, {}).onprem is False


def test_empty_environment_variable_leaves_the_config_value() -> None:
    config = {"engines": {"libre": {"url": "http://mt.desk:5000"}}}
    settings = engine_settings("libre", config, {"TRANSLATE_FLOW_LIBRE_URL": ""})
    assert settings.url == "http://mt.desk:5000"


def test_bad_timeout_names_where_it_was_set() -> None:
    with pytest.raises(EngineError) as raised:
        engine_settings("libre", {}, {"TRANSLATE_FLOW_LIBRE_TIMEOUT": "soon"})
    assert str(raised.value) == (
        "libre: timeout 'soon' is not a number of seconds above 0; fix TRANSLATE_FLOW_LIBRE_TIMEOUT"
    )


@pytest.mark.parametrize("value", ["inf", "1e12", "3601"])
def test_a_timeout_longer_than_an_hour_is_refused_before_anything_is_sent(value) -> None:
    # An infinite or astronomic timeout made every request fail with OverflowError after the
    # text had gone out.
    with pytest.raises(EngineError) as raised:
        engine_settings("libre", {}, {"TRANSLATE_FLOW_LIBRE_TIMEOUT": value})
    assert str(raised.value) == (
        f"libre: timeout {value!r} is more than 3600 seconds (an hour); "
        "fix TRANSLATE_FLOW_LIBRE_TIMEOUT"
    )
    assert engine_settings("libre", {}, {"TRANSLATE_FLOW_LIBRE_TIMEOUT": "3600"}).timeout == 3600


def test_only_tm_and_a_libre_marked_onprem_are_on_premises() -> None:
    memory = TranslationMemory([])
    onprem = {"url": "http://127.0.0.1:5000", "onprem": "true"}
    assert create_engine("tm", {}, memory=memory).on_premises is True
    assert create_engine("libre", onprem).on_premises is True
    assert create_engine("libre", {"url": "http://127.0.0.1:5000"}).on_premises is False
    assert create_engine("google", {}).on_premises is False


def test_onprem_is_refused_for_an_engine_whose_text_always_leaves_the_desk() -> None:
    with pytest.raises(EngineError) as raised:
        engine_settings("google", {}, {"TRANSLATE_FLOW_GOOGLE_ONPREM": "1"})
    assert str(raised.value) == (
        "google: TRANSLATE_FLOW_GOOGLE_ONPREM is not a setting of this engine (its settings: "
        "url, timeout, concurrency, batch); remove it"
    )


def test_created_engines_carry_their_settings() -> None:
    settings = engine_settings(
        "libre", {"engines": {"libre": {"url": "http://127.0.0.1:5000/", "timeout": "2.5"}}}, {}
    )
    engine = create_engine("libre", settings)
    assert isinstance(engine, LibreEngine)
    assert (engine.url, engine.timeout) == ("http://127.0.0.1:5000", 2.5)
    assert create_engine("google", engine_settings("google", {}, {})).url == (
        "https://translate.google.com/m"
    )


def test_unknown_engine_lists_the_known_engines() -> None:
    with pytest.raises(EngineError) as raised:
        create_engine("systran", {})
    assert str(raised.value) == (
        "unknown engine 'systran'; known engines: "
        "apertium, deepl, google, libre, microsoft, mymemory, openai, tm, yandex"
    )
    assert engine_names() == (
        "apertium",
        "deepl",
        "google",
        "libre",
        "microsoft",
        "mymemory",
        "openai",
        "tm",
        "yandex",
    )


def test_tm_engine_needs_a_memory() -> None:
    with pytest.raises(EngineError, match="no translation memory"):
        create_engine("tm", {})


def test_url_without_scheme_is_a_configuration_error() -> None:
    with pytest.raises(EngineError) as raised:
        create_engine("libre", {"url": "localhost:5000"})
    assert str(raised.value) == (
        "libre: server URL 'localhost:5000' must start with http:// or https://; "
        "fix TRANSLATE_FLOW_LIBRE_URL"
    )
