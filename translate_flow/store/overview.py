"""The desk overview behind `translate-flow status`, answered without loading the ORM.

`status` is typed all day and must answer at once; importing SQLAlchemy alone takes longer than
the whole budget, so on SQLite this module asks the database through the standard library's
sqlite3. The SQL is plain and portable; other databases run the same statements through
SQLAlchemy.
"""

from __future__ import annotations

ARTICLES_SQL = """
SELECT a.id, a.title, a.source_lang, a.current_version, a.restricted, COUNT(s.id)
FROM article a
JOIN article_version v ON v.article_id = a.id AND v.n = a.current_version
LEFT JOIN segment s ON s.version_id = v.id
GROUP BY a.id, a.title, a.source_lang, a.current_version, a.restricted
ORDER BY a.id
"""

STATUS_SQL = """
SELECT t.article_id, t.target_lang, t.status, COUNT(t.id)
FROM translation t
JOIN segment s ON s.id = t.segment_id
JOIN article a ON a.id = t.article_id
JOIN article_version v ON v.id = s.version_id AND v.n = a.current_version
GROUP BY t.article_id, t.target_lang, t.status
"""

APPROVALS_SQL = """
SELECT ap.article_id, ap.target_lang, MAX(ap.at)
FROM approval ap
JOIN article a ON a.id = ap.article_id
JOIN article_version v ON v.id = ap.version_id AND v.n = a.current_version
GROUP BY ap.article_id, ap.target_lang
"""


def _assemble(articles, statuses, approvals) -> list[dict]:
    result = {}
    for aid, title, lang, version, restricted, segments in articles:
        result[aid] = {
            "article": aid,
            "title": title,
            "source_lang": lang,
            "version": version,
            "restricted": bool(restricted),
            "segments": segments,
            "languages": {},
        }
    for aid, target, status, count in statuses:
        if aid in result:
            langs = result[aid]["languages"]
            langs.setdefault(target, {"approved": False, "statuses": {}})["statuses"][status] = (
                count
            )
    for aid, target, _at in approvals:
        if aid in result and target in result[aid]["languages"]:
            counts = result[aid]["languages"][target]["statuses"]
            result[aid]["languages"][target]["approved"] = set(counts) == {"approved"}
    return list(result.values())


def sqlite_path(url: str) -> str | None:
    for prefix in ("sqlite:///", "sqlite+pysqlite:///"):
        if url.startswith(prefix):
            return url[len(prefix) :]
    return None


def overview_sqlite(
    path: str, schema_head: str
) -> tuple[list[dict], dict[str, frozenset[str]]] | None:
    """The overview and the desk's users with their roles (the caller settles who may read it),
    or None when the file's schema is not current (the caller migrates)."""
    import sqlite3

    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10)
    except sqlite3.OperationalError:
        return None
    try:
        try:
            head = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        except sqlite3.DatabaseError:  # also a damaged file: open_database says what it is
            return None
        if not head or head[0] != schema_head:
            return None
        users = {
            name: frozenset(r for r in roles.split(",") if r)
            for name, roles in conn.execute("SELECT name, roles FROM user_account")
        }
        rows = _assemble(
            conn.execute(ARTICLES_SQL).fetchall(),
            conn.execute(STATUS_SQL).fetchall(),
            conn.execute(APPROVALS_SQL).fetchall(),
        )
        return rows, users
    finally:
        conn.close()


def overview_engine(engine) -> list[dict]:
    from sqlalchemy import text

    from translate_flow.store.db import reading

    with reading(engine) as conn:
        return _assemble(
            conn.execute(text(ARTICLES_SQL)).all(),
            conn.execute(text(STATUS_SQL)).all(),
            conn.execute(text(APPROVALS_SQL)).all(),
        )
