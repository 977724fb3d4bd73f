"""A TMX from another tool: language variants kept, inline codes as placeholders, empty units
skipped and counted; on SQLite and PostgreSQL. The fixture is our own (see its header comment)."""

from __future__ import annotations

from pathlib import Path

from lxml import etree
from translate.storage import tmx as ttk_tmx

from translate_flow.formats.inline import placeholders
from translate_flow.formats.tmx import iter_tmx_texts

TMX = Path(__file__).parent / "data" / "foreign" / "variants-inline.tmx"
SOURCE = "Министр прибыл в Вену."


def search(cli, query: str, target: str) -> list[str]:
    result = cli("tm", "search", query, "--from", "ru", "--to", target, "--json")
    assert result.exit_code == 0, result.stderr
    return [m["target"] for m in result.json()[0]["matches"] if m["score"] == 100]


def test_import_keeps_pairs_by_base_language_and_counts_units_without_text(cli):
    result = cli("tm", "import", TMX, "--json")

    assert result.exit_code == 0, result.stderr
    summary = result.json()
    # Seven pairs in the file (one unit has two targets); one holds inline codes only.
    assert (summary["added"], summary["without_text"]) == (6, 1)
    assert summary["pairs"] == ["ru-de", "ru-en", "ru-fr"]
    text = cli("tm", "import", TMX).stdout
    assert "1 without text skipped" in text


def test_lookup_prefers_the_variant_asked_for_and_falls_back_to_the_base(cli):
    assert cli("tm", "import", TMX).exit_code == 0

    assert search(cli, SOURCE, "de-AT") == ["Der Minister ist in Wien eingetroffen."]
    assert search(cli, SOURCE, "de-DE") == ["Der Minister ist in Wien angekommen."]
    # No Swiss unit: the base language's latest unit serves.
    assert search(cli, SOURCE, "de-CH") == ["Der Minister ist in Wien angekommen."]
    assert search(cli, SOURCE, "de") == ["Der Minister ist in Wien angekommen."]
    talks = "Переговоры <1>прошли успешно</1>.<2/>"
    assert search(cli, talks, "en-US") == ["The talks <1>were successful</1>.<2/>"]
    assert search(cli, talks, "en-GB") == ["The talks <1>were a success</1>.<2/>"]


def test_fuzzy_lookup_prefers_the_variant_among_units_with_the_same_source(cli):
    assert cli("tm", "import", TMX).exit_code == 0
    query = "Министр прибыл в Вену вчера."

    def fuzzy(target: str) -> list[str]:
        result = cli("tm", "search", query, "--from", "ru", "--to", target, "--json")
        assert result.exit_code == 0, result.stderr
        return [m["target"] for m in result.json()[0]["matches"]]

    assert fuzzy("de-AT") == ["Der Minister ist in Wien eingetroffen."]
    assert fuzzy("de-DE") == ["Der Minister ist in Wien angekommen."]
    assert fuzzy("de") == ["Der Minister ist in Wien angekommen."]  # the latest


def test_inline_codes_are_placeholders_as_many_as_the_file_has_codes():
    units = list(iter_tmx_texts(str(TMX)))
    theirs = ttk_tmx.tmxfile.parsefile(str(TMX)).units

    signed = next(u for u in units if u[1] == "fr-CA")
    assert signed[2:] == (
        "Стороны <1/> подписали <2>меморандум</2>.",
        "Les parties <1/> ont signé un <2>mémorandum</2>.",
    )
    assert "  " not in signed[2] + signed[3]
    # translate-toolkit's reader sees one unit per <tu>; we see one per target variant.
    tus = etree.parse(str(TMX)).findall(".//tu")
    assert len(theirs) == len(tus)
    assert len(units) == sum(len(tu.findall("tuv")) - 1 for tu in tus)
    # Every code element is one placeholder, <hi> two (<n> and </n>).
    expected = [
        sum(
            2 if code.tag == "hi" else 1
            for code in tu.find("tuv/seg").iter("bpt", "ept", "ph", "it", "hi")
        )
        for tu in tus
        for _ in tu.findall("tuv")[1:]
    ]
    assert [len(placeholders(u[2])) for u in units] == expected


def test_export_writes_the_variants_back(cli, tmp_path):
    assert cli("tm", "import", TMX).exit_code == 0
    path = tmp_path / "back.tmx"

    assert cli("tm", "export", "-o", path).exit_code == 0

    targets = sorted(lang for _, lang, _, _ in iter_tmx_texts(str(path)))
    assert targets == ["de-AT", "de-DE", "en-GB", "en-US", "fr", "fr-CA"]
