"""The HTTP base every network engine shares (mt/http.py), against misbehaving local servers:
redirects, dripping and huge answers, empty answers, servers echoing the key."""

from __future__ import annotations

import json

import pytest
from mt_servers import Answer, RecordedRequest, libre_server, openai_server, serve

from translate_flow.mt.http import MAX_ANSWER_BYTES, mask_secrets, mask_url
from translate_flow.mt.layer import LayerPolicy, ResilientEngine
from translate_flow.mt.libre import LibreEngine
from translate_flow.mt.openai_chat import OpenAIChatEngine

SECRET = "SECRETKEY123"


def _libre_answer(text: str) -> Answer:
    return Answer(200, "application/json", json.dumps({"translatedText": text}))


def test_a_redirect_to_another_host_is_not_followed_and_the_text_does_not_go_there() -> None:
    with libre_server() as elsewhere:

        def redirecting(request: RecordedRequest) -> Answer:
            headers = {"Location": f"{elsewhere.url}/translate"}
            return Answer(307, "text/html", "moved", headers)

        with serve(redirecting) as server:
            policy = LayerPolicy(concurrency=1, batch_texts=1)
            engine = ResilientEngine(LibreEngine(server.url, key=SECRET), policy)
            results = engine.translate_batch(["Секретный текст.", "Ещё."], "ru", "de")

    assert elsewhere.requests == []  # neither the text nor the key left for the other server
    assert [r.text for r in results] == [None, None]
    assert results[0].error == (
        f"libre: {server.url} answered HTTP 307, a redirect to {elsewhere.url}/translate; not "
        "followed, so no text goes to an address not configured; set TRANSLATE_FLOW_LIBRE_URL "
        "to the address that answers"
    )
    assert len(server.requests) == 1  # fatal: the breaker stopped the engine
    assert engine.open_reason == results[0].error


def test_a_server_dripping_its_answer_is_cut_off_at_the_timeout() -> None:
    # 40 bytes at one a second: a per-read timeout of 1.5 s would never fire.
    body = json.dumps({"translatedText": "Guten Tag, schön."})
    with serve(lambda request: Answer(200, "application/json", body, drip=1.0)) as server:
        [result] = LibreEngine(server.url, timeout=1.5).translate_batch(
            ["Добрый день."], "ru", "de"
        )

    assert result.text is None
    assert result.error == (
        f"libre: no answer from {server.url} within 1.5 s (timed out); "
        "check the server or TRANSLATE_FLOW_LIBRE_URL, or use --engine tm"
    )
    assert result.fatal and not result.retryable


def test_a_server_dripping_its_headers_is_cut_off_at_the_timeout() -> None:
    body = json.dumps({"translatedText": "Guten Tag."})
    slow = Answer(200, "application/json", body, drip=0.5, drip_headers=True)  # ~50 s in all
    with serve(lambda request: slow) as server:
        engine = LibreEngine(server.url, timeout=1.5)
        results = engine.translate_batch(["Добрый день.", "Да."], "ru", "de")

    assert [r.text for r in results] == [None, None]
    assert results[0].error == (
        f"libre: no answer from {server.url} within 1.5 s (timed out); "
        "check the server or TRANSLATE_FLOW_LIBRE_URL, or use --engine tm"
    )
    assert len(server.requests) == 1  # a batch of two texts: one request


@pytest.mark.parametrize("length", [True, False], ids=["declared", "undeclared"])
def test_a_huge_answer_is_cut_off_at_the_size_limit(length: bool) -> None:
    huge = json.dumps({"translatedText": "x" * (MAX_ANSWER_BYTES + 1000)})
    with serve(lambda request: Answer(200, "application/json", huge, length=length)) as server:
        [result] = LibreEngine(server.url, timeout=30).translate_batch(["Да."], "ru", "de")

    assert result.text is None
    assert result.error == (
        f"libre: the answer from {server.url} is larger than 8 MB; is it the right server? "
        "check TRANSLATE_FLOW_LIBRE_URL"
    )
    assert result.fatal


def test_an_empty_answer_is_a_failure_not_a_translation() -> None:
    with serve(lambda request: _libre_answer("  ")) as server:
        results = LibreEngine(server.url).translate_batch(["", "Да."], "ru", "de")

    assert results[0].text == ""  # a blank segment stays as it is, without a request
    assert results[1].text is None
    assert results[1].error == f"libre: {server.url} answered an empty text"


def test_a_key_the_server_echoes_is_masked_in_the_reason() -> None:
    def refusing(request: RecordedRequest) -> Answer:
        message = f"Invalid API key {request.fields.get('api_key')}"
        return Answer(403, "application/json", json.dumps({"error": message}))

    with serve(refusing) as server:
        results = LibreEngine(server.url, key=SECRET).translate_batch(["Да.", "Нет."], "ru", "de")

    assert results[0].error == (
        f"libre: {server.url} answered HTTP 403 (Invalid API key ***); "
        "check TRANSLATE_FLOW_LIBRE_KEY"
    )
    assert all(SECRET not in (r.error or "") for r in results)
    assert len(server.requests) == 1


def test_a_bearer_token_in_a_server_message_is_masked() -> None:
    body = json.dumps({"error": {"message": f"token Bearer {SECRET} was revoked"}})
    with openai_server(failures=[(401, body, {})]) as server:
        engine = OpenAIChatEngine(server.url, SECRET, "desk-model")
        [result] = engine.translate_batch(["Да."], "ru", "de")

    assert SECRET not in result.error
    assert "token Bearer *** was revoked" in result.error


def test_credentials_in_the_url_are_never_shown() -> None:
    with libre_server(errors={"Да.": (400, "cannot translate this")}) as server:
        url = server.url.replace("http://", "http://desk:hunter2@")
        [result] = LibreEngine(url).translate_batch(["Да."], "ru", "de")

    assert "hunter2" not in result.error
    assert result.error.startswith("libre: http://***@127.0.0.1:")


def test_masking_covers_urls_query_keys_and_authorization_values() -> None:
    assert mask_url("https://user:pw@mt.desk/get?q=1&key=abc&de=x@y.z") == (
        "https://***@mt.desk/get?q=1&key=***&de=x@y.z"
    )
    text = "GET https://a:b@h/x?api_key=K1 Authorization: DeepL-Auth-Key k:fx said SECRETKEY123"
    assert mask_secrets(text, [SECRET]) == (
        "GET https://***@h/x?api_key=*** Authorization: DeepL-Auth-Key *** said ***"
    )
