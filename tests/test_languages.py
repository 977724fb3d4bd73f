"""Language codes are checked against the languages the desk works in: an unknown code is
refused with a suggestion and never stored."""

from __future__ import annotations

import pytest
from conftest import run_cli

from translate_flow.errors import InputError
from translate_flow.langs import DEFAULT_LANGUAGES, check_language, desk_languages

ARTICLE = "Визит в Минск\n\nМинистр прибыл в Минск. Переговоры пройдут завтра.\n"


def one_line_error(result, *fragments: str) -> None:
    assert result.exit_code == 1, (result.stdout, result.stderr)
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr
    for fragment in fragments:
        assert fragment in result.stderr


# --- the list and the check


@pytest.mark.parametrize(
    ("code", "expected"), [("de", "de"), ("DE", "de"), ("de_AT", "de-AT"), ("deu", "de")]
)
def test_valid_codes_of_desk_languages_come_back_in_standard_form(code, expected):
    assert check_language(code, DEFAULT_LANGUAGES) == expected


@pytest.mark.parametrize(
    ("code", "suggestion"), [("german", "'de'"), ("Deutsch", "'de'"), ("english", "'en'")]
)
def test_a_language_name_is_refused_with_the_code_to_use(code, suggestion):
    with pytest.raises(InputError, match=f"unknown language code '{code}'.*{suggestion}"):
        check_language(code, DEFAULT_LANGUAGES, "--to")


@pytest.mark.parametrize("code", ["xx", "zz-ZZ", "1", "", "und"])
def test_codes_that_name_no_language_are_refused(code):
    with pytest.raises(InputError, match="unknown language code"):
        check_language(code, DEFAULT_LANGUAGES)


def test_a_real_language_the_desk_does_not_work_in_is_refused_with_the_list():
    with pytest.raises(InputError, match=r"'ja' is not one the desk works in \(ru, de\)"):
        check_language("ja", ("ru", "de"))


def test_desk_languages_come_from_the_config_or_the_default_set():
    assert desk_languages({}) == DEFAULT_LANGUAGES
    assert desk_languages({"desk": {"languages": ["ru", "be", "DE"]}}) == ("ru", "be", "de")
    assert desk_languages({"desk": {"languages": "ru, de"}}) == ("ru", "de")


@pytest.mark.parametrize("setting", [[], "", ["ru", "german"], 7])
def test_a_bad_language_list_in_the_config_is_reported(setting):
    with pytest.raises(InputError, match=r"\[desk\] languages"):
        desk_languages({"desk": {"languages": setting}})


# --- the command line


def _article(cli) -> int:
    [row] = cli("ingest", "-", "--json", input=ARTICLE).json()
    return row["article"]


def _stored_languages(cli, article: int) -> set[str]:
    return set(cli("status", "--json").json()[article - 1]["languages"])


def test_translate_into_an_unknown_language_is_refused_and_stores_nothing(cli):
    article = _article(cli)

    result = cli("translate", article, "--to", "de,xx", "--engine", "tm")

    one_line_error(result, "--to", "unknown language code 'xx'", "ru, be")
    assert _stored_languages(cli, article) == set()


def test_segment_edit_in_a_language_name_suggests_the_code_and_stores_nothing(cli):
    article = _article(cli)

    result = cli("segment", "edit", "1", "--lang", "german", "--text", "Besuch in Minsk")

    one_line_error(result, "did you mean 'de'")
    assert _stored_languages(cli, article) == set()
    assert cli("segment", "edit", "1", "--lang", "de", "--text", "Besuch").exit_code == 0
    assert _stored_languages(cli, article) == {"de"}


def test_the_desk_list_in_the_config_limits_the_languages(cli, tmp_path, monkeypatch):
    config = tmp_path / "desk.toml"
    config.write_text('[desk]\nlanguages = ["ru", "be", "de"]\n', encoding="utf-8")
    monkeypatch.setenv("TRANSLATE_FLOW_CONFIG", str(config))
    article = _article(cli)

    result = cli("translate", article, "--to", "en", "--engine", "tm")

    one_line_error(result, "'en' is not one the desk works in (ru, be, de)")
    assert cli("translate", article, "--to", "de", "--engine", "tm").exit_code == 0


@pytest.mark.parametrize(
    "args",
    [
        ("tm", "search", "Визит", "--from", "russian", "--to", "de"),
        ("queue", "--lang", "deutsch"),
        ("export", "1", "--lang", "xx", "--draft"),
    ],
)
def test_other_language_options_are_checked_too(cli, args):
    _article(cli)

    one_line_error(cli(*args), "unknown language code")


def test_qa_checks_its_language_options_without_a_database(tmp_path):
    result = run_cli(["qa", str(tmp_path / "a.po"), "--target-lang", "german"])

    one_line_error(result, "--target-lang", "did you mean 'de'")


def test_everyday_codes_are_checked_without_loading_the_language_tables():
    import subprocess
    import sys

    program = (
        "import sys\n"
        "from translate_flow.langs import check_language, desk_languages\n"
        "check_language('DE', desk_languages({'desk': {'languages': ['ru', 'de']}}))\n"
        "print('langcodes' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True)

    assert done.stdout.strip() == "False", done.stderr
