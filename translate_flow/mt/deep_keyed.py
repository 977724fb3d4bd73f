"""More public services through deep-translator: MyMemory, Microsoft Translator, Yandex.

They share DeepTranslatorEngine's request loop, timeout and error reasons (mt/deep.py); each
adapter only builds its deep-translator object and points it at the configured server.
"""

from __future__ import annotations

from typing import Any

from translate_flow.mt.base import EngineError
from translate_flow.mt.deep import DEFAULT_TIMEOUT, DeepTranslatorEngine

MYMEMORY_URL = "https://api.mymemory.translated.net/get"
MICROSOFT_URL = "https://api.cognitive.microsofttranslator.com"
YANDEX_URL = "https://translate.yandex.net"


class MyMemoryEngine(DeepTranslatorEngine):
    """MyMemory's free API; the key setting is the e-mail address that raises its daily quota."""

    name = "mymemory"
    on_premises = False
    max_characters = 499  # deep-translator refuses 500 characters or more

    def __init__(
        self, url: str | None = None, key: str | None = None, timeout: float = DEFAULT_TIMEOUT
    ) -> None:
        super().__init__(url or MYMEMORY_URL, timeout)
        self.email = key or None

    def output_settings(self) -> dict:
        return {"url": self.url}

    def _make_translator(self, source: str, target: str) -> Any:
        from deep_translator import MyMemoryTranslator

        # MyMemory's language list wants region codes (ru-RU); its API accepts plain ones too.
        translator = MyMemoryTranslator(source="ru-RU", target="en-GB", email=self.email)
        translator._base_url = self.url
        translator._source, translator._target = source, target
        return translator


class MicrosoftEngine(DeepTranslatorEngine):
    """Azure AI Translator (v3), with a subscription key."""

    name = "microsoft"
    on_premises = False
    _uses_key = True

    def __init__(
        self, key: str | None, url: str | None = None, timeout: float = DEFAULT_TIMEOUT
    ) -> None:
        if not key:
            raise EngineError("microsoft: no API key; set TRANSLATE_FLOW_MICROSOFT_KEY")
        super().__init__((url or MICROSOFT_URL).rstrip("/"), timeout)
        self.key = key

    def output_settings(self) -> dict:
        return {"url": self.url}

    def _make_translator(self, source: str, target: str) -> Any:
        from deep_translator import MicrosoftTranslator

        class _Translator(MicrosoftTranslator):
            # The original asks Microsoft for its language list on creation, without a timeout
            # and always on the internet; the server says itself when it lacks a language.
            def _get_supported_languages(self) -> dict:
                return {source: source, target: target}

        translator = _Translator(source=source, target=target, api_key=self.key)
        translator._base_url = f"{self.url}/translate?api-version=3.0"
        return translator


class YandexEngine(DeepTranslatorEngine):
    """Yandex Translate's key-based API (v1.5), as deep-translator speaks it."""

    name = "yandex"
    on_premises = False
    _params_as_form = False
    _uses_key = True

    def __init__(
        self, key: str | None, url: str | None = None, timeout: float = DEFAULT_TIMEOUT
    ) -> None:
        if not key:
            raise EngineError("yandex: no API key; set TRANSLATE_FLOW_YANDEX_KEY")
        super().__init__((url or YANDEX_URL).rstrip("/"), timeout)
        self.key = key

    def output_settings(self) -> dict:
        return {"url": self.url}

    def _make_translator(self, source: str, target: str) -> Any:
        from deep_translator import YandexTranslator

        translator = YandexTranslator(source=source, target=target, api_key=self.key)
        translator._base_url = self.url + "/api/{version}/tr.json/{endpoint}"
        return translator
