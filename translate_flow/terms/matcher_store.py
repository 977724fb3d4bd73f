"""Built term matchers kept between runs, so a command does not lemmatise the whole glossary.

Building a TermMatcher analyses every term (pymorphy3, hunspell, stemmers): with a glossary of
40,000 concepts that took most of the 13 s a `segment edit` needed, on every run, because each
command is a new process. The matcher is a function of the glossary's content and the languages
asked for, so it is saved, pickled, under a digest of both in the user's cache directory (the
lemma store's: $TRANSLATE_FLOW_CACHE_DIR, $XDG_CACHE_HOME/translate-flow or
~/.cache/translate-flow) and loaded the next time the same glossary is asked for.

Like the lemma store it is only an optimisation: a missing, unreadable or stale file means the
matcher is built again, and deleting the directory is always safe. The files are the user's own
(pickle is only ever read from there). The digest includes the size and modification time of
the modules that decide what a matcher holds, so a changed matcher or lemmatiser (an upgrade, a
developer's edit) never meets an old file; FORMAT can force the same by hand.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import tempfile
from pathlib import Path
from typing import Any

from translate_flow.terms.lemma_store import cache_dir

FORMAT = "1"
# Matchers kept; the oldest beyond this are deleted when a new one is saved.
KEEP = 8


_SHAPING_MODULES = ("matcher.py", "normalize.py", "morphology.py", "model.py", "matcher_store.py")


def matcher_key(glossary_digest: str, langs: tuple[str, ...] | None) -> str:
    here = Path(__file__).parent
    code = [(name, (here / name).stat().st_size, (here / name).stat().st_mtime_ns)
            for name in _SHAPING_MODULES]  # fmt: skip
    wanted = ",".join(sorted(langs)) if langs is not None else "*"
    text = f"{FORMAT}|{code}|{glossary_digest}|{wanted}"
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _directory() -> Path:
    return cache_dir() / "matchers"


def load_matcher(key: str) -> Any | None:
    """The matcher saved under `key`, or None when there is none (or it cannot be read)."""
    path = _directory() / f"{key}.pickle"
    if not path.is_file():
        return None
    # The garbage collector would scan the growing heap again and again while hundreds of
    # thousands of objects are created: loading a 40,000-concept matcher took 1.5 s with it,
    # 0.5 s without. Nothing loaded here is cyclic garbage. Collecting first, while the heap is
    # still small, keeps garbage made before from being frozen with the matcher below.
    gc.collect()
    gc.disable()
    try:
        with path.open("rb") as file:
            matcher = pickle.load(file)
    except FileNotFoundError:
        return None
    except Exception:  # a truncated or foreign file: build the matcher again
        path.unlink(missing_ok=True)
        return None
    finally:
        gc.enable()
    # Nor is anything in it garbage later: moved out of the collector's sight, it is not scanned
    # again by every full collection the rest of the command triggers.
    gc.freeze()
    os.utime(path)  # recently used: kept longest
    return matcher


def save_matcher(key: str, matcher: Any) -> None:
    """Save `matcher` under `key`; a failure to write only costs the next run the build."""
    directory = _directory()
    try:
        directory.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=directory, suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(handle, "wb") as file:
            pickle.dump(matcher, file, pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, directory / f"{key}.pickle")
        saved = sorted(directory.glob("*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in saved[KEEP:]:
            old.unlink(missing_ok=True)
    except Exception:  # only an optimisation: the next run builds the matcher again
        Path(temporary).unlink(missing_ok=True)
