"""The post-edit distance report: how much translators changed each engine's output, and the
findings translators and editors dismissed (who, why).

A segment counts when its current translation is accepted or approved and came from an engine:
the last machine-translate revision is compared with the current text (diff/postedit.py). The
revisions are read through source updates (services/lineage.py): a translation carried over to a
new version keeps its original machine translation and translator, and counts once, in the
current version.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, replace
from typing import Any

from translate_flow.diff.postedit import (
    Distance,
    GroupFigures,
    PostEdit,
    aggregate,
    distance,
    overall,
)
from translate_flow.services.access import hidden_articles, readable_article
from translate_flow.services.context import Desk, load_actor
from translate_flow.services.findings import current_findings
from translate_flow.services.lineage import lineages, machine_baseline
from translate_flow.store.db import Session, transaction
from translate_flow.store.models import Revision
from translate_flow.store.review_queries import current_translations
from translate_flow.workflow.states import APPROVED, TRANSLATED

GROUPS = {
    "by_engine": lambda e: e.engine,
    "by_lang": lambda e: e.lang,
    "by_translator": lambda e: e.translator,
    "by_article": lambda e: e.article,
}


@dataclass
class SegmentEdit:
    """One counted segment: the engine's text, the accepted one and the distance between them
    (figures rounded to 4 places)."""

    segment: int
    article: int
    lang: str
    engine: str
    translator: str | None
    machine: str
    final: str
    word_edits: int
    words: int
    hter: float
    char_distance: float
    unchanged: bool

    @classmethod
    def of(cls, edit: PostEdit, d: Distance) -> SegmentEdit:
        return cls(
            segment=edit.segment,
            article=edit.article,
            lang=edit.lang,
            engine=edit.engine,
            translator=edit.translator,
            machine=edit.machine,
            final=edit.final,
            word_edits=d.word_edits,
            words=d.words,
            hter=round(d.hter, 4),
            char_distance=round(d.char_distance, 4),
            unchanged=d.unchanged,
        )


@dataclass
class PostEditReport:
    article: int | None  # the scope asked for
    lang: str | None
    overall: GroupFigures
    segments: list[SegmentEdit]
    by_engine: list[GroupFigures]
    by_lang: list[GroupFigures]
    by_translator: list[GroupFigures]
    by_article: list[GroupFigures]
    # Findings a translator or editor judged right (services.findings.FindingView.to_dict):
    # what the checks get wrong, and who decided.
    dismissed_findings: list[dict[str, Any]]


def postedit_report(
    desk: Desk, article_id: int | None = None, lang: str | None = None
) -> PostEditReport:
    with transaction(desk.engine) as session:
        actor = load_actor(session, desk.user_name)
        if article_id is not None:
            readable_article(session, actor, article_id)
        hidden = hidden_articles(session, actor)
        edits = [e for e in _post_edits(session, article_id, lang) if e.article not in hidden]
        dismissed = [
            f.to_dict()
            for f in current_findings(session, article_id, lang, None, True)
            if f.article not in hidden
        ]
    scored = [(edit, distance(edit.machine, edit.final)) for edit in edits]
    groups = {name: [_rounded(g) for g in aggregate(scored, key)] for name, key in GROUPS.items()}
    return PostEditReport(
        article=article_id,
        lang=lang,
        overall=_rounded(overall(scored)),
        segments=[SegmentEdit.of(e, d) for e, d in scored],
        dismissed_findings=dismissed,
        **groups,
    )


def _rounded(figures: GroupFigures) -> GroupFigures:
    return replace(
        figures,
        mean_hter=round(figures.mean_hter, 4),
        mean_char_distance=round(figures.mean_char_distance, 4),
        unchanged_share=round(figures.unchanged_share, 4),
    )


def _post_edits(session: Session, article_id: int | None, lang: str | None) -> list[PostEdit]:
    rows = current_translations(
        session, article_id=article_id, lang=lang, statuses=(TRANSLATED, APPROVED)
    )
    history = lineages(session, [t for t, _ in rows])
    edits = []
    for translation, segment in rows:
        revs = history.get(translation.id, [])
        machine_at = machine_baseline(revs)
        if machine_at is None or translation.current_revision_id is None:
            continue  # a human translation from scratch, or a draft kept over a source change
        after = revs[machine_at + 1 :]
        human = _last_index(after, ("edit",))
        if human is None:
            human = _last_index(after, ("accept",))
        current = next(r for r in revs if r.id == translation.current_revision_id)
        edits.append(
            PostEdit(
                segment=segment.id,
                article=translation.article_id,
                lang=translation.target_lang,
                engine=revs[machine_at].origin,
                translator=after[human].author if human is not None else None,
                machine=revs[machine_at].text,
                final=current.text,
            )
        )
    return edits


def _last_index(revs: list[Revision], actions: tuple[str, ...]) -> int | None:
    for index in range(len(revs) - 1, -1, -1):
        if revs[index].action in actions:
            return index
    return None


# --- the standalone HTML page -------------------------------------------------------------------

_STYLE = """
body { font-family: sans-serif; margin: 2em; color: #222; }
table { border-collapse: collapse; margin-bottom: 2em; }
th, td { border: 1px solid #ccc; padding: 0.3em 0.6em; text-align: right; }
th:first-child, td:first-child { text-align: left; }
svg text { font-size: 12px; font-family: sans-serif; }
"""


def render_html(report: PostEditReport) -> str:
    """A page that needs no script and no network: tables and inline SVG bar charts."""
    figures = report.overall
    scope = []
    if report.article is not None:
        scope.append(f"article {report.article}")
    if report.lang:
        scope.append(f"language {report.lang}")
    title = "Post-edit distance" + (f" — {', '.join(scope)}" if scope else "")
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{html.escape(title)}</title><style>{_STYLE}</style></head><body>",
        f"<h1>{html.escape(title)}</h1>",
        f"<p>{figures.segments} segments; mean word-level HTER {figures.mean_hter:.3f}; "
        f"mean character distance {figures.mean_char_distance:.3f}; "
        f"unchanged {figures.unchanged_share:.0%}.</p>",
        "<h2>HTER per engine</h2>",
        bar_chart(report.by_engine),
        "<h2>HTER per translator</h2>",
        bar_chart(report.by_translator),
    ]
    for name, heading in [
        ("by_engine", "engine"),
        ("by_lang", "language"),
        ("by_translator", "translator"),
        ("by_article", "article"),
    ]:
        parts.append(f"<h2>Per {heading}</h2>")
        parts.append(_figures_table(heading, getattr(report, name)))
    parts.append(_dismissed_table(report.dismissed_findings))
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _figures_table(heading: str, groups: list[GroupFigures]) -> str:
    rows = [
        f"<tr><th>{html.escape(heading)}</th><th>segments</th><th>mean HTER</th>"
        "<th>mean char distance</th><th>unchanged</th></tr>"
    ]
    for g in groups:
        rows.append(
            f"<tr><td>{html.escape(str(g.key))}</td><td>{g.segments}</td>"
            f"<td>{g.mean_hter:.3f}</td><td>{g.mean_char_distance:.3f}</td>"
            f"<td>{g.unchanged_share:.0%}</td></tr>"
        )
    return "<table>" + "".join(rows) + "</table>"


def _dismissed_table(findings: list[dict[str, Any]]) -> str:
    if not findings:
        return "<h2>Dismissed findings</h2><p>none</p>"
    rows = [
        "<tr><th>finding</th><th>segment</th><th>language</th><th>check</th><th>message</th>"
        "<th>dismissed by</th><th>reason</th></tr>"
    ]
    for f in findings:
        cells = [
            f["id"],
            f["segment"],
            f["lang"],
            f["check"],
            f["message"],
            f"{f['dismissed_by']} ({f['dismissed_role']}, {f['dismissed_at'][:10]})",
            f["dismissed_reason"],
        ]
        rows.append("<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in cells) + "</tr>")
    return "<h2>Dismissed findings</h2><table>" + "".join(rows) + "</table>"


def bar_chart(groups: list[GroupFigures], value: str = "mean_hter") -> str:
    """Horizontal bars, one per group; the scale runs to 1 or to the largest value above it."""
    label_width, bar_width, row_height = 160, 400, 24
    if not groups:
        return "<p>no segments</p>"
    scale = max(1.0, *(getattr(g, value) for g in groups))
    height = row_height * len(groups) + 4
    width = label_width + bar_width + 60
    shapes = []
    for i, g in enumerate(groups):
        y = i * row_height + 2
        length = bar_width * getattr(g, value) / scale
        shapes.append(
            f'<text x="{label_width - 6}" y="{y + 16}" text-anchor="end">'
            f"{html.escape(str(g.key))}</text>"
            f'<rect x="{label_width}" y="{y + 3}" width="{length:.1f}" height="{row_height - 6}" '
            'fill="#4a7fb5"/>'
            f'<text x="{label_width + length + 4:.1f}" y="{y + 16}">{getattr(g, value):.3f}</text>'
        )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'role="img">{"".join(shapes)}</svg>'
    )
