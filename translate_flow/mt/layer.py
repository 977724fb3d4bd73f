"""What every network engine needs around it: parallel requests, batches, retries, a circuit
breaker and segments split to the engine's length limit.

`ResilientEngine` wraps any Engine and sends its texts in requests of as many texts as the engine
takes at once (`max_batch_texts`, `max_batch_characters`: 50 for DeepL and LibreTranslate, one for
the rest), from a thread pool bounded by `concurrency`: a 300-segment article costs DeepL six
requests, two round trips at the default concurrency of 4, where one text per request costs 300
requests in 75 round trips.

Each request is retried on its own: a failure the adapter marks `retryable` (HTTP 429, 5xx, a
refused or dropped connection) is asked again after an exponential backoff with jitter, or after
the server's Retry-After (capped, so a server cannot park the desk for an hour). A request of
several texts that still fails, other than for a rate limit or fatally, sends its texts again one
per request, so one text the server refuses does not cost the other 49 theirs. After
`breaker_threshold` failed requests in a row, or one failure the adapter marks `fatal` (refused
key, not the right server, no answer in time), the breaker opens: the remaining segments fail at
once with the reason, and nothing more is sent to that engine during this run.

A run stopped by Ctrl-C or SIGTERM sends nothing more: the threads waiting to retry wake up
and give up, so the command ends once the requests already on the wire are answered.

Identical texts in one batch are sent once. A text longer than the engine's `max_characters` is
split at sentence boundaries, else clause boundaries, else spaces, and the translated parts are
joined with the original whitespace between them.
"""

from __future__ import annotations

import random
import re
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace

from translate_flow.mt.base import (
    Engine,
    GlossaryUse,
    MTResult,
    PairGlossary,
    is_blank,
    stopped_reason,
)

DEFAULT_CONCURRENCY = 4


@dataclass(frozen=True)
class LayerPolicy:
    concurrency: int = DEFAULT_CONCURRENCY  # requests in flight at once, per engine
    retries: int = 3  # further attempts after a retryable failure
    backoff: float = 0.5  # seconds before the first retry; doubled for each further one
    max_backoff: float = 8.0
    max_retry_after: float = 30.0  # a longer Retry-After is cut to this
    breaker_threshold: int = 5  # consecutive failed requests that stop the engine for the run
    batch_texts: int | None = None  # texts per request at most (None: as many as the engine takes)


