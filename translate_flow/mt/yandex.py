"""Yandex Translate's key-based API v1.5: POST {url}/api/v1.5/tr.json/translate with the form
text, format=plain, lang=ru-de and key; answers {"code": 200, "text": [...]}. The text goes to
Yandex.
"""

from __future__ import annotations

from typing import Any, ClassVar

from translate_flow.mt.http import DEFAULT_TIMEOUT, HttpEngine
from translate_flow.mt.settings import EngineSettings, KeyedSettings

YANDEX_URL = "https://translate.yandex.net"


class YandexEngine(HttpEngine):
    name = "yandex"
    Settings: ClassVar[type[EngineSettings]] = KeyedSettings
    default_url = YANDEX_URL
    key_setting = "KEY"
    key_required = True

    def __init__(
        self, key: str | None, url: str | None = None, timeout: float = DEFAULT_TIMEOUT
    ) -> None:
        super().__init__((url or YANDEX_URL).rstrip("/"), key, timeout)

    @classmethod
    def from_settings(cls, settings: Any, memory: Any = None) -> YandexEngine:
        return cls(settings.key, settings.url, settings.timeout)

    def translate_one(self, text: str, source: str, target: str) -> str:
        form = {"text": text, "format": "plain", "lang": f"{source}-{target}", "key": self.key}
        reply = self.request("POST", f"{self.url}/api/v1.5/tr.json/translate", data=form)
        body = self.json_of(reply)
        try:
            parts = body["text"]
        except (KeyError, TypeError):
            raise self.no_translation() from None
        if not (isinstance(parts, list) and all(isinstance(p, str) for p in parts)):
            raise self.no_translation()
        return "".join(parts)
