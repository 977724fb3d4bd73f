"""What every machine-translation engine offers: a batch of texts in, one result per text out,
and what it declares about itself for the registry (mt/registry.py): its name, its settings
class, its language pairs, its public default endpoint, and how it is built from its settings.

Engines never raise for one segment that failed: its result carries text=None and the reason, so
one bad sentence does not cost the rest of the article. They raise EngineError only when they
cannot be used at all as configured (no server URL, an unknown engine name).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from translate_flow.mt.errors import EngineError  # offered here with the rest of the engine API
from translate_flow.mt.settings import EngineSettings

if TYPE_CHECKING:
    from translate_flow.tm.memory import MemoryLookup

# The language pairs most engines offer among the desk's ru, be → de, en.
DESK_PAIRS = "ru,be→de,en"


@dataclass
class MTResult:
    text: str | None  # None when this segment was not translated
    error: str | None = None  # the reason, when text is None
    origin: str = ""  # engine name: "google", "libre", "tm"
    score: float | None = None  # tm: match score 0-100
    # What the layer (mt/layer.py) needs to decide about a failure: the server's HTTP status,
    # its Retry-After in seconds, whether asking again may help (429, 5xx, a dropped connection)
    # and whether every further request would fail alike (refused key, wrong server, timeout).
    http_status: int | None = None
    retry_after: float | None = None
    retryable: bool = False
    fatal: bool = False

    @property
    def translated(self) -> bool:
        return self.text is not None


@dataclass(frozen=True)
class PairGlossary:
    """The desk's glossary for one language pair, as an engine that applies terminology itself
    (in its prompt, as a DeepL glossary) needs it."""

    source: str
    target: str
    version: str  # the glossary version (services.glossary.glossary_version)
    # Every accepted source term → the target term the desk requires for it.
    entries: Mapping[str, str]
    # The glossary terms in one text: (the term as it appears, the target term required).
    find: Callable[[str], list[tuple[str, str]]]


@dataclass(frozen=True)
class GlossaryUse:
    """How an engine applies a PairGlossary: `how` goes into the cache key (None: the engine
    does not apply it, and the caller protects the terms with placeholders); `note` is a line
    for the run's summary (a glossary created, refused...)."""

    how: str | None
    note: str | None = None


@dataclass(frozen=True)
class EngineStatus:
    """What `translate-flow engines` says about one engine beyond its name and pairs."""

    configured: bool
    note: str | None = None


class Engine(ABC):
    name: str
    # --- what the registry reads (class attributes) ---
    # The settings this engine takes: their fields are the only settings accepted for it.
    Settings: ClassVar[type[EngineSettings]] = EngineSettings
    # The language pairs `translate-flow engines` shows.
    pairs: ClassVar[str] = DESK_PAIRS
    # The public service used when no URL is set (None: there is none, a URL is required).
    default_url: ClassVar[str | None] = None
    # Seconds a request may take when no timeout is set.
    default_timeout: ClassVar[float] = 10.0
    # Whether the layer (mt/layer.py: threads, retries, breaker) wraps it: not for local engines.
    layered: ClassVar[bool] = True
    # True when no text leaves the desk's own servers: restricted articles may use only these.
    on_premises: bool
    # The longest text one request may carry; the layer splits longer segments (None: no limit).
    max_characters: int | None = None
    # How many texts one request may carry, and how many characters in all (None: no limit).
    # An engine whose API takes several texts at once sends all it is given in one request; the
    # layer (mt/layer.py) never gives it more than these allow.
    max_batch_texts: int = 1
    max_batch_characters: int | None = None

    @classmethod
    def from_settings(cls, settings: EngineSettings, memory: MemoryLookup | None = None) -> Engine:
        """The engine as configured; raises EngineError naming the setting to fix."""
        raise NotImplementedError(f"{cls.__name__} does not say how it is built")

    @classmethod
    def status(cls, settings: EngineSettings) -> EngineStatus:
        """Configured or not, and a note (what to set, what it is) for `translate-flow engines`."""
        try:
            cls.from_settings(settings)
        except EngineError as exc:
            return EngineStatus(False, str(exc))
        return EngineStatus(True, None)

    @classmethod
    def on_premises_when(cls, settings: EngineSettings) -> bool:
        """Whether this engine, so configured, keeps the text on the desk's own machines."""
        return bool(getattr(cls, "on_premises", False) or getattr(settings, "onprem", False))

    def output_settings(self) -> dict:
        """The settings that change what this engine answers (server, formality...), never a key
        or a timeout: part of the cache key, so a changed setting is not answered from cache."""
        return {}

    def use_glossary(self, glossary: PairGlossary) -> GlossaryUse:
        """Apply this language pair's glossary in every later request for the pair. Most engines
        cannot: they answer GlossaryUse(None) and the terms travel as placeholders (mt/terms.py)."""
        return GlossaryUse(None)

    @abstractmethod
    def translate_batch(self, texts: list[str], source: str, target: str) -> list[MTResult]:
        """One MTResult per text, in the same order."""

    def stop(self) -> None:
        """The run was stopped (Ctrl-C, SIGTERM) while requests are out: give up waiting for
        their answers and send nothing more. Engines that wait on a server override it."""
        return None  # nothing is waiting in an engine that answers in this process


def stopped_reason(engine: str) -> str:
    """Why a text was not translated when the run was stopped (Engine.stop)."""
    return f"{engine}: not sent: the run was stopped"


def is_blank(text: str) -> bool:
    """A segment with nothing to translate; engines give it back as it is, without a request."""
    return not text.strip()


def blank_answers_failed(texts: list[str], results: list[MTResult], who: str) -> list[MTResult]:
    """`results` with every empty or whitespace-only answer to a non-blank text made a failure:
    an engine answering "" has not translated anything, and its nothing must not be cached."""
    checked = []
    for text, result in zip(texts, results, strict=True):
        if result.text is not None and is_blank(result.text) and not is_blank(text):
            result = MTResult(None, f"{who} answered an empty text", result.origin)
        checked.append(result)
    return checked
