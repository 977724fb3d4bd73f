"""The machine-translation cache: a sentence is sent to an engine once, end to end through the
command line against a local LibreTranslate server that counts the requests."""

from __future__ import annotations

import json
import threading
from concurrent.futures import ThreadPoolExecutor

from conftest import GLOSSARY
from mt_servers import Answer, RecordedRequest, libre_server, serve

from translate_flow.mt.cache import cache_key
from translate_flow.mt.libre import LibreEngine

ARTICLE = (
    "Министр прибыл в Москву\n\n"
    "Министр иностранных дел Беларуси прибыл в Москву. Стороны обсудили сотрудничество. "
    "Переговоры продолжатся завтра.\n\n"
    "Стороны обсудили сотрудничество. Переговоры продолжатся завтра.\n"
)
UNIQUE_SENTENCES = 4  # the title and three different sentences; two of them come twice


def _ingest(cli, tmp_path, text: str = ARTICLE, name: str = "article.txt") -> int:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = cli("ingest", path, "--lang", "ru", "--json")
    assert result.exit_code == 0, result.stderr
    return result.json()[0]["article"]


def _translate(cli, *args: str) -> dict:
    result = cli("translate", *args, "--to", "de", "--engine", "libre", "--json")
    assert result.exit_code == 0, result.stderr
    return result.json()


def test_identical_sentences_are_sent_once_and_a_retranslation_sends_nothing(
    cli, tmp_path, monkeypatch
) -> None:
    with libre_server() as server:
        monkeypatch.setenv("TRANSLATE_FLOW_LIBRE_URL", server.url)
        article = _ingest(cli, tmp_path)
        first = _translate(cli, str(article))
        sent_first = len(server.texts_sent)
        again = _translate(cli, str(article), "--retranslate")

    assert first["translated"] == 6 and first["from_cache"] == 0
    assert sent_first == UNIQUE_SENTENCES
    assert len(set(server.texts_sent)) == UNIQUE_SENTENCES
    assert again["translated"] == 6 and again["from_cache"] == 6
    assert again["characters_sent"] == 0
    assert len(server.texts_sent) == sent_first  # nothing more was sent


def test_another_article_with_a_known_sentence_takes_it_from_the_cache(
    cli, tmp_path, monkeypatch
) -> None:
    with libre_server() as server:
        monkeypatch.setenv("TRANSLATE_FLOW_LIBRE_URL", server.url)
        _translate(cli, str(_ingest(cli, tmp_path)))
        before = len(server.texts_sent)
        other = _ingest(cli, tmp_path, "Итоги\n\nПереговоры продолжатся завтра. Новое.\n", "b.txt")
        summary = _translate(cli, str(other))

    assert summary["from_cache"] == 1
    assert sorted(server.texts_sent[before:]) == ["Итоги", "Новое."]
    assert summary["characters_by_engine"] == {"libre": len("Итоги") + len("Новое.")}


def test_a_glossary_change_asks_the_engine_again_for_the_sentences_it_concerns(
    cli, tmp_path, monkeypatch
) -> None:
    with libre_server() as server:
        monkeypatch.setenv("TRANSLATE_FLOW_LIBRE_URL", server.url)
        article = _ingest(cli, tmp_path)
        _translate(cli, str(article))
        sent_first = len(server.texts_sent)
        assert cli("glossary", "import", GLOSSARY).exit_code == 0
        summary = _translate(cli, str(article), "--retranslate")

    # The title and the minister's sentence name Moscow and Belarus; the other two sentences
    # (four segments) use no glossary term and keep their cached answers.
    assert summary["from_cache"] == 4
    assert len(server.texts_sent) == sent_first + 2
    assert all("⟦0⟧" in text for text in server.texts_sent[sent_first:])


