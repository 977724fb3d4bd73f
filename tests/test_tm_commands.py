"""`tm export` and `tm search --file` through the command line, on SQLite and PostgreSQL."""

from __future__ import annotations

from exchange_support import SEED_TMX, approved_article
from lxml import etree
from standards import standard
from translate.storage import tmx as ttk_tmx

from translate_flow.formats.tmx import iter_tmx

APPROVED_DE = "Die Seiten sprachen über IKT-Sicherheit."


def test_tm_export_holds_imported_and_approved_units_and_validates(cli, tmp_path):
    approved_article(cli, APPROVED_DE)
    path = tmp_path / "memory.tmx"

    result = cli("tm", "export", "-o", path)

    assert result.exit_code == 0, result.stderr
    dtd = etree.DTD(str(standard("tmx14.dtd")))
    assert dtd.validate(etree.parse(str(path))), dtd.error_log
    seed = [(e.source, e.target) for e in iter_tmx(str(SEED_TMX))]
    exported = [(u.source, u.target) for u in ttk_tmx.tmxfile.parsefile(str(path)).units]
    assert exported[: len(seed)] == seed
    assert APPROVED_DE in [target for _source, target in exported[len(seed) :]]


def test_exported_memory_imports_back_as_duplicates_only(cli, tmp_path):
    assert cli("tm", "import", SEED_TMX).exit_code == 0
    path = tmp_path / "memory.tmx"
    assert cli("tm", "export", "-o", path).exit_code == 0

    again = cli("tm", "import", path, "--json").json()

    assert again["added"] == 0
    assert again["duplicates"] == len(list(iter_tmx(str(SEED_TMX))))


def test_tm_export_keeps_to_the_language_pair_asked_for(cli):
    assert cli("tm", "import", SEED_TMX).exit_code == 0

    german = cli("tm", "export", "--from", "ru", "--to", "de")
    english = cli("tm", "export", "--to", "en")

    assert german.exit_code == 0 and english.exit_code == 0
    assert len(ttk_tmx.tmxfile.parsestring(german.stdout.encode()).units) > 0
    assert ttk_tmx.tmxfile.parsestring(english.stdout.encode()).units == []


def test_tm_search_from_a_file_gives_one_entry_per_query(cli, tmp_path):
    assert cli("tm", "import", SEED_TMX).exit_code == 0
    [first, *_] = list(iter_tmx(str(SEED_TMX)))
    queries = tmp_path / "queries.txt"
    queries.write_text(f"{first.source}\nСовсем другой текст про погоду.\n", encoding="utf-8")

    result = cli("tm", "search", "--file", queries, "--from", "ru", "--to", "de", "--json")

    assert result.exit_code == 0, result.stderr
    exact, nothing = result.json()
    assert exact["query"] == first.source
    assert exact["matches"][0] == {"source": first.source, "target": first.target, "score": 100.0}
    assert nothing["matches"] == []


def test_tm_commands_print_the_keys_and_lines_they_always_printed(cli):
    entries = list(iter_tmx(str(SEED_TMX)))

    imported = cli("tm", "import", SEED_TMX, "--json").json()
    stats = cli("tm", "stats", "--json").json()
    reindexed = cli("tm", "reindex", "--json").json()
    searched = cli("tm", "search", entries[0].source, "--from", "ru", "--to", "de", "--json")

    assert imported == {
        "file": str(SEED_TMX),
        "added": len(entries),
        "duplicates": 0,
        "without_text": 0,
        "pairs": ["ru-de"],
    }
    assert stats == [{"source_lang": "ru", "target_lang": "de", "units": len(entries)}]
    assert reindexed == {"units": len(entries)}
    [result] = searched.json()
    assert list(result) == ["query", "matches"]
    assert list(result["matches"][0]) == ["source", "target", "score"]
    again = cli("tm", "import", SEED_TMX)
    assert (
        again.stdout == f"{SEED_TMX}: 0 units added, {len(entries)} already in the memory (ru-de)\n"
    )
    assert cli("tm", "reindex").stdout == f"reindexed {len(entries)} units\n"
    plain = cli("tm", "search", entries[0].source, "--from", "ru", "--to", "de").stdout
    assert plain.startswith(f"{entries[0].source}\n  100.0%  {entries[0].source}\n")
    assert "units" in cli("tm", "stats").stdout
