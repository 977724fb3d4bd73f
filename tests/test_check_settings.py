"""The desk's [checks] configuration: a check turned off or given another severity, for the
whole desk or one language pair, in `check`, the automatic check of new revisions, `approve`
and `qa` on files (qa/settings.py)."""

from __future__ import annotations

import pytest

from translate_flow.errors import InputError
from translate_flow.qa.settings import effective_checks

SWISS = {
    "checks": {
        "length": "off",
        "ru-de-CH": {"quotes": "off", "punctuation": "error"},
        "ru-de": {"quotes": "error"},
        "*-de": {"quotes": "info", "whitespace": "info"},
    }
}


def test_without_configuration_every_check_runs_at_its_own_severity():
    settings = effective_checks({}, "ru", "de")

    assert settings["quotes"].enabled and settings["quotes"].severity == "warning"
    assert settings["terminology"].severity == "error"
    assert {s.source for s in settings.values()} == {"default"}


def test_the_most_specific_pair_wins_and_the_desk_setting_holds_elsewhere():
    swiss = effective_checks(SWISS, "ru", "de-CH")
    german = effective_checks(SWISS, "ru", "de")
    belarusian_german = effective_checks(SWISS, "be", "de")
    english = effective_checks(SWISS, "ru", "en")

    assert (swiss["quotes"].enabled, swiss["quotes"].source) == (False, "ru-de-CH")
    assert (swiss["punctuation"].severity, swiss["whitespace"].severity) == ("error", "info")
    assert (german["quotes"].severity, german["quotes"].source) == ("error", "ru-de")
    assert belarusian_german["quotes"].severity == "info"
    assert english["quotes"].severity == "warning"
    assert not any(s["length"].enabled for s in (swiss, german, belarusian_german, english))
    assert german["length"].source == "desk"


def test_on_restores_a_check_the_desk_turned_off_for_one_pair():
    config = {"checks": {"length": "off", "ru-en": {"length": "on"}}}

    assert effective_checks(config, "ru", "en")["length"].enabled
    assert not effective_checks(config, "ru", "de")["length"].enabled


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ({"checks": {"quote": "off"}}, "unknown check 'quote'"),
        ({"checks": {"quotes": "loud"}}, 'quotes = \'loud\': use "off", "on" or a severity'),
        ({"checks": {"quotes": False}}, "quotes = False"),
        (
            {"checks": {"de": {"quotes": "off"}}},
            'a language pair is SOURCE-TARGET, e.g. "ru-de-CH"',
        ),
        ({"checks": {"ru-de": {"spelling": "off"}}}, '[checks."ru-de"]: unknown check'),
    ],
)
def test_a_bad_setting_names_itself(config, message):
    with pytest.raises(InputError) as error:
        effective_checks(config, "ru", "de")
    assert message in str(error.value)


TEXT = "Министр сказал: «Мы готовы». Переговоры продолжатся."


def ok(result):
    assert result.exit_code == 0, result.stderr
    return result


@pytest.fixture
def desk(cli, tmp_path):
    """An article whose quoted sentence is translated into German and Swiss German with «»."""
    cli.config = tmp_path / "no-config.toml"  # the file TRANSLATE_FLOW_CONFIG names
    [row] = ok(cli("ingest", "-", "--title", "Заявление", "--json", input=TEXT.encode())).json()
    cli.article = row["article"]
    shown = ok(cli("show", cli.article, "--lang", "de", "--json")).json()
    cli.segments = [s["segment"] for p in shown["paragraphs"] for s in p["segments"]]
    return cli


def _translate(cli, lang: str) -> None:
    texts = ["Erklärung", "Der Minister sagte: «Wir sind bereit».", "Die Gespräche gehen weiter."]
    for segment, text in zip(cli.segments, texts, strict=True):
        ok(cli("segment", "edit", segment, "--lang", lang, "--text", text))


def _quotes(cli, lang: str) -> list[str]:
    shown = ok(cli("segment", "show", cli.segments[1], "--lang", lang, "--json")).json()
    return [f["severity"] for f in shown["findings"] if f["check"] == "quotes"]


