"""Several texts per request for the engines whose API takes them (DeepL, LibreTranslate), through
the MT layer against local servers that count the requests."""

from __future__ import annotations

import json
import random
import re

import pytest
from mt_servers import (
    Answer,
    RecordedRequest,
    deepl_server,
    flaky_libre_server,
    libre_server,
    serve,
)

from translate_flow.mt.base import EngineError
from translate_flow.mt.deepl_api import DeepLEngine
from translate_flow.mt.layer import LayerPolicy, ResilientEngine, request_batches
from translate_flow.mt.libre import LibreEngine
from translate_flow.mt.registry import build_engine
from translate_flow.mt.terms import TermProtectingEngine

KEY = "test-key:fx"
# Two requests in flight: 120 segments make ceil(120 / 50) = 3 requests of 40.
POLICY = LayerPolicy(concurrency=2, retries=3, backoff=0.01, max_backoff=0.05)
ARTICLE = [f"Сегмент номер {n} о переговорах." for n in range(120)]
SLOW_DOWN = json.dumps({"error": "Slowdown: 1 per 1 second"})


def test_an_article_of_120_segments_goes_to_deepl_in_three_requests() -> None:
    with deepl_server({ARTICLE[7]: "Segment sieben.", ARTICLE[93]: "Segment 93."}) as server:
        engine = ResilientEngine(DeepLEngine(KEY, url=server.url), POLICY)
        results = engine.translate_batch(ARTICLE, "ru", "de")

    expected = [f"[DE] {text}" for text in ARTICLE]
    expected[7], expected[93] = "Segment sieben.", "Segment 93."
    assert [r.text for r in results] == expected
    assert [len(r.json["text"]) for r in server.requests] == [40, 40, 40]
    assert sorted(server.texts_sent) == sorted(ARTICLE)
    assert engine.requests_sent == 3
    assert engine.characters_sent == sum(len(text) for text in ARTICLE)


def test_an_article_of_120_segments_goes_to_libre_in_three_requests() -> None:
    with libre_server({ARTICLE[0]: "Null.", ARTICLE[119]: "Hundertneunzehn."}) as server:
        engine = ResilientEngine(LibreEngine(server.url), POLICY)
        results = engine.translate_batch(ARTICLE, "ru", "de")

    expected = [f"[de] {text}" for text in ARTICLE]
    expected[0], expected[119] = "Null.", "Hundertneunzehn."
    assert [r.text for r in results] == expected
    assert [len(r.json["q"]) for r in server.requests] == [40, 40, 40]
    assert sorted(server.texts_sent) == sorted(ARTICLE)
    assert (engine.requests_sent, engine.characters_sent) == (3, sum(map(len, ARTICLE)))


def test_every_request_slot_gets_a_batch() -> None:
    # A LibreTranslate translates a request's texts one after another: four requests of ten
    # keep four of its workers busy where one request of forty would keep one.
    with libre_server() as server:
        policy = LayerPolicy(concurrency=4)
        results = ResilientEngine(LibreEngine(server.url), policy).translate_batch(
            ARTICLE[:40], "ru", "de"
        )

    assert [r.text for r in results] == [f"[de] {text}" for text in ARTICLE[:40]]
    assert sorted(len(r.json["q"]) for r in server.requests) == [10, 10, 10, 10]


def test_a_batch_refused_with_429_by_deepl_is_retried_whole() -> None:
    waits: list[float] = []
    texts = ARTICLE[:30]
    with deepl_server(failures=[(429, "Too many requests", {})]) as server:
        policy = LayerPolicy(concurrency=1, backoff=0.5)
        engine = ResilientEngine(DeepLEngine(KEY, url=server.url), policy, sleep=waits.append)
        results = engine.translate_batch(texts, "ru", "de")

    assert [r.text for r in results] == [f"[DE] {text}" for text in texts]
    assert len(waits) == 1 and 0.25 <= waits[0] <= 0.5  # the first backoff, with jitter
    assert [r.json["text"] for r in server.requests] == [texts, texts]
    assert engine.requests_sent == 2
    assert engine.characters_sent == 2 * sum(len(text) for text in texts)


