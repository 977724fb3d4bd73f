"""The openai engine (an OpenAI-compatible chat server) against a local server that records every
prompt: glossary terms in the prompt, answers cleaned, failures retried or stopping the engine."""

from __future__ import annotations

import json

import pytest
from conftest import GLOSSARY
from mt_servers import openai_server

from translate_flow.mt.base import EngineError
from translate_flow.mt.cache import cache_key
from translate_flow.mt.layer import LayerPolicy, ResilientEngine
from translate_flow.mt.openai_chat import PROMPT_VERSION, OpenAIChatEngine, clean_answer
from translate_flow.mt.registry import create_engine, describe_engines, engine_settings

MODEL = "desk-model"
KEY = "sk-test"
SENTENCE = "Министр иностранных дел Республики Беларусь прибыл в Москву."
ARTICLE = f"Визит\n\n{SENTENCE}\n"


def _engine(url: str, **options) -> OpenAIChatEngine:
    return OpenAIChatEngine(url, KEY, MODEL, **options)


def _layered(url: str, waits: list[float], **options) -> ResilientEngine:
    policy = LayerPolicy(concurrency=1, retries=2, backoff=0.01)
    return ResilientEngine(_engine(url, **options), policy, sleep=waits.append)


def _env(monkeypatch, url: str, **more: str) -> None:
    monkeypatch.setenv("TRANSLATE_FLOW_OPENAI_URL", url)
    monkeypatch.setenv("TRANSLATE_FLOW_OPENAI_KEY", KEY)
    monkeypatch.setenv("TRANSLATE_FLOW_OPENAI_MODEL", MODEL)
    for name, value in more.items():
        monkeypatch.setenv(f"TRANSLATE_FLOW_OPENAI_{name}", value)


def _ingest(cli, tmp_path, *options: str) -> str:
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    result = cli("ingest", path, "--lang", "ru", *options, "--json")
    assert result.exit_code == 0, result.stderr
    return str(result.json()[0]["article"])


def _system_prompt(request) -> str:
    return next(m["content"] for m in request.json["messages"] if m["role"] == "system")


# --- glossary terms in the prompt -------------------------------------------------------------


def test_the_prompt_names_the_segments_glossary_terms_and_the_output_has_the_preferred_ones(
    cli, tmp_path, monkeypatch
) -> None:
    assert cli("glossary", "import", GLOSSARY).exit_code == 0
    with openai_server(api_keys={KEY}) as server:
        _env(monkeypatch, server.url)
        article = _ingest(cli, tmp_path)
        result = cli("translate", article, "--to", "de", "--engine", "openai", "--json")
        assert result.exit_code == 0, result.stderr
        queue = cli("queue", "--article", article, "--lang", "de", "--json").json()

    by_text = {r.json["messages"][-1]["content"]: r for r in server.requests}
    request = by_text[SENTENCE]  # the segment itself, no placeholders
    assert request.headers["Authorization"] == f"Bearer {KEY}"
    assert (request.json["model"], request.json["temperature"]) == (MODEL, 0)
    prompt = _system_prompt(request)
    assert "from Russian into German" in prompt
    assert prompt.splitlines()[-3:] == [
        "- Министр иностранных дел → Außenminister",
        "- Республики Беларусь → Republik Belarus",
        "- Москву → Moskau",
    ]
    assert "→" not in _system_prompt(by_text["Визит"])  # no terms in the title, none listed
    assert queue[1]["target"] == f"[{MODEL}] Außenminister Republik Belarus прибыл в Moskau."
    assert all("⟦" not in r.json["messages"][-1]["content"] for r in server.requests)


def test_english_gets_the_english_terms() -> None:
    from translate_flow.mt.base import PairGlossary

    glossary = PairGlossary("ru", "en", "1", {"Москва": "Moscow"}, lambda t: [("Москву", "Moscow")])
    with openai_server() as server:
        engine = _engine(server.url)
        engine.use_glossary(glossary)
        [result] = engine.translate_batch(["Прибыл в Москву."], "ru", "en")
        [german] = engine.translate_batch(["Прибыл в Москву."], "ru", "de")

    assert result.text == f"[{MODEL}] Прибыл в Moscow."
    assert "into British English" in _system_prompt(server.requests[0])
    assert "→" not in _system_prompt(server.requests[1])  # the ru→de pair has no glossary here
    assert german.text == f"[{MODEL}] Прибыл в Москву."


