"""The `tags` check: the inline codes of a CAT tool's file survive the translation.

Codes read from XLIFF or TMX are placeholders in the text (`<1>`, `</1>`, `<2/>`, see
formats/inline.py). A target that loses one breaks the formatting of the document it goes back
into; one that gains a code the source has not got cannot be written back at all.
"""

from __future__ import annotations

from collections import Counter

from translate_flow.formats.inline import placeholders
from translate_flow.qa.base import CheckContext, Finding, check


@check("tags", "Inline codes", "error")
def check_tags(source: str, target: str, context: CheckContext) -> list[Finding]:
    """Every inline code of the source (shown as <1>…</1> or <2/>) is in the target, once each.

    The order may change: a translator moves a bold word to where the target language puts it.
    A blank target is left to `empty`.
    """
    if not target.strip():
        return []
    expected, found = Counter(placeholders(source)), Counter(placeholders(target))
    if expected == found:
        return []
    parts = []
    missing = sorted((expected - found).elements())
    extra = sorted((found - expected).elements())
    if missing:
        parts.append(f"missing {' '.join(missing)}")
    if extra:
        parts.append(f"not in the source {' '.join(extra)}")
    return [Finding("tags", "error", f"Inline codes differ from the source: {'; '.join(parts)}")]
