"""The on-disk lemma cache: a later process answers from it without loading the dictionary."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from translate_flow.terms.lemma_store import LemmaStore
from translate_flow.terms.morphology import hunspell_available

LEMMATISE = """
import json, sys
from translate_flow.terms import morphology
words = sys.argv[1:]
lemmas = {w: list(morphology.belarusian_lemmas(w)) for w in words}
loaded = morphology._belarusian_dictionary.cache_info().currsize == 1
print(json.dumps({"lemmas": lemmas, "dictionary_loaded": loaded}))
"""


def _run(words: list[str], cache_dir) -> dict:
    env = {"TRANSLATE_FLOW_CACHE_DIR": str(cache_dir), "PATH": "/usr/bin:/bin"}
    out = subprocess.run(
        [sys.executable, "-c", LEMMATISE, *words], env=env, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


@pytest.mark.skipif(not hunspell_available(), reason="hunspell-be is not installed")
def test_second_run_answers_from_the_cache_without_reading_the_dictionary(tmp_path):
    words = ["Садружнасці", "Незалежных", "Дзяржаў", "бяспекі"]

    first = _run(words, tmp_path)
    second = _run(words, tmp_path)

    assert first["dictionary_loaded"] is True
    assert second["dictionary_loaded"] is False
    assert second["lemmas"] == first["lemmas"]
    assert "садружнасць" in first["lemmas"]["Садружнасці"]
    assert "дзяржава" in first["lemmas"]["Дзяржаў"]
    # A word the cache has not seen still reaches the dictionary.
    assert _run(["супрацоўніцтва"], tmp_path)["dictionary_loaded"] is True


def test_store_keeps_empty_answers_and_survives_an_unwritable_place(tmp_path):
    store = LemmaStore(tmp_path / "lemmas.sqlite")
    store.put("слова", ("слова",))
    store.put("xyz", ())
    store.flush()
    again = LemmaStore(tmp_path / "lemmas.sqlite")
    assert again.get("слова") == ("слова",)
    assert again.get("xyz") == ()
    assert again.get("невядомае") is None

    blocked = tmp_path / "file"
    blocked.write_text("not a directory", encoding="utf-8")
    broken = LemmaStore(blocked / "lemmas.sqlite")
    assert broken.get("слова") is None
    broken.put("слова", ("слова",))
    broken.flush()  # no error: the cache is only an optimisation
