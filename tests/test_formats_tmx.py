from __future__ import annotations

import io
import pickle
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from lxml import etree
from standards import standard
from translate.storage import tmx as ttk_tmx

from translate_flow.errors import InputError
from translate_flow.formats import tmx
from translate_flow.formats.tmx import (
    TMEntry,
    base_lang,
    iter_tmx,
    iter_tmx_batches,
    iter_tmx_texts,
    write_tmx,
)

MAY_FIRST = datetime(2024, 5, 1, 12, 30, 5, tzinfo=UTC)


def entries() -> list[TMEntry]:
    return [
        TMEntry(
            "ru",
            "de",
            "Президент встретился с послом <Китая> & Индии.",
            "Der Präsident traf den Botschafter <Chinas> & Indiens.",
            MAY_FIRST,
            "anna",
        ),
        TMEntry("ru", "en", "Минск, 1 мая.", "Minsk, 1 May."),
        TMEntry("be-BY", "en", "Мінск, 1 мая.", "Minsk, 1 May.", None, "deepl"),
    ]


def tmx_bytes(items: list[TMEntry], source_lang: str = "ru") -> bytes:
    buffer = io.BytesIO()
    write_tmx(items, source_lang, buffer)
    return buffer.getvalue()


def test_export_validates_against_the_tmx14_dtd() -> None:
    dtd = etree.DTD(str(standard("tmx14.dtd")))

    document = etree.fromstring(tmx_bytes(entries()))

    assert dtd.validate(document), dtd.error_log


def test_header_names_translate_flow_and_the_source_language() -> None:
    header = etree.fromstring(tmx_bytes(entries())).find("header")

    assert header.attrib == {
        "creationtool": "translate-flow",
        "creationtoolversion": "0.1",
        "datatype": "plaintext",
        "segtype": "sentence",
        "adminlang": "en",
        "srclang": "ru",
        "o-tmf": "translate-flow",
    }


def test_round_trip_keeps_languages_texts_dates_and_creators(tmp_path: Path) -> None:
    path = tmp_path / "desk.tmx"

    written = write_tmx(entries(), "ru", str(path))

    assert written == 3
    assert list(iter_tmx(str(path))) == entries()


def test_writer_consumes_a_generator_and_reader_yields_lazily() -> None:
    def generated(n: int) -> Iterator[TMEntry]:
        for i in range(n):
            yield TMEntry("ru", "de", f"Предложение номер {i}.", f"Satz Nummer {i}.")

    data = tmx_bytes(list(generated(20_000)))

    class CountingReader(io.BytesIO):
        read_bytes = 0

        def read(self, size: int = -1) -> bytes:
            chunk = super().read(size)
            self.read_bytes += len(chunk)
            return chunk

    stream = CountingReader(data)
    first = next(iter_tmx(stream))

    assert first.target == "Satz Nummer 0."
    assert stream.read_bytes < len(data) / 4  # the first entry comes before the file is read


def test_translate_toolkit_reads_the_export() -> None:
    store = ttk_tmx.tmxfile.parsestring(tmx_bytes(entries()[:2]))

    assert [(u.source, u.target) for u in store.units] == [
        (e.source, e.target) for e in entries()[:2]
    ]


def test_old_lang_attribute_and_region_codes_are_read_as_given() -> None:
    data = """<tmx version="1.3"><header srclang="RU-RU" creationtool="x"
      creationtoolversion="1" segtype="sentence" o-tmf="x" adminlang="en" datatype="plaintext"/>
    <body><tu><tuv lang="RU-RU"><seg>Да</seg></tuv>
    <tuv lang="EN-GB"><seg>Yes</seg></tuv></tu></body>
    </tmx>""".encode()

    [entry] = iter_tmx(io.BytesIO(data))

    assert (entry.source_lang, entry.target_lang) == ("RU-RU", "EN-GB")
    assert (entry.source_base_lang, entry.target_base_lang) == ("ru", "en")


def test_base_lang_drops_region_and_case() -> None:
    assert [base_lang(c) for c in ("ru-RU", "de_AT", "EN", "be")] == ["ru", "de", "en", "be"]


def test_a_unit_with_several_targets_yields_one_entry_per_target() -> None:
    data = """<tmx version="1.4"><header srclang="ru" creationtool="x" creationtoolversion="1"
      segtype="sentence" o-tmf="x" adminlang="en" datatype="plaintext"/><body>
    <tu creationdate="20240501T123005Z" creationid="desk">
      <prop type="x-domain">diplomacy</prop>
      <tuv xml:lang="de"><seg>Minsk</seg></tuv>
      <tuv xml:lang="ru"><seg>Минск</seg></tuv>
      <tuv xml:lang="en" creationid="olga"><seg>Minsk</seg></tuv>
      <tuv xml:lang="be"><note>official</note><seg>Мінск</seg></tuv>
    </tu></body></tmx>""".encode()

    found = list(iter_tmx(io.BytesIO(data)))

    assert [(e.source_lang, e.target_lang, e.source, e.target) for e in found] == [
        ("ru", "de", "Минск", "Minsk"),
        ("ru", "en", "Минск", "Minsk"),
        ("ru", "be", "Минск", "Мінск"),
    ]
    assert [e.creator for e in found] == ["desk", "olga", "desk"]
    assert {e.created_at for e in found} == {MAY_FIRST}


