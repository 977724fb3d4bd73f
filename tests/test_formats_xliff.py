from __future__ import annotations

import pytest
from lxml import etree
from standards import standard
from translate.storage import xliff as ttk_xliff
from translate.storage import xliff2 as ttk_xliff2

from translate_flow.errors import InputError
from translate_flow.formats.units import Document, Unit
from translate_flow.formats.xliff import XLIFF12_NS, XLIFF20_NS, read_xliff, write_xliff

SCHEMAS = {"2.0": "xliff-core-2.0.xsd", "1.2": "xliff-core-1.2-transitional.xsd"}
VERSIONS = ["2.0", "1.2"]


def article() -> Document:
    return Document(
        article_id="7",
        title="Лукашенко встретился с послом Китая",
        source_lang="ru",
        target_lang="de",
        version=3,
        units=[
            Unit(
                "1",
                "Президент Беларуси встретился с послом Китая.",
                "Der Präsident von Belarus traf den Botschafter Chinas.",
                "approved",
                notes=["Checked against the MFA press release."],
                paragraph=0,
                revision=11,
            ),
            Unit(
                "2",
                "  Стороны  обсудили <вопросы> & сотрудничество.\nВторая строка. ",
                "Die Seiten erörterten Fragen der Zusammenarbeit.",
                "machine-translated",
                notes=["terminology: missing »Zusammenarbeit«", "a second\nline"],
                paragraph=0,
                revision=12,
            ),
            Unit("3", "Визит продлится три дня.", None, "new", paragraph=1),
            Unit(
                "4",
                "Переговоры пройдут в Минске 5 мая.",
                "Die Verhandlungen finden am 4. Mai in Minsk statt.",
                "source-changed",
                previous_source="Переговоры пройдут в Минске 4 мая.",
                paragraph=1,
                revision=5,
            ),
            Unit("5", "Решение принято.", "Die Entscheidung fiel.", "rejected", paragraph=2),
            Unit("6", "Минск, 1 мая.", "Minsk, 1. Mai.", "translated", paragraph=2, revision=14),
        ],
    )


def schema(version: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(standard(SCHEMAS[version]))))


@pytest.mark.parametrize("version", VERSIONS)
def test_export_validates_against_the_oasis_schema(version: str) -> None:
    document = etree.fromstring(write_xliff(article(), version))

    xsd = schema(version)
    assert xsd.validate(document), xsd.error_log


@pytest.mark.parametrize("version", VERSIONS)
def test_round_trip_keeps_every_unit_and_the_article_fields(version: str) -> None:
    doc = article()

    assert read_xliff(write_xliff(doc, version), "a.xlf") == doc


def test_translate_toolkit_reads_xliff20_to_the_same_pairs() -> None:
    store = ttk_xliff2.Xliff2File.parsestring(write_xliff(article(), "2.0"))

    pairs = [(u.getid(), u.source, u.target or None) for u in store.units]
    assert pairs == [(u.id, u.source, u.target) for u in article().units]


def test_translate_toolkit_reads_xliff12_to_the_same_pairs() -> None:
    store = ttk_xliff.xlifffile.parsestring(write_xliff(article(), "1.2"))

    pairs = [(u.source, u.target or None) for u in store.units]
    assert pairs == [(u.source, u.target) for u in article().units]
    assert [u.getid().split("\x04")[-1] for u in store.units] == ["1", "2", "3", "4", "5", "6"]
    assert store.getsourcelanguage() == "ru"
    assert store.gettargetlanguage() == "de"


@pytest.mark.parametrize(
    ("status", "state"),
    [
        ("new", "initial"),
        ("machine-translated", "initial"),
        ("rejected", "initial"),
        ("source-changed", "initial"),
        ("translated", "translated"),
        ("approved", "final"),
    ],
)
def test_xliff20_state_and_substate_carry_our_status(status: str, state: str) -> None:
    target = None if status == "new" else "Text."
    doc = Document("1", None, "ru", "en", [Unit("9", "Текст.", target, status)])

    segment = etree.fromstring(write_xliff(doc, "2.0")).find(f".//{{{XLIFF20_NS}}}segment")

    assert segment.get("state") == state
    assert segment.get("subState") == f"translate-flow:{status}"


