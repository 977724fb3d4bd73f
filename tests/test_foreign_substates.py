"""XLIFF 2.0 subState values of other tools: mapped where they say something, kept otherwise.

The fixture reproduces what OpenXLIFF Filters (`openxliff:locked`) and XLIFF Sync
(`xliffSync:needsWork`) write, and one subState nobody we know writes. Reading, ingest and
`export --format original` on SQLite and PostgreSQL; lxml against the OASIS schema.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree
from standards import standard

from translate_flow.formats.xliff import read_xliff

FOREIGN = Path(__file__).parent / "data" / "foreign"
FIXTURE = FOREIGN / "tool-substates.xlf"


def segment_element(data: bytes, unit_id: str):
    [segment] = etree.fromstring(data).xpath(
        f"//*[local-name()='unit'][@id='{unit_id}']/*[local-name()='segment']"
    )
    return segment


def test_a_tool_lock_and_needs_work_decide_the_unit_and_an_unknown_substate_does_not():
    units = read_xliff(FIXTURE.read_bytes(), FIXTURE.name).units

    assert len(units) == len(etree.parse(str(FIXTURE)).xpath("//*[local-name()='unit']"))
    assert [(u.id, u.state, u.locked) for u in units] == [
        ("1", "translated", True),  # openxliff:locked
        ("2", "machine-translated", False),  # xliffSync:needsWork on a translated segment
        ("3", "translated", False),  # acme:second-pass says nothing to us: state reviewed
        ("4", "new", False),
    ]


def test_export_original_drops_a_mapped_substate_that_no_longer_holds_and_keeps_the_rest(
    cli, tmp_path
):
    result = cli("ingest", FIXTURE, "--json")
    assert result.exit_code == 0, result.stderr
    article = result.json()[0]["article"]
    shown = cli("show", str(article), "--lang", "de", "--json").json()
    segments = [s["segment"] for p in shown["paragraphs"] for s in p["segments"]]
    locked = cli("segment", "edit", str(segments[0]), "--lang", "de", "--text", "© BelTA")
    assert locked.exit_code != 0 and "locked in the agency's file" in locked.stderr
    for segment, text in (
        (segments[1], "Die Gespräche fanden in Minsk statt."),
        (segments[2], "Die Seiten unterzeichneten<1/> das Abkommen."),
    ):
        edited = cli("segment", "edit", str(segment), "--lang", "de", "--text", text)
        assert edited.exit_code == 0, edited.stderr
    out = tmp_path / "back.xlf"

    exported = cli(
        "export", str(article), "--lang", "de", "--format", "original", "--draft", "-o", out
    )

    assert exported.exit_code == 0, exported.stderr
    data, original = out.read_bytes(), FIXTURE.read_bytes()
    schema = etree.XMLSchema(etree.parse(str(standard("xliff-core-2.0.xsd"))))
    assert schema.validate(etree.fromstring(data)), schema.error_log
    assert etree.tostring(segment_element(data, "1")) == etree.tostring(
        segment_element(original, "1")
    )
    needs_work, unknown = segment_element(data, "2"), segment_element(data, "3")
    # Edited by a translator: translated, and XLIFF Sync's "needs work" is over.
    assert (needs_work.get("state"), needs_work.get("subState")) == ("translated", None)
    # "reviewed" already means what our status does; the unknown subState stays as written.
    assert (unknown.get("state"), unknown.get("subState")) == ("reviewed", "acme:second-pass")
