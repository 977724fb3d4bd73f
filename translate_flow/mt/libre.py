"""LibreTranslate, usually the desk's own server: POST {url}/translate.

One text goes as a form (q, source, target, format, api_key): the key stays in the body, out of
proxy and access logs. Several go in one JSON body with `q` an array, answered with
`translatedText` an array in the same order (only JSON carries an array).
"""

from __future__ import annotations

from typing import Any, ClassVar

from translate_flow.mt.base import EngineError, EngineStatus, MTResult
from translate_flow.mt.http import DEFAULT_TIMEOUT, HttpEngine, Reply
from translate_flow.mt.settings import EngineSettings, ServerSettings, check_on_premises


class LibreEngine(HttpEngine):
    name = "libre"
    Settings: ClassVar[type[EngineSettings]] = ServerSettings
    key_setting = "KEY"
    # LibreTranslate takes `q` as an array (up to its --batch-limit, unlimited by default) but
    # translates the texts one after another, so a request's time grows with its characters:
    # 2,000 keep a batch within the timeout on a CPU-only server.
    max_batch_texts = 50
    max_batch_characters = 2000
    service_note = None  # a server of the desk's choosing: nothing to say beyond its settings

    def __init__(
        self,
        url: str | None,
        key: str | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        on_premises: bool = False,
    ) -> None:
        if not url:
            raise EngineError(
                "libre: no server configured; "
                "set TRANSLATE_FLOW_LIBRE_URL or [engines.libre] url in the config file"
            )
        super().__init__(url.rstrip("/"), key, timeout, on_premises)

    @classmethod
    def from_settings(cls, settings: Any, memory: Any = None) -> LibreEngine:
        engine = cls(settings.url, settings.key, settings.timeout, settings.onprem)
        check_on_premises(cls.name, settings, cls.default_url)  # after: a URL is required first
        return engine

    @classmethod
    def status(cls, settings: Any) -> EngineStatus:
        if not settings.url:
            return EngineStatus(False, "set TRANSLATE_FLOW_LIBRE_URL")
        return super().status(settings)

    def translate_texts(self, texts: list[str], source: str, target: str) -> list[MTResult]:
        fields: dict[str, Any] = {"source": source, "target": target, "format": "text"}
        if self.key:
            fields["api_key"] = self.key
        if len(texts) == 1:
            reply = self.request("POST", f"{self.url}/translate", data={"q": texts[0], **fields})
            translated = [self._translated(reply)]
        else:
            reply = self.request("POST", f"{self.url}/translate", json_body={"q": texts, **fields})
            translated = self._translated(reply)
            if isinstance(translated, list) and len(translated) != len(texts):
                raise self.not_one_each(len(texts))
            if not isinstance(translated, list):
                translated = None
        if translated is None or not all(isinstance(t, str) for t in translated):
            raise self.no_translation()
        return [MTResult(text=t, origin=self.name) for t in translated]

    def _translated(self, reply: Reply) -> Any:
        body = self.json_of(reply)
        return body.get("translatedText") if isinstance(body, dict) else None
