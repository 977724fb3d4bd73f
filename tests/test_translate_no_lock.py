"""translate asks the engine with no transaction open: a slow engine locks nothing, and a
segment edited while the engine works keeps the translator's text."""

from __future__ import annotations

import json
import threading
from concurrent.futures import ThreadPoolExecutor

from mt_servers import Answer, RecordedRequest, serve

from translate_flow.services.context import Desk
from translate_flow.services.translate import translate_articles
from translate_flow.store.db import open_database

ARTICLE = "Визит\n\nМинистр прибыл в Москву.\n"


def edit_while_the_engine_works(cli, monkeypatch, article: int, segment: int, text: str):
    """Translate `article` into German with a LibreTranslate server that answers only once
    `segment` has been edited to `text` through the command line; (the edit's result, the run's
    summary)."""
    asked, answer_now = threading.Event(), threading.Event()

    def slow_libre(request: RecordedRequest) -> Answer:
        asked.set()
        answer_now.wait(30)  # the engine works as long as the test needs
        q = request.fields["q"]
        translated = [f"[de] {t}" for t in q] if isinstance(q, list) else f"[de] {q}"
        return Answer(200, "application/json", json.dumps({"translatedText": translated}))

    with serve(slow_libre) as server:
        monkeypatch.setenv("TRANSLATE_FLOW_LIBRE_URL", server.url)
        desk = Desk(open_database(cli.db_url), "tester")
        with ThreadPoolExecutor(max_workers=1) as pool:
            run = pool.submit(translate_articles, desk, [article], ["de"], "libre")
            assert asked.wait(10), "the engine was never asked"
            edited = cli("segment", "edit", str(segment), "--lang", "de", "--text", text)
            answer_now.set()
            return edited, run.result(timeout=30)


def test_a_segment_edit_succeeds_while_translate_waits_for_a_slow_engine(
    cli, tmp_path, monkeypatch
) -> None:
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    article = cli("ingest", path, "--lang", "ru", "--json").json()[0]["article"]
    # The memory is empty: the run leaves both segments waiting, with their translation rows.
    assert cli("translate", str(article), "--to", "de", "--engine", "tm").exit_code == 0
    title, sentence = cli("queue", "--article", str(article), "--lang", "de", "--json").json()
    edited, summary = edit_while_the_engine_works(
        cli, monkeypatch, article, title["segment"], "Besuch"
    )

    assert edited.exit_code == 0, edited.stderr  # not "database is locked"
    assert (summary.translated, summary.failed) == (1, 0)
    rows = {
        r["segment"]: r
        for r in cli("queue", "--article", str(article), "--lang", "de", "--json").json()
    }
    assert rows[title["segment"]]["target"] == "Besuch"  # the edit, not the engine's answer
    assert rows[title["segment"]]["origin"] == "human"
    assert rows[sentence["segment"]]["target"] == "[de] Министр прибыл в Москву."


def test_translating_a_new_article_locks_nothing_while_the_engine_works(
    cli, tmp_path, monkeypatch
) -> None:
    ids = []
    for name, text in (("new.txt", ARTICLE), ("other.txt", "Другое\n\nДругой текст.\n")):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        ids.append(cli("ingest", path, "--lang", "ru", "--json").json()[0]["article"])
    new, other = ids
    assert cli("translate", str(other), "--to", "de", "--engine", "tm").exit_code == 0
    [waiting, _] = cli("queue", "--article", str(other), "--lang", "de", "--json").json()
    # The new article has no translation rows yet: the run creates them, after the answer.
    edited, summary = edit_while_the_engine_works(
        cli, monkeypatch, new, waiting["segment"], "Anderes"
    )

    assert edited.exit_code == 0, edited.stderr  # not "database is locked"
    assert (summary.translated, summary.failed) == (2, 0)