def test_source_language_can_be_chosen_by_base_language() -> None:
    data = tmx_bytes([TMEntry("ru-RU", "de-DE", "Переговоры", "Verhandlungen")], "*all*")

    [entry] = iter_tmx(io.BytesIO(data), source_lang="de")

    assert (entry.source_lang, entry.source, entry.target_lang) == (
        "de-DE",
        "Verhandlungen",
        "ru-RU",
    )


def test_units_without_the_chosen_source_language_are_skipped() -> None:
    assert list(iter_tmx(io.BytesIO(tmx_bytes(entries())), source_lang="fr")) == []


def test_inline_codes_become_placeholders_and_highlighted_words_are_kept() -> None:
    russian = '<bpt i="1">&lt;b&gt;</bpt>Минск<ept i="1">&lt;/b&gt;</ept><ph>&lt;br&gt;</ph> 2024'
    english = '<hi type="b">Minsk</hi><it pos="begin">&lt;i&gt;</it> 2024'
    data = f"""<tmx version="1.4"><header srclang="ru" creationtool="x" creationtoolversion="1"
      segtype="sentence" o-tmf="x" adminlang="en" datatype="html"/><body><tu>
      <tuv xml:lang="ru"><seg>{russian}</seg></tuv>
      <tuv xml:lang="en"><seg>{english}</seg></tuv>
    </tu></body></tmx>""".encode()

    [entry] = iter_tmx(io.BytesIO(data))

    # Paired by i; a <ph> or <it> without x is numbered from 1001 in its <seg>.
    assert entry.source == "<1>Минск</1><1001/> 2024"
    assert entry.target == "<1001>Minsk</1001><1002/> 2024"


def test_unreadable_dates_are_dropped_not_fatal() -> None:
    data = tmx_bytes(entries()[:1]).replace(b"20240501T123005Z", b"yesterday")

    [entry] = iter_tmx(io.BytesIO(data))

    assert entry.created_at is None
    assert entry.target.startswith("Der Präsident")


def test_malformed_xml_is_an_input_error_with_the_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.tmx"
    path.write_bytes(tmx_bytes(entries()).replace(b"</seg>", b"</sge>", 3))

    with pytest.raises(InputError, match=r"broken\.tmx: line \d+: not well-formed XML"):
        list(iter_tmx(str(path)))


@pytest.mark.parametrize("background_bytes", [0, 1 << 40], ids=["child process", "in-process"])
def test_batches_hold_the_texts_in_file_order(tmp_path, monkeypatch, background_bytes) -> None:
    monkeypatch.setattr(tmx, "BACKGROUND_BYTES", background_bytes)
    items = [
        TMEntry("ru", "de", f"Заявление номер {n}.", f"Erklärung Nummer {n}.") for n in range(7)
    ]
    path = tmp_path / "memory.tmx"
    path.write_bytes(tmx_bytes(items))

    batches = list(iter_tmx_batches(str(path), 3))

    assert [len(batch) for batch in batches] == [3, 3, 1]
    assert [t for batch in batches for t in batch] == list(iter_tmx_texts(str(path)))
    assert batches[2] == [("ru", "de", "Заявление номер 6.", "Erklärung Nummer 6.")]


def test_a_malformed_file_read_in_a_child_process_is_an_input_error(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(tmx, "BACKGROUND_BYTES", 0)
    path = tmp_path / "broken.tmx"
    path.write_bytes(tmx_bytes(entries() * 5).replace(b"</seg>", b"</sge>", 20))
    batches = iter_tmx_batches(str(path), 2)

    with pytest.raises(InputError, match=r"broken\.tmx: line \d+: not well-formed XML"):
        list(batches)


def test_the_reader_process_goes_quietly_when_its_caller_stops_reading(tmp_path) -> None:
    items = [TMEntry("ru", "de", f"Фраза номер {n}.", f"Satz Nummer {n}.") for n in range(3000)]
    path = tmp_path / "memory.tmx"
    path.write_bytes(tmx_bytes(items))
    reader = subprocess.Popen(
        [sys.executable, "-c", tmx._READER, str(path), "1", *sys.path],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert pickle.load(reader.stdout) == [("ru", "de", "Фраза номер 0.", "Satz Nummer 0.")]
    # The caller's import failed (a lost database connection, say): it closes the pipe.
    reader.stdout.close()
    _, errors = reader.communicate(timeout=60)

    assert errors.decode() == ""
    assert reader.returncode == 0


def test_billion_laughs_doctype_is_refused() -> None:
    data = b"""<?xml version="1.0"?>
<!DOCTYPE tmx [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
]>
<tmx version="1.4"><header srclang="ru" creationtool="x" creationtoolversion="1" segtype="sentence"
 o-tmf="x" adminlang="en" datatype="plaintext"/><body><tu><tuv xml:lang="ru"><seg>&lol2;</seg></tuv>
 <tuv xml:lang="en"><seg>x</seg></tuv></tu></body></tmx>"""

    with pytest.raises(InputError, match=r"evil\.tmx: its DOCTYPE declares entities"):
        list(iter_tmx(_named(data, "evil.tmx")))


def test_a_file_that_is_not_tmx_is_an_input_error() -> None:
    data = (
        b'<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0"><file id="f"/></xliff>'
    )

    with pytest.raises(InputError, match="not a TMX file"):
        list(iter_tmx(_named(data, "article.xlf")))


def test_control_characters_cannot_be_exported() -> None:
    with pytest.raises(InputError, match="entry 2: the text holds a control character"):
        tmx_bytes([entries()[0], TMEntry("ru", "de", "a\x00b", "c")])


def _named(data: bytes, name: str) -> io.BytesIO:
    stream = io.BytesIO(data)
    stream.name = name
    return stream