def test_new_revisions_are_checked_with_the_pair_settings(desk):
    desk.config.write_text('[checks."ru-de-CH"]\nquotes = "off"\n', encoding="utf-8")

    _translate(desk, "de")
    _translate(desk, "de-CH")

    assert _quotes(desk, "de") == ["warning"]
    assert _quotes(desk, "de-CH") == []


def test_check_applies_a_changed_severity_and_approve_follows_it(desk):
    _translate(desk, "de")
    assert _quotes(desk, "de") == ["warning"]
    desk.config.write_text('[checks."ru-de"]\nquotes = "error"\n', encoding="utf-8")

    [result] = ok(desk("check", desk.article, "--lang", "de", "--json")).json()

    assert result["by_check"] == {"quotes": 1} and result["errors"] == 1
    assert _quotes(desk, "de") == ["error"]
    refused = desk("approve", desk.article, "--lang", "de")
    assert refused.exit_code == 1 and "quotes: Quotation marks" in refused.stderr

    desk.config.write_text('[checks]\nquotes = "off"\n', encoding="utf-8")
    ok(desk("check", desk.article, "--lang", "de"))
    assert _quotes(desk, "de") == []
    ok(desk("approve", desk.article, "--lang", "de"))


def test_a_bad_configuration_stops_the_check_with_one_line(desk):
    _translate(desk, "de")
    desk.config.write_text('[checks]\nquotes = "sometimes"\n', encoding="utf-8")

    result = desk("check", desk.article)

    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        'translate-flow: config [checks] quotes = \'sometimes\': use "off", "on" or a severity '
        "(error, warning, info)"
    ]
    assert _quotes(desk, "de") == ["warning"]


def test_qa_list_checks_shows_the_effective_settings(tmp_path, monkeypatch):
    from conftest import run_cli

    config = tmp_path / "config.toml"
    config.write_text(
        '[checks]\nlength = "off"\n[checks."ru-de-CH"]\nquotes = "error"\n', encoding="utf-8"
    )
    monkeypatch.setenv("TRANSLATE_FLOW_CONFIG", str(config))

    desk_wide = run_cli(["qa", "--list-checks"]).stdout.splitlines()
    swiss = run_cli(["qa", "--list-checks", "--source-lang", "ru", "--lang", "de-CH"])
    as_json = run_cli(["qa", "--list-checks", "--source-lang", "ru", "--lang", "de-CH", "--json"])

    assert "quotes (warning): Quotation marks" in desk_wide
    assert "length (off, set by the desk; default warning): Length ratio" in desk_wide
    assert swiss.stdout.splitlines()[0] == "checks for ru → de-CH:"
    assert "quotes (error, set by ru-de-CH; default warning): Quotation marks" in swiss.stdout
    [quotes] = [c for c in as_json.json() if c["id"] == "quotes"]
    assert (quotes["enabled"], quotes["severity"], quotes["set_by"]) == (True, "error", "ru-de-CH")


def test_qa_on_files_applies_the_settings(tmp_path, monkeypatch):
    from conftest import run_cli

    xliff = tmp_path / "swiss.xlf"
    xliff.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
        '<file original="a.txt" datatype="plaintext" source-language="ru" '
        'target-language="de-CH"><body><trans-unit id="1"><source>Он сказал: «Да».</source>'
        "<target>Er sagte: «Ja».</target></trans-unit></body></file></xliff>\n",
        encoding="utf-8",
    )
    config = tmp_path / "config.toml"
    monkeypatch.setenv("TRANSLATE_FLOW_CONFIG", str(config))
    monkeypatch.setenv("TRANSLATE_FLOW_DB", str(tmp_path / "never.db"))

    config.write_text("", encoding="utf-8")
    before = run_cli(["qa", str(xliff), "--json"])
    config.write_text('[checks."ru-de-CH"]\nquotes = "off"\n', encoding="utf-8")
    after = run_cli(["qa", str(xliff), "--json"])

    assert [f["check"] for f in before.json()] == ["quotes"] and before.exit_code == 1
    assert (after.exit_code, after.json()) == (0, [])
