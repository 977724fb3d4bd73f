"""EngineError on its own, below both mt/base.py and mt/settings.py: the settings refuse a bad
value with it, and base.py (which reads the settings classes) offers it to every engine."""

from __future__ import annotations

from translate_flow.errors import TranslateFlowError


class EngineError(TranslateFlowError):
    """An engine is misconfigured; the message says what to set or which engine to use instead."""
