"""Comparing the source of two versions of an article, sentence by sentence."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from translate_flow.errors import InputError
from translate_flow.services.access import readable_article
from translate_flow.services.context import Desk, load_actor
from translate_flow.store.db import transaction
from translate_flow.store.lookups import get_version, version_segments


@dataclass
class SentenceChange:
    """One step of the alignment: a sentence unchanged, changed, inserted or deleted, its
    segments in the two versions, and for a changed one the word diff (diff.tokens ops)."""

    kind: str
    old_segment: int | None
    new_segment: int | None
    paragraph: int
    old: str | None
    new: str | None
    diff: list[dict[str, Any]] | None


@dataclass
class VersionDiff:
    """The source changes from version `from_n` to version `to_n` of an article."""

    article: int
    from_n: int
    to_n: int
    counts: dict[str, int]  # unchanged, changed, inserted, deleted
    sentences: list[SentenceChange]

    def to_json(self) -> dict[str, Any]:
        return {
            "article": self.article,
            "from": self.from_n,
            "to": self.to_n,
            "counts": self.counts,
            "sentences": self.sentences,
        }


def diff_versions(
    desk: Desk, article_id: int, from_n: int | None = None, to_n: int | None = None
) -> VersionDiff:
    """The sentence alignment of two versions (default: the previous and the current one), with
    a word diff inside every changed sentence."""
    from translate_flow.diff.tokens import diff_words
    from translate_flow.text.align import align_segments

    with transaction(desk.engine) as session:
        article = readable_article(session, load_actor(session, desk.user_name), article_id)
        to_n = article.current_version if to_n is None else to_n
        if from_n is None:
            from_n = to_n - 1
            if from_n < 1:
                raise InputError(
                    f"version {to_n} is the first version of article {article_id}: "
                    "there is nothing before it to compare with"
                )
        old_version = get_version(session, article, from_n)
        new_version = get_version(session, article, to_n)
        old = version_segments(session, old_version.id)
        new = version_segments(session, new_version.id)
    sentences: list[SentenceChange] = []
    counts = {"unchanged": 0, "changed": 0, "inserted": 0, "deleted": 0}
    for old_index, new_index, kind in align_segments(
        [s.source for s in old], [s.source for s in new]
    ):
        counts[kind] += 1
        before = old[old_index] if old_index is not None else None
        after = new[new_index] if new_index is not None else None
        sentences.append(
            SentenceChange(
                kind=kind,
                old_segment=before.id if before else None,
                new_segment=after.id if after else None,
                paragraph=(after or before).paragraph,
                old=before.source if before else None,
                new=after.source if after else None,
                diff=[op.to_dict() for op in diff_words(before.source, after.source)]
                if kind == "changed"
                else None,
            )
        )
    return VersionDiff(article_id, from_n, to_n, counts, sentences)
