"""The translation memory as an engine: fills segments with stored translations, offline."""

from __future__ import annotations

from typing import Any

from translate_flow.mt.base import Engine, EngineError, EngineStatus, MTResult, is_blank
from translate_flow.tm.memory import DEFAULT_THRESHOLD, MemoryLookup


class TMEngine(Engine):
    """Exact matches score 100; otherwise the best fuzzy match at or above the threshold.

    A fuzzy match gives the stored target as it is: the translator sees its score and edits it.
    The caller chooses the memory of the batch's language pair; a memory that knows its pair
    refuses a batch of another pair rather than fill German segments with English text.
    """

    name = "tm"
    on_premises = True
    pairs = "as imported"
    layered = False  # answered from the database: nothing to parallelise or retry

    @classmethod
    def from_settings(cls, settings: Any, memory: MemoryLookup | None = None) -> TMEngine:
        if memory is None:
            raise EngineError(
                "tm: no translation memory for this language pair; import one or use another engine"
            )
        return cls(memory)

    @classmethod
    def status(cls, settings: Any) -> EngineStatus:
        return EngineStatus(True, "approved translations and imported TMX")

    def __init__(self, memory: MemoryLookup, threshold: float = DEFAULT_THRESHOLD) -> None:
        self.memory = memory
        self.threshold = threshold

    def translate_batch(self, texts: list[str], source: str, target: str) -> list[MTResult]:
        mismatch = self._language_pair_mismatch(source, target)
        if mismatch:
            return [MTResult(text=None, error=mismatch, origin=self.name) for _ in texts]
        no_match = f"no translation-memory match ≥ {self.threshold:g}%"
        results = []
        for text in texts:
            if is_blank(text):
                results.append(MTResult(text=text, origin=self.name))
                continue
            matches = self.memory.lookup(text, threshold=self.threshold, limit=1)
            if matches:
                best = matches[0]
                results.append(MTResult(text=best.target, origin=self.name, score=best.score))
            else:
                results.append(MTResult(text=None, error=no_match, origin=self.name))
        return results

    def _language_pair_mismatch(self, source: str, target: str) -> str | None:
        memory_pair = (self.memory.source_lang, self.memory.target_lang)
        if None in memory_pair or memory_pair == (source, target):
            return None
        return (
            f"tm: the translation memory holds {memory_pair[0]}→{memory_pair[1]}, "
            f"not {source}→{target}"
        )
