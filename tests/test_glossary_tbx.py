"""TBX: the TBX-Basic examples import, the desk's glossary survives TBX v3 and 2.0 unchanged,
exports validate against the standard's schemas, and a broken file imports nothing."""

from __future__ import annotations

import pytest
from conftest import GLOSSARY
from lxml import etree
from standards import standard

from translate_flow.errors import InputError
from translate_flow.terms.model import Concept, Term, Termbase
from translate_flow.terms.tbx import dump_tbx, dump_tbx2, load_tbx, parse_tbx
from translate_flow.terms.textformat import load_glossary

TBX_V3_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">\n'
    "<tbxHeader><fileDesc><sourceDesc><p>test</p></sourceDesc></fileDesc></tbxHeader>\n"
    "<text><body>\n"
)
TBX_V3_TAIL = "</body></text></tbx>\n"


def v3(body: str) -> bytes:
    return (TBX_V3_HEAD + body + TBX_V3_TAIL).encode("utf-8")


def entry(concept_id: str = "cis", lang: str = "de", term: str = "GUS", extra: str = "") -> str:
    return (
        f'<conceptEntry id="{concept_id}"><langSec xml:lang="{lang}">'
        f"<termSec><term>{term}</term>{extra}</termSec></langSec></conceptEntry>\n"
    )


MARTIF = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE martif SYSTEM "TBXBasiccoreStructV02.dtd">
<martif type="TBX-Basic" xml:lang="en">
  <martifHeader><fileDesc><sourceDesc><p>partner</p></sourceDesc></fileDesc></martifHeader>
  <text><body>
    <termEntry id="csto">
      <descrip type="subjectField">international organisations</descrip>
      <descripGrp><descrip type="definition">Collective Security Treaty
        Organization.</descrip><admin type="source">MFA</admin></descripGrp>
      <langSet xml:lang="de-DE">
        <ntig>
          <termGrp>
            <term>Organisation des Vertrags über kollektive Sicherheit</term>
            <termNote type="termType">fullForm</termNote>
            <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote>
          </termGrp>
          <note>Amtliche Bezeichnung.</note>
        </ntig>
        <tig>
          <term>OVKS</term>
          <termNote type="termType">abbreviation</termNote>
          <termNote type="partOfSpeech">properNoun</termNote>
        </tig>
      </langSet>
      <langSet xml:lang="ru">
        <tig><term>ОДКБ</term><termNote type="termType">acronym</termNote></tig>
      </langSet>
    </termEntry>
  </body></text>
