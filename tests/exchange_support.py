"""Helpers shared by the export and import tests: a translated article and the standards."""

from __future__ import annotations

import os
from pathlib import Path

from conftest import EXAMPLES, GLOSSARY

SEED_TMX = EXAMPLES / "seed-memory.ru-de.tmx"
ICT_ARTICLE = EXAMPLES / "ru-mfa-ict-security.txt"


def standards_dir() -> Path:
    """The shared standards: TRANSLATE_FLOW_STANDARDS, else beside the repository or the clone."""
    if os.environ.get("TRANSLATE_FLOW_STANDARDS"):
        return Path(os.environ["TRANSLATE_FLOW_STANDARDS"])
    here = Path(__file__).resolve()
    beside_workspace = here.parents[2] / "shared" / "standards"
    if beside_workspace.is_dir():
        return beside_workspace
    return (here.parents[1] / "../shared/standards").resolve()


def translated_article(cli) -> int:
    """The ICT-security article, machine-translated into German from the seed memory."""
    assert cli("glossary", "import", GLOSSARY).exit_code == 0
    assert cli("tm", "import", SEED_TMX).exit_code == 0
    result = cli("ingest", ICT_ARTICLE, "--json")
    assert result.exit_code == 0, result.stderr
    [article] = [r["article"] for r in result.json()]
    result = cli("translate", article, "--to", "de", "--engine", "tm", "--json")
    assert result.exit_code == 0, result.stderr
    return article


def approved_article(cli, edited_text: str | None = None) -> int:
    """The translated article, its second segment edited by hand, approved by force."""
    article = translated_article(cli)
    if edited_text is not None:
        segment = segments(cli, article)[1]["segment"]
        edited = cli("segment", "edit", segment, "--lang", "de", "--text", edited_text)
        assert edited.exit_code == 0, edited.stderr
    approved = cli("approve", article, "--lang", "de", "--force", "--reason", "test")
    assert approved.exit_code == 0, approved.stderr
    return article


def segments(cli, article: int, lang: str = "de") -> list[dict]:
    result = cli("queue", "--article", article, "--lang", lang, "--json")
    assert result.exit_code == 0, result.stderr
    return result.json()