def test_another_server_is_not_answered_from_the_first_servers_cache(
    cli, tmp_path, monkeypatch
) -> None:
    with libre_server() as first, libre_server() as second:
        monkeypatch.setenv("TRANSLATE_FLOW_LIBRE_URL", first.url)
        article = _ingest(cli, tmp_path)
        _translate(cli, str(article))
        monkeypatch.setenv("TRANSLATE_FLOW_LIBRE_URL", second.url)
        summary = _translate(cli, str(article), "--retranslate")

    assert summary["from_cache"] == 0
    assert len(second.texts_sent) == UNIQUE_SENTENCES


def test_the_translation_memory_engine_is_not_cached(cli, tmp_path) -> None:
    article = _ingest(cli, tmp_path)
    for args in ((), ("--retranslate",)):
        result = cli("translate", str(article), *args, "--to", "de", "--engine", "tm", "--json")
        assert result.exit_code == 0, result.stderr
        assert result.json()["from_cache"] == 0


def test_the_key_covers_output_settings_but_not_the_api_key_or_timeout() -> None:
    def key(engine: LibreEngine, *, target: str = "de", terms: str = "", text: str = "Да.") -> str:
        return cache_key(engine.name, engine.output_settings(), "ru", target, terms, text)

    base = key(LibreEngine("http://mt.desk:5000"))
    assert len(base) == 64
    assert key(LibreEngine("http://mt.desk:5000", key="other", timeout=3)) == base
    assert key(LibreEngine("http://mt2.desk:5000")) != base
    assert key(LibreEngine("http://mt.desk:5000"), target="en") != base
    assert key(LibreEngine("http://mt.desk:5000"), terms="3f9c") != base
    assert key(LibreEngine("http://mt.desk:5000"), text="Да!") != base


def test_the_summary_tells_what_came_from_the_cache_and_what_was_sent(
    cli, tmp_path, monkeypatch
) -> None:
    with libre_server() as server:
        monkeypatch.setenv("TRANSLATE_FLOW_LIBRE_URL", server.url)
        article = str(_ingest(cli, tmp_path))
        first = cli("translate", article, "--to", "de", "--engine", "libre")
        again = cli("translate", article, "--to", "de", "--engine", "libre", "--retranslate")

    characters = sum(len(text) for text in server.texts_sent)
    assert first.stdout.splitlines() == [
        f"libre: 6 translated (0 from cache), 0 already done, 0 without a memory match, "
        f"0 failed; {characters} characters sent",
        f"  libre: {characters} characters sent",
    ]
    assert again.stdout.splitlines()[0].startswith("libre: 6 translated (6 from cache)")
    assert again.stdout.splitlines()[1] == "  libre: 0 characters sent"


def test_two_runs_storing_the_same_new_answer_at_once_both_succeed(
    cli, tmp_path, monkeypatch
) -> None:
    from sqlmodel import select

    from translate_flow.services.context import Desk
    from translate_flow.services.translate import translate_articles
    from translate_flow.store.db import open_database, transaction
    from translate_flow.store.models import MTCache

    shared = "Переговоры продолжатся завтра."
    both_asked = threading.Barrier(2, timeout=10)

    def libre(request: RecordedRequest) -> Answer:
        if shared in request.texts:
            both_asked.wait()  # neither run has its answer, so neither has stored it yet
        q = request.fields["q"]
        translated = [f"[de] {t}" for t in q] if isinstance(q, list) else f"[de] {q}"
        body = json.dumps({"translatedText": translated}, ensure_ascii=False)
        return Answer(200, "application/json", body)

    with serve(libre) as server:
        monkeypatch.setenv("TRANSLATE_FLOW_LIBRE_URL", server.url)
        articles = [
            _ingest(cli, tmp_path, f"{title}\n\n{shared}\n", f"{title}.txt")
            for title in ("Первая", "Вторая")
        ]
        # Rows made first (tm finds nothing), so each run's first write is its cache row:
        # both runs then store the same key at once.
        for article in articles:
            assert cli("translate", str(article), "--to", "de", "--engine", "tm").exit_code == 0
        desk = Desk(open_database(cli.db_url), "tester")
        with ThreadPoolExecutor(max_workers=2) as pool:
            runs = list(
                pool.map(lambda a: translate_articles(desk, [a], ["de"], "libre"), articles)
            )

    assert server.texts_sent.count(shared) == 2  # both asked at once
    assert [(run.translated, run.failed) for run in runs] == [(2, 0), (2, 0)]
    with transaction(desk.engine) as session:
        outputs = [row.output for row in session.exec(select(MTCache))]
    assert sorted(outputs) == sorted(["[de] Первая", "[de] Вторая", f"[de] {shared}"])