</martif>
"""


def schematron():
    """The TBX-Basic DCA Schematron, its two XPath 2 expressions rewritten in XPath 1.

    lxml runs Schematron through XSLT 1; the rules only use matches() for an http(s) prefix and
    ./local-name() as a path step, which starts-with() and local-name() say the same way.
    """
    from lxml import isoschematron

    text = standard("TBX-Basic_DCA.sch").read_text(encoding="utf-8-sig")
    text = text.replace('queryBinding="xslt2"', 'queryBinding="xslt"')
    text = text.replace(
        "matches(@target,'https?://.+')",
        "(starts-with(@target,'http://') or starts-with(@target,'https://'))",
    )
    text = text.replace("./local-name()", "local-name()")
    return isoschematron.Schematron(etree.fromstring(text.encode("utf-8")))


def relaxng():
    return etree.RelaxNG(etree.parse(str(standard("TBXcoreStructV03_TBX-Basic_integrated.rng"))))


# ---- the examples of the standard


def test_tbx_basic_dca_example_imports_with_statuses_types_and_definitions():
    termbase = load_tbx(standard("example-tbx-basic-dca.tbx"))

    assert len(termbase) == 45
    assert sum(len(c.terms) for c in termbase) == 113
    assert {t.lang for c in termbase for t in c.terms} == {"en", "es", "zu"}
    c1 = termbase.get("c1")
    assert c1.subject == "General"
    # The English definition, its line breaks and indentation folded into spaces.
    assert c1.note == "A group of stars formed together in the spiral arms of a galaxy."
    open_cluster, galactic = c1.terms_in("en")
    assert (open_cluster.text, open_cluster.status, open_cluster.pos) == (
        "open cluster",
        "preferred",
        "noun",
    )
    assert galactic.status == "superseded"
    assert galactic.note.startswith("Another name for an open star cluster.")
    assert "N-Source:" in galactic.note
    assert termbase.get("c2").terms[0].text == "circumstellar accretion disk"
    statuses = [t.status for c in termbase for t in c.terms]
    assert statuses.count("deprecated") == 3 and statuses.count("admitted") == 16
    types = [t.type for c in termbase for t in c.terms]
    assert types.count("shortForm") == 9 and types.count("acronym") == 1


def test_tbx_basic_dct_example_reads_the_same_as_the_dca_one():
    dca = load_tbx(standard("example-tbx-basic-dca.tbx"))
    dct = load_tbx(standard("example-tbx-basic-dct.tbx"))

    assert dct == dca


def test_tbx_2_martif_with_tig_and_ntig_is_read():
    [csto] = parse_tbx(MARTIF.encode("utf-8"))

    assert csto.id == "csto"
    assert csto.subject == "international organisations"
    assert csto.note == "Collective Security Treaty Organization."
    full, short = csto.terms_in("de")  # de-DE: the region is dropped
    assert full.text == "Organisation des Vertrags über kollektive Sicherheit"
    assert full.note == "Amtliche Bezeichnung."
    assert (short.type, short.pos, short.status) == ("abbreviation", "properNoun", "preferred")
    assert csto.terms_in("ru")[0].type == "acronym"


# ---- round trips


def test_diplomatic_glossary_survives_tbx_v3_unchanged():
    glossary = load_glossary(GLOSSARY)

    assert parse_tbx(dump_tbx(glossary)) == glossary


def test_diplomatic_glossary_survives_tbx_2_unchanged():
    glossary = load_glossary(GLOSSARY)

    assert parse_tbx(dump_tbx2(glossary)) == glossary


def test_tbx_v3_export_is_valid_tbx_basic_by_schema_and_schematron():
    document = etree.fromstring(dump_tbx(load_glossary(GLOSSARY)))

    schema = relaxng()
    assert schema.validate(document), schema.error_log
    rules = schematron()
    assert rules.validate(document), rules.error_log


def test_schematron_check_does_reject_a_pos_outside_tbx_basic():
    # Guards the test above: the rewritten rules still bite.
    bad = v3(entry(extra='<termNote type="partOfSpeech">properNoun</termNote>'))
    assert not schematron().validate(etree.fromstring(bad))


def test_case_pos_notes_and_awkward_ids_round_trip_in_both_versions():
    termbase = Termbase(
        [
            Concept(
                "1991-treaty",
                subject="treaties",
                note="A note with <markup> & ampersand.",
                terms=[
                    Term("ru", "Беловежское соглашение", pos="properNoun", note="case=x is text"),
                    Term("ru", "СНГ", type="abbreviation", case_sensitive=False),
                    Term("de", "Belarus", status="admitted", pos="participle", case_sensitive=True),
                    Term("en", "to sign", pos="verb", status="superseded"),
                ],
            ),
            Concept("_hidden", terms=[Term("be", "Мінск", status="deprecated", type="variant")]),
        ]
    )

    v3_bytes = dump_tbx(termbase)
    assert parse_tbx(v3_bytes) == termbase
    assert parse_tbx(dump_tbx2(termbase)) == termbase
    document = etree.fromstring(v3_bytes)
    assert relaxng().validate(document) and schematron().validate(document)
    assert b'<conceptEntry id="_1991-treaty">' in v3_bytes
    assert b"<note>pos=properNoun</note>" in v3_bytes
    assert b"<note>case=insensitive</note>" in v3_bytes


def test_term_note_that_looks_like_an_attribute_is_refused_on_export():
    termbase = Termbase([Concept("x", terms=[Term("de", "X", note="pos=noun")])])

    with pytest.raises(InputError, match="would be read back as an attribute"):
        dump_tbx(termbase)


# ---- bad input: one clear error naming the line and the entry


@pytest.mark.parametrize(
    "data, fragments",
    [
        (v3(entry()).replace(b"</termSec>", b"", 1), ["line 5", "not well-formed XML"]),
        (v3(entry(lang="xx")), ["line 5", "entry 'cis'", "unknown language code 'xx'"]),
        (v3(entry(lang="deu")), ["entry 'cis'", "unknown language code 'deu'"]),
        (v3(entry(lang="be-tarask")), ["entry 'cis'", "script or variant"]),
        (v3(entry() + entry(term="СНГ")), ["line 6", "duplicate concept id 'cis'", "line 5"]),
        (b"<glossary><entry/></glossary>", ["line 1", "neither TBX v3 <tbx> nor TBX 2.0"]),
    ],
    ids=[
        "unclosed-tag",
        "unknown-language",
        "three-letter-language",
        "variant-subtag",
        "duplicate-id",
        "not-tbx",
    ],
)
def test_bad_tbx_is_refused_with_the_line_and_entry(data, fragments):
    with pytest.raises(InputError) as caught:
        parse_tbx(data, "partner.tbx")

    message = str(caught.value)
    assert message.startswith("partner.tbx")
    for fragment in fragments:
        assert fragment in message


def test_billion_laughs_is_refused_before_any_expansion():
    data = (
        b'<?xml version="1.0"?>\n<!DOCTYPE tbx [\n <!ENTITY lol "lol">\n'
        b' <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">\n'
        b' <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">\n]>\n'
        + v3(entry(term="&lol3;")).split(b"?>\n", 1)[1]
    )

    with pytest.raises(InputError, match="billion laughs"):
        parse_tbx(data, "laughs.tbx")


# ---- through the command line and the database (SQLite and PostgreSQL)


def _glossary(cli) -> list:
    result = cli("glossary", "list", "--json")
    assert result.exit_code == 0, result.stderr
    return result.json()


def _fails_cleanly(result, *fragments: str) -> None:
    assert result.exit_code == 1, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    for fragment in fragments:
        assert fragment in result.stderr


def test_exported_glossary_imports_back_unchanged_in_every_format(cli, tmp_path):
    assert cli("glossary", "import", GLOSSARY).exit_code == 0
    before = _glossary(cli)

    for fmt, name in [
        ("tbx", "g.tbx"),
        ("tbx2", "g2.tbx"),
        ("csv", "g.csv"),
        ("glossary", "g.glossary"),
    ]:
        out = tmp_path / name
        result = cli("glossary", "export", "--format", fmt, "-o", out)
        assert result.exit_code == 0, result.stderr
        assert "wrote 84 concepts, 551 terms" in result.stderr
        again = cli("glossary", "import", out, "--json")
        assert again.exit_code == 0, again.stderr
        report = again.json()
        assert (report["added"], report["changed"], report["removed"]) == ([], [], [])
        assert report["unchanged"] == 84
    assert _glossary(cli) == before
    exported = load_glossary(tmp_path / "g.glossary")
    assert {c.id: c for c in exported} == {c.id: c for c in load_glossary(GLOSSARY)}
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temp files


def test_export_to_standard_output_needs_only_read_access(cli):
    assert cli("glossary", "import", GLOSSARY).exit_code == 0
    assert cli("user", "add", "anna", "--role", "admin").exit_code == 0
    cli.default_user = "anna"
    assert cli("--user", "anna", "user", "add", "tom", "--role", "translator").exit_code == 0

    result = cli("glossary", "export", "--format", "tbx", "-o", "-", user="tom")

    assert result.exit_code == 0, result.stderr
    assert len(parse_tbx(result.stdout.encode("utf-8"))) == 84
    assert cli("glossary", "import", GLOSSARY, user="tom").exit_code == 3


def test_updated_tbx_reports_added_changed_and_keeps_concepts_missing_from_it(cli, tmp_path):
    assert cli("glossary", "import", GLOSSARY).exit_code == 0
    glossary = load_glossary(GLOSSARY)
    partial = Termbase([glossary.get("cis"), glossary.get("csto")])
    partial.get("cis").note = "Commonwealth of Independent States, founded 1991."
    partial.add(Concept("osce-pa", terms=[Term("de", "Parlamentarische Versammlung der OSZE")]))
    path = tmp_path / "update.tbx"
    path.write_bytes(dump_tbx(partial))

    report = cli("glossary", "import", path, "--json").json()

    assert (report["added"], report["changed"], report["unchanged"]) == (["osce-pa"], ["cis"], 1)
    assert report["removed"] == [] and len(report["not_in_file"]) == 82
    assert len(_glossary(cli)) == 85


def test_remove_missing_deletes_concepts_absent_from_the_file_and_records_it(cli, tmp_path):
    from sqlmodel import Session, select

    from translate_flow.store.db import open_database
    from translate_flow.store.models import GlossaryChange

    assert cli("glossary", "import", GLOSSARY).exit_code == 0
    glossary = load_glossary(GLOSSARY)
    path = tmp_path / "two.tbx"
    path.write_bytes(dump_tbx(Termbase([glossary.get("cis"), glossary.get("csto")])))

    result = cli("glossary", "import", path, "--remove-missing")

    assert result.exit_code == 0, result.stderr
    assert "82 removed" in result.stdout
    assert [c["id"] for c in _glossary(cli)] == ["cis", "csto"]
    with Session(open_database(cli.db_url)) as session:
        removals = session.exec(select(GlossaryChange).where(GlossaryChange.action == "remove"))
        rows = list(removals)
    assert len(rows) == 82 and {r.concept_id for r in rows} >= {"belarus", "un"}
    assert all(r.before and r.after is None for r in rows)


BAD_FILES = {
    "unclosed.tbx": (v3(entry()).replace(b"</termSec>", b"", 1), "line 5"),
    "language.tbx": (v3(entry() + entry("c2", lang="xx")), "entry 'c2'"),
    "duplicate.tbx": (v3(entry() + entry()), "duplicate concept id 'cis'"),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_tbx_leaves_the_database_glossary_as_it_was(cli, tmp_path, name):
    assert cli("glossary", "import", GLOSSARY).exit_code == 0
    before = _glossary(cli)
    data, fragment = BAD_FILES[name]
    path = tmp_path / name
    path.write_bytes(data)

    _fails_cleanly(cli("glossary", "import", path), name, fragment)
    assert _glossary(cli) == before


def test_billion_laughs_through_the_command_line_imports_nothing(cli, tmp_path):
    path = tmp_path / "laughs.tbx"
    path.write_bytes(
        b'<?xml version="1.0"?>\n<!DOCTYPE tbx [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>\n'
        + v3(entry(term="&b;")).split(b"?>\n", 1)[1]
    )

    _fails_cleanly(cli("glossary", "import", path), "billion laughs")
    assert _glossary(cli) == []


@pytest.fixture(scope="module")
def hundred_megabyte_tbx(tmp_path_factory):
    path = tmp_path_factory.mktemp("big") / "huge.tbx"
    block = "".join(entry(f"c{i}", term=f"Begriff {i}") for i in range(1000)).encode("utf-8")
    with path.open("wb") as out:
        out.write(TBX_V3_HEAD.encode("utf-8"))
        while out.tell() < 100 * 1024 * 1024:
            out.write(block)
        out.write(TBX_V3_TAIL.encode("utf-8"))
    return path


def test_hundred_megabyte_tbx_is_refused_with_the_size_limit(cli, hundred_megabyte_tbx):
    result = cli("glossary", "import", hundred_megabyte_tbx)

    _fails_cleanly(result, "huge.tbx", "MB limit")
    assert _glossary(cli) == []
