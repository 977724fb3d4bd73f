"""The review screen's state, apart from any terminal: where the translator is in the queue, what
the current segment looks like, and the actions on it.

Every action goes through the review services (accept_segment, edit_segment, ...) in its own
transaction, so quitting or a crash loses nothing but the segment on screen's claim, which
expires. The screen claims the segment it shows (services.claims) and gives it back on moving on.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from translate_flow.errors import ConflictError, InputError, StateError, TranslateFlowError
from translate_flow.services import claims
from translate_flow.services.claims import QueueEntry
from translate_flow.services.context import Desk, audit, load_actor
from translate_flow.services.review import (
    RevisionEntry,
    SegmentDetail,
    SegmentFinding,
    accept_segment,
    comment_segment,
    edit_segment,
    show_segment,
)
from translate_flow.services.translate import Proposal, propose_translation
from translate_flow.store.db import transaction

TM_MATCHES = 3
# What the screen says when a save met someone else's change (their text is then on screen).
_CONFLICT = (
    "someone else changed segment {segment} meanwhile: their text is shown above, yours was "
    "not saved; e brings back your text"
)


@dataclass
class KeptProposal:
    revision: int  # the translation's current revision now
    machine_revision: int  # the engine's proposal as a machine-translate revision
    edited: bool  # the translator changed the proposal: `revision` is their edit


def keep_proposal(
    desk: Desk, proposal: Proposal, text: str, base_revision: int | None = None
) -> KeptProposal:
    """Save what the translator made of an engine's proposal, in one transaction: the proposal
    as a machine-translate revision with the engine as its origin, then, when the translator
    changed it, their text as a human edit. So `report` and `log` credit the engine with what
    it wrote and the translator with what they typed."""
    from translate_flow.services.access import require_read
    from translate_flow.services.locks import refuse_locked
    from translate_flow.services.review import load_translation, refuse_earlier_version
    from translate_flow.services.revisions import check_context_for, record_revision
    from translate_flow.store.lookups import get_segment
    from translate_flow.workflow.states import transition

    text = text.strip()
    if not text:
        raise InputError("the translation is empty")
    with transaction(desk.engine) as session:
        actor = load_actor(session, desk.user_name)
        role = actor.require("translate")
        segment = get_segment(session, proposal.segment)
        refuse_locked(segment, "translated")
        _, article, translation = load_translation(session, segment.id, proposal.lang, create=True)
        require_read(session, actor, article)
        refuse_earlier_version(session, segment, article, proposal.lang)
        if base_revision is not None and base_revision != translation.current_revision_id:
            raise ConflictError(
                f"segment {segment.id} ({proposal.lang}) was changed by someone else meanwhile; "
                "look at it again"
            )
        context = check_context_for(session, article, proposal.lang, desk.config)
        machine = record_revision(
            session,
            translation,
            action="machine-translate",
            text=proposal.text,
            origin=proposal.origin,
            actor=actor,
            role=role,
            score=proposal.score,
            expected_lock=translation.lock_version,
            check_context=context,
            source=segment.source,
            status=transition(translation.status, "retranslate"),
        )
        audit(
            session, actor, role, "retranslate", "segment", segment.id, article.id,
            after={"engine": proposal.engine, "origin": proposal.origin, "revision": machine.id,
                   "text": machine.text},
        )  # fmt: skip
        revision = machine
        # machine.text: the proposal without any control characters record_revision removed.
        if text != machine.text:
            edit_role = actor.require("edit")
            revision = record_revision(
                session,
                translation,
                action="edit",
                text=text,
                origin="human",
                actor=actor,
                role=edit_role,
                check_context=context,
                source=segment.source,
            )
            audit(
                session, actor, edit_role, "edit", "segment", segment.id, article.id,
                before={"text": machine.text, "origin": proposal.origin},
                after={"text": text, "origin": "human", "revision": revision.id},
            )  # fmt: skip
        return KeptProposal(
            revision=revision.id, machine_revision=machine.id, edited=revision != machine
        )


@dataclass
class Fix:
    """A suggested term fix: replace a span of the target, or place a missing term."""

    message: str
    suggestions: list[str]
    term: str | None
    span: tuple[int, int] | None  # in the target; None: a missing term to place
    source_span: tuple[int, int] | None = None  # where the source has the term
    proper_nouns: frozenset[str] = frozenset()  # suggestions the glossary marks as names

    def apply(self, target: str, suggestion: str) -> str | None:
        """The fixed target, or None when the term has to be placed."""
        if self.span is None:
            return None
        start, end = self.span
        return target[:start] + suggestion + target[end:]


@dataclass
class Placement:
    """A missing term put into the translation for the translator to confirm."""

    text: str
    cursor: int  # after the term
    form: str  # the form inserted (Russlands for Russland after a genitive)
    replaced: str  # the target's words it replaced, or ""


_CYRILLIC_RUN = re.compile(r"[А-Яа-яЁёІіЎўЄєЇї][\wʼ'’-]*(?:\s+[А-Яа-яЁёІіЎўЄєЇї][\wʼ'’-]*)*")


def place_missing_term(
    source: str, target: str, source_lang: str, target_lang: str, fix: Fix, suggestion: str
) -> Placement:
    """Put the target term, in the form the source's case asks for (terms/inflect.py), where it
    belongs: over the source words an engine left untranslated in the target when there are
    such, else at the word boundary nearest the relative place of the term's middle in the
    source (the translator moves it with ^Z and ^T when the sentence is built otherwise)."""
    from translate_flow.terms.inflect import source_case, target_form

    start, end = fix.source_span or (0, 0)
    case, governed = source_case(source, start, end, source_lang)
    form = target_form(suggestion, target_lang, case, governed, suggestion in fix.proper_nouns)
    source_words = {w.lower() for w in re.findall(r"\w+", source[start:end])}
    for run in _CYRILLIC_RUN.finditer(target):
        words = re.findall(r"\w+", run.group())
        if any(w.lower() in source_words or _same_stem(w, source_words) for w in words):
            text = target[: run.start()] + form + target[run.end() :]
            return Placement(text, run.start() + len(form), form, run.group())
    where = (start + end) / 2 / max(1, len(source)) * len(target)
    boundaries = [0] + [m.end() for m in re.finditer(r"\s+", target)]
    at = min(boundaries, key=lambda b: abs(b - where))
    body = target.rstrip()
    if at >= len(body.rstrip(".!?…")) and body:  # at the end: before the closing full stop
        at = len(body.rstrip(".!?…"))
        text = target[:at] + " " + form + target[at:]
        return Placement(text, at + 1 + len(form), form, "")
    text = target[:at] + form + " " + target[at:]
    return Placement(text, at + len(form), form, "")


def _same_stem(word: str, words: set[str]) -> bool:
    """An inflected form of a source word: the same first five letters (России, Россию)."""
    lower = word.lower()
    return len(lower) >= 5 and any(len(w) >= 5 and w[:5] == lower[:5] for w in words)


@dataclass
class SegmentView:
    """What the screen shows of one segment."""

    entry: QueueEntry
    index: int  # 1-based place in the queue
    total: int
    data: SegmentDetail
    source_terms: list[tuple[int, int, str]] = field(default_factory=list)
    target_terms: list[tuple[int, int, str]] = field(default_factory=list)
    diff_label: str | None = None
    diff: list = field(default_factory=list)  # diff.tokens.DiffOp
    matches: list = field(default_factory=list)  # tm.memory.TMMatch
    # Why the segment is back with the translator: the editor's rejection, then every comment
    # since, oldest first; empty unless the status is rejected.
    returned: list[RevisionEntry] = field(default_factory=list)
    source_diff: list = field(default_factory=list)  # old source → new, when it changed
    proper_nouns: dict[str, list[str]] = field(default_factory=dict)  # concept → target names

    @property
    def target(self) -> str:
        return self.data.target or ""

    @property
    def blocking(self) -> list[SegmentFinding]:
        return [f for f in self.data.findings if f.severity == "error"]

    @property
    def fixes(self) -> list[Fix]:
        fixes = []
        for f in self.data.findings:
            if not f.suggestions:
                continue
            on_target = f.span and f.side == "target"
            span = tuple(f.span) if on_target else None
            source_span = tuple(f.span) if f.span and f.side == "source" else None
            names = frozenset(self.proper_nouns.get(f.concept, ()))
            fixes.append(Fix(f.message, f.suggestions, f.term, span, source_span, names))
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
        self.total = 0  # the queue's length when the screen started
        self.current: SegmentView | None = None
        self.visited: list[QueueEntry] = []  # entries passed, for `back`
        self.message = ""
        self.error = False
        self.done: dict[str, int] = {}
        # Text the translator wrote that was not saved because someone else changed the segment
        # meanwhile: (segment, lang, text), offered again by the next edit of that segment.
        self.unsaved: tuple[int, str, str] | None = None
        self._conflict = False
        self._matcher: tuple[str, object] | None = None  # (glossary version, its matcher)

    # -- moving through the queue -------------------------------------------------------------

    def start(self) -> None:
        # A count, not the queue itself: reading 100,000 rows to number them took seconds.
        self.total = claims.queue_size(self.desk, self.lang, self.article_id, self.status)
        self._show(claims.claim_next(self.desk, self.lang, self.article_id, self.status))
        if self.current is None:
            self.say("the queue is empty" if not self.total else "every segment is being reviewed")

    def forward(self) -> None:
        if self.current is None:
            return
        entry = self.current.entry
        self.visited.append(entry)
        self._show(
            claims.claim_next(
                self.desk,
                self.lang,
                self.article_id,
                self.status,
                after=entry.key,
                release=entry.translation,
            )
        )
        if self.current is None:
            self.say("end of the queue: b goes back, q quits")

    def back(self) -> None:
        if not self.visited:
            self.say("this is the first segment", error=True)
            return
        previous = self.visited[-1]
        if not claims.claim(self.desk, previous.translation):
            who = claims.holder(self.desk, previous.translation)
            self.say(f"segment {previous.segment} is being reviewed by {who}", error=True)
            return
        self.visited.pop()
        if self.current is not None:
            claims.release(self.desk, self.current.entry.translation)
        self._show(previous)

    def skip(self) -> None:
        self._count("skipped")
        self.forward()

    def quit(self) -> None:
        if self.current is not None:
            claims.release(self.desk, self.current.entry.translation)

    def reload(self) -> None:
        if self.current is not None:
            self._show(self.current.entry)

    # -- actions on the current segment ------------------------------------------------------

    def accept(self) -> None:
        view = self._require()
        history = view.data.history
        last = history[-1] if history else None
        if (
            last
            and last.action == "edit"
            and last.author == self.desk.user_name
            and view.data.status == "translated"
            and not view.data.glossary_affected
        ):
            # Your own edit already accepted the text; another revision would say nothing new
            # (after a glossary change it would: accepting again clears the glossary mark).
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
            self.unsaved = None
            self._count("edited")
            self.reload()
            self.say(f"saved revision {self.current.data.revision}: a or s goes on")
        elif self._conflict:
            self._keep_unsaved(text)

    def _keep_unsaved(self, text: str) -> None:
        """Never lose what was typed: after a save met someone else's change, the next e opens
        it again over their translation."""
        self.unsaved = (*self._key(), text)
        self.say(_CONFLICT.format(segment=self._key()[0]), error=True)

    def edit_text(self) -> str:
        """What the editor opens with: your unsaved text of this segment, else its translation."""
        view = self._require()
        if self.unsaved is not None and self.unsaved[:2] == self._key():
            return self.unsaved[2]
        return view.target

    def comment(self, text: str) -> None:
        self._require()
        if self._act(lambda: comment_segment(self.desk, *self._key(), text, self._base())):
            self._count("commented")
            self.reload()
            self.say("comment saved")

    def propose(self, engine_name: str) -> Proposal | None:
        """Ask `engine_name` for this segment again; the proposal, or None (the reason shown)."""
        self._require()
        proposals: list[Proposal] = []
        if not self._act(
            lambda: proposals.append(propose_translation(self.desk, *self._key(), engine_name))
        ):
            return None
        cached = " (from the cache)" if proposals[0].from_cache else ""
        self.say(f"{engine_name} proposes this{cached}: Enter keeps it, or edit it first")
        return proposals[0]

    def keep(self, proposal: Proposal, text: str) -> None:
        """Save the proposal as the engine's revision and, if changed, `text` as yours."""
        saved: list[KeptProposal] = []
        if not self._act(
            lambda: saved.append(keep_proposal(self.desk, proposal, text, self._base()))
        ):
            if self._conflict:
                self._keep_unsaved(text)
            return
        self.unsaved = None
        self._count("edited" if saved[0].edited else "retranslated")
        self.reload()
        if saved[0].edited:
            self.say(f"saved {proposal.engine}'s proposal and your edit: a or s goes on")
        else:
            self.say(f"kept {proposal.engine}'s proposal as machine output: a accepts it")

    def apply_fix(self, fix: Fix, suggestion: str) -> Placement | None:
        """Apply a term fix. A deprecated term is replaced and saved at once; a missing term
        is placed (Placement) for the translator to confirm in the editor."""
        view = self._require()
        fixed = fix.apply(view.target, suggestion)
        if fixed is None:
            data = view.data
            placement = place_missing_term(
                data.source, view.target, data.source_lang, data.lang, fix, suggestion
            )
            instead = f" instead of {placement.replaced}" if placement.replaced else ""
            self.say(
                f"{placement.form} placed{instead}: Enter saves, ^Z takes it out, "
                "^T puts it at the cursor"
            )
            return placement
        self.edit(fixed, comment=f"term fix: {fix.term} → {suggestion}")
        return None

    def dismiss(self, finding_id: int, reason: str) -> None:
        """Dismiss an open finding as a false positive, with the reason (services/findings.py)."""
        from translate_flow.services.findings import dismiss_finding

        self._require()
        if self._act(lambda: dismiss_finding(self.desk, finding_id, reason)):
            self._count("dismissed")
            self.reload()
            self.say("finding dismissed: it stays greyed with your reason")

    def use_match(self, number: int) -> None:
        """Replace the translation with translation-memory match `number` (1-based), saved as
        the memory's output, to be accepted or edited like machine output."""
        view = self._require()
        if not 1 <= number <= len(view.matches):
            self.say(f"there is no memory match {number}", error=True)
            return
        match = view.matches[number - 1]
        if match.target == view.target:
            self.say(f"the translation is memory match {number} already")
            return
        entry = view.entry
        proposal = Proposal(entry.segment, entry.lang, "tm", match.target, "tm", score=match.score)
        if self._act(lambda: keep_proposal(self.desk, proposal, match.target, self._base())):
            self._count("from memory")
            self.reload()
            self.say(f"memory match {number} ({match.score:.0f}%) saved: a accepts it, e edits it")

    def join(self) -> None:
        """Join the segment on screen with the next sentence of its paragraph (`segment merge`)
        and show the joined segment."""
        from translate_flow.services.segmentation import merge_with_next

        segment = self._key()[0]
        corrections: list = []
        if self._act(lambda: corrections.append(merge_with_next(self.desk, segment))):
            [joined] = corrections[0].segments
            self._count("joined")
            self._corrected(joined, f"joined: this is segment {joined} now")

    def split(self, at_text: str) -> None:
        """Split the segment on screen before `at_text` (`segment split --at-text`) and show the
        first part; the second part waits untranslated after it."""
        from translate_flow.services.segmentation import split_segment

        segment = self._key()[0]
        corrections: list = []
        if self._act(
            lambda: corrections.append(split_segment(self.desk, segment, at_text=at_text))
        ):
            first, second = corrections[0].segments
            self._count("split")
            self._corrected(first, f"split: segment {first} here, {second} comes next")

    def _corrected(self, segment: int, message: str) -> None:
        """After a merge or split: the article has a new version, so the segment on screen and
        those passed move to their successors, and the new segment is claimed and shown."""
        old = self._require().entry
        self.visited = claims.successor_entries(self.desk, self.visited)
        entry = claims.claim_segment(self.desk, segment, old.lang)
        claims.release(self.desk, old.translation)
        self.total = claims.queue_size(self.desk, self.lang, self.article_id, self.status)
        if entry is None:  # another screen took it in between: go on from where it stands
            self.forward()
            self.visited.pop()
            self.say(f"segment {segment} is open in another screen; moved on", error=True)
            return
        self._show(entry)
        self.say(message)

    # -- helpers ------------------------------------------------------------------------------

    def _require(self) -> SegmentView:
        if self.current is None:
            raise StateError("no segment on screen")
        return self.current

    def _key(self) -> tuple[int, str]:
        entry = self._require().entry
        return entry.segment, entry.lang

    def _base(self) -> int | None:
        return self._require().data.revision

    def _act(self, action: Callable[[], object]) -> bool:
        """Renew the claim, run one service call; show its error instead of raising it."""
        translation_id = self._require().entry.translation
        self._conflict = False
        if not claims.claim(self.desk, translation_id):
            who = claims.holder(self.desk, translation_id)
            self.say(f"your claim expired and {who} took this segment; s moves on", error=True)
            return False
        try:
            action()
        except ConflictError as exc:
            self._conflict = True
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

    def _show(self, entry: QueueEntry | None) -> None:
        self.message, self.error = "", False
        if entry is None:
            self.current = None
            return
        data = show_segment(self.desk, entry.segment, entry.lang)
        entry = replace(entry, title=data.title)
        # The place in this walk: segments passed (others' claims are not counted) plus one.
        index = len(self.visited) + 1
        view = SegmentView(entry, index, max(self.total, index), data)
        self._annotate(view)
        self.current = view

    def _annotate(self, view: SegmentView) -> None:
        from translate_flow.diff.tokens import diff_words
        from translate_flow.services.glossary import glossary_version, matcher_for

        data = view.data
        with transaction(self.desk.engine, write=False) as session:
            # The glossary is read again only when its version moved: fingerprinting it on every
            # key cost more than the rest of a key together (benchmarks/review_latency.py).
            version = glossary_version(session)
            if self._matcher is None or self._matcher[0] != version:
                self._matcher = (version, matcher_for(session))
            matcher = self._matcher[1]
            pair = (data.source_lang, data.lang)
            # The indexed memory reads only the candidates of this sentence, however big the
            # memory, and sees units approved a moment ago by someone else.
            from translate_flow.store.tm_index import IndexedMemory

            view.matches = IndexedMemory(session, *pair).lookup(data.source, limit=TM_MATCHES)
        if matcher is not None:
            view.source_terms = [
                (h.start, h.end, h.concept_id) for h in matcher.find(data.source, pair[0])
            ]
            view.target_terms = [
                (h.start, h.end, h.concept_id) for h in matcher.find(view.target, pair[1])
            ]
            for f in data.findings:
                concept = matcher.termbase.get(f.concept) if f.concept else None
                if concept is not None:
                    view.proper_nouns[f.concept] = [
                        t.text for t in concept.terms_in(pair[1]) if t.pos == "properNoun"
                    ]
        view.returned = _why_returned(data.status, data.history)
        if data.status == "source-changed" and data.previous_source:
            view.source_diff = diff_words(data.previous_source, data.source)
        label, base = _diff_base(data.history, view.target)
        if base is not None:
            view.diff_label, view.diff = label, diff_words(base, view.target)


def _why_returned(status: str, history: list[RevisionEntry]) -> list[RevisionEntry]:
    """The last rejection and the comments after it, for a rejected segment."""
    if status != "rejected":
        return []
    for index in range(len(history) - 1, -1, -1):
        if history[index].action == "reject":
            later = [r for r in history[index + 1 :] if r.action == "comment" and r.comment]
            return [history[index], *later]
    return []


def _diff_base(history: list[RevisionEntry], target: str) -> tuple[str | None, str | None]:
    """What to diff the current target against: the machine translation when a human changed
    it, otherwise the last revision with another text."""
    machine = [r for r in history if r.action == "machine-translate"]
    if machine and machine[-1].text != target:
        return f"changes to the machine translation ({machine[-1].origin})", machine[-1].text
    for r in reversed(history[:-1]):
        if r.text != target:
            return f"changes to revision {r.revision}", r.text
    return None, None