def test_a_batch_refused_with_429_by_libre_is_retried_whole_after_the_retry_after() -> None:
    waits: list[float] = []
    texts = ARTICLE[:30]
    with flaky_libre_server([(429, SLOW_DOWN, {"Retry-After": "2"})]) as server:
        policy = LayerPolicy(concurrency=1)
        engine = ResilientEngine(LibreEngine(server.url), policy, sleep=waits.append)
        results = engine.translate_batch(texts, "ru", "de")

    assert [r.text for r in results] == [f"[de] {text}" for text in texts]
    assert waits == [2.0]
    assert [r.texts for r in server.requests] == [texts, texts]


def test_a_batch_still_rate_limited_after_the_retries_is_not_split() -> None:
    # More requests would only make a rate limit worse.
    with flaky_libre_server([(429, SLOW_DOWN, {"Retry-After": "0"})] * 10) as server:
        engine = ResilientEngine(LibreEngine(server.url), LayerPolicy(concurrency=1, retries=2))
        results = engine.translate_batch(ARTICLE[:5], "ru", "de")

    assert all(r.text is None and r.http_status == 429 for r in results)
    assert [len(r.texts) for r in server.requests] == [5, 5, 5]  # one attempt, two retries


def test_a_batch_with_one_text_the_server_refuses_is_sent_again_one_text_per_request() -> None:
    texts = ARTICLE[:10]
    bad = texts[4]
    with libre_server(errors={bad: (400, "cannot translate this")}) as server:
        engine = ResilientEngine(LibreEngine(server.url), LayerPolicy(concurrency=1))
        results = engine.translate_batch(texts, "ru", "de")

    assert [r.text for r in results] == [None if text == bad else f"[de] {text}" for text in texts]
    assert results[4].error == f"libre: {server.url} answered HTTP 400 (cannot translate this)"
    assert server.requests[0].texts == texts
    assert [r.texts for r in server.requests[1:]] == [[text] for text in texts]
    assert engine.requests_sent == 11
    assert engine.open_reason is None


def test_a_batch_the_server_keeps_failing_is_sent_again_one_text_per_request() -> None:
    error = json.dumps({"error": "Internal error"})
    texts = ARTICLE[:6]
    with flaky_libre_server([(500, error, {})] * 4) as server:  # one attempt, three retries
        policy = LayerPolicy(concurrency=1, backoff=0.01, max_backoff=0.02)
        results = ResilientEngine(LibreEngine(server.url), policy).translate_batch(
            texts, "ru", "de"
        )

    assert [r.text for r in results] == [f"[de] {text}" for text in texts]
    assert [len(r.texts) for r in server.requests] == [6, 6, 6, 6, 1, 1, 1, 1, 1, 1]


def test_an_answer_with_too_few_translations_is_not_matched_to_the_wrong_texts() -> None:
    def losing_one(request: RecordedRequest) -> Answer:
        q = request.fields["q"]
        translated = [f"<{t}>" for t in q[1:]] if isinstance(q, list) else f"<{q}>"
        return Answer(200, "application/json", json.dumps({"translatedText": translated}))

    texts = ARTICLE[:4]
    with serve(losing_one) as server:
        engine = ResilientEngine(LibreEngine(server.url), LayerPolicy(concurrency=1))
        results = engine.translate_batch(texts, "ru", "de")

    assert [r.text for r in results] == [f"<{text}>" for text in texts]
    assert [len(r.texts) for r in server.requests] == [4, 1, 1, 1, 1]


