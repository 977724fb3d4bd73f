"""The shared layer around network engines, against misbehaving local LibreTranslate servers."""

from __future__ import annotations

import json
import random
import threading
import time

import pytest
from mt_servers import (
    Answer,
    RecordedRequest,
    flaky_libre_server,
    google_server,
    libre_server,
    serve,
    slow_libre_server,
)

from translate_flow.mt.google import GoogleEngine
from translate_flow.mt.layer import LayerPolicy, ResilientEngine, split_for_limit
from translate_flow.mt.libre import LibreEngine

FAST = LayerPolicy(concurrency=4, retries=3, backoff=0.01, max_backoff=0.05, breaker_threshold=5)
ONE_PER_REQUEST = 1  # LayerPolicy.batch_texts for tests of what happens to each request
ERROR = json.dumps({"error": "Internal error"})
SLOW_DOWN = json.dumps({"error": "Slowdown: 1 per 1 second"})


def _layer(url: str, policy: LayerPolicy = FAST, **engine_options) -> ResilientEngine:
    return ResilientEngine(LibreEngine(url, **engine_options), policy)


def test_rate_limit_is_retried_after_the_servers_retry_after() -> None:
    waits: list[float] = []
    with flaky_libre_server([(429, SLOW_DOWN, {"Retry-After": "1"})]) as server:
        engine = ResilientEngine(LibreEngine(server.url), FAST, sleep=waits.append)
        results = engine.translate_batch(["Переговоры продолжатся завтра."], "ru", "de")

    assert results[0].text == "[de] Переговоры продолжатся завтра."
    assert waits == [1.0]
    assert len(server.requests) == 2


def test_rate_limit_with_retry_after_zero_is_asked_again_at_once() -> None:
    with flaky_libre_server([(429, SLOW_DOWN, {"Retry-After": "0"})] * 2) as server:
        started = time.monotonic()
        results = _layer(server.url).translate_batch(["Да."], "ru", "de")

    assert results[0].text == "[de] Да."
    assert len(server.requests) == 3
    assert time.monotonic() - started < 1


def test_a_long_retry_after_is_capped() -> None:
    waits: list[float] = []
    policy = LayerPolicy(retries=1, max_retry_after=2.0)
    with flaky_libre_server([(429, SLOW_DOWN, {"Retry-After": "3600"})]) as server:
        engine = ResilientEngine(LibreEngine(server.url), policy, sleep=waits.append)
        results = engine.translate_batch(["Да."], "ru", "de")

    assert results[0].text == "[de] Да."
    assert waits == [2.0]


def test_server_errors_are_retried_with_growing_waits_until_success() -> None:
    waits: list[float] = []
    policy = LayerPolicy(retries=3, backoff=0.1, max_backoff=10)
    with flaky_libre_server([(500, ERROR, {}), (502, ERROR, {}), (503, ERROR, {})]) as server:
        engine = ResilientEngine(LibreEngine(server.url), policy, sleep=waits.append)
        results = engine.translate_batch(["Стороны обсудили сотрудничество."], "ru", "de")

    assert results[0].text == "[de] Стороны обсудили сотрудничество."
    assert len(server.requests) == 4
    # Exponential with jitter: each wait between half and all of 0.1, 0.2, 0.4 seconds.
    assert [0.05 <= waits[0] <= 0.1, 0.1 <= waits[1] <= 0.2, 0.2 <= waits[2] <= 0.4] == [True] * 3


def test_a_segment_still_failing_after_the_retries_keeps_the_servers_reason() -> None:
    with flaky_libre_server([(500, ERROR, {})] * 10) as server:
        results = _layer(server.url).translate_batch(["Да."], "ru", "de")

    assert results[0].text is None
    assert results[0].error == f"libre: {server.url} answered HTTP 500 (Internal error)"
    assert results[0].http_status == 500
    assert len(server.requests) == 4  # the first attempt and three retries


def test_a_client_error_is_not_retried() -> None:
    with libre_server(errors={"Да.": (400, "Invalid request")}) as server:
        results = _layer(server.url).translate_batch(["Да."], "ru", "de")

    assert results[0].error == f"libre: {server.url} answered HTTP 400 (Invalid request)"
    assert len(server.requests) == 1


def test_a_server_that_never_answers_times_out_and_opens_the_breaker() -> None:
    texts = [f"Предложение номер {n}." for n in range(12)]
    with libre_server(hang=True) as server:
        engine = _layer(server.url, LayerPolicy(concurrency=2, backoff=0.01), timeout=0.3)
        results = engine.translate_batch(texts, "ru", "de")

    reason = (
        f"libre: no answer from {server.url} within 0.3 s (timed out); "
        "check the server or TRANSLATE_FLOW_LIBRE_URL, or use --engine tm"
    )
    assert [r.error for r in results] == [reason] * 12
    assert engine.open_reason == reason
    assert len(server.requests) <= 2  # only the requests already in flight; none retried


def test_a_garbage_body_opens_the_breaker_after_one_request() -> None:
    def garbage(request: RecordedRequest) -> Answer:
        return Answer(200, "application/json", "{not json at all")

    with serve(garbage) as server:
        engine = _layer(server.url, LayerPolicy(concurrency=1))
        results = engine.translate_batch(["Раз.", "Два.", "Три."], "ru", "de")

    assert [r.text for r in results] == [None, None, None]
    assert results[0].error == (
        f"libre: the answer from {server.url} is not JSON; is it the right server? "
        "check TRANSLATE_FLOW_LIBRE_URL"
    )
    assert len(server.requests) == 1