@pytest.mark.parametrize(
    ("status", "state", "qualifier"),
    [
        ("machine-translated", "needs-review-translation", "mt-suggestion"),
        ("source-changed", "needs-review-translation", None),
        ("rejected", "needs-translation", None),
        ("translated", "translated", None),
        ("approved", "final", None),
    ],
)
def test_xliff12_target_state_follows_our_status(
    status: str, state: str, qualifier: str | None
) -> None:
    doc = Document("1", None, "ru", "en", [Unit("9", "Текст.", "Text.", status)])

    root = etree.fromstring(write_xliff(doc, "1.2"))
    target = root.find(f".//{{{XLIFF12_NS}}}target")

    assert target.get("state") == state
    assert target.get("state-qualifier") == qualifier
    approved = root.find(f".//{{{XLIFF12_NS}}}trans-unit").get("approved")
    assert approved == ("yes" if status == "approved" else None)


def test_sources_and_targets_are_marked_to_preserve_spaces() -> None:
    root = etree.fromstring(write_xliff(article(), "2.0"))
    space = "{http://www.w3.org/XML/1998/namespace}space"

    sources = root.findall(f".//{{{XLIFF20_NS}}}source")

    assert {s.get(space) for s in sources} == {"preserve"}
    assert sources[1].text.startswith("  Стороны  обсудили")


def test_cat_tool_marking_a_draft_translated_overrides_our_stored_status() -> None:
    data = write_xliff(article(), "2.0").replace(
        b'state="initial" subState="translate-flow:machine-translated"', b'state="translated"'
    )
    data12 = write_xliff(article(), "1.2").replace(
        b'state="needs-review-translation" state-qualifier="mt-suggestion"', b'state="translated"'
    )

    assert read_xliff(data, "a.xlf").units[1].state == "translated"
    assert read_xliff(data12, "a.xlf").units[1].state == "translated"
    assert read_xliff(data12, "a.xlf").units[1].revision == 12


def test_foreign_xliff20_without_our_notes_maps_standard_states() -> None:
    data = f"""<?xml version="1.0"?>
<xliff xmlns="{XLIFF20_NS}" version="2.0" srcLang="be" trgLang="en">
 <file id="f1">
  <unit id="a"><segment state="reviewed"><source>Мінск.</source><target>Minsk.</target>
  </segment></unit>
  <unit id="b"><segment state="final"><source>Так.</source><target>Yes.</target></segment></unit>
  <unit id="c"><segment><source>Не.</source><target>No.</target></segment></unit>
  <unit id="d"><segment><source>Можа.</source></segment></unit>
  <unit id="e"><originalData><data id="d1">&lt;br/&gt;</data></originalData>
   <segment state="translated">
   <source>Сустрэча<ph id="1" dataRef="d1"/> у <pc id="2">Мінску</pc>.</source>
   <target>Meeting<ph id="1" dataRef="d1"/> in <pc id="2">Minsk</pc>.</target></segment>
   <ignorable><source> </source></ignorable>
   <segment state="final"><source>Другі сказ.</source><target>Second sentence.</target>
   </segment></unit>
 </file>
</xliff>""".encode()

    doc = read_xliff(data, "foreign.xlf")

    assert [(u.id, u.state) for u in doc.units] == [
        ("a", "translated"),
        ("b", "approved"),
        ("c", "machine-translated"),
        ("d", "new"),
        ("e", "translated"),  # the least finished of its segments
    ]
    assert doc.units[4].source == "Сустрэча<1/> у <2>Мінску</2>. Другі сказ."
    assert doc.units[4].target == "Meeting<1/> in <2>Minsk</2>. Second sentence."
    assert (doc.article_id, doc.source_lang, doc.target_lang) == ("f1", "be", "en")


