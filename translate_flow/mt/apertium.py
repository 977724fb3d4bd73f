"""Apertium, the rule-based engine, run as a local program: Belarusian → Russian, on-premises.

A batch is one `apertium -u bel-rus` run with one segment per line (apertium keeps lines), so an
article costs one process start, not one per sentence. `-u` leaves unknown words as they are
instead of marking them with `*`, because the Russian output may go on to another engine
(`apertium+libre`), which would translate the marks too.
"""

from __future__ import annotations

import shutil
import subprocess
from typing import Any, ClassVar

from translate_flow.mt.base import (
    Engine,
    EngineError,
    EngineStatus,
    MTResult,
    blank_answers_failed,
    is_blank,
)
from translate_flow.mt.settings import EngineSettings

# Language pairs the Debian packages give, and the apertium mode of each.
MODES = {("be", "ru"): "bel-rus"}
DEFAULT_TIMEOUT = 60.0
INSTALL_HINT = "install it with: apt-get install apertium apertium-bel-rus"


class ApertiumEngine(Engine):
    name = "apertium"
    on_premises = True  # a program on this machine
    Settings: ClassVar[type[EngineSettings]] = EngineSettings  # timeout only is used
    pairs = "be→ru"
    default_timeout = DEFAULT_TIMEOUT
    layered = False  # one local process per batch: nothing to parallelise or retry

    def __init__(self, program: str = "apertium", timeout: float = DEFAULT_TIMEOUT) -> None:
        path = shutil.which(program)
        if path is None:
            raise EngineError(f"apertium: the program {program!r} is not installed; {INSTALL_HINT}")
        self.program = path
        self.timeout = timeout

    @classmethod
    def from_settings(cls, settings: Any, memory: Any = None) -> ApertiumEngine:
        return cls(timeout=settings.timeout)

    @classmethod
    def status(cls, settings: Any) -> EngineStatus:
        if shutil.which("apertium") is None:
            return EngineStatus(False, "apt-get install apertium apertium-bel-rus")
        return EngineStatus(True, "chain: apertium+libre")

    def output_settings(self) -> dict:
        return {"modes": sorted(MODES.values())}

    def translate_batch(self, texts: list[str], source: str, target: str) -> list[MTResult]:
        mode = MODES.get((source, target))
        if mode is None:
            pairs = ", ".join(f"{s}→{t}" for s, t in MODES)
            reason = f"apertium: cannot translate {source}→{target} (installed: {pairs})"
            return [MTResult(text=None, error=reason, origin=self.name) for _ in texts]
        todo = [t for t in texts if not is_blank(t)]
        # A segment is one line for apertium: a line break inside one becomes a space.
        lines = [" ".join(t.split()) for t in todo]
        try:
            translated = self._run(mode, "\n".join(lines) + "\n").split("\n")
            if translated and translated[-1] == "":
                translated.pop()
            if len(translated) != len(lines):
                # Should apertium ever merge or split lines, fall back to one run per segment.
                translated = [self._run(mode, line + "\n").strip("\n") for line in lines]
        except _Failure as failure:
            return [
                MTResult(text=t, origin=self.name)
                if is_blank(t)
                else MTResult(text=None, error=failure.reason, origin=self.name)
                for t in texts
            ]
        answers = blank_answers_failed(
            todo, [MTResult(text=t, origin=self.name) for t in translated], f"apertium {mode}"
        )
        given = iter(answers)
        return [MTResult(text=t, origin=self.name) if is_blank(t) else next(given) for t in texts]

    def _run(self, mode: str, text: str) -> str:
        try:
            done = subprocess.run(
                [self.program, "-u", mode],
                input=text,
                capture_output=True,
                text=True,
                encoding="utf-8",
                timeout=self.timeout,
            )
        except subprocess.TimeoutExpired as exc:
            raise _Failure(f"apertium: no answer within {self.timeout:g} s") from exc
        except OSError as exc:  # the program vanished or cannot be run
            raise _Failure(f"apertium cannot be run ({exc}); {INSTALL_HINT}") from exc
        if done.returncode != 0:
            detail = done.stderr.strip().splitlines()[-1:] or ["no message"]
            raise _Failure(f"apertium {mode} failed ({detail[0]}); {INSTALL_HINT}")
        return done.stdout


class _Failure(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
