"""MyMemory's free API: GET {url}?q=..&langpair=ru|de[&de=e-mail]. The key setting is the e-mail
address that raises the daily quota; the text goes to MyMemory.
"""

from __future__ import annotations

from typing import Any, ClassVar

from translate_flow.mt.http import DEFAULT_TIMEOUT, Failure, HttpEngine
from translate_flow.mt.settings import EngineSettings, KeyedSettings

MYMEMORY_URL = "https://api.mymemory.translated.net/get"


class MyMemoryEngine(HttpEngine):
    name = "mymemory"
    Settings: ClassVar[type[EngineSettings]] = KeyedSettings
    default_url = MYMEMORY_URL
    max_characters = 499  # MyMemory refuses a query of 500 characters or more

    def __init__(
        self, url: str | None = None, key: str | None = None, timeout: float = DEFAULT_TIMEOUT
    ) -> None:
        super().__init__(url or MYMEMORY_URL, key, timeout)

    @classmethod
    def from_settings(cls, settings: Any, memory: Any = None) -> MyMemoryEngine:
        return cls(settings.url, settings.key, settings.timeout)

    def translate_one(self, text: str, source: str, target: str) -> str:
        params = {"q": text, "langpair": f"{source}|{target}"}
        if self.key:
            params["de"] = self.key
        reply = self.request("GET", self.url, params=params)
        body = self.json_of(reply)
        data = body.get("responseData") if isinstance(body, dict) else None
        status = body.get("responseStatus") if isinstance(body, dict) else None
        if status not in (None, 200, "200"):
            # MyMemory answers HTTP 200 with its own status and reason for a refused query.
            detail = body.get("responseDetails") or (data or {}).get("translatedText") or ""
            raise Failure(f"{self.name}: {self.where} refused the text ({status}: {detail})")
        translated = data.get("translatedText") if isinstance(data, dict) else None
        if not isinstance(translated, str):
            raise self.no_translation()
        return translated