def test_the_breaker_opens_after_consecutive_failures_and_the_rest_fail_fast() -> None:
    texts = [f"Сегмент {n}." for n in range(20)]
    errors = {t: (400, "cannot translate this") for t in texts}
    policy = LayerPolicy(concurrency=1, breaker_threshold=3)
    with libre_server(errors=errors) as server:
        engine = _layer(server.url, policy)
        results = engine.translate_batch(texts, "ru", "de")

    assert len(server.requests) == 3
    assert all(r.text is None for r in results)
    assert results[3].error == (
        f"libre: not sent: 3 requests in a row failed, the last with: "
        f"libre: {server.url} answered HTTP 400 (cannot translate this)"
    )
    assert engine.open_reason == results[3].error


def test_a_success_resets_the_breakers_count() -> None:
    texts = ["Плохо 1.", "Плохо 2.", "Хорошо.", "Плохо 3.", "Плохо 4.", "Хорошо 2."]
    errors = {t: (400, "no") for t in texts if t.startswith("Плохо")}
    with libre_server(errors=errors) as server:
        policy = LayerPolicy(concurrency=1, breaker_threshold=3, batch_texts=ONE_PER_REQUEST)
        engine = _layer(server.url, policy)
        results = engine.translate_batch(texts, "ru", "de")

    assert [r.text is not None for r in results] == [False, False, True, False, False, True]
    assert engine.open_reason is None
    assert len(server.requests) == 6


def test_identical_segments_of_a_batch_are_sent_once() -> None:
    texts = ["Да.", "Нет.", "Да.", "", "Да."]
    with libre_server({"Да.": "Ja.", "Нет.": "Nein."}) as server:
        results = _layer(server.url).translate_batch(texts, "ru", "de")

    assert [r.text for r in results] == ["Ja.", "Nein.", "Ja.", "", "Ja."]
    assert sorted(server.texts_sent) == ["Да.", "Нет."]


def test_requests_go_out_in_parallel_up_to_the_concurrency_bound() -> None:
    in_flight = 0
    most = 0
    lock = threading.Lock()

    def counting(request: RecordedRequest) -> Answer:
        nonlocal in_flight, most
        with lock:
            in_flight += 1
            most = max(most, in_flight)
        time.sleep(0.05)
        with lock:
            in_flight -= 1
        return Answer(200, "application/json", json.dumps({"translatedText": "x"}))

    with serve(counting) as server:
        engine = _layer(server.url, LayerPolicy(concurrency=3, batch_texts=ONE_PER_REQUEST))
        results = engine.translate_batch([f"Текст {n}." for n in range(15)], "ru", "de")

    assert all(r.text == "x" for r in results)
    assert most == 3


def test_results_keep_the_order_of_the_batch_under_parallel_requests() -> None:
    texts = [f"Предложение {n}." for n in range(40)]
    with slow_libre_server(latency=0.01) as server:
        policy = LayerPolicy(concurrency=8, batch_texts=ONE_PER_REQUEST)
        results = _layer(server.url, policy).translate_batch(texts, "ru", "en")

    assert [r.text for r in results] == [f"[en] {t}" for t in texts]
    assert len(server.requests) == 40


def test_a_segment_over_googles_limit_is_split_at_sentences_and_joined() -> None:
    long_text = " ".join(
        f"Министр иностранных дел провёл {n}-й раунд переговоров с коллегой." for n in range(120)
    )  # about 8,000 characters
    with google_server() as server:
        engine = ResilientEngine(GoogleEngine(server.url), FAST)
        [result] = engine.translate_batch([long_text], "ru", "de")

    sent = [r.query["q"] for r in server.requests]
    assert len(sent) == 2 and all(len(q) <= 4999 for q in sent)
    assert all(q.endswith("с коллегой.") for q in sent)  # cut between sentences
    first, second = sorted(sent, key=long_text.index)  # sent in parallel, in any order
    assert result.text == f"[de] {first} [de] {second}"
    assert engine.characters_sent == sum(len(q) for q in sent)


def test_splitting_prefers_sentences_then_clauses_then_spaces() -> None:
    assert split_for_limit("Раз два. Три четыре.", 12) == ["Раз два. ", "Три четыре."]
    assert split_for_limit("Раз, два три, четыре", 12) == ["Раз, ", "два три, ", "четыре"]
    assert split_for_limit("один два три", 8) == ["один ", "два три"]
    assert split_for_limit("абвгдеёжзий", 4) == ["абвг", "деёж", "зий"]
    assert split_for_limit("Коротко.", None) == ["Коротко."]


@pytest.mark.parametrize("seed", range(200))
def test_split_pieces_rebuild_the_text_within_the_limit(seed: int) -> None:
    chance = random.Random(seed)
    text = "".join(chance.choice("аб .,;—\n") for _ in range(chance.randrange(200)))
    limit = chance.randrange(1, 30)
    pieces = split_for_limit(text, limit)
    assert "".join(pieces) == text
    assert all(len(p) <= limit for p in pieces)


def test_an_engine_that_raises_fails_its_segments_with_the_reason_and_stops() -> None:
    from translate_flow.mt.base import Engine

    class Broken(Engine):
        name = "broken"
        on_premises = True

        def translate_batch(self, texts, source, target):
            raise RuntimeError("plug-in bug")

    engine = ResilientEngine(Broken(), LayerPolicy(concurrency=1, batch_texts=1))
    results = engine.translate_batch(["Раз.", "Два."], "ru", "de")

    assert [r.error for r in results] == ["broken: RuntimeError: plug-in bug"] * 2
    assert engine.open_reason == "broken: RuntimeError: plug-in bug"
