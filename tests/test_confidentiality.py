"""Restricted articles and --offline runs: no text reaches an engine that is not on-premises.

The local servers record every request, so "nothing was sent" is asserted, not assumed.
"""

from __future__ import annotations

import shutil

import pytest
from mt_servers import google_server, libre_server

ARTICLE = "Секретно\n\nМинистр прибыл в Москву. Переговоры продолжатся завтра.\n"


def _ingest(cli, tmp_path, *options: str, text: str = ARTICLE, lang: str = "ru") -> str:
    path = tmp_path / "article.txt"
    path.write_text(text, encoding="utf-8")
    result = cli("ingest", path, "--lang", lang, *options, "--json")
    assert result.exit_code == 0, result.stderr
    return str(result.json()[0]["article"])


def test_a_restricted_article_is_never_sent_to_an_engine_off_premises(
    cli, tmp_path, monkeypatch
) -> None:
    with libre_server() as server:
        monkeypatch.setenv("TRANSLATE_FLOW_LIBRE_URL", server.url)
        article = _ingest(cli, tmp_path, "--restricted")
        result = cli("translate", article, "--to", "de", "--engine", "libre")

    assert result.exit_code != 0
    assert f"article {article} is restricted" in result.stderr
    assert server.requests == []


def test_a_restricted_article_among_others_stops_the_run_before_anything_is_sent(
    cli, tmp_path, monkeypatch
) -> None:
    with libre_server() as server:
        monkeypatch.setenv("TRANSLATE_FLOW_LIBRE_URL", server.url)
        open_article = tmp_path / "open.txt"
        open_article.write_text("Открыто\n\nВсё открыто.\n", encoding="utf-8")
        assert cli("ingest", open_article, "--lang", "ru").exit_code == 0
        _ingest(cli, tmp_path, "--restricted")
        result = cli("translate", "--to", "de", "--engine", "libre")

    assert result.exit_code != 0
    assert server.requests == []


def test_offline_refuses_every_engine_that_is_not_on_premises(cli, tmp_path, monkeypatch) -> None:
    with libre_server() as libre, google_server() as google:
        monkeypatch.setenv("TRANSLATE_FLOW_LIBRE_URL", libre.url)
        monkeypatch.setenv("TRANSLATE_FLOW_GOOGLE_URL", google.url)
        article = _ingest(cli, tmp_path)  # not even restricted
        results = [
            cli("translate", article, "--to", "de", "--engine", name, "--offline")
            for name in ("libre", "google")
        ]

    assert [r.exit_code != 0 for r in results] == [True, True]
    assert "--offline: libre is not on-premises" in results[0].stderr
    assert libre.requests == [] and google.requests == []


def test_an_on_premises_libre_may_translate_a_restricted_article_offline(
    cli, tmp_path, monkeypatch
) -> None:
    with libre_server() as server:
        monkeypatch.setenv("TRANSLATE_FLOW_LIBRE_URL", server.url)
        monkeypatch.setenv("TRANSLATE_FLOW_LIBRE_ONPREM", "1")
        article = _ingest(cli, tmp_path, "--restricted")
        result = cli("translate", article, "--to", "de", "--engine", "libre", "--offline", "--json")

    assert result.exit_code == 0, result.stderr
    assert result.json()["translated"] == 3
    assert len(server.texts_sent) == 3


def test_a_chain_is_on_premises_only_when_both_engines_are(cli, tmp_path, monkeypatch) -> None:
    if shutil.which("apertium") is None:
        pytest.skip("apertium is not installed (scripts/setup-system.sh)")
    with google_server() as server:
        monkeypatch.setenv("TRANSLATE_FLOW_GOOGLE_URL", server.url)
        article = _ingest(
            cli, tmp_path, "--restricted", text="Сакрэтна\n\nДобры дзень.\n", lang="be"
        )
        result = cli("translate", article, "--to", "de", "--engine", "apertium+google")

    assert result.exit_code != 0
    assert "is restricted" in result.stderr
    assert server.requests == []


def test_a_url_that_http_clients_read_two_ways_cannot_pass_for_on_premises(
    cli, tmp_path, monkeypatch
) -> None:
    # urllib reads the host of http://A\@B as B; requests (urllib3) connects to A. The check
    # judged B: a restricted article went to A. Here both are this machine; A records requests.
    with libre_server() as server:
        port = server.url.rsplit(":", 1)[1]
        monkeypatch.setenv("TRANSLATE_FLOW_LIBRE_URL", f"http://localhost:{port}\\@127.0.0.1:1")
        monkeypatch.setenv("TRANSLATE_FLOW_LIBRE_ONPREM", "1")
        article = _ingest(cli, tmp_path, "--restricted")
        result = cli("translate", article, "--to", "de", "--engine", "libre")

    assert result.exit_code == 1
    assert "the server URL contains '\\\\' at character" in result.stderr
    assert "which no URL has; fix TRANSLATE_FLOW_LIBRE_URL" in result.stderr
    assert server.requests == []


def test_the_on_premises_check_judges_the_host_the_request_goes_to() -> None:
    from translate_flow.mt.errors import EngineError
    from translate_flow.mt.settings import ServerSettings, check_on_premises

    # As if the URL had come past the settings' own check: 8.8.8.8 is where requests connects.
    settings = ServerSettings(url="http://8.8.8.8\\@127.0.0.1:5000", onprem=True)
    with pytest.raises(EngineError, match="8.8.8.8 is not a private or local address"):
        check_on_premises("libre", settings, None)


def test_a_restricted_articles_machine_translations_stay_out_of_the_shared_cache(
    cli, tmp_path, monkeypatch
) -> None:
    from reliability_support import rows

    from translate_flow.store.db import open_database

    with libre_server() as server:
        monkeypatch.setenv("TRANSLATE_FLOW_LIBRE_URL", server.url)
        monkeypatch.setenv("TRANSLATE_FLOW_LIBRE_ONPREM", "1")
        article = _ingest(cli, tmp_path, "--restricted")
        for _ in range(2):
            result = cli("translate", article, "--to", "de", "--engine", "libre", "--retranslate")
            assert result.exit_code == 0, result.stderr
        restricted_sent = len(server.texts_sent)
        public = _ingest(cli, tmp_path, text="Открыто\n\nВсё открыто.\n")
        assert cli("translate", public, "--to", "de", "--engine", "libre").exit_code == 0

    # Every desk role reads mt_cache (its rows name no article): a restricted text's translation
    # there was readable in psql by translators not assigned to the article.
    outputs = [
        output for (output,) in rows(open_database(cli.db_url), "SELECT output FROM mt_cache")
    ]
    assert outputs and not any("Министр" in output or "Секретно" in output for output in outputs)
    assert restricted_sent == 6  # asked again by --retranslate: nothing was answered from cache
