"""A small article the tests of the editors' tools share: four sentences in three paragraphs,
machine-translated into German from a translation memory that knows every sentence."""

from __future__ import annotations

from pathlib import Path

TITLE = "Заявление МИД"
BODY = "Министры встретились в Минске. Они обсудили безопасность.\n\nВстреча прошла успешно.\n"
MEMORY = {
    "Заявление МИД": "Erklärung des Außenministeriums",
    "Министры встретились в Минске.": "Die Minister trafen sich in Minsk.",
    "Они обсудили безопасность.": "Sie besprachen Sicherheit.",
    "Встреча прошла успешно.": "Das Treffen verlief erfolgreich.",
}


def write_tmx(path: Path, pairs: dict[str, str]) -> Path:
    units = "".join(
        f'<tu><tuv xml:lang="ru"><seg>{ru}</seg></tuv><tuv xml:lang="de"><seg>{de}</seg></tuv></tu>'
        for ru, de in pairs.items()
    )
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?><tmx version="1.4"><header creationtool="test" '
        'creationtoolversion="1" datatype="plaintext" segtype="sentence" adminlang="en" '
        f'srclang="ru" o-tmf="test"/><body>{units}</body></tmx>',
        encoding="utf-8",
    )
    return path


def ingest_text(
    cli, body: str = BODY, title: str = TITLE, user: str | None = None, update: int | None = None
) -> dict:
    extra = ("--update", update) if update is not None else ()
    # The title is the source's headline: a first line, then a blank line.
    source = f"{title}\n\n{body}"
    result = cli("ingest", "-", *extra, "--json", input=source, user=user)
    assert result.exit_code == 0, result.stderr
    return result.json()[0]


def translated_article(
    cli, tmp_path: Path, user: str | None = None, tm_user: str | None = None
) -> tuple[int, list[int]]:
    """The article machine-translated into German; returns its id and segment ids in order.

    `user` ingests and translates; `tm_user` (default `user`) imports the memory."""
    tmx = write_tmx(tmp_path / "memory.tmx", MEMORY)
    imported = cli("tm", "import", tmx, user=tm_user or user)
    assert imported.exit_code == 0, imported.stderr
    article = ingest_text(cli, user=user)["article"]
    translated = cli("translate", article, "--to", "de", "--engine", "tm", user=user)
    assert translated.exit_code == 0, translated.stderr
    rows = cli("queue", "--article", article, "--lang", "de", "--json").json()
    return article, [r["segment"] for r in rows]


def ok(result):
    assert result.exit_code == 0, result.stderr
    return result
