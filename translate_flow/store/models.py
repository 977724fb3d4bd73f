"""The tables. Nothing above store/ writes SQL; services use these classes through a Session.

Revisions are append-only: a change to a translation's text or status adds a Revision and moves
Translation.current_revision_id; no revision is ever updated or deleted.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Index,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    return datetime.now(UTC)


def _time_field() -> datetime:
    return Field(default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False))


def _text(nullable: bool = True):
    return Field(default=None if nullable else "", sa_column=Column(Text, nullable=nullable))


class User(SQLModel, table=True):
    __tablename__ = "user_account"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True, unique=True, max_length=100)
    roles: str = Field(default="", max_length=200)  # comma-separated role names
    created_at: datetime = _time_field()

    @property
    def role_set(self) -> frozenset[str]:
        return frozenset(r for r in self.roles.split(",") if r)


class Article(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(default="", sa_column=Column(Text, nullable=False))
    source_lang: str = Field(max_length=8)
    restricted: bool = Field(default=False)
    current_version: int = Field(default=1)
    created_by: str = Field(default="", max_length=100)
    created_at: datetime = _time_field()


class ArticleAssignment(SQLModel, table=True):
    """A translator allowed to read and work on a restricted article (migration 0017)."""

    __tablename__ = "article_assignment"
    __table_args__ = (UniqueConstraint("article_id", "user_name"),)
    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="article.id", index=True)
    user_name: str = Field(max_length=100, index=True)
    assigned_by: str = Field(default="", max_length=100)
    at: datetime = _time_field()


class ArticleVersion(SQLModel, table=True):
    __tablename__ = "article_version"
    __table_args__ = (UniqueConstraint("article_id", "n"),)
    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="article.id", index=True)
    n: int
    title: str = Field(default="", sa_column=Column(Text, nullable=False))
    text: str = Field(default="", sa_column=Column(Text, nullable=False))
    hash: str = Field(max_length=64, index=True)
    source_name: str = Field(default="", max_length=500)
    encoding: str = Field(default="", max_length=40)
    format: str = Field(default="", max_length=10)
    imported_by: str = Field(default="", max_length=100)
    at: datetime = _time_field()
    # The agency's XLIFF or PO file this version was ingested from (migration 0009), written back
    # with our targets by `export --format original`; None for every other article.
    original: bytes | None = Field(default=None, sa_column=Column(LargeBinary, nullable=True))


class Segment(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("version_id", "position"),)
    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="article.id", index=True)
    version_id: int = Field(foreign_key="article_version.id", index=True)
    position: int  # order within the version, from 0
    paragraph: int  # paragraph number within the version: 0 is the title, body from 1
    is_title: bool = Field(default=False)
    # The segment of the previous version this one was aligned to on a source update.
    previous_id: int | None = Field(default=None)
    source: str = Field(default="", sa_column=Column(Text, nullable=False))
    # The whitespace that followed the sentence in the paragraph: joining source + space_after
    # over a paragraph gives back the paragraph exactly.
    space_after: str = Field(default="", max_length=20)
    # Locked in the agency's file it was ingested from (migration 0018, services/locks.py).
    locked: bool = Field(
        default=False, sa_column=Column(Boolean, nullable=False, server_default=false())
    )
    # The source's block its paragraph is (migration 0023): "h1".."h6" a heading, "ul"/"ol" an
    # item of a bulleted/numbered list, "quote" a block quote, "" a plain paragraph.
    block: str = Field(default="", sa_column=Column(String(8), nullable=False, server_default=""))


class Translation(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("segment_id", "target_lang"),)
    id: int | None = Field(default=None, primary_key=True)
    segment_id: int = Field(foreign_key="segment.id", index=True)
    article_id: int = Field(foreign_key="article.id", index=True)
    target_lang: str = Field(max_length=8, index=True)
    status: str = Field(default="new", max_length=20, index=True)
    current_revision_id: int | None = Field(default=None)
    # Optimistic locking: every change increments it; a writer that loaded an older value loses.
    lock_version: int = Field(default=0)
    # Why the last machine translation of this segment failed, when it did.
    mt_error: str | None = _text()
    # The review screen's claim: one translator at a time, until the lease expires.
    claimed_by: str | None = Field(default=None, max_length=100)
    claim_expires: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))
    # Concept ids (comma-separated) whose glossary change gave the current revision new findings
    # (migration 0003); cleared when the translation gets a new revision.
    glossary_affected: str | None = _text()
    updated_at: datetime = _time_field()


class Revision(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    translation_id: int = Field(foreign_key="translation.id", index=True)
    text: str = Field(default="", sa_column=Column(Text, nullable=False))
    # What happened: machine-translate, edit, accept, reject, approve, carry-over, import, comment
    action: str = Field(max_length=30)
    # Where the text came from: an engine name, "human", "tm", "carry-over"
    origin: str = Field(max_length=60)
    status: str = Field(max_length=20)  # the translation's status after this revision
    author: str = Field(default="", max_length=100)
    role: str = Field(default="", max_length=30)
    comment: str | None = _text()
    score: float | None = Field(default=None)  # translation-memory match score
    at: datetime = _time_field()


class Finding(SQLModel, table=True):
    """A problem a check raised, kept under one id while the problem is still there.

    Raised on `raised_revision_id`; `revision_id` is the latest revision it was found on (a new
    revision or a re-check that finds it again moves it along, services/findings.py). Resolved
    (`resolved_at`) when no check raises it any more; dismissed by a person with a reason.
    """

    id: int | None = Field(default=None, primary_key=True)
    revision_id: int = Field(foreign_key="revision.id", index=True)
    raised_revision_id: int | None = Field(default=None)
    translation_id: int = Field(foreign_key="translation.id", index=True)
    check: str = Field(max_length=40)
    severity: str = Field(max_length=10)
    message: str = Field(default="", sa_column=Column(Text, nullable=False))
    side: str = Field(default="target", max_length=10)
    span_start: int | None = None
    span_end: int | None = None
    concept: str | None = Field(default=None, max_length=100)
    kind: str | None = Field(default=None, max_length=30)
    term: str | None = _text()
    suggestions: str | None = _text()  # JSON list
    resolved_by: str | None = Field(default=None, max_length=100)
    resolved_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))
    # A person's judgement that the finding is not a problem here (migration 0007).
    dismissed_by: str | None = Field(default=None, max_length=100)
    dismissed_role: str | None = Field(default=None, max_length=30)
    dismissed_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))
    dismissed_reason: str | None = _text()
    # A dismissed finding about the source: the words of the translation (in the text of
    # revision_id) that render what it is about; an edit touching them reopens it.
    anchor_start: int | None = None
    anchor_end: int | None = None


class Concept(SQLModel, table=True):
    id: str = Field(primary_key=True, max_length=100)
    subject: str | None = _text()
    note: str | None = _text()
    created_at: datetime = _time_field()
    updated_at: datetime = _time_field()


class Term(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    concept_id: str = Field(foreign_key="concept.id", index=True, max_length=100)
    position: int = 0
    lang: str = Field(max_length=8)
    text: str = Field(default="", sa_column=Column(Text, nullable=False))
    status: str = Field(default="preferred", max_length=20)
    type: str = Field(default="fullForm", max_length=20)
    pos: str | None = Field(default=None, max_length=30)
    case_sensitive: bool | None = None
    note: str | None = _text()
    # A derived form (terms/model.py, Term.derived): satisfies the concept, never suggested.
    derived: bool = Field(
        default=False, sa_column=Column(Boolean, nullable=False, server_default=false())
    )


class GlossaryChange(SQLModel, table=True):
    __tablename__ = "glossary_change"
    id: int | None = Field(default=None, primary_key=True)
    concept_id: str = Field(index=True, max_length=100)
    action: str = Field(max_length=20)  # add, edit, remove, deprecate, import
    author: str = Field(default="", max_length=100)
    before: str | None = _text()  # JSON of the concept before
    after: str | None = _text()
    at: datetime = _time_field()


class Meta(SQLModel, table=True):
    key: str = Field(primary_key=True, max_length=100)
    value: str = Field(default="", sa_column=Column(Text, nullable=False))


class TMUnit(SQLModel, table=True):
    __tablename__ = "tm_unit"
    __table_args__ = (Index("ix_tm_unit_exact", "source_lang", "target_lang", "source_key"),)
    id: int | None = Field(default=None, primary_key=True)
    source_lang: str = Field(max_length=8)
    target_lang: str = Field(max_length=8)
    source: str = Field(default="", sa_column=Column(Text, nullable=False))
    target: str = Field(default="", sa_column=Column(Text, nullable=False))
    # A pair is by base language (source_lang, target_lang: "en", "de"); the full tags of an
    # imported unit, when they name a variant ("en-US", "de-AT"), are kept here (migration 0009).
    source_variant: str = Field(default="", max_length=35, sa_column_kwargs={"server_default": ""})
    target_variant: str = Field(default="", max_length=35, sa_column_kwargs={"server_default": ""})
    # The source as fuzzy matching compares it (tm.memory.normalise) and its hash: the word index
    # tm_posting (migration 0004, store/tm_write.py) is built from source_normal, exact lookup
    # uses source_key.
    source_normal: str = Field(default="", sa_column=Column(Text, nullable=False))
    source_key: str = Field(default="", max_length=32)
    origin: str = Field(default="", max_length=100)  # "approval", "tmx:<file>"
    article_id: int | None = None
    created_by: str = Field(default="", max_length=100)
    at: datetime = _time_field()


class RestrictedTMUnit(SQLModel, table=True):
    """An approved sentence pair of a restricted article (migration 0017).

    Kept apart from tm_unit and its word index: the shared memory never holds a restricted text,
    so no lookup, search or export of it can return one. This part is searched (a plain scan:
    restricted articles are few) only for restricted work and by readers with the grant.
    """

    __tablename__ = "tm_restricted_unit"
    __table_args__ = (Index("ix_tm_restricted_pair", "source_lang", "target_lang"),)
    id: int | None = Field(default=None, primary_key=True)
    source_lang: str = Field(max_length=8)
    target_lang: str = Field(max_length=8)
    source: str = Field(default="", sa_column=Column(Text, nullable=False))
    target: str = Field(default="", sa_column=Column(Text, nullable=False))
    article_id: int | None = Field(default=None, index=True)
    origin: str = Field(default="", max_length=100)
    created_by: str = Field(default="", max_length=100)
    at: datetime = _time_field()


class MTCache(SQLModel, table=True):
    __tablename__ = "mt_cache"
    key: str = Field(primary_key=True, max_length=64)
    engine: str = Field(max_length=60)
    source_lang: str = Field(max_length=8)
    target_lang: str = Field(max_length=8)
    output: str = Field(default="", sa_column=Column(Text, nullable=False))
    at: datetime = _time_field()


class Approval(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="article.id", index=True)
    version_id: int = Field(foreign_key="article_version.id")
    target_lang: str = Field(max_length=8)
    editor: str = Field(max_length=100)
    forced: bool = False
    reason: str | None = _text()
    at: datetime = _time_field()


class AuditLog(SQLModel, table=True):
    __tablename__ = "audit_log"
    id: int | None = Field(default=None, primary_key=True)
    at: datetime = _time_field()
    user: str = Field(max_length=100, index=True)
    role: str = Field(default="", max_length=30)
    action: str = Field(max_length=40)
    object_type: str = Field(max_length=30)
    object_id: str = Field(default="", max_length=100)
    article_id: int | None = Field(default=None, index=True)
    before: str | None = _text()  # JSON
    after: str | None = _text()  # JSON
    # The admin who acted as `user` (--user), when someone did (migration 0016).
    by_admin: str | None = Field(default=None, max_length=100)
