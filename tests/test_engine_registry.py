"""The engine registry: third-party engines through the entry point group, on-premises settings
that cannot be true refused, and `engines` never printing a secret."""

from __future__ import annotations

import textwrap

import pytest
from mt_servers import google_server, openai_server

from translate_flow.mt.base import EngineError
from translate_flow.mt.registry import create_engine, engine_names, engine_settings

ARTICLE = "Визит\n\nМинистр прибыл в Москву.\n"

TOY_ENGINE = '''
"""A third-party engine: writes each text backwards."""

from translate_flow.mt.base import Engine, EngineStatus, MTResult


class BackwardsEngine(Engine):
    name = "backwards"
    on_premises = True
    pairs = "ru→de"

    @classmethod
    def from_settings(cls, settings, memory=None):
        return cls()

    @classmethod
    def status(cls, settings):
        return EngineStatus(True, "writes text backwards")

    def translate_batch(self, texts, source, target):
        return [MTResult(text=text[::-1], origin=self.name) for text in texts]
'''


@pytest.fixture
def backwards_engine(tmp_path, monkeypatch):
    """A package installed the way pip leaves one: a module and a dist-info directory whose
    entry_points.txt names the engine in the group translate_flow.engines."""
    site = tmp_path / "site"
    (site / "backwards_engine-1.0.dist-info").mkdir(parents=True)
    (site / "backwards_engine.py").write_text(TOY_ENGINE, encoding="utf-8")
    info = site / "backwards_engine-1.0.dist-info"
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: backwards-engine\nVersion: 1.0\n", encoding="utf-8"
    )
    (info / "entry_points.txt").write_text(
        textwrap.dedent(
            """\
            [translate_flow.engines]
            backwards = backwards_engine:BackwardsEngine
            """
        ),
        encoding="utf-8",
    )
    monkeypatch.syspath_prepend(str(site))
    return site


def _ingest(cli, tmp_path, *options: str) -> str:
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    result = cli("ingest", path, "--lang", "ru", *options, "--json")
    assert result.exit_code == 0, result.stderr
    return str(result.json()[0]["article"])


def test_an_installed_plugin_engine_is_listed_and_translates(
    backwards_engine, cli, tmp_path
) -> None:
    assert "backwards" in engine_names()
    listed = {row["name"]: row for row in cli("engines", "--json").json()}
    article = _ingest(cli, tmp_path)
    result = cli("translate", article, "--to", "de", "--engine", "backwards", "--json")
    shown = cli("queue", "--article", article, "--lang", "de", "--json")
    helped = cli("translate", "--help")

    assert "Engine: tm, apertium, backwards, deepl," in " ".join(helped.stdout.split())
    assert listed["backwards"]["configured"] is True
    assert listed["backwards"]["pairs"] == "ru→de"
    assert listed["backwards"]["note"] == "writes text backwards"
    assert result.exit_code == 0, result.stderr
    assert result.json()["translated"] == 2
    assert shown.exit_code == 0, shown.stderr
    assert {row["target"] for row in shown.json()} == {
        "Визит"[::-1],
        "Министр прибыл в Москву."[::-1],
    }


def test_without_the_plugin_its_name_is_unknown() -> None:
    assert "backwards" not in engine_names()
    with pytest.raises(EngineError, match="unknown engine 'backwards'"):
        create_engine("backwards", {})


# --- on-premises settings that cannot be true ------------------------------------------------


def test_onprem_without_a_url_is_refused_for_an_engine_with_a_public_default() -> None:
    env = {
        "TRANSLATE_FLOW_OPENAI_ONPREM": "1",
        "TRANSLATE_FLOW_OPENAI_KEY": "sk-test",
        "TRANSLATE_FLOW_OPENAI_MODEL": "desk-model",
    }
    with pytest.raises(EngineError) as raised:
        create_engine("openai", engine_settings("openai", {}, env))
    assert str(raised.value) == (
        "openai: TRANSLATE_FLOW_OPENAI_ONPREM is set but no server URL: the text would go to "
        "api.openai.com; set TRANSLATE_FLOW_OPENAI_URL to the desk's own server"
    )


def test_a_restricted_article_goes_nowhere_when_onprem_has_no_url(
    cli, tmp_path, monkeypatch
) -> None:
    monkeypatch.setenv("TRANSLATE_FLOW_OPENAI_ONPREM", "1")
    monkeypatch.setenv("TRANSLATE_FLOW_OPENAI_KEY", "sk-test")
    monkeypatch.setenv("TRANSLATE_FLOW_OPENAI_MODEL", "desk-model")
    article = _ingest(cli, tmp_path, "--restricted")
    result = cli("translate", article, "--to", "de", "--engine", "openai")

    assert result.exit_code == 1
    assert "no server URL: the text would go to api.openai.com" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("url", ["http://8.8.8.8:5000", "https://1.1.1.1"])
