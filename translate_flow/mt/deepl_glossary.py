"""The desk's glossary as a DeepL glossary, one per language pair, kept in step with the desk.

DeepL applies a glossary inside its own translation, inflecting the target term as the sentence
needs, which placeholders cannot. A DeepL glossary cannot be edited, only created and deleted, so
each is named after what it holds: `translate-flow ru-de v7 1a2b3c4d5e6f7a8b` (the desk's glossary
version and a hash of the entries). A run looks for one of ours with the same entries and uses it
without uploading anything; when the entries changed it creates the new glossary, then deletes
the older ones of ours for that pair. Glossaries of other names in the account are never touched.

Through DeepL's v2 glossary endpoints (POST, GET and DELETE /v2/glossaries), which every DeepL
API plan offers, as DeepLEngine sends them (mt/deepl_api.py).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

NAME_PREFIX = "translate-flow"


@dataclass
class GlossarySync:
    glossary_id: str
    name: str
    created: bool  # False: an existing glossary with the same entries was reused
    deleted: list[str] = field(default_factory=list)  # names of our older glossaries removed


def entries_digest(entries: Mapping[str, str]) -> str:
    """16 hex digits that change whenever any entry does, whatever the order."""
    payload = json.dumps(sorted(entries.items()), ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]


def pair_prefix(source: str, target: str) -> str:
    return f"{NAME_PREFIX} {source.lower()}-{target.lower()} "


def glossary_name(source: str, target: str, version: str, entries: Mapping[str, str]) -> str:
    return f"{pair_prefix(source, target)}v{version} {entries_digest(entries)}"


def sync_glossary(
    client: Any, source: str, target: str, version: str, entries: Mapping[str, str]
) -> GlossarySync:
    """The DeepL glossary holding `entries` for source→target, created only when none of ours
    holds them yet. `client` is a DeepLEngine; raises mt.http.Failure when DeepL refuses (a
    language pair without glossaries, a refused key) or cannot be reached."""
    prefix = pair_prefix(source, target)
    digest = entries_digest(entries)
    ours = [g for g in client.list_glossaries() if str(g.get("name", "")).startswith(prefix)]
    same = [
        g
        for g in ours
        if g["name"].endswith(f" {digest}")
        and g.get("ready")
        and g.get("entry_count") == len(entries)
    ]
    if same:
        # The newest, should two runs have created one each at the same time.
        chosen = max(same, key=lambda g: str(g.get("creation_time", "")))
        created = False
    else:
        name = glossary_name(source, target, version, entries)
        chosen = client.create_glossary(name, source, target, dict(entries))
        created = True
    deleted = []
    for glossary in ours:
        if glossary["glossary_id"] == chosen["glossary_id"]:
            continue
        client.delete_glossary(glossary["glossary_id"])
        deleted.append(glossary["name"])
    return GlossarySync(chosen["glossary_id"], chosen["name"], created, deleted)
