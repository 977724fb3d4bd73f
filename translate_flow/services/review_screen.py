"""The review screen's state, apart from any terminal: where the translator is in the queue, what
the current segment looks like, and the actions on it.

Every action goes through the review services (accept_segment, edit_segment, ...) in its own
transaction, so quitting or a crash loses nothing but the segment on screen's claim, which
expires. The screen claims the segment it shows (services.claims) and gives it back on moving on.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from translate_flow.errors import ConflictError, StateError, TranslateFlowError
from translate_flow.services import claims
from translate_flow.services.context import Desk, audit, load_actor
from translate_flow.services.review import (
    accept_segment,
    comment_segment,
    edit_segment,
    queue,
    show_segment,
)
from translate_flow.store.db import transaction
from translate_flow.workflow.states import TRANSITIONS

TM_MATCHES = 3


def retranslate_segment(
    desk: Desk, segment_id: int, lang: str, engine_name: str, base_revision: int | None = None
) -> dict:
    """Translate one segment again with `engine_name`.

    Saved as a machine-translate revision while the state machine allows one (nobody has
    accepted the translation yet); otherwise returned unsaved ("saved": False) for the
    translator to edit. The engine is asked outside any transaction: a slow server holds no lock.
    """
    from translate_flow.mt.registry import create_engine, engine_settings
    from translate_flow.services.queries import get_segment, get_translation
    from translate_flow.services.revisions import check_context_for, record_revision
    from translate_flow.store.models import Article

    with transaction(desk.engine, write=False) as session:
        load_actor(session, desk.user_name).require("translate")
        segment = get_segment(session, segment_id)
        article = session.get(Article, segment.article_id)
        memory = None
        if engine_name == "tm":
            from translate_flow.store.tm_index import IndexedMemory

            memory = IndexedMemory(session, article.source_lang, lang)
        engine = create_engine(
            engine_name, engine_settings(engine_name, desk.config, dict(os.environ)), memory=memory
        )
        if article.restricted and not getattr(engine, "on_premises", False):
            raise StateError(
                f"article {article.id} is restricted: it may only go to on-premises engines, "
                f"and {engine_name} is not one"
            )
        source, source_lang = segment.source, article.source_lang
        if memory is not None:
            # The memory reads the database through this transaction's connection.
            [result] = engine.translate_batch([source], source_lang, lang)
    if memory is None:
        # A network engine is called outside any transaction: it may take seconds.
        [result] = engine.translate_batch([source], source_lang, lang)
    if result.text is None:
        reason = result.error or "not translated"
        raise StateError(reason if reason.startswith(engine_name) else f"{engine_name}: {reason}")

    with transaction(desk.engine) as session:
        actor = load_actor(session, desk.user_name)
        role = actor.require("translate")
        translation = get_translation(session, segment_id, lang)
        if translation is None or translation.status not in TRANSITIONS["machine-translate"][0]:
            return {"saved": False, "text": result.text, "engine": engine_name}
        if base_revision is not None and base_revision != translation.current_revision_id:
            raise ConflictError(
                f"segment {segment_id} ({lang}) was changed by someone else meanwhile; "
                "look at it again"
            )
        article = session.get(Article, translation.article_id)
        revision = record_revision(
            session,
            translation,
            action="machine-translate",
            text=result.text,
            origin=result.origin or engine_name,
            actor=actor,
            role=role,
            score=result.score,
            expected_lock=translation.lock_version,
            check_context=check_context_for(session, article, lang),
            source=source,
        )
        audit(
            session,
            actor,
            role,
            "translate",
            "segment",
            segment_id,
            article.id,
            after={"engine": engine_name, "revision": revision.id},
        )
        return {"saved": True, "text": result.text, "engine": engine_name, "revision": revision.id}


@dataclass
class Fix:
    """A suggested term fix: replace a span of the target, or place a missing term."""

    message: str
    suggestions: list[str]
    term: str | None
    span: tuple[int, int] | None  # in the target; None: the translator places the term

    def apply(self, target: str, suggestion: str) -> str | None:
        """The fixed target, or None when the translator has to place the term."""
        if self.span is None:
            return None
        start, end = self.span
        return target[:start] + suggestion + target[end:]


@dataclass
class SegmentView:
    """What the screen shows of one segment."""

    entry: dict
    index: int  # 1-based place in the queue
    total: int
    data: dict  # services.review.show_segment
    source_terms: list[tuple[int, int, str]] = field(default_factory=list)
    target_terms: list[tuple[int, int, str]] = field(default_factory=list)
    diff_label: str | None = None
    diff: list = field(default_factory=list)  # diff.tokens.DiffOp
    matches: list = field(default_factory=list)  # tm.memory.TMMatch

    @property
    def target(self) -> str:
        return self.data["target"] or ""

    @property
    def blocking(self) -> list[dict]:
        return [f for f in self.data["findings"] if f["severity"] == "error"]

    @property
    def fixes(self) -> list[Fix]:
        fixes = []
        for f in self.data["findings"]:
            if not f["suggestions"]:
                continue
            span = tuple(f["span"]) if f["span"] and f["side"] == "target" else None
            fixes.append(Fix(f["message"], f["suggestions"], f["term"], span))
        return fixes


class ReviewScreen:
    """The queue walked segment by segment, with one claimed segment on screen at a time."""

    def __init__(
        self,
        desk: Desk,
        lang: str | None = None,
        article_id: int | None = None,
        status: str | None = None,
    ) -> None:
        self.desk = desk
        self.lang = lang
        self.article_id = article_id
        self.status = status
        self.entries: list[tuple[int, str]] = []  # (segment, lang) in queue order
        self.current: SegmentView | None = None
        self.visited: list[dict] = []  # entries passed, for `back`
        self.message = ""
        self.error = False
        self.done: dict[str, int] = {}

    # -- moving through the queue -------------------------------------------------------------

    def start(self) -> None:
        rows = queue(self.desk, self.lang, self.status, self.article_id)
        self.entries = [(r["segment"], r["lang"]) for r in rows]
        self._show(claims.claim_next(self.desk, self.lang, self.article_id, self.status))
        if self.current is None:
            self.say("the queue is empty" if not rows else "every segment is being reviewed")

    def forward(self) -> None:
        if self.current is None:
            return
        entry = self.current.entry
        claims.release(self.desk, entry["translation"])
        self.visited.append(entry)
        after = (entry["article"], entry["lang"], entry["position"])
        self._show(
            claims.claim_next(self.desk, self.lang, self.article_id, self.status, after=after)
        )
        if self.current is None:
            self.say("end of the queue: b goes back, q quits")

    def back(self) -> None:
        if not self.visited:
            self.say("this is the first segment", error=True)
            return
        previous = self.visited[-1]
        if not claims.claim(self.desk, previous["translation"]):
            who = claims.holder(self.desk, previous["translation"])
            self.say(f"segment {previous['segment']} is being reviewed by {who}", error=True)
            return
        self.visited.pop()
        if self.current is not None:
            claims.release(self.desk, self.current.entry["translation"])
        self._show(previous)

    def skip(self) -> None:
        self._count("skipped")
        self.forward()

    def quit(self) -> None:
        if self.current is not None:
            claims.release(self.desk, self.current.entry["translation"])

    def reload(self) -> None:
        if self.current is not None:
            self._show(self.current.entry)

    # -- actions on the current segment ------------------------------------------------------

    def accept(self) -> None:
        view = self._require()
        history = view.data["history"]
        last = history[-1] if history else None
        if (
            last
            and last["action"] == "edit"
            and last["author"] == self.desk.user_name
            and view.data["status"] == "translated"
        ):
            # Your own edit already accepted the text; another revision would say nothing new.
            self.forward()
            return
        if self._act(lambda: accept_segment(self.desk, *self._key(), base_revision=self._base())):
            self._count("accepted")
            self.forward()

    def edit(self, text: str, comment: str | None = None) -> None:
        view = self._require()
        if text.strip() == view.target.strip():
            self.say("unchanged")
            return
        if self._act(lambda: edit_segment(self.desk, *self._key(), text, comment, self._base())):
            self._count("edited")
            self.reload()
            self.say(f"saved revision {self.current.data['revision']}: a or s goes on")

    def comment(self, text: str) -> None:
        self._require()
        if self._act(lambda: comment_segment(self.desk, *self._key(), text, self._base())):
            self._count("commented")
            self.reload()
            self.say("comment saved")

    def retranslate(self, engine_name: str) -> str | None:
        """Retranslate; returns unsaved text to edit when the status forbids machine output."""
        self._require()
        result: dict = {}

        def run() -> dict:
            result.update(
                retranslate_segment(self.desk, *self._key(), engine_name.strip(), self._base())
            )
            return result

        if not self._act(run):
            return None
        if not result["saved"]:
            self.say(f"{engine_name} proposes a translation: edit it, Enter saves")
            return result["text"]
        self._count("retranslated")
        self.reload()
        self.say(f"translated again with {engine_name}")
        return None

    def apply_fix(self, fix: Fix, suggestion: str) -> str | None:
        """Apply a term fix; returns the target for the editor when the term must be placed."""
        view = self._require()
        fixed = fix.apply(view.target, suggestion)
        if fixed is None:
            self.say(f"place {suggestion} in the translation, Enter saves")
            return view.target
        self.edit(fixed, comment=f"term fix: {fix.term} → {suggestion}")
        return None

    # -- helpers ------------------------------------------------------------------------------

    def _require(self) -> SegmentView:
        if self.current is None:
            raise StateError("no segment on screen")
        return self.current

    def _key(self) -> tuple[int, str]:
        entry = self._require().entry
        return entry["segment"], entry["lang"]

    def _base(self) -> int | None:
        return self._require().data["revision"]

    def _act(self, action) -> bool:
        """Renew the claim, run one service call; show its error instead of raising it."""
        translation_id = self._require().entry["translation"]
        if not claims.claim(self.desk, translation_id):
            who = claims.holder(self.desk, translation_id)
            self.say(f"your claim expired and {who} took this segment; s moves on", error=True)
            return False
        try:
            action()
        except ConflictError as exc:
            self.reload()
            self.say(str(exc), error=True)
            return False
        except TranslateFlowError as exc:
            self.say(str(exc), error=True)
            return False
        return True

    def _count(self, what: str) -> None:
        self.done[what] = self.done.get(what, 0) + 1

    def say(self, message: str, error: bool = False) -> None:
        self.message, self.error = message, error

    def _show(self, entry: dict | None) -> None:
        self.message, self.error = "", False
        if entry is None:
            self.current = None
            return
        key = (entry["segment"], entry["lang"])
        if key not in self.entries:
            self.entries.append(key)
        data = show_segment(self.desk, entry["segment"], entry["lang"])
        entry = dict(entry, title=data["title"])
        view = SegmentView(entry, self.entries.index(key) + 1, len(self.entries), data)
        self._annotate(view)
        self.current = view

    def _annotate(self, view: SegmentView) -> None:
        from translate_flow.diff.tokens import diff_words
        from translate_flow.services.glossary import matcher_for

        data = view.data
        with transaction(self.desk.engine, write=False) as session:
            matcher = matcher_for(session)
            pair = (data["source_lang"], data["lang"])
            # The indexed memory reads only the candidates of this sentence, however big the
            # memory, and sees units approved a moment ago by someone else.
            from translate_flow.store.tm_index import IndexedMemory

            view.matches = IndexedMemory(session, *pair).lookup(data["source"], limit=TM_MATCHES)
        if matcher is not None:
            view.source_terms = [
                (h.start, h.end, h.concept_id) for h in matcher.find(data["source"], pair[0])
            ]
            view.target_terms = [
                (h.start, h.end, h.concept_id) for h in matcher.find(view.target, pair[1])
            ]
        label, base = _diff_base(data["history"], view.target)
        if base is not None:
            view.diff_label, view.diff = label, diff_words(base, view.target)


def _diff_base(history: list[dict], target: str) -> tuple[str | None, str | None]:
    """What to diff the current target against: the machine translation when a human changed
    it, otherwise the last revision with another text."""
    machine = [r for r in history if r["action"] == "machine-translate"]
    if machine and machine[-1]["text"] != target:
        return f"changes to the machine translation ({machine[-1]['origin']})", machine[-1]["text"]
    for r in reversed(history[:-1]):
        if r["text"] != target:
            return f"changes to revision {r['revision']}", r["text"]
    return None, None
