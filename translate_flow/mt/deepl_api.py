"""DeepL through its official Python package (`deepl`), against api.deepl.com or any server_url.

The package retries 429 and 5xx on its own (five times, from one second up) and waits at least
ten seconds for an answer, both through module-level settings. Changing those would change every
other DeepL user in the process, so each translator object we create gets, on the instance only,
a retry rule that never retries (mt/layer.py retries, with the desk's policy) and our timeout.

Glossary terms go to DeepL as a DeepL glossary of the language pair (mt/deepl_glossary.py), passed
with every request of that pair; where DeepL refuses one, the caller falls back to placeholders.
"""

from __future__ import annotations

import logging
from typing import Any

from translate_flow.mt.base import (
    Engine,
    EngineError,
    GlossaryUse,
    MTResult,
    PairGlossary,
    is_blank,
)

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT = 10.0
CONNECT_TIMEOUT = 5.0
FORMALITIES = ("default", "more", "less", "prefer_more", "prefer_less")
# DeepL wants a regional variant for English output; a European desk writes British English.
_TARGET_CODES = {"en": "EN-GB", "pt": "PT-PT"}


class DeepLEngine(Engine):
    name = "deepl"
    on_premises = False  # text goes to DeepL's servers
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
        if url is not None and not url.startswith(("http://", "https://")):
            raise EngineError(
                f"deepl: server URL {url!r} must start with http:// or https://; "
                "fix TRANSLATE_FLOW_DEEPL_URL"
            )
        if formality is not None and formality not in FORMALITIES:
            raise EngineError(
                f"deepl: formality {formality!r} is not one of {', '.join(FORMALITIES)}; "
                "fix TRANSLATE_FLOW_DEEPL_FORMALITY"
            )
        self.key = key
        self.url = url.rstrip("/") + "/" if url else None
        self.formality = formality
        self.timeout = timeout
        self._glossary_ids: dict[tuple[str, str], str] = {}  # language pair → DeepL glossary

    def output_settings(self) -> dict:
        return {"url": self.url, "formality": self.formality}

    def use_glossary(self, glossary: PairGlossary) -> GlossaryUse:
        """Find or create the DeepL glossary of the pair's entries (mt/deepl_glossary.py)."""
        import deepl

        from translate_flow.mt.deepl_glossary import sync_glossary

        if not glossary.entries:
            return GlossaryUse(None)
        pair = f"{glossary.source}→{glossary.target}"
        translator = self._translator()
        try:
            synced = sync_glossary(
                translator, glossary.source, glossary.target, glossary.version, glossary.entries
            )
        except deepl.DeepLException as exc:
            note = (
                f"deepl: no DeepL glossary for {pair} ({_first_line(exc)}); "
                "glossary terms are protected with placeholders instead"
            )
            log.warning(note)
            return GlossaryUse(None, note)
        except ValueError as exc:  # an entry the deepl package refuses to send
            note = f"deepl: glossary for {pair} not sent ({exc}); placeholders instead"
            log.warning(note)
            return GlossaryUse(None, note)
        finally:
            translator.close()
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

    def translate_batch(self, texts: list[str], source: str, target: str) -> list[MTResult]:
        results: list[MTResult | None] = [
            MTResult(text=t, origin=self.name) if is_blank(t) else None for t in texts
        ]
        todo = [i for i, r in enumerate(results) if r is None]
        if todo:
            answers = self._request([texts[i] for i in todo], source, target)
            for i, answer in zip(todo, answers, strict=True):
                results[i] = answer
        return [r for r in results if r is not None]

    def _request(self, texts: list[str], source: str, target: str) -> list[MTResult]:
        import deepl

        translator = self._translator()
        try:
            answer = translator.translate_text(
                texts,
                source_lang=source.upper(),
                target_lang=_TARGET_CODES.get(target, target.upper()),
                formality=self.formality,
                glossary=self._glossary_ids.get((source, target)),
            )
        except deepl.DeepLException as exc:
            failure = self._failure(exc)
            return [failure for _ in texts]
        except (ValueError, KeyError, TypeError) as exc:  # a malformed answer
            reason = f"deepl: the answer from {self._where()} held no translation ({exc})"
            return [MTResult(text=None, error=reason, origin=self.name) for _ in texts]
        finally:
            translator.close()
        return [MTResult(text=result.text, origin=self.name) for result in answer]

    def _translator(self) -> Any:
        import deepl

        translator = deepl.Translator(self.key, server_url=self.url, send_platform_info=False)
        _without_own_retries(translator, (min(CONNECT_TIMEOUT, self.timeout), self.timeout))
        return translator

    def _failure(self, exc: Any) -> MTResult:
        import deepl

        status = exc.http_status_code
        where = self._where()
        if isinstance(exc, deepl.ConnectionException):
            timed_out = "timed out" in str(exc).lower()
            problem = f"no answer within {self.timeout:g} s" if timed_out else "cannot connect"
            reason = f"deepl: cannot reach {where} ({problem}); check the server or use --engine tm"
            return MTResult(None, reason, self.name, fatal=True, retryable=not timed_out)
        said = f"deepl: {where} answered HTTP {status}: {exc}"
        if status == 403:
            reason = f"{said}; check TRANSLATE_FLOW_DEEPL_KEY"
            return MTResult(None, reason, self.name, http_status=status, fatal=True)
        if status == 456:  # quota exceeded: nothing more this billing period
            return MTResult(None, said, self.name, http_status=status, fatal=True)
        retryable = status is not None and (status == 429 or status >= 500)
        return MTResult(None, said, self.name, http_status=status, retryable=retryable)

    def _where(self) -> str:
        return self.url.rstrip("/") if self.url else "api.deepl.com"


def _first_line(exc: Exception) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__


def _without_own_retries(translator: Any, timeout: tuple[float, float]) -> None:
    client = translator._client
    client._should_retry = lambda response, exception, num_retries: False
    send = client._internal_request

    def with_our_timeout(request: Any, stream: bool, **kwargs: Any) -> Any:
        kwargs.pop("timeout", None)  # the package's own: at least ten seconds
        return send(request, stream, timeout=timeout, **kwargs)

    client._internal_request = with_our_timeout
