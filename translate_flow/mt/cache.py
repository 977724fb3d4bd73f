"""The machine-translation cache key: one answer per engine, settings, language pair, the
glossary entries that concern the text, and the text.

A key covers everything that changes an engine's answer (its name and output settings such as the
server URL or DeepL's formality), never what does not (an API key, a timeout), so rotating a key
keeps the cache. Terminology protection and a language model's prompt use the glossary concepts
found in the sentence, so the key holds a digest of those concepts' entries (`terminology_digest`),
not the whole glossary's version: a glossary change asks the engine again for the sentences that
use a changed concept and for no other. (A DeepL glossary covers the whole language pair; its name,
version and entries digest are in the engine's output settings.) The storage (the mt_cache table)
is store/mt_cache.py's business; `translate-flow cache clear` empties it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from typing import Any

# Engines answered from elsewhere: the translation memory is already a store of its own.
UNCACHED_ENGINES = frozenset({"tm"})


def cache_key(
    engine: str,
    settings: Mapping[str, Any],
    source_lang: str,
    target_lang: str,
    terminology: str,
    text: str,
) -> str:
    """A 64-character hex sha256; the same inputs give the same key in every process.

    `terminology` is `terminology_digest` of the glossary concepts found in `text`."""
    payload = json.dumps(
        [engine, dict(settings), source_lang, target_lang, str(terminology), text],
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
        default=str,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def terminology_digest(concepts: Iterable[Mapping[str, Any]]) -> str:
    """A digest of the glossary entries (concepts as dictionaries, in any order) that concern one
    text; "" when none does, so a sentence without glossary terms keeps its key whatever the
    glossary holds."""
    entries = sorted(
        json.dumps(c, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
        for c in concepts
    )
    if not entries:
        return ""
    return hashlib.sha256("\n".join(entries).encode("utf-8")).hexdigest()


def is_cached_engine(name: str) -> bool:
    return name not in UNCACHED_ENGINES
