"""Gettext PO files: one entry per segment, for translators who work in Poedit or Lokalize.

msgctxt carries our segment id (so two identical sentences stay two entries), msgid the source,
msgstr the target. PO has a single status bit, the "fuzzy" flag, set on everything a translator has
not accepted yet. Our exact status, the revision and the paragraph travel in the first translator
comment (`# translate-flow: status=... revision=... paragraph=...`); each further comment line is
one note. The old source of a source-changed segment is the standard previous msgid (`#| msgid`).

Reading back, the fuzzy flag wins over the stored status, because clearing or setting it is how a
translator says what they did:
- empty msgstr: `new` (or the stored status if it was new, rejected or source-changed);
- fuzzy: the stored status if it is one of the fuzzy ones, else `machine-translated` (a draft);
- not fuzzy: the stored status if it is translated or approved, else `translated` (the translator
  accepted the draft by clearing the flag).
Notes are read one per comment line, so a note that spanned several lines comes back as several.

Plural entries (msgid_plural, msgstr[n]) are read and written whole: the unit's `source_plural`
and `target_plurals`, with `target` the first form; `ingest` takes each form as a segment of its
own (`plural_form_units`). Any line starting with `#` is a comment to
msgfmt, also one without a space after the `#` (`#Abbreviated ...`); such a line is read as a
translator comment.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from translate_flow.errors import InputError
from translate_flow.formats.units import PO_FUZZY_STATUSES, STATUSES, Document, Unit
from translate_flow.workflow.states import APPROVED, MACHINE_TRANSLATED, NEW, TRANSLATED

PROJECT_ID = "translate-flow"
META_PREFIX = "translate-flow:"

# Plural-Forms by base language, as in the gettext manual. The desk's languages come first.
PLURAL_FORMS = {
    "en": "nplurals=2; plural=(n != 1);",
    "de": "nplurals=2; plural=(n != 1);",
    "fr": "nplurals=2; plural=(n > 1);",
    "ru": (
        "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : "
        "n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"
    ),
    "pl": (
        "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"
    ),
}
for _lang in ("be", "uk"):
    PLURAL_FORMS[_lang] = PLURAL_FORMS["ru"]

_META_FIELD = re.compile(r"(\w[\w-]*)=(\S+)")
_KEYWORD = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr\[\d+\]|msgstr)\s")
_STRING_LITERAL = re.compile(r'"(?:[^"\\]|\\.)*"')
_CHARSET = re.compile(rb"charset=([A-Za-z0-9_.:-]+)")
# "#Abbreviated": a comment msgfmt accepts and polib refuses; "# Abbreviated" means the same.
# The characters after "#" that polib knows (#. #: #, #| #~) and a second "#" are left alone.
_BARE_COMMENT = re.compile(r"^[ \t]*#(?![ \t.:,|~#]|$)(.*)$", re.MULTILINE)


def write_po(
    doc: Document, *, revision_date: datetime | None = None, translator: str | None = None
) -> str:
    """Render the document as a PO file (UTF-8 text) that `msgfmt -c` accepts.

    `revision_date` and `translator` fill PO-Revision-Date and Last-Translator; without them
    `msgfmt -c` warns that the header fields are missing (the file is still valid).
    """
    import polib

    po = polib.POFile(wrapwidth=0)
    po.metadata = _metadata(doc, revision_date, translator)
    for unit in doc.units:
        if not unit.source:
            # msgid "" is the PO header; an empty segment cannot be an entry.
            raise InputError(f"segment {unit.id} has an empty source and cannot go into a PO file")
        entry = polib.POEntry(
            msgctxt=unit.id,
            msgid=unit.source,
            msgstr=unit.target or "",
            tcomment="\n".join([_meta_comment(unit), *_note_lines(unit.notes)]),
        )
        if unit.source_plural is not None:
            entry.msgid_plural = unit.source_plural
            entry.msgstr = ""
            forms = unit.target_plurals or [unit.target or ""]
            entry.msgstr_plural = dict(enumerate(forms))
        if unit.state in PO_FUZZY_STATUSES:
            entry.flags.append("fuzzy")
        if unit.previous_source is not None:
            entry.previous_msgid = unit.previous_source
        po.append(entry)
    return str(po)


def read_po(data: str | bytes, source_name: str) -> Document:
    """Read a PO file (as written by write_po, or edited by a translator) back into a Document."""
    import polib

    text = po_text(data, source_name)
    _check_string_literals(text, source_name)
    try:
        po = polib.pofile(text, wrapwidth=0)
    except (OSError, ValueError) as error:
        raise InputError(f"{source_name}: not a valid PO file ({_polib_message(error)})") from None
    metadata = po.metadata
    units = [_unit(entry, source_name) for entry in po if not entry.obsolete]
    return Document(
        article_id=metadata.get("X-Article-Id", ""),
        title=metadata.get("X-Article-Title") or None,
        source_lang=metadata.get("X-Source-Language", ""),
        target_lang=metadata.get("Language", ""),
        units=units,
        version=_int_or_none(metadata.get("X-Article-Version")),
    )


def po_text(data: str | bytes, source_name: str) -> str:
    """The file as text polib reads: decoded, "#Comment" lines given the space polib needs."""
    text = _decode(data, source_name) if isinstance(data, bytes) else data
    if not text.strip():
        raise InputError(f"{source_name}: empty PO file")
    return _BARE_COMMENT.sub(r"# \1", text)


def plural_forms(lang: str) -> str | None:
    """The Plural-Forms header for a language code such as "de" or "ru-RU", if known."""
    return PLURAL_FORMS.get(re.split(r"[-_]", lang, maxsplit=1)[0].lower())


def _metadata(doc: Document, revision_date: datetime | None, translator: str | None) -> dict:
    metadata = {"Project-Id-Version": PROJECT_ID}
    if revision_date is not None:
        if revision_date.tzinfo is None:
            revision_date = revision_date.replace(tzinfo=UTC)
        metadata["PO-Revision-Date"] = revision_date.strftime("%Y-%m-%d %H:%M%z")
    metadata |= {
        "Last-Translator": translator or PROJECT_ID,
        "Language-Team": f"{PROJECT_ID} desk",
        "Language": doc.target_lang,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Generator": PROJECT_ID,
        "X-Source-Language": doc.source_lang,
        "X-Article-Id": doc.article_id,
    }
    if doc.version is not None:
        metadata["X-Article-Version"] = str(doc.version)
    if doc.title:
        # A header value is one line.
        metadata["X-Article-Title"] = " ".join(doc.title.split())
    forms = plural_forms(doc.target_lang)
    if forms:
        metadata["Plural-Forms"] = forms
    return metadata


def _meta_comment(unit: Unit) -> str:
    fields = [f"status={unit.state}"]
    if unit.revision is not None:
        fields.append(f"revision={unit.revision}")
    if unit.paragraph is not None:
        fields.append(f"paragraph={unit.paragraph}")
    return f"{META_PREFIX} {' '.join(fields)}"


def _note_lines(notes: list[str]) -> list[str]:
    return [line for note in notes for line in note.splitlines() if line.strip()]


def _unit(entry, source_name: str) -> Unit:
    meta: dict[str, str] = {}
    notes: list[str] = []
    for line in (entry.tcomment or "").splitlines():
        if line.startswith(META_PREFIX) and not meta:
            meta = dict(_META_FIELD.findall(line[len(META_PREFIX) :]))
        elif line.strip():
            notes.append(line)
    stored = meta.get("status")
    if stored is not None and stored not in STATUSES:
        raise InputError(f"{source_name}: entry {entry.msgctxt!r} has unknown status {stored!r}")
    target = entry.msgstr or None
    source_plural = entry.msgid_plural or None
    target_plurals = None
    if source_plural is not None:
        forms = [entry.msgstr_plural[n] for n in sorted(entry.msgstr_plural)]
        # Untranslated until every form is: msgfmt drops an entry with an empty form too.
        target_plurals = forms if forms and all(forms) else None
        target = forms[0] if target_plurals else None
    return Unit(
        id=entry.msgctxt or "",
        source=entry.msgid,
        target=target,
        state=_status(stored, fuzzy="fuzzy" in entry.flags, has_target=target is not None),
        notes=notes,
        previous_source=entry.previous_msgid,
        paragraph=_int_or_none(meta.get("paragraph")),
        revision=_int_or_none(meta.get("revision")),
        source_plural=source_plural,
        target_plurals=target_plurals,
        plural_count=form_count(entry) if source_plural is not None else None,
    )


def form_count(entry) -> int:
    """The number of target forms of a plural entry: its msgstr[n], at least the two a
    gettext tool writes for an entry nobody translated yet."""
    return max(len(entry.msgstr_plural), 2)


def plural_form_units(units: list[Unit]) -> list[Unit]:
    """The units with each plural entry split into one unit per form, as `ingest` takes them:
    form 0 translates msgid, every other form msgid_plural, so each is checked against its own
    source. Ids are `ID[n]`. A plural entry not translated in every form has no targets (msgfmt
    drops such an entry too)."""
    from dataclasses import replace

    split: list[Unit] = []
    for unit in units:
        if unit.source_plural is None:
            split.append(unit)
            continue
        forms = unit.target_plurals or [None] * (unit.plural_count or 2)
        for n, form in enumerate(forms):
            split.append(
                replace(
                    unit,
                    id=f"{unit.id}[{n}]",
                    source=unit.source if n == 0 else unit.source_plural,
                    target=form,
                    source_plural=None,
                    target_plurals=None,
                    plural_count=None,
                )
            )
    return split


def _status(stored: str | None, *, fuzzy: bool, has_target: bool) -> str:
    if not has_target:
        return stored if stored in PO_FUZZY_STATUSES and stored != MACHINE_TRANSLATED else NEW
    if fuzzy:
        return stored if stored in PO_FUZZY_STATUSES and stored != NEW else MACHINE_TRANSLATED
    return stored if stored in (TRANSLATED, APPROVED) else TRANSLATED


def _decode(data: bytes, source_name: str) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    match = _CHARSET.search(data)
    charset = match.group(1).decode("ascii") if match else None
    if charset:
        try:
            return data.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass
    raise InputError(f"{source_name}: not UTF-8 and no usable charset in the PO header")


def _check_string_literals(text: str, source_name: str) -> None:
    # polib reads `msgid "abc` (no closing quote) as an empty msgid and drops the entry without
    # a word; msgfmt rejects it. Check every quoted string ourselves so the error names the line.
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if line.startswith(("#~", "#|")):
            line = line[2:].strip()
        if not line or line.startswith("#"):
            continue
        literal = _KEYWORD.sub("", line, count=1).strip()
        if not _STRING_LITERAL.fullmatch(literal):
            raise InputError(f"{source_name}: line {number}: not PO syntax: {raw.strip()[:60]}")


def _polib_message(error: Exception) -> str:
    # polib says e.g. "Syntax error in po file (line 7): unescaped double quote found" and
    # sometimes names the whole content as the "file"; keep the line and the reason only.
    message = str(error).splitlines()[0] if str(error) else type(error).__name__
    line = re.search(r"\(line (\d+)\)", message)
    reason = message.split(":", 1)[1].strip() if ":" in message else "syntax error"
    return f"line {line.group(1)}: {reason}" if line else reason


def _int_or_none(value: str | None) -> int | None:
    if value is None or not value.strip().lstrip("-").isdigit():
        return None
    return int(value)
