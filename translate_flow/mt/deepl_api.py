"""DeepL through its documented HTTP API v2: POST {url}/v2/translate with a JSON body (text: up
to 50 texts, source_lang, target_lang, formality, glossary_id) and the header
Authorization: DeepL-Auth-Key KEY, against api.deepl.com (api-free.deepl.com for a free key,
which ends in ":fx") or any server URL.

Retries are the layer's (mt/layer.py), with the desk's policy; failures are told by the HTTP base
(mt/http.py), plus DeepL's own 456: the quota of the billing period is used up.

Glossary terms go to DeepL as a DeepL glossary of the language pair (mt/deepl_glossary.py), passed
with every request of that pair; where DeepL refuses one, the caller falls back to placeholders.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, ClassVar

from translate_flow.mt.base import (
    EngineError,
    GlossaryUse,
    MTResult,
    PairGlossary,
)
from translate_flow.mt.http import DEFAULT_TIMEOUT, Failure, HttpEngine, Reply
from translate_flow.mt.settings import EngineSettings, KeyedSettings

log = logging.getLogger(__name__)

DEEPL_URL = "https://api.deepl.com"
DEEPL_FREE_URL = "https://api-free.deepl.com"
FORMALITIES = ("default", "more", "less", "prefer_more", "prefer_less")
# DeepL wants a regional variant for English output; a European desk writes British English.
_TARGET_CODES = {"en": "EN-GB", "pt": "PT-PT"}


@dataclass(frozen=True)
class DeepLSettings(KeyedSettings):
    formality: str | None = None


class DeepLEngine(HttpEngine):
    name = "deepl"
    Settings: ClassVar[type[EngineSettings]] = DeepLSettings
    pairs = "ru→de,en"  # DeepL has no Belarusian: use apertium+deepl
    default_url = DEEPL_URL
    key_setting = "KEY"
    key_required = True
    # DeepL takes up to 50 texts per request in a body of at most 128 KiB. The body is JSON with
    # every non-ASCII character escaped (\u0436: six bytes for a Cyrillic letter), so 20,000
    # characters stay under the limit with room for the other fields.
    max_batch_texts = 50
    max_batch_characters = 20_000

    def __init__(
        self,
        key: str | None,
        url: str | None = None,
        formality: str | None = None,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> None:
        if not key:
            raise EngineError(
                "deepl: no API key; set TRANSLATE_FLOW_DEEPL_KEY or [engines.deepl] key"
            )
        if formality is not None and formality not in FORMALITIES:
            raise EngineError(
                f"deepl: formality {formality!r} is not one of {', '.join(FORMALITIES)}; "
                "fix TRANSLATE_FLOW_DEEPL_FORMALITY"
            )
        default = DEEPL_FREE_URL if key.endswith(":fx") else DEEPL_URL
        super().__init__((url or default).rstrip("/"), key, timeout)
        self.configured_url = url.rstrip("/") + "/" if url else None
        self.formality = formality
        self._glossary_ids: dict[tuple[str, str], str] = {}  # language pair → DeepL glossary

    @classmethod
    def from_settings(cls, settings: Any, memory: Any = None) -> DeepLEngine:
        return cls(settings.key, settings.url, settings.formality, settings.timeout)

    def output_settings(self) -> dict:
        return {"url": self.configured_url, "formality": self.formality}

    def authorization(self) -> dict[str, str]:
        return {"Authorization": f"DeepL-Auth-Key {self.key}"}

    def classify(self, reply: Reply, said: str) -> Failure | None:
        if reply.status == 456:  # quota exceeded: nothing more this billing period
            return Failure(f"{self.name}: {said}", fatal=True, http_status=456)
        return None

    def use_glossary(self, glossary: PairGlossary) -> GlossaryUse:
        """Find or create the DeepL glossary of the pair's entries (mt/deepl_glossary.py)."""
        from translate_flow.mt.deepl_glossary import sync_glossary

        if not glossary.entries:
            return GlossaryUse(None)
        pair = f"{glossary.source}→{glossary.target}"
        import requests

        with requests.Session() as session:
            self._local.session = session
            try:
                try:
                    synced = sync_glossary(
                        self, glossary.source, glossary.target, glossary.version, glossary.entries
                    )
                except (KeyError, TypeError, AttributeError, ValueError):
                    # A glossary list or a created glossary missing its fields: placeholders
                    # still work, so the run goes on instead of ending in the error.
                    raise Failure(
                        f"{self.name}: the glossary answer from {self.where} is not of DeepL's "
                        "shape"
                    ) from None
            except Failure as failure:
                reason = self.mask(failure.reason).removeprefix(f"{self.name}: ")
                note = (
                    f"deepl: no DeepL glossary for {pair} ({reason}); "
                    "glossary terms are protected with placeholders instead"
                )
                # info, not warning: the run's summary tells it; a warning would reach stderr
                # a second time through logging's last-resort handler, also under --json.
                log.info(note)
                return GlossaryUse(None, note)
            finally:
                self._local.session = None
        self._glossary_ids[glossary.source, glossary.target] = synced.glossary_id
        how = f"deepl glossary {synced.name}"
        count = len(glossary.entries)
        if not synced.created:
            log.info("deepl: glossary %r reused for %s (%d terms)", synced.name, pair, count)
            return GlossaryUse(how)
        note = f"deepl: glossary {synced.name!r} created for {pair} ({count} terms)"
        if synced.deleted:
            note += f", replacing {', '.join(repr(name) for name in synced.deleted)}"
        log.info(note)
        return GlossaryUse(how, note)

    def translate_texts(self, texts: list[str], source: str, target: str) -> list[MTResult]:
        body: dict[str, Any] = {
            "text": texts,
            "source_lang": source.upper(),
            "target_lang": _TARGET_CODES.get(target, target.upper()),
        }
        if self.formality is not None:
            body["formality"] = self.formality
        glossary_id = self._glossary_ids.get((source, target))
        if glossary_id is not None:
            body["glossary_id"] = glossary_id
        reply = self.request(
            "POST", f"{self.url}/v2/translate", json_body=body, headers=self.authorization()
        )
        answer = self.json_of(reply)
        try:
            translations = answer["translations"]
        except (KeyError, TypeError):
            raise self.no_translation() from None
        if not isinstance(translations, list) or len(translations) != len(texts):
            raise self.not_one_each(len(texts))
        results = []
        for item in translations:
            text = item.get("text") if isinstance(item, dict) else None
            if not isinstance(text, str):
                raise self.no_translation()
            results.append(MTResult(text=text, origin=self.name))
        return results

    # --- the v2 glossary endpoints, for mt/deepl_glossary.py -----------------------------

    def list_glossaries(self) -> list[dict[str, Any]]:
        reply = self.request("GET", f"{self.url}/v2/glossaries", headers=self.authorization())
        try:
            listed = reply.json()["glossaries"]
        except (ValueError, KeyError, TypeError):
            raise self.not_json(reply) from None
        return [g for g in listed if isinstance(g, dict)]

    def create_glossary(
        self, name: str, source: str, target: str, entries: dict[str, str]
    ) -> dict[str, Any]:
        for term, translation in entries.items():
            if any(c in term + translation for c in "\t\r\n") or not term.strip():
                raise Failure(f"{self.name}: the glossary entry {term!r} cannot be sent in TSV")
        body = {
            "name": name,
            "source_lang": source.lower(),
            "target_lang": target.lower(),
            "entries_format": "tsv",
            "entries": "\n".join(f"{k}\t{v}" for k, v in entries.items()),
        }
        reply = self.request(
            "POST", f"{self.url}/v2/glossaries", json_body=body, headers=self.authorization()
        )
        created = self.json_of(reply)
        if not isinstance(created, dict) or "glossary_id" not in created:
            raise Failure(f"{self.name}: the answer from {self.where} held no glossary")
        return created

    def delete_glossary(self, glossary_id: str) -> None:
        """Delete one glossary; one already gone (another run deleted it first) is fine."""
        try:
            self.request(
                "DELETE", f"{self.url}/v2/glossaries/{glossary_id}", headers=self.authorization()
            )
        except Failure as failure:
            if failure.http_status != 404:
                raise