# --- what the model answers --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        (
            "„Die Verhandlungen werden morgen fortgesetzt.“",
            "Die Verhandlungen werden morgen fortgesetzt.",
        ),
        (
            '"Die Verhandlungen werden morgen fortgesetzt."',
            "Die Verhandlungen werden morgen fortgesetzt.",
        ),
        (
            "Übersetzung:\nDie Verhandlungen werden morgen fortgesetzt.",
            "Die Verhandlungen werden morgen fortgesetzt.",
        ),
        (
            "Die Verhandlungen werden morgen fortgesetzt.\n\n(Hinweis: wörtlich übersetzt.)",
            "Die Verhandlungen werden morgen fortgesetzt.",
        ),
        (
            "<think>Russian to German.</think>\nDie Verhandlungen werden morgen fortgesetzt.",
            "Die Verhandlungen werden morgen fortgesetzt.",
        ),
    ],
    ids=["german-quotes", "straight-quotes", "preface", "note-after", "think"],
)
def test_quotes_and_extra_lines_around_the_translation_are_dropped(answer, expected) -> None:
    source = "Переговоры продолжатся завтра."
    with openai_server({source: answer}) as server:
        [result] = _engine(server.url).translate_batch([source], "ru", "de")
    assert result.text == expected


def test_quotes_the_source_has_stay() -> None:
    assert clean_answer("„Wir sind bereit“", "«Мы готовы»") == "„Wir sind bereit“"
    assert clean_answer("Er sagte:", "Он сказал:") == "Er sagte:"


def test_an_empty_answer_fails_the_segment() -> None:
    with openai_server({"Да.": "  \n "}) as server:
        [result] = _engine(server.url).translate_batch(["Да."], "ru", "de")
    assert result.text is None
    assert result.error == f"openai: the model {MODEL} answered nothing"


# --- failures and the layer ---------------------------------------------------------------------


def test_too_many_requests_is_asked_again_after_retry_after() -> None:
    busy = json.dumps({"error": {"message": "Rate limit reached", "code": "rate_limit_exceeded"}})
    waits: list[float] = []
    with openai_server(failures=[(429, busy, {"Retry-After": "2"})]) as server:
        [result] = _layered(server.url, waits).translate_batch(["Да."], "ru", "de")

    assert result.text == f"[{MODEL}] Да."
    assert waits == [2.0]
    assert len(server.requests) == 2


def test_no_credit_left_is_not_retried() -> None:
    quota = json.dumps(
        {"error": {"message": "You exceeded your quota", "code": "insufficient_quota"}}
    )
    waits: list[float] = []
    with openai_server(failures=[(429, quota, {})] * 3) as server:
        engine = _layered(server.url, waits)
        results = engine.translate_batch(["Да.", "Нет."], "ru", "de")

    assert [r.text for r in results] == [None, None]
    assert results[0].error == (f"openai: {server.url} answered HTTP 429 (You exceeded your quota)")
    assert waits == [] and len(server.requests) == 1
    assert engine.open_reason == results[0].error


def test_server_errors_are_retried_until_one_answer_comes() -> None:
    waits: list[float] = []
    failures = [(500, "{}", {}), (502, "<html>Bad Gateway</html>", {})]
    with openai_server(failures=failures) as server:
        [result] = _layered(server.url, waits).translate_batch(["Да."], "ru", "de")

    assert result.text == f"[{MODEL}] Да."
    assert len(waits) == 2 and len(server.requests) == 3


def test_server_errors_beyond_the_retries_fail_the_segment_with_the_servers_message() -> None:
    broken = json.dumps({"error": {"message": "The server had an error"}})
    waits: list[float] = []
    with openai_server(failures=[(500, broken, {})] * 3) as server:
        [result] = _layered(server.url, waits).translate_batch(["Да."], "ru", "de")

    assert result.text is None and result.http_status == 500
    assert result.error == f"openai: {server.url} answered HTTP 500 (The server had an error)"
    assert len(server.requests) == 3  # one attempt and two retries


def test_broken_json_is_asked_again() -> None:
    waits: list[float] = []
    with openai_server(failures=[(200, '{"choices": [{"mess', {})]) as server:
        [result] = _layered(server.url, waits).translate_batch(["Да."], "ru", "de")

    assert result.text == f"[{MODEL}] Да."
    assert len(server.requests) == 2


def test_an_html_page_instead_of_json_stops_the_engine_after_one_request() -> None:
    from mt_servers import Answer, serve

    with serve(lambda request: Answer(200, "text/html", "<html>Intranet</html>")) as server:
        engine = _layered(server.url, [])
        results = engine.translate_batch(["Раз.", "Два.", "Три."], "ru", "de")

    assert [r.text for r in results] == [None, None, None]
    assert results[0].error == (
        f"openai: the answer from {server.url} is not JSON; is it the right server? "
        "check TRANSLATE_FLOW_OPENAI_URL"
    )
    assert len(server.requests) == 1
    assert engine.open_reason is not None


def test_json_without_choices_fails_the_segment() -> None:
    with openai_server(failures=[(200, '{"object": "list", "data": []}', {})]) as server:
        [result] = _engine(server.url).translate_batch(["Да."], "ru", "de")
    assert result.error == f"openai: the answer from {server.url} held no translation"


