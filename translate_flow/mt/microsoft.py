"""Azure AI Translator (v3) with a subscription key:
POST {url}/translate?api-version=3.0&from=..&to=.. with the body [{"text": ...}] and the header
Ocp-Apim-Subscription-Key; the text goes to Microsoft.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from translate_flow.mt.http import DEFAULT_TIMEOUT, HttpEngine
from translate_flow.mt.settings import EngineSettings, KeyedSettings

MICROSOFT_URL = "https://api.cognitive.microsofttranslator.com"


@dataclass(frozen=True)
class MicrosoftSettings(KeyedSettings):
    # The Azure region of a regional or multi-service resource (westeurope...); a global
    # Translator resource needs none.
    region: str | None = None


class MicrosoftEngine(HttpEngine):
    name = "microsoft"
    Settings: ClassVar[type[EngineSettings]] = MicrosoftSettings
    default_url = MICROSOFT_URL
    key_setting = "KEY"
    key_required = True

    def __init__(
        self,
        key: str | None,
        url: str | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        region: str | None = None,
    ) -> None:
        super().__init__((url or MICROSOFT_URL).rstrip("/"), key, timeout)
        self.region = region

    @classmethod
    def from_settings(cls, settings: Any, memory: Any = None) -> MicrosoftEngine:
        return cls(settings.key, settings.url, settings.timeout, settings.region)

    def translate_one(self, text: str, source: str, target: str) -> str:
        headers = {"Ocp-Apim-Subscription-Key": self.key or ""}
        if self.region:
            headers["Ocp-Apim-Subscription-Region"] = self.region
        reply = self.request(
            "POST",
            f"{self.url}/translate",
            params={"api-version": "3.0", "from": source, "to": target},
            json_body=[{"text": text}],
            headers=headers,
        )
        body = self.json_of(reply)
        try:
            translated = body[0]["translations"][0]["text"]
        except (KeyError, IndexError, TypeError):
            raise self.no_translation() from None
        if not isinstance(translated, str):
            raise self.no_translation()
        return translated
