"""Language codes: the one place that reduces a tag to its base language."""

from __future__ import annotations


def base_lang(code: str) -> str:
    """The language without region or script, lower case: "ru-RU" -> "ru", "de_AT" -> "de"."""
    return code.strip().replace("_", "-").split("-", 1)[0].lower()