def test_a_refused_key_stops_the_batch_after_one_request() -> None:
    with openai_server(api_keys={"sk-right"}) as server:
        results = _engine(server.url).translate_batch(["Раз.", "Два."], "ru", "de")

    assert [r.text for r in results] == [None, None]
    assert results[0].fatal and results[0].http_status == 401
    assert results[0].error == (
        f"openai: {server.url} answered HTTP 401 (Incorrect API key provided); "
        "check TRANSLATE_FLOW_OPENAI_KEY"
    )
    assert len(server.requests) == 1


def test_a_server_that_never_answers_times_out_and_the_rest_fail_fast() -> None:
    with openai_server(hang=True) as server:
        engine = _layered(server.url, [], timeout=0.5)
        results = engine.translate_batch(["Раз.", "Два.", "Три."], "ru", "de")

    assert [r.text for r in results] == [None, None, None]
    assert results[0].error == (
        f"openai: no answer from {server.url} within 0.5 s (timed out); check the server or "
        "TRANSLATE_FLOW_OPENAI_URL, or use --engine tm; a slow model may need a longer "
        "TRANSLATE_FLOW_OPENAI_TIMEOUT"
    )
    assert len(server.requests) == 1  # not retried; the breaker stopped the rest


# --- restricted articles -----------------------------------------------------------------------


def test_a_restricted_article_is_refused_unless_the_server_is_on_premises(
    cli, tmp_path, monkeypatch
) -> None:
    assert cli("glossary", "import", GLOSSARY).exit_code == 0
    with openai_server() as server:
        _env(monkeypatch, server.url)
        article = _ingest(cli, tmp_path, "--restricted")
        refused = cli("translate", article, "--to", "de", "--engine", "openai")
        sent_while_refused = list(server.requests)
        monkeypatch.setenv("TRANSLATE_FLOW_OPENAI_ONPREM", "1")
        allowed = cli("translate", article, "--to", "de", "--engine", "openai", "--json")

    assert refused.exit_code != 0
    assert f"article {article} is restricted" in refused.stderr
    assert "TRANSLATE_FLOW_OPENAI_ONPREM=1" in refused.stderr
    assert sent_while_refused == []
    assert allowed.exit_code == 0, allowed.stderr
    assert allowed.json()["translated"] == 2 and len(server.requests) == 2


# --- settings and the cache key ----------------------------------------------------------------


def test_settings_come_from_the_environment_and_the_url_may_end_in_v1() -> None:
    env = {
        "TRANSLATE_FLOW_OPENAI_URL": "http://127.0.0.1:8000/v1/",
        "TRANSLATE_FLOW_OPENAI_MODEL": "qwen2.5-7b-instruct",
        "TRANSLATE_FLOW_OPENAI_ONPREM": "yes",
    }
    engine = create_engine("openai", engine_settings("openai", {}, env))

    assert isinstance(engine, OpenAIChatEngine)
    assert (engine.url, engine.model, engine.key) == (
        "http://127.0.0.1:8000",
        "qwen2.5-7b-instruct",
        None,
    )
    assert engine.on_premises is True
    assert engine.timeout == 60.0  # a model may take longer than a translation service


def test_a_model_is_required_and_api_openai_com_needs_a_key() -> None:
    with pytest.raises(EngineError, match="no model; set TRANSLATE_FLOW_OPENAI_MODEL"):
        create_engine("openai", engine_settings("openai", {}, {}))
    env = {"TRANSLATE_FLOW_OPENAI_MODEL": "gpt-4o-mini"}
    with pytest.raises(EngineError, match="no API key for api.openai.com"):
        create_engine("openai", engine_settings("openai", {}, env))
    env["TRANSLATE_FLOW_OPENAI_KEY"] = KEY
    assert create_engine("openai", engine_settings("openai", {}, env)).on_premises is False


def test_engines_lists_openai_with_its_model() -> None:
    config = {"engines": {"openai": {"url": "http://llm.desk:8000", "model": "desk-7b"}}}
    rows = {row["name"]: row for row in describe_engines(config, {})}
    bare = {row["name"]: row for row in describe_engines({}, {})}

    assert rows["openai"]["configured"] is True
    assert rows["openai"]["note"] == "model desk-7b; glossary terms in the prompt"
    assert bare["openai"]["configured"] is False


def test_the_cache_key_covers_the_model_and_the_prompt_version(monkeypatch) -> None:
    def key(engine: OpenAIChatEngine) -> str:
        return cache_key(engine.name, engine.output_settings(), "ru", "de", "1", "Да.")

    base = key(_engine("http://llm.desk:8000"))
    assert key(OpenAIChatEngine("http://llm.desk:8000", "other-key", MODEL, timeout=5)) == base
    assert key(OpenAIChatEngine("http://llm.desk:8000", KEY, "another-model")) != base
    assert _engine("http://llm.desk:8000").output_settings()["prompt"] == PROMPT_VERSION
    monkeypatch.setattr("translate_flow.mt.openai_chat.PROMPT_VERSION", "2")
    assert key(_engine("http://llm.desk:8000")) != base
