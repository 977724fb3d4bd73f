"""What every network engine needs around it: parallel requests, retries, a circuit breaker and
segments split to the engine's length limit.

`ResilientEngine` wraps any Engine and calls it one text at a time (one request each), from a
thread pool bounded by `concurrency`, so a 300-segment article costs about 300/concurrency round
trips instead of 300. A failure the adapter marks `retryable` (HTTP 429, 5xx, a refused or dropped
connection) is asked again after an exponential backoff with jitter, or after the server's
Retry-After (capped, so a server cannot park the desk for an hour). After `breaker_threshold`
failures in a row, or one failure the adapter marks `fatal` (refused key, not the right server,
no answer in time), the breaker opens: the remaining segments fail at once with the reason, and
nothing more is sent to that engine during this run.

Identical texts in one batch are sent once. A text longer than the engine's `max_characters` is
split at sentence boundaries, else clause boundaries, else spaces, and the translated parts are
joined with the original whitespace between them.
"""

from __future__ import annotations

import random
import re
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from translate_flow.mt.base import Engine, MTResult, is_blank

DEFAULT_CONCURRENCY = 4


@dataclass(frozen=True)
class LayerPolicy:
    concurrency: int = DEFAULT_CONCURRENCY  # requests in flight at once, per engine
    retries: int = 3  # further attempts after a retryable failure
    backoff: float = 0.5  # seconds before the first retry; doubled for each further one
    max_backoff: float = 8.0
    max_retry_after: float = 30.0  # a longer Retry-After is cut to this
    breaker_threshold: int = 5  # consecutive failures that stop the engine for the run


class ResilientEngine(Engine):
    """An engine wrapped in the layer; it keeps the wrapped engine's name and on_premises."""

    def __init__(
        self,
        engine: Engine,
        policy: LayerPolicy | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.engine = engine
        self.policy = policy or LayerPolicy()
        self.name = engine.name
        self.on_premises = engine.on_premises
        self.max_characters = engine.max_characters
        self._sleep = sleep
        self._slots = threading.BoundedSemaphore(max(1, self.policy.concurrency))
        self._lock = threading.Lock()
        self._failures_in_a_row = 0
        self._open_reason: str | None = None
        self.characters_sent = 0  # every character put in a request, retries included
        self.requests_sent = 0

    def output_settings(self) -> dict:
        return self.engine.output_settings()

    @property
    def open_reason(self) -> str | None:
        """Why the breaker is open, or None while the engine is still called."""
        return self._open_reason

    def translate_batch(self, texts: list[str], source: str, target: str) -> list[MTResult]:
        pieces_of: dict[str, list[str]] = {}
        for text in texts:
            if not is_blank(text) and text not in pieces_of:
                pieces_of[text] = split_for_limit(text, self.max_characters)
        unique_pieces = list(dict.fromkeys(p for ps in pieces_of.values() for p in ps))
        translated: dict[str, MTResult] = {}
        if unique_pieces:
            workers = max(1, min(self.policy.concurrency, len(unique_pieces)))
            with ThreadPoolExecutor(max_workers=workers, thread_name_prefix=self.name) as pool:
                answers = pool.map(
                    lambda p: self._translate_piece(p, source, target), unique_pieces
                )
                translated = dict(zip(unique_pieces, answers, strict=True))
        results = []
        for text in texts:
            if is_blank(text):
                results.append(MTResult(text=text, origin=self.name))
            else:
                results.append(_joined([translated[p] for p in pieces_of[text]], self.name))
        return results

    def _translate_piece(self, piece: str, source: str, target: str) -> MTResult:
        # The engine sees the piece without its surrounding whitespace, which goes back around
        # the translation: the split keeps the spaces between the parts.
        core = piece.strip()
        lead = piece[: len(piece) - len(piece.lstrip())]
        trail = piece[len(piece.rstrip()) :]
        result = self._call(core, source, target)
        if result.text is not None:
            result.text = lead + result.text + trail
        return result

    def _call(self, text: str, source: str, target: str) -> MTResult:
        attempt = 0
        while True:
            if self._open_reason is not None:
                return MTResult(text=None, error=self._open_reason, origin=self.name, fatal=True)
            with self._slots:
                with self._lock:
                    self.characters_sent += len(text)
                    self.requests_sent += 1
                result = self.engine.translate_batch([text], source, target)[0]
            if result.text is not None:
                with self._lock:
                    self._failures_in_a_row = 0
                return result
            if result.retryable and attempt < self.policy.retries:
                self._sleep(self._wait(result, attempt))
                attempt += 1
                continue
            self._failed(result)
            return result

    def _wait(self, result: MTResult, attempt: int) -> float:
        if result.retry_after is not None:
            return min(result.retry_after, self.policy.max_retry_after)
        ceiling = min(self.policy.max_backoff, self.policy.backoff * 2**attempt)
        # Jitter spreads the retries of parallel requests, so they do not hit the server together.
        return random.uniform(ceiling / 2, ceiling)

    def _failed(self, result: MTResult) -> None:
        with self._lock:
            self._failures_in_a_row += 1
            if self._open_reason is not None:
                return
            if result.fatal:
                self._open_reason = result.error or f"{self.name}: failed"
            elif self._failures_in_a_row >= self.policy.breaker_threshold:
                self._open_reason = (
                    f"{self.name}: not sent: {self._failures_in_a_row} requests in a row failed, "
                    f"the last with: {result.error}"
                )


def _joined(parts: list[MTResult], origin: str) -> MTResult:
    for part in parts:
        if part.text is None:
            return part
    if len(parts) == 1:
        return parts[0]
    return MTResult(text="".join(p.text or "" for p in parts), origin=origin)


# Finest last: a sentence end, a clause boundary (comma, semicolon, colon, a dash between
# spaces), any space. A piece with no space at all is cut hard.
_BOUNDARIES = (
    re.compile(r"(?<=[.!?…])\s+"),
    re.compile(r"(?<=[,;:])\s+|\s+(?=[–—]\s)"),
    re.compile(r"\s+"),
)


def split_for_limit(text: str, limit: int | None) -> list[str]:
    """Pieces of at most `limit` characters whose concatenation is `text`."""
    if limit is None or len(text) <= limit:
        return [text]
    return _split(text, limit, 0)


def _split(text: str, limit: int, level: int) -> list[str]:
    if len(text) <= limit:
        return [text]
    if level == len(_BOUNDARIES):
        return [text[i : i + limit] for i in range(0, len(text), limit)]
    units, start = [], 0
    for match in _BOUNDARIES[level].finditer(text):
        units.append(text[start : match.end()])
        start = match.end()
    units.append(text[start:])
    chunks: list[str] = []
    current = ""
    for unit in units:
        if len(current) + len(unit) <= limit:
            current += unit
            continue
        if current:
            chunks.append(current)
            current = ""
        if len(unit) <= limit:
            current = unit
        else:
            chunks.extend(_split(unit, limit, level + 1))
    if current:
        chunks.append(current)
    return chunks


def characters_sent(engine: Engine) -> dict[str, int]:
    """Characters sent per engine name by `engine` and the engines inside it (a chain)."""
    counts: dict[str, int] = {}
    for part in getattr(engine, "parts", None) or [engine]:
        if isinstance(part, ResilientEngine):
            counts[part.name] = counts.get(part.name, 0) + part.characters_sent
        elif getattr(part, "parts", None):
            for name, n in characters_sent(part).items():
                counts[name] = counts.get(name, 0) + n
    return counts