def test_onprem_with_a_public_address_is_refused_unless_confirmed(url: str) -> None:
    settings = {"url": url, "onprem": "1"}
    with pytest.raises(EngineError) as raised:
        create_engine("libre", settings)
    host = url.split("//")[1].split(":")[0]
    assert str(raised.value) == (
        f"libre: TRANSLATE_FLOW_LIBRE_ONPREM is set but {host} is not a private or local "
        "address; correct TRANSLATE_FLOW_LIBRE_URL, or set TRANSLATE_FLOW_LIBRE_ONPREM_PUBLIC_OK=1 "
        "if this public address is the desk's own server"
    )
    confirmed = create_engine("libre", settings | {"onprem_public_ok": "yes"})
    assert confirmed.on_premises is True


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:5000", "http://10.1.2.3", "http://192.168.0.9:8000", "http://[::1]"]
)
def test_onprem_on_a_private_or_local_address_is_accepted(url: str) -> None:
    assert create_engine("libre", {"url": url, "onprem": "1"}).on_premises is True


def test_the_refusal_for_google_suggests_only_settings_that_exist(
    cli, tmp_path, monkeypatch
) -> None:
    with google_server() as server:
        monkeypatch.setenv("TRANSLATE_FLOW_GOOGLE_URL", server.url)
        article = _ingest(cli, tmp_path, "--restricted")
        result = cli("translate", article, "--to", "de", "--engine", "google")

    assert result.exit_code == 1
    assert server.requests == []
    assert "GOOGLE_ONPREM" not in result.stderr
    assert "libre or openai on a server of the desk's own" in result.stderr


def test_google_onprem_variable_is_refused_not_ignored(cli, tmp_path, monkeypatch) -> None:
    with google_server() as server:
        monkeypatch.setenv("TRANSLATE_FLOW_GOOGLE_URL", server.url)
        monkeypatch.setenv("TRANSLATE_FLOW_GOOGLE_ONPREM", "1")
        article = _ingest(cli, tmp_path, "--restricted")
        result = cli("translate", article, "--to", "de", "--engine", "google")

    assert result.exit_code == 1
    assert "TRANSLATE_FLOW_GOOGLE_ONPREM is not a setting of this engine" in result.stderr
    assert server.requests == []


# --- secrets ------------------------------------------------------------------------------------


def test_engines_never_prints_a_key_or_url_credentials(cli, monkeypatch) -> None:
    monkeypatch.setenv("TRANSLATE_FLOW_LIBRE_URL", "http://desk:hunter2@127.0.0.1:5000")
    monkeypatch.setenv("TRANSLATE_FLOW_LIBRE_KEY", "libre-SECRET-1")
    monkeypatch.setenv("TRANSLATE_FLOW_DEEPL_KEY", "deepl-SECRET-2:fx")
    monkeypatch.setenv("TRANSLATE_FLOW_OPENAI_URL", "http://10.0.0.5:8000/v1?api_key=SECRET-3")
    monkeypatch.setenv("TRANSLATE_FLOW_OPENAI_MODEL", "desk-model")
    as_json = cli("engines", "--json")
    as_table = cli("engines")

    for result in (as_json, as_table):
        assert result.exit_code == 0, result.stderr
        for secret in ("hunter2", "SECRET-1", "SECRET-2", "SECRET-3"):
            assert secret not in result.stdout
    rows = {row["name"]: row for row in as_json.json()}
    assert rows["libre"]["url"] == "http://***@127.0.0.1:5000"
    assert "key" in rows["libre"]["settings"] and "onprem" in rows["libre"]["settings"]
    assert "onprem" not in rows["google"]["settings"]
    assert rows["openai"]["url"] == "http://10.0.0.5:8000/v1?api_key=***"


def test_a_key_the_server_echoes_is_not_stored_nor_shown_by_segment_show(
    cli, tmp_path, monkeypatch
) -> None:
    refusal = '{"error": {"message": "Invalid API key SECRETKEY123"}}'
    with openai_server(failures=[(401, refusal, {})]) as server:
        monkeypatch.setenv("TRANSLATE_FLOW_OPENAI_URL", server.url)
        monkeypatch.setenv("TRANSLATE_FLOW_OPENAI_KEY", "SECRETKEY123")
        monkeypatch.setenv("TRANSLATE_FLOW_OPENAI_MODEL", "desk-model")
        article = _ingest(cli, tmp_path)
        result = cli("translate", article, "--to", "de", "--engine", "openai")
    listed = cli("queue", "--article", article, "--lang", "de", "--json").json()
    # One segment or more failed (requests in flight together may all meet the refusal).
    failed = next(row for row in listed if row["mt_error"])
    shown = cli("segment", "show", str(failed["segment"]), "--lang", "de")

    assert result.exit_code == 1  # a segment was not translated
    assert "Invalid API key ***" in result.stderr
    assert "SECRETKEY123" not in result.stdout + result.stderr
    assert shown.exit_code == 0, shown.stderr
    assert "MT error: openai:" in shown.stdout
    assert "Invalid API key ***" in shown.stdout
    assert "SECRETKEY123" not in shown.stdout
