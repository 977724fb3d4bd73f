"""Two engines in a row through a pivot language: `apertium+libre` translates Belarusian into
Russian on this machine, then Russian into the target language.

A text already in the pivot language skips the first engine. The chain is on-premises only when
both engines are, so `apertium+google` is still refused for restricted articles.
"""

from __future__ import annotations

from translate_flow.mt.base import Engine, MTResult

PIVOT = "ru"


class ChainEngine(Engine):
    def __init__(self, first: Engine, second: Engine, pivot: str = PIVOT) -> None:
        self.parts = [first, second]
        self.pivot = pivot
        self.name = f"{first.name}+{second.name}"
        self.on_premises = first.on_premises and second.on_premises

    def output_settings(self) -> dict:
        return {part.name: part.output_settings() for part in self.parts} | {"pivot": self.pivot}

    def translate_batch(self, texts: list[str], source: str, target: str) -> list[MTResult]:
        first, second = self.parts
        if source == self.pivot:
            middle = [MTResult(text=t, origin=first.name) for t in texts]
        else:
            middle = first.translate_batch(texts, source, self.pivot)
        if target == self.pivot:
            return [self._named(r) for r in middle]
        todo = [i for i, r in enumerate(middle) if r.text is not None]
        finals = second.translate_batch([middle[i].text or "" for i in todo], self.pivot, target)
        results = [self._named(r) for r in middle]
        for i, result in zip(todo, finals, strict=True):
            results[i] = self._named(result)
        return results

    def _named(self, result: MTResult) -> MTResult:
        if result.text is not None:
            result.origin = self.name
        return result
