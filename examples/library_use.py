"""translate-flow as a library: import an article, translate it from the translation memory
(the `tm` engine: nothing leaves the machine) and read the findings, all through the services.

    python examples/library_use.py                      # a new SQLite desk in a temporary folder
    python examples/library_use.py sqlite:///desk.db    # or a desk of your own

Every service takes a Desk (the database, the acting user, the configuration) and returns
dataclasses; nothing here prints JSON or tables unless you ask for them.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from translate_flow.services.context import open_desk
from translate_flow.services.findings import list_findings
from translate_flow.services.glossary_import import import_glossary
from translate_flow.services.ingest import IngestSource, ingest
from translate_flow.services.review import edit_segment
from translate_flow.services.side_by_side import side_by_side
from translate_flow.services.tm import import_tmx
from translate_flow.services.translate import translate_articles
from translate_flow.store.db import open_database

HERE = Path(__file__).resolve().parent


def main(database: str) -> None:
    # No user named: the desk's own account, every role while the desk has no users.
    desk = open_desk(open_database(database), None, {})
    glossary = import_glossary(desk, str(HERE.parent / "glossaries" / "diplomatic.glossary"))
    print(f"glossary: {len(glossary.added)} concepts added")
    import_tmx(desk, str(HERE / "seed-memory.ru-de.tmx"))

    [article] = ingest(desk, [IngestSource(str(HERE / "ru-mfa-ict-security.txt"))])
    print(f"article {article.article}: {article.title!r}, {article.segments} segments")

    summary = translate_articles(desk, [article.article], ["de"], "tm")
    print(f"translated {summary.translated} segments from memory, {summary.unmatched} unmatched")

    first = side_by_side(desk, article.article, "de").paragraphs[1].segments[0]
    print(f"source: {first.source}\ntarget: {first.target}")

    # A translator puts back the deprecated name: the checks answer at once.
    edit_segment(
        desk, first.segment, "de", first.target.replace("Republik Belarus", "Weißrussland")
    )
    for finding in list_findings(desk, article.article, "de"):
        print(f"finding {finding.id} on segment {finding.segment} [{finding.severity}]")
        print(f"  {finding.check}: {finding.message}")


if __name__ == "__main__":
    if len(sys.argv) > 1:
        main(sys.argv[1])
    else:
        with tempfile.TemporaryDirectory() as folder:
            main(f"sqlite:///{folder}/desk.db")
