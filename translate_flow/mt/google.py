"""Google Translate's public mobile page: GET {url}?sl=..&tl=..&q=.. answers an HTML page with the
translation in <div class="result-container">. No key; the text goes to Google.

The URL setting exists for a desk behind a mirror (and for tests); it is never on-premises.
"""

from __future__ import annotations

import html
import re
from typing import Any, ClassVar

from translate_flow.mt.base import MTResult
from translate_flow.mt.http import DEFAULT_TIMEOUT, Failure, HttpEngine
from translate_flow.mt.settings import EngineSettings

GOOGLE_URL = "https://translate.google.com/m"
# The page's form field takes at most this many characters.
MAX_CHARACTERS = 4999
# Language codes the page accepts (ISO 639-1, and Google's own for a few).
LANGUAGES = frozenset(
    "af am ar az be bg bn bs ca ceb co cs cy da de el en eo es et eu fa fi fr fy ga gd gl gu ha "
    "haw hi hmn hr ht hu hy id ig is it iw he ja jw ka kk km kn ko ku ky la lb lo lt lv mg mi mk "
    "ml mn mr ms mt my ne nl no ny or pa pl ps pt ro ru rw sd si sk sl sm sn so sq sr st su sv "
    "sw ta te tg th tk tl tr tt ug uk ur uz vi xh yi yo zh-CN zh-TW zu auto".split()
)
_RESULT = re.compile(r'<div class="result-container">(.*?)</div>', re.DOTALL)


class GoogleEngine(HttpEngine):
    name = "google"
    Settings: ClassVar[type[EngineSettings]] = EngineSettings
    default_url = GOOGLE_URL
    service_note = "public web service, no key"
    max_characters = MAX_CHARACTERS

    def __init__(self, url: str | None = None, timeout: float = DEFAULT_TIMEOUT) -> None:
        super().__init__(url or GOOGLE_URL, timeout=timeout)

    @classmethod
    def from_settings(cls, settings: Any, memory: Any = None) -> GoogleEngine:
        return cls(settings.url, settings.timeout)

    def translate_batch(self, texts: list[str], source: str, target: str) -> list[MTResult]:
        if source not in LANGUAGES or target not in LANGUAGES:
            reason = f"{self.name}: cannot translate {source or '?'}→{target or '?'}"
            return [MTResult(text=None, error=reason, origin=self.name) for _ in texts]
        return super().translate_batch(texts, source, target)

    def translate_one(self, text: str, source: str, target: str) -> str:
        if len(text) > MAX_CHARACTERS:
            raise Failure(
                f"{self.name}: segment of {len(text)} characters is too long for this engine "
                f"(at most {MAX_CHARACTERS}); split it"
            )
        reply = self.request("GET", self.url, params={"tl": target, "sl": source, "q": text})
        found = _RESULT.search(self.text_of(reply))
        if found is None:
            raise self.no_translation()
        return html.unescape(re.sub(r"<[^>]+>", "", found.group(1))).strip()
