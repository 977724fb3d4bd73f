"""The package's optional parts: extras that match the code, hints for what is missing,
the Belarusian dictionary found where hunspell looks."""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

import pytest
from conftest import REPO

from translate_flow.extras import OPTIONAL_MODULES, missing_extra_message
from translate_flow.terms import morphology

PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))


def _requirement_names(requirements: list[str]) -> set[str]:
    import re

    return {re.split(r"[\[<>=!~; ]", r, maxsplit=1)[0].lower() for r in requirements}


def test_each_optional_module_belongs_to_the_extra_that_its_hint_names():
    extras = PYPROJECT["project"]["optional-dependencies"]
    distribution = {"docx": "python-docx", "psycopg": "psycopg"}
    for module, (extra, _feature) in OPTIONAL_MODULES.items():
        assert extra in extras, f"{module}: no extra {extra!r} in pyproject.toml"
        wanted = distribution.get(module, module).replace("_", "-").lower()
        names = {n.replace("_", "-") for n in _requirement_names(extras[extra])}
        assert wanted in names, f"{module} is not in the {extra!r} extra"


def test_no_optional_module_is_a_core_dependency():
    core = {n.replace("_", "-") for n in _requirement_names(PYPROJECT["project"]["dependencies"])}
    for module in OPTIONAL_MODULES:
        assert module.replace("_", "-") not in core
    assert "python-docx" not in core
    assert "razdel" not in core  # tests and benchmarks only


def test_the_all_extra_names_every_other_runtime_extra():
    extras = PYPROJECT["project"]["optional-dependencies"]
    (all_requirement,) = extras["all"]
    named = set(all_requirement.split("[", 1)[1].rstrip("]").split(","))
    assert named == set(extras) - {"all", "dev"}


def test_build_system_asks_for_a_setuptools_that_reads_an_spdx_licence():
    assert isinstance(PYPROJECT["project"]["license"], str)
    (requirement,) = PYPROJECT["build-system"]["requires"]
    minimum = requirement.split(">=", 1)[1]
    assert tuple(int(p) for p in minimum.split(".")) >= (77,)


def test_a_missing_optional_module_gets_an_install_hint_naming_its_extra():
    message = missing_extra_message(ModuleNotFoundError("No module named 'docx'", name="docx"))
    assert message is not None
    assert "pip install 'translate-flow[docx]'" in message
    assert missing_extra_message(ModuleNotFoundError("x", name="nonexistent_thing")) is None


def test_docx_export_without_python_docx_says_which_extra_to_install(cli, monkeypatch, tmp_path):
    from conftest import EXAMPLES

    assert cli("ingest", EXAMPLES / "ru-un-oewg.txt").exit_code == 0
    cli("translate", "1", "--to", "de", "--engine", "tm")  # the memory is empty: drafts stay empty
    monkeypatch.setitem(sys.modules, "docx", None)  # import docx now fails as if not installed
    result = cli(
        "export", "1", "--lang", "de", "--format", "docx", "--draft", "-o", tmp_path / "a.docx"
    )
    assert result.exit_code == 1
    assert "pip install 'translate-flow[docx]'" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "a.docx").exists()


@pytest.fixture
def fresh_dictionary_lookup(monkeypatch):
    monkeypatch.delenv(morphology.HUNSPELL_BE_SETTING, raising=False)
    monkeypatch.delenv("DICPATH", raising=False)
    morphology.hunspell_be_path.cache_clear()
    yield monkeypatch
    morphology.hunspell_be_path.cache_clear()


def _dictionary_in(folder: Path, name: str = "be_BY") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for suffix in (".aff", ".dic"):
        (folder / name).with_suffix(suffix).write_text("", encoding="utf-8")
    return folder / name


def test_the_setting_names_the_dictionary_by_folder_dic_file_or_bare_path(
    fresh_dictionary_lookup, tmp_path
):
    base = _dictionary_in(tmp_path / "dicts")
    for value in (tmp_path / "dicts", base.with_suffix(".dic"), base):
        fresh_dictionary_lookup.setenv(morphology.HUNSPELL_BE_SETTING, str(value))
        morphology.hunspell_be_path.cache_clear()
        assert morphology.hunspell_be_path() == base


def test_dicpath_is_searched_like_hunspell_does(fresh_dictionary_lookup, tmp_path):
    base = _dictionary_in(tmp_path / "mine", "be")
    fresh_dictionary_lookup.setenv("DICPATH", f"{tmp_path / 'empty'}:{tmp_path / 'mine'}")
    assert morphology.hunspell_be_path() == base


def test_a_dictionary_missing_its_affix_file_is_not_used(fresh_dictionary_lookup, tmp_path):
    base = _dictionary_in(tmp_path / "half")
    base.with_suffix(".aff").unlink()
    fresh_dictionary_lookup.setenv(morphology.HUNSPELL_BE_SETTING, str(tmp_path / "half"))
    assert morphology.hunspell_be_path() is None
    notice = morphology.belarusian_morphology_notice()
    assert notice is not None and "suffix rules alone" in notice


def test_engines_says_when_belarusian_morphology_is_missing(cli, fresh_dictionary_lookup, tmp_path):
    fresh_dictionary_lookup.setenv(morphology.HUNSPELL_BE_SETTING, str(tmp_path / "nowhere"))
    result = cli("engines")
    assert result.exit_code == 0
    assert "Belarusian morphology" in result.stderr
    assert "hunspell-be" in result.stderr