def test_xliff12_inline_codes_become_numbered_placeholders_and_their_text_is_kept() -> None:
    data = f"""<xliff xmlns="{XLIFF12_NS}" version="1.2">
 <file original="x" source-language="ru" target-language="en" datatype="html"><body>
  <trans-unit id="1">
   <source><bpt id="1">&lt;b&gt;</bpt>Минск<ept id="1">&lt;/b&gt;</ept>, <g id="2">май</g><x id="3"
   /></source>
   <target state="signed-off">Minsk, <g id="2">May</g></target></trans-unit>
 </body></file></xliff>""".encode()

    unit = read_xliff(data, "x.xlf").units[0]

    assert unit.source == "<1>Минск</1>, <2>май</2><3/>"
    assert (unit.target, unit.state) == ("Minsk, <2>May</2>", "approved")


def test_malformed_xml_is_an_input_error_naming_file_and_line() -> None:
    data = write_xliff(article(), "2.0").replace(b"</target>", b"</targte>", 1)

    with pytest.raises(InputError, match=r"^article\.xlf: line 17: not well-formed XML"):
        read_xliff(data, "article.xlf")


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE xliff [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="ru">
 <file id="f"><unit id="u"><segment><source>&lol3;</source></segment></unit></file>
</xliff>"""


def test_billion_laughs_doctype_is_refused() -> None:
    with pytest.raises(InputError, match=r"evil\.xlf: its DOCTYPE declares entities"):
        read_xliff(BILLION_LAUGHS, "evil.xlf")


def test_entity_declarations_are_refused_even_in_utf16() -> None:
    data = BILLION_LAUGHS.replace(b'version="1.0"?', b'version="1.0" encoding="UTF-16"?')

    with pytest.raises(InputError, match="declares entities"):
        read_xliff(data.decode().encode("utf-16"), "evil16.xlf")


def test_external_entity_is_refused_and_never_read() -> None:
    data = b"""<?xml version="1.0"?>
<!DOCTYPE xliff [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2"><file original="x"
 source-language="ru" datatype="plaintext"><body><trans-unit id="1"><source>&xxe;</source>
 </trans-unit></body></file></xliff>"""

    with pytest.raises(InputError, match="declares entities"):
        read_xliff(data, "xxe.xlf")


def test_wrong_namespace_is_an_input_error() -> None:
    data = write_xliff(article(), "2.0").replace(XLIFF20_NS.encode(), b"urn:example:xliff")

    with pytest.raises(InputError, match="unknown XLIFF namespace 'urn:example:xliff'"):
        read_xliff(data, "odd.xlf")


def test_a_file_that_is_not_xliff_is_an_input_error() -> None:
    with pytest.raises(InputError, match=r"not an XLIFF file \(root element <tmx>\)"):
        read_xliff(b'<tmx version="1.4"><header/><body/></tmx>', "memory.tmx")


def test_several_articles_in_one_file_are_refused() -> None:
    root = etree.fromstring(write_xliff(article(), "2.0"))
    file = root[0]
    second = etree.fromstring(etree.tostring(file))
    second.set("id", "article-8")
    root.append(second)

    with pytest.raises(InputError, match="holds 2 <file> elements"):
        read_xliff(etree.tostring(root), "two.xlf")


def test_control_characters_cannot_be_exported() -> None:
    doc = Document("1", None, "ru", "en", [Unit("9", "Текст\x01", None, "new")])

    with pytest.raises(InputError, match="segment 9: the text holds a control character"):
        write_xliff(doc)


def test_unknown_version_is_refused() -> None:
    with pytest.raises(InputError, match="unknown XLIFF version '2.1'"):
        write_xliff(article(), "2.1")
