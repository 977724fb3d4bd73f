"""The machine-translation cache key: one answer per engine, settings, language pair, glossary
version and text.

A key covers everything that changes an engine's answer (its name and output settings such as the
server URL or DeepL's formality), never what does not (an API key, a timeout), so rotating a key
keeps the cache. The glossary version is part of it because terminology protection changes what
is sent; a glossary change therefore asks the engine again. The storage (the mt_cache table) is
store/mt_cache.py's business; `translate-flow cache clear` empties it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

# Engines answered from elsewhere: the translation memory is already a store of its own.
UNCACHED_ENGINES = frozenset({"tm"})


def cache_key(
    engine: str,
    settings: Mapping[str, Any],
    source_lang: str,
    target_lang: str,
    glossary_version: str,
    text: str,
) -> str:
    """A 64-character hex sha256; the same inputs give the same key in every process."""
    payload = json.dumps(
        [engine, dict(settings), source_lang, target_lang, str(glossary_version), text],
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
        default=str,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def is_cached_engine(name: str) -> bool:
    return name not in UNCACHED_ENGINES