# --- empty answers and clearing the cache -------------------------------------------------------


def test_an_empty_answer_is_a_failure_and_not_cached(cli, tmp_path, monkeypatch) -> None:
    answers = iter(["", "  "])

    def empty_then_right(request: RecordedRequest) -> Answer:
        q = request.fields["q"]
        texts = q if isinstance(q, list) else [q]
        translated = [next(answers, f"[de] {t}") for t in texts]
        body = translated if isinstance(q, list) else translated[0]
        return Answer(200, "application/json", json.dumps({"translatedText": body}))

    with serve(empty_then_right) as server:
        monkeypatch.setenv("TRANSLATE_FLOW_LIBRE_URL", server.url)
        article = _ingest(cli, tmp_path, "Визит\n\nМинистр прибыл в Москву.\n")
        first = cli("translate", str(article), "--to", "de", "--engine", "libre", "--json")
        again = _translate(cli, str(article))

    assert first.exit_code == 1  # two segments not translated
    assert first.json()["reasons"] == {f"libre: {server.url} answered an empty text": 2}
    assert again["translated"] == 2 and again["from_cache"] == 0


def test_cache_clear_makes_the_next_run_ask_the_engine_again(cli, tmp_path, monkeypatch) -> None:
    with libre_server() as server:
        monkeypatch.setenv("TRANSLATE_FLOW_LIBRE_URL", server.url)
        article = _ingest(cli, tmp_path)
        _translate(cli, str(article))
        kept = _translate(cli, str(article), "--retranslate")
        cleared = cli("cache", "clear", "--engine", "libre", "--json")
        asked = _translate(cli, str(article), "--retranslate")

    assert kept["from_cache"] == 6
    assert cleared.exit_code == 0, cleared.stderr
    assert cleared.json() == {"removed": UNIQUE_SENTENCES, "engine": "libre", "article": None}
    assert asked["from_cache"] == 0 and asked["translated"] == 6
    assert len(server.texts_sent) == 2 * UNIQUE_SENTENCES


def test_cache_clear_of_one_article_keeps_the_other_articles_answers(
    cli, tmp_path, monkeypatch
) -> None:
    with libre_server() as server:
        monkeypatch.setenv("TRANSLATE_FLOW_LIBRE_URL", server.url)
        first = _ingest(cli, tmp_path, "Первая\n\nМинистр прибыл.\n", "first.txt")
        second = _ingest(cli, tmp_path, "Вторая\n\nСтороны обсудили.\n", "second.txt")
        _translate(cli, str(first), str(second))
        cleared = cli("cache", "clear", "--article", str(first))
        other = cli("cache", "clear", "--engine", "google", "--article", str(second), "--json")
        again = _translate(cli, str(first), str(second), "--retranslate")

    assert cleared.exit_code == 0, cleared.stderr
    assert cleared.stdout == "2 cached answer(s) removed\n"
    assert other.json()["removed"] == 0  # google answered nothing of it
    assert again["from_cache"] == 2  # the second article's title and sentence
    assert sorted(server.texts_sent[-2:]) == ["Министр прибыл.", "Первая"]


def test_cache_clear_refuses_an_unknown_engine_or_article(cli) -> None:
    engine = cli("cache", "clear", "--engine", "systran")
    article = cli("cache", "clear", "--article", "99")

    assert engine.exit_code == 1
    assert engine.stderr.startswith("translate-flow: unknown engine 'systran'; known engines:")
    assert article.exit_code == 1
    assert "article 99 does not exist" in article.stderr
