r"""Measuring a sentence segmenter against a gold set: shared by the tests and the benchmark.

Every reader returns paragraphs, each a list of its sentences; a paragraph's text is its
sentences joined with a single space, and only the boundaries inside a paragraph are scored.
Three formats are read:

- our gold sets: one sentence per line, paragraphs separated by a blank line, lines starting
  with "#" are comments (``parse_gold_set``);
- razdel's evaluation files (``*_sents.txt``): one document per line, its text cut into chunks
  by "|", the sentences being the chunks that are not only whitespace; ``\|`` is a literal bar
  and ``\n`` a line break (``parse_razdel_sents``);
- CoNLL-U treebanks: a sentence is a ``# text =`` comment, a paragraph ends at ``# newpar`` or
  ``# newdoc`` (``parse_conllu``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

# A segmenter under test: paragraph text -> (start, end) of each sentence.
SpanSegmenter = Callable[[str], Iterable[tuple[int, int]]]

# Sentences to a paragraph for a CoNLL-U file that marks no paragraphs.
CONLLU_GROUP = 10

_UNESCAPED_BAR = re.compile(r"(?<!\\)\|")
_PARAGRAPH_MARK = re.compile(r"^# new(?:doc|par)\b", re.MULTILINE)


def parse_gold_set(text: str) -> list[list[str]]:
    """Return the paragraphs of a gold set, each a list of its sentences."""
    paragraphs: list[list[str]] = []
    current: list[str] = []
    for line in text.splitlines():
        if line.startswith("#"):
            continue
        sentence = line.strip()
        if sentence:
            current.append(sentence)
        elif current:
            paragraphs.append(current)
            current = []
    if current:
        paragraphs.append(current)
    return paragraphs


def parse_razdel_sents(text: str) -> list[list[str]]:
    """Return the documents of a razdel ``*_sents.txt`` file, each a list of its sentences."""
    documents = []
    for line in text.splitlines():
        chunks = _UNESCAPED_BAR.split(line)
        sentences = [
            chunk.replace("\\|", "|").replace("\\n", "\n").strip()
            for chunk in chunks
            if chunk.strip()
        ]
        if sentences:
            documents.append(sentences)
    return documents


def parse_conllu(
    text: str, group: int = CONLLU_GROUP, paragraph_id: re.Pattern[str] | None = None
) -> list[list[str]]:
    """Return the paragraphs of a CoNLL-U file from its ``# text`` and ``# newpar`` comments.

    Some treebanks record paragraphs only in their sentence ids: UD_Belarusian-HSE's news
    items are ``telegraf-<item>-<paragraph>-<sentence>-be``, their headline alone in the
    first paragraph. With `paragraph_id`, a paragraph also ends where the pattern's first
    group, searched in ``# sent_id``, changes. A treebank without any ``# newdoc`` or
    ``# newpar`` (UD_Russian-GSD) and without `paragraph_id` keeps its sentences in file
    order, `group` to a paragraph, so that boundaries between them are scored at all.
    """
    marked = _PARAGRAPH_MARK.search(text) is not None or paragraph_id is not None
    paragraphs: list[list[str]] = []
    current: list[str] = []
    key: str | None = None
    for line in text.splitlines():
        if _PARAGRAPH_MARK.match(line) and current:
            paragraphs.append(current)
            current = []
        elif paragraph_id is not None and line.startswith("# sent_id"):
            found = paragraph_id.search(line.split("=", 1)[-1].strip())
            if found is not None:
                if found.group(1) != key and current:
                    paragraphs.append(current)
                    current = []
                key = found.group(1)
        elif line.startswith("# text =") or line.startswith("# text="):
            current.append(line.split("=", 1)[1].strip())
            if not marked and len(current) == group:
                paragraphs.append(current)
                current = []
    if current:
        paragraphs.append(current)
    return paragraphs


def gold_boundaries(sentences: list[str]) -> set[int]:
    """Offsets in the joined paragraph where a sentence ends, the paragraph's end excluded."""
    boundaries = set()
    offset = 0
    for sentence in sentences[:-1]:
        offset += len(sentence)
        boundaries.add(offset)
        offset += 1  # the single space joining two sentences
    return boundaries


def predicted_boundaries(paragraph: str, segmenter: SpanSegmenter) -> set[int]:
    """Sentence ends the segmenter reports inside the paragraph (its end excluded)."""
    end_of_text = len(paragraph.rstrip())
    return {end for _, end in segmenter(paragraph) if end < end_of_text}


def boundary_f1(
    gold_paragraphs: list[list[str]], segmenter: SpanSegmenter
) -> tuple[float, float, float]:
    """Micro-averaged (precision, recall, F1) of sentence boundaries over all paragraphs.

    With no boundary in the gold set and none predicted, every figure is 1.0.
    """
    true_positives = predicted_total = gold_total = 0
    for sentences in gold_paragraphs:
        paragraph = " ".join(sentences)
        gold = gold_boundaries(sentences)
        predicted = predicted_boundaries(paragraph, segmenter)
        true_positives += len(gold & predicted)
        predicted_total += len(predicted)
        gold_total += len(gold)
    precision = true_positives / predicted_total if predicted_total else 1.0
    recall = true_positives / gold_total if gold_total else 1.0
    if precision + recall == 0:
        return precision, recall, 0.0
    return precision, recall, 2 * precision * recall / (precision + recall)


def boundary_errors(
    gold_paragraphs: list[list[str]], segmenter: SpanSegmenter
) -> list[tuple[str, str, int]]:
    """List every wrong boundary as (kind, paragraph, offset); kind is "missed" or "spurious".

    For reading the failures of a segmenter, e.g. from the benchmark's ``--errors`` option.
    """
    errors = []
    for sentences in gold_paragraphs:
        paragraph = " ".join(sentences)
        gold = gold_boundaries(sentences)
        predicted = predicted_boundaries(paragraph, segmenter)
        errors += [("missed", paragraph, offset) for offset in sorted(gold - predicted)]
        errors += [("spurious", paragraph, offset) for offset in sorted(predicted - gold)]
    return errors
