"""Read and write the glossary as CSV for spreadsheets: one row per term.

Columns (docs/glossary-format.md): concept_id, subject, concept_note, lang, term, status, type,
form, pos, case, term_note (form: "derived" for a derived form, empty for a name). concept_id,
lang and term are required, the others optional and in any order.
A concept's rows stand together; its subject and note may be given on every row (the writer does,
so sorting or filtering a sheet keeps them) but must then agree. Empty cells mean the default.
Errors name the file and line, as the spreadsheet shows them.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from translate_flow.errors import InputError
from translate_flow.terms import fields
from translate_flow.terms.model import Concept, Term, Termbase

COLUMNS = (
    "concept_id",
    "subject",
    "concept_note",
    "lang",
    "term",
    "status",
    "type",
    "form",
    "pos",
    "case",
    "term_note",
)
REQUIRED = ("concept_id", "lang", "term")
_DELIMITERS = (",", ";", "\t")
_CASE_NAMES = {None: "", True: "sensitive", False: "insensitive"}
# A spreadsheet runs a cell that starts with = + - @ (or a tab or carriage return before one) as
# a formula: "=cmd|' /C calc'!A0" in a term would execute on the terminologist's machine. The
# writer puts an apostrophe before such a cell, which spreadsheets show as text and do not save;
# the reader takes one apostrophe off a cell that has it before such a character. Cells already
# starting with apostrophes before one get one more, so every value reads back as it was written.
_FORMULA_CELL = re.compile(r"'*[=+\-@\t\r]")


def load_csv(path: str | Path) -> Termbase:
    """Read a CSV glossary (UTF-8, with or without a byte order mark)."""
    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise InputError(f"glossary not found: {path}") from None
    except UnicodeDecodeError as error:
        raise InputError(
            f"{path.name}: not UTF-8 text (byte {error.start}); save the sheet as 'CSV UTF-8'"
        ) from None
    except OSError as error:
        raise InputError(f"cannot read glossary {path}: {error.strerror}") from None
    return parse_csv(text, path.name)


def parse_csv(text: str, source_name: str = "<csv>") -> Termbase:
    """Read CSV text; raise InputError naming `source_name` and the line on any mistake."""
    return _Reader(source_name).read(text.lstrip("\ufeff"))


class _Reader:
    def __init__(self, source_name: str) -> None:
        self.source_name = source_name
        self.termbase = Termbase()
        self.concept: Concept | None = None
        self.first_line: dict[str, int] = {}

    def error(self, line: int, message: str) -> InputError:
        return InputError(f"{self.source_name} line {line}: {message}")

    def read(self, text: str) -> Termbase:
        # A spreadsheet ends every row with a line break. A file that ends inside a quoted cell,
        # or whose last row has no line break and fewer cells than the header, was cut off (a
        # failed copy or download), and importing it would cut the last term short.
        first_line = text.split("\n", 1)[0]
        delimiter = max(_DELIMITERS, key=first_line.count)
        rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
        line = 1
        try:
            header = next(rows, None)
            if header is None:
                raise self.error(1, "empty file; the first line names the columns")
            columns = self.read_header(header)
            line = rows.line_num + 1
            cut_off = not text.endswith(("\n", "\r"))
            for cells in rows:
                if cut_off and rows.line_num == text.count("\n") + 1:
                    self.refuse_cut_off(line, columns, cells)
                if any(cell.strip() for cell in cells):
                    self.read_row(line, columns, cells)
                line = rows.line_num + 1
        except csv.Error as problem:
            if "unexpected end of data" in str(problem):
                raise self.error(
                    line, "malformed CSV: the file ends inside a quoted cell; it looks cut off"
                ) from None
            raise self.error(rows.line_num, f"malformed CSV ({problem})") from None
        return self.termbase

    def refuse_cut_off(self, line: int, columns: list[str], cells: list[str]) -> None:
        """Refuse a last row without a line break that is shorter than the header."""
        if len(cells) < len(columns) and any(cell.strip() for cell in cells):
            raise self.error(
                line,
                f"the file ends inside this row ({len(cells)} of {len(columns)} cells, no line "
                "break); it looks cut off",
            )

    def read_header(self, header: list[str]) -> list[str]:
        columns = [name.strip().lower() for name in header]
        for name in columns:
            if name not in COLUMNS:
                raise self.error(
                    1, f"unknown column {name!r}; the columns are {', '.join(COLUMNS)}"
                )
            if columns.count(name) > 1:
                raise self.error(1, f"column '{name}' appears twice")
        missing = [name for name in REQUIRED if name not in columns]
        if missing:
            raise self.error(
                1, f"missing column(s) {', '.join(missing)} (the first line must name the columns)"
            )
        return columns

    def read_row(self, line: int, columns: list[str], cells: list[str]) -> None:
        if len(cells) > len(columns):
            raise self.error(line, f"{len(cells)} cells, but the header names {len(columns)}")
        row = {name: "" for name in COLUMNS}
        row.update(
            (name, _restore_formula_cell(cell.strip()))
            for name, cell in zip(columns, cells, strict=False)
        )
        try:
            concept = self.concept_for(line, fields.concept_id(row["concept_id"]))
            self.set_concept_field(line, concept, "subject", row["subject"])
            self.set_concept_field(line, concept, "note", row["concept_note"])
            term = Term(lang=fields.term_language(row["lang"]), text=row["term"])
            if not term.text:
                raise ValueError("empty term")
            if row["status"]:
                term.status = fields.term_status(row["status"])
            if row["type"]:
                term.type = fields.term_type(row["type"])
            if row["form"]:
                term.derived = fields.term_form(row["form"])
            if row["case"]:
                term.case_sensitive = fields.case_sensitive(row["case"])
            term.pos = row["pos"] or None
            term.note = row["term_note"] or None
        except ValueError as problem:
            raise self.error(line, str(problem)) from None
        if any(t.lang == term.lang and t.text == term.text for t in concept.terms):
            raise self.error(line, f"duplicate {term.lang} term '{term.text}' in '{concept.id}'")
        concept.terms.append(term)

    def concept_for(self, line: int, concept_id: str) -> Concept:
        if self.concept is not None and self.concept.id == concept_id:
            return self.concept
        if concept_id in self.first_line:
            # Two blocks with one id are more often a reused id than a sorted sheet.
            raise ValueError(
                f"concept '{concept_id}' already ended (its rows began on line "
                f"{self.first_line[concept_id]}); a concept's rows must stand together, "
                "sort the sheet by concept_id"
            )
        self.first_line[concept_id] = line
        self.concept = Concept(concept_id)
        self.termbase.add(self.concept)
        return self.concept

    def set_concept_field(self, line: int, concept: Concept, name: str, value: str) -> None:
        if not value:
            return
        current = getattr(concept, name)
        if current is None:
            setattr(concept, name, value)
        elif current != value:
            column = "subject" if name == "subject" else "concept_note"
            raise ValueError(
                f"{column} of '{concept.id}' differs from the one on line "
                f"{self.first_line[concept.id]} (give it once, or the same on every row)"
            )


def dump_csv(termbase: Termbase) -> str:
    """One row per term, every column, the concept's fields repeated on each of its rows."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for concept in termbase:
        if not concept.terms:
            raise InputError(f"concept '{concept.id}' has no terms")
        for term in concept.terms:
            case = _CASE_NAMES[term.case_sensitive]
            cells = [
                concept.id,
                concept.subject or "",
                concept.note or "",
                term.lang,
                term.text,
                term.status,
                term.type,
                "derived" if term.derived else "",
                term.pos or "",
                case,
                term.note or "",
            ]
            writer.writerow([_neutralise_formula_cell(cell) for cell in cells])
    return out.getvalue()


def _neutralise_formula_cell(value: str) -> str:
    return "'" + value if _FORMULA_CELL.match(value) else value


def _restore_formula_cell(value: str) -> str:
    return value[1:] if value.startswith("'") and _FORMULA_CELL.match(value, 1) else value