class ResilientEngine(Engine):
    """An engine wrapped in the layer; it keeps the wrapped engine's name and on_premises."""

    def __init__(
        self,
        engine: Engine,
        policy: LayerPolicy | None = None,
        sleep: Callable[[float], None] | None = None,
    ) -> None:
        self.engine = engine
        self.policy = policy or LayerPolicy()
        self.name = engine.name
        self.on_premises = engine.on_premises
        self.max_characters = engine.max_characters
        most = engine.max_batch_texts
        self.batch_texts = max(1, min(self.policy.batch_texts or most, most))
        self.max_batch_characters = engine.max_batch_characters
        # Set when the run is stopped (Ctrl-C, SIGTERM): waiting threads wake up and send nothing
        # more, so the command ends at once instead of after every pending retry.
        self._stopped = threading.Event()
        self._sleep = sleep or self._pause
        self._slots = threading.BoundedSemaphore(max(1, self.policy.concurrency))
        self._lock = threading.Lock()
        self._failures_in_a_row = 0
        self._open_reason: str | None = None
        self.characters_sent = 0  # every character put in a request, retries included
        self.requests_sent = 0  # HTTP requests, retries included

    def output_settings(self) -> dict:
        return self.engine.output_settings()

    def use_glossary(self, glossary: PairGlossary) -> GlossaryUse:
        return self.engine.use_glossary(glossary)

    @property
    def open_reason(self) -> str | None:
        """Why the breaker is open, or None while the engine is still called."""
        return self._open_reason

    def translate_batch(self, texts: list[str], source: str, target: str) -> list[MTResult]:
        pieces_of: dict[str, list[str]] = {}
        for text in texts:
            if not is_blank(text) and text not in pieces_of:
                pieces_of[text] = split_for_limit(text, self.max_characters)
        # The engine sees each piece without its surrounding whitespace, which goes back around
        # the translation: the split keeps the spaces between the parts.
        cores = [p.strip() for ps in pieces_of.values() for p in ps if not is_blank(p)]
        answers = self._translate_all(list(dict.fromkeys(cores)), source, target)
        results = []
        for text in texts:
            if is_blank(text):
                results.append(MTResult(text=text, origin=self.name))
            else:
                parts = [self._piece_result(p, answers) for p in pieces_of[text]]
                results.append(_joined(parts, self.name))
        return results

    def _piece_result(self, piece: str, answers: dict[str, MTResult]) -> MTResult:
        if is_blank(piece):
            return MTResult(text=piece, origin=self.name)
        # A copy for each segment: a wrapper that changes one result (mt/terms.py) must not
        # change those of the same text elsewhere in the batch.
        answer = replace(answers[piece.strip()])
        if answer.text is not None:
            lead = piece[: len(piece) - len(piece.lstrip())]
            trail = piece[len(piece.rstrip()) :]
            answer.text = lead + answer.text + trail
        return answer

    def _translate_all(self, texts: list[str], source: str, target: str) -> dict[str, MTResult]:
        slots = max(1, self.policy.concurrency)
        batches = request_batches(texts, self.batch_texts, self.max_batch_characters, slots)
        answers: dict[str, MTResult] = {}
        alone: list[list[str]] = []
        for batch, results in zip(batches, self._in_parallel(batches, source, target), strict=True):
            for text, result in zip(batch, results, strict=True):
                answers[text] = result
                if len(batch) > 1 and self._worth_sending_alone(result):
                    alone.append([text])
        for [text], [result] in zip(alone, self._in_parallel(alone, source, target), strict=True):
            answers[text] = result
        return answers

    def _worth_sending_alone(self, result: MTResult) -> bool:
        # The server refused the request (a 400 for one bad text, a 5xx it kept giving, an answer
        # that could not be read): one text per request finds the texts it does take. Not after a
        # rate limit, which more requests would only make worse, nor once the breaker is open.
        return (
            result.text is None
            and not result.fatal
            and result.http_status != 429
            and self._open_reason is None
        )

    def _in_parallel(
        self, batches: list[list[str]], source: str, target: str
    ) -> list[list[MTResult]]:
        if not batches:
            return []
        workers = max(1, min(self.policy.concurrency, len(batches)))
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix=self.name) as pool:
            try:
                return list(pool.map(lambda batch: self._call(batch, source, target), batches))
            except BaseException:
                # Leaving the block waits for the threads: they must stop retrying, and stop
                # waiting for the answers of requests already sent, first.
                self._stopped.set()
                self.engine.stop()
                raise

    def _pause(self, seconds: float) -> None:
        """Wait before a retry, or less if the run is stopped meanwhile."""
        self._stopped.wait(seconds)

    def _call(self, texts: list[str], source: str, target: str) -> list[MTResult]:
        """One request for `texts`, asked again while it fails in a way worth retrying."""
        attempt = 0
        while True:
            if self._stopped.is_set():
                reason = stopped_reason(self.name)
                return [MTResult(None, reason, self.name, fatal=True) for _ in texts]
            if self._open_reason is not None:
                reason = self._open_reason
                return [MTResult(None, reason, self.name, fatal=True) for _ in texts]
            with self._slots:
                with self._lock:
                    self.characters_sent += sum(len(text) for text in texts)
                    self.requests_sent += 1
                results = self._ask(texts, source, target)
            # The APIs that take several texts answer all of them or none: the first failure
            # stands for the request.
            failure = next((r for r in results if r.text is None), None)
            if failure is None:
                with self._lock:
                    self._failures_in_a_row = 0
                return results
            if failure.retryable and attempt < self.policy.retries:
                self._sleep(self._wait(failure, attempt))
                attempt += 1
                continue
            self._failed(failure)
            return results

    def _ask(self, texts: list[str], source: str, target: str) -> list[MTResult]:
        """The engine's answers; an engine that raises (a plug-in's bug) or answers the wrong
        number of results fails the request with the reason instead of stopping the run."""
        try:
            results = self.engine.translate_batch(texts, source, target)
        except Exception as exc:
            reason = f"{self.name}: {type(exc).__name__}: {exc}"
            return [MTResult(None, reason, self.name, fatal=True) for _ in texts]
        if len(results) != len(texts):
            reason = f"{self.name}: {len(results)} results for {len(texts)} texts"
            return [MTResult(None, reason, self.name, fatal=True) for _ in texts]
        return results

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


def request_batches(
    texts: list[str], max_texts: int, max_characters: int | None = None, slots: int = 1
) -> list[list[str]]:
    """`texts` in order, grouped into requests of at most `max_texts` texts and `max_characters`
    characters in all (a longer text goes alone), of even size, and at least `slots` requests
    while there are enough texts. A server such as LibreTranslate translates a request's texts
    one after another, so filling every request slot keeps all its workers busy; DeepL costs a
    round trip per request whatever its size, so one more request costs nothing."""
    if not texts:
        return []
    count = max(-(-len(texts) // max(1, max_texts)), min(slots, len(texts)))
    per_request = -(-len(texts) // count)
    batches: list[list[str]] = []
    size = 0
    for text in texts:
        fits = max_characters is None or size + len(text) <= max_characters
        if batches and len(batches[-1]) < per_request and fits:
            batches[-1].append(text)
            size += len(text)
        else:
            batches.append([text])
            size = len(text)
    return batches


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