def test_placeholders_of_glossary_terms_survive_batching() -> None:
    texts = [f"Делегация {n} прибыла в Москву." for n in range(8)]
    texts.append(texts[0])

    def moscow(text: str) -> list[tuple[int, int, str]]:
        return [(m.start(), m.end(), "Moskau") for m in re.finditer("Москву", text)]

    with libre_server() as server:
        layer = ResilientEngine(LibreEngine(server.url), LayerPolicy(concurrency=1))
        results = TermProtectingEngine(layer, moscow).translate_batch(texts, "ru", "de")

    assert [r.text for r in results] == [
        f"[de] {text.replace('Москву', 'Moskau')}" for text in texts
    ]
    [request] = server.requests  # the repeated segment too is restored, not sent again
    assert request.json["q"] == [f"Делегация {n} прибыла в ⟦0⟧." for n in range(8)]


def test_the_parts_of_a_split_segment_travel_in_batches_and_are_joined() -> None:
    long_text = "Первое предложение. Второе предложение. Третье предложение."
    with libre_server() as server:
        libre = LibreEngine(server.url)
        libre.max_characters = 25
        engine = ResilientEngine(libre, LayerPolicy(concurrency=1))
        results = engine.translate_batch([long_text, "Коротко."], "ru", "de")

    assert [r.text for r in results] == [
        "[de] Первое предложение. [de] Второе предложение. [de] Третье предложение.",
        "[de] Коротко.",
    ]
    [request] = server.requests
    assert request.json["q"] == [
        "Первое предложение.",
        "Второе предложение.",
        "Третье предложение.",
        "Коротко.",
    ]


def test_the_batch_setting_keeps_requests_within_a_servers_batch_limit() -> None:
    with libre_server(batch_limit=10) as server:
        env = {"TRANSLATE_FLOW_LIBRE_URL": server.url, "TRANSLATE_FLOW_LIBRE_BATCH": "10"}
        results = build_engine("libre", {}, env).translate_batch(ARTICLE[:45], "ru", "de")

    assert all(r.text is not None for r in results)
    assert max(len(r.texts) for r in server.requests) <= 10
    assert len(server.requests) == 5


def test_a_batch_setting_the_engine_cannot_take_names_the_variable() -> None:
    with pytest.raises(EngineError) as raised:
        build_engine("google", {}, {"TRANSLATE_FLOW_GOOGLE_BATCH": "20"})
    assert str(raised.value) == (
        "google: batch '20' is not a whole number of texts it takes (one text per request); "
        "fix TRANSLATE_FLOW_GOOGLE_BATCH"
    )
    with pytest.raises(EngineError, match="from 1 to 50 texts per request"):
        build_engine("deepl", {"engines": {"deepl": {"key": KEY, "batch": 51}}}, {})


def test_requests_are_few_and_even() -> None:
    texts = [str(n) for n in range(120)]
    assert [len(b) for b in request_batches(texts, 50)] == [40, 40, 40]
    assert [len(b) for b in request_batches(texts, 50, slots=4)] == [30, 30, 30, 30]
    assert [len(b) for b in request_batches(texts[:3], 50, slots=4)] == [1, 1, 1]
    assert request_batches(["aaaa", "bb", "cc", "dddddd", "e"], 50, 6) == [
        ["aaaa", "bb"],
        ["cc"],
        ["dddddd"],
        ["e"],
    ]
    assert request_batches([], 50) == []


@pytest.mark.parametrize("seed", range(100))
def test_batches_keep_every_text_in_order_within_the_limits(seed: int) -> None:
    chance = random.Random(seed)
    texts = ["x" * chance.randrange(1, 40) for _ in range(chance.randrange(60))]
    most, characters = chance.randrange(1, 12), chance.choice([None, 30, 80])
    slots = chance.randrange(1, 6)
    batches = request_batches(texts, most, characters, slots)

    assert [text for batch in batches for text in batch] == texts
    assert all(1 <= len(batch) <= most for batch in batches)
    assert all(
        characters is None or len(batch) == 1 or sum(map(len, batch)) <= characters
        for batch in batches
    )
    assert len(batches) >= min(slots, len(texts))
