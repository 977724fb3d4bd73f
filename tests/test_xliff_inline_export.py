"""`export --format xliff|xliff12` writes placeholders as XLIFF inline elements.

An XLIFF ingested from a CAT tool keeps its codes through our own export and import: the file is
valid against the OASIS schema, holds <pc>/<ph>/<sc>/<ec> (2.0) or <g>/<x>/<bx>/<ex> (1.2) where
the segments have placeholders, and reading it back gives the same texts (an import finds
nothing changed). On SQLite and PostgreSQL; the pure writer also without a database.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree
from standards import standard

from translate_flow.formats.units import Document, Unit
from translate_flow.formats.xliff import read_xliff, write_xliff

FOREIGN = Path(__file__).parent / "data" / "foreign"
SCHEMAS = {"xliff": "xliff-core-2.0.xsd", "xliff12": "xliff-core-1.2-transitional.xsd"}
VERSIONS = {"xliff": "2.0", "xliff12": "1.2"}


def valid(data: bytes, fmt: str) -> None:
    schema = etree.XMLSchema(etree.parse(str(standard(SCHEMAS[fmt]))))
    assert schema.validate(etree.fromstring(data)), schema.error_log


def inline(data: bytes, where: str) -> list[tuple[str, dict]]:
    """The inline elements of every <source> or <target>, in order, with their attributes."""
    root = etree.fromstring(data)
    return [
        (etree.QName(e).localname, dict(e.attrib))
        for container in root.xpath(f"//*[local-name()='{where}']")
        for e in container.iter()
        if e is not container
    ]


@pytest.mark.parametrize("fmt", ["xliff", "xliff12"])
def test_codes_of_an_ingested_file_survive_our_export_and_import(cli, tmp_path, fmt):
    result = cli("ingest", FOREIGN / "memoq-briefing.mqxliff", "--json")
    assert result.exit_code == 0, result.stderr
    article = result.json()[0]["article"]
    shown = cli("show", str(article), "--lang", "en", "--json").json()
    segments = [s for p in shown["paragraphs"] for s in p["segments"]]
    edited = cli(
        "segment", "edit", str(segments[4]["segment"]), "--lang", "en",
        "--text", "The next briefing is on <1>19 May</1>.",
    )  # fmt: skip
    assert edited.exit_code == 0, edited.stderr
    path = tmp_path / f"work.{fmt}.xlf"

    exported = cli("export", str(article), "--lang", "en", "--format", fmt, "--draft", "-o", path)

    assert exported.exit_code == 0, exported.stderr
    data = path.read_bytes()
    valid(data, fmt)
    assert b"&lt;1&gt;" not in data  # no placeholder left as text
    enclosing, alone = ("pc", "ph") if fmt == "xliff" else ("g", "x")
    assert inline(data, "source") == [
        (enclosing, {"id": "1"}),  # row 1: <bpt>/<ept> around the ministry's name
        (alone, {"id": "1"}),  # row 4: memoQ's <ph>
        (enclosing, {"id": "1"}),  # row 5: <bpt>/<ept> around the date
    ]
    document = read_xliff(data, path.name)
    assert [u.source for u in document.units] == [s["source"] for s in segments]
    assert [u.target for u in document.units] == [
        s["target"] for s in cli("show", str(article), "--lang", "en", "--json").json()
        ["paragraphs"] for s in s["segments"]
    ]  # fmt: skip
    imported = cli("import", path, "--json")
    assert imported.exit_code == 0, imported.stderr
    assert imported.json()["updated"] == []
    assert len(imported.json()["unchanged"]) == 5  # every unit with a target


@pytest.mark.parametrize("fmt", ["xliff", "xliff12"])
def test_pairs_that_cross_or_lack_a_half_become_split_codes_valid_and_read_back(fmt):
    units = [
        Unit("1", "Брифинг <1>МИД</1> и<2/> <3>Минск", "Briefing <1>MFA</1><2/> <3>Minsk", "new"),
        Unit("2", "а <1>б <2>в</1> г</2>", "e </2>f<1>g</1>", "machine-translated"),
        Unit("3", "<1>a <2>b</2></1>", "<2>b</2> <1>a</1>", "translated"),
    ]
    data = write_xliff(Document("5", "T", "ru", "en", units, 1), VERSIONS[fmt])

    valid(data, fmt)
    back = read_xliff(data, "work.xlf").units
    assert [(u.source, u.target) for u in back] == [(u.source, u.target) for u in units]
    kinds = [kind for kind, _ in inline(data, "target")]
    if fmt == "xliff":
        assert kinds == ["pc", "ph", "sc", "ec", "sc", "ec", "pc", "pc"]
    else:
        assert kinds == ["g", "x", "bx", "ex", "bx", "ex", "g", "g"]


def _random_pair(rng) -> tuple[str, str]:
    """A source and a target with codes as our readers give them: each number one kind of code,
    numbered by first appearance in the source, then in the target for codes only it has."""
    kinds = {n: rng.choice(["alone", "pair", "open", "close"]) for n in range(1, rng.randint(1, 5))}
    extra = max(kinds, default=0) + 1
    kinds[extra] = rng.choice(["alone", "pair"])

    def events(numbers) -> list[str]:
        found = []
        for n in numbers:
            kind = kinds[n]
            found += {"alone": [f"<{n}/>"], "open": [f"<{n}>"], "close": [f"</{n}>"]}.get(
                kind, [f"<{n}>", f"</{n}>"]
            )
        rng.shuffle(found)
        return found

    def text(tokens: list[str]) -> str:
        words = ["Минск", "и", "Москва", " ", "соглашение", "."]
        return "".join(rng.choice(words) * rng.randint(0, 1) + token for token in tokens)

    source_numbers = [n for n in kinds if n != extra]
    target_numbers = rng.sample(source_numbers, rng.randint(0, len(source_numbers)))
    source_tokens = events(source_numbers)
    target_tokens = events(target_numbers + ([extra] if rng.random() < 0.3 else []))
    order: dict[str, str] = {}
    for token in source_tokens + target_tokens:
        number = token.strip("</>")
        order.setdefault(number, str(len(order) + 1))

    def renumber(tokens: list[str]) -> list[str]:
        return [t.replace(t.strip("</>"), order[t.strip("</>")]) for t in tokens]

    return text(renumber(source_tokens)) + "конец", text(renumber(target_tokens)) + "end"


@pytest.mark.parametrize("fmt", ["xliff", "xliff12"])
def test_any_placeholders_our_readers_give_are_written_valid_and_read_back_the_same(fmt):
    import random

    rng = random.Random(16)
    pairs = [_random_pair(rng) for _ in range(300)]
    units = [Unit(str(i), s, t, "translated") for i, (s, t) in enumerate(pairs, start=1)]

    data = write_xliff(Document("5", "T", "ru", "en", units, 1), VERSIONS[fmt])

    valid(data, fmt)
    back = read_xliff(data, "work.xlf").units
    assert [(u.source, u.target) for u in back] == pairs
