"""PostgreSQL logins and what each desk role may do in the database itself.

On PostgreSQL the desk user is the login (store/identity.py). `user add NAME --role R` creates the
login when it does not exist (without a password: the server's authentication decides how it
logs in; set one with `ALTER ROLE … PASSWORD` or use certificates or peer) and makes it a member
of a group role per desk role. The groups hold the privileges, so the rules hold in psql too:

- every role reads every table, and writes the audit log;
- translators write articles, segments, translations, revisions, findings and the MT cache, but
  not approvals, the glossary, the memory or the users; row-level security keeps them from
  setting a translation to `approved` or changing an approved one;
- translators and terminologists see and write the rows of a restricted article only when they
  imported it or an editor assigned them to it (row-level security, ROW_RULES);
- editors write everything but the glossary and the users;
- terminologists write the glossary, the memory, findings and translations' re-check marks, but
  not approvals or users;
- admins write everything.

The groups are named per desk (database and schema), so a translator of one desk is nobody in
another database on the same server. Privileges are given again after every migration
(`refresh_privileges`), so a new table is covered at once.
"""

from __future__ import annotations

import hashlib

from sqlalchemy import text
from sqlalchemy.engine import Connection

from translate_flow.workflow.roles import ADMIN, EDITOR, ROLES, TERMINOLOGIST, TRANSLATOR

GLOSSARY_TABLES = {"concept", "term", "glossary_change"}
MEMORY_TABLES = {"tm_unit", "tm_posting", "tm_length"}
# Tables a role may not write (beyond reading, which all may).
READ_ONLY_TABLES: dict[str, set[str]] = {
    TRANSLATOR: {"approval", "user_account", "alembic_version"} | GLOSSARY_TABLES | MEMORY_TABLES,
    EDITOR: {"user_account", "alembic_version"} | GLOSSARY_TABLES,
    TERMINOLOGIST: {"approval", "user_account", "alembic_version"},
    ADMIN: set(),
}
# Tables with row-level rules: which rows a role may write.
APPROVED = "status <> 'approved'"


def _desk_key(conn: Connection) -> str:
    database, schema = conn.execute(text("SELECT current_database(), current_schema()")).one()
    return hashlib.sha256(f"{database}/{schema}".encode()).hexdigest()[:10]


def group_name(conn: Connection, role: str) -> str:
    return f"tf_{role}_{_desk_key(conn)}"


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _role_exists(conn: Connection, name: str) -> bool:
    found = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": name}).first()
    return found is not None


def _create_role(conn: Connection, name: str, login: bool) -> None:
    if _role_exists(conn, name):
        return
    # Another desk command may create the same role at the same moment: a savepoint keeps the
    # transaction alive when it wins.
    with conn.begin_nested() as savepoint:
        try:
            conn.execute(text(f"CREATE ROLE {_quote(name)} {'LOGIN' if login else 'NOLOGIN'}"))
        except Exception:
            savepoint.rollback()
            if not _role_exists(conn, name):
                raise


def provision_login(conn: Connection, name: str, roles: list[str]) -> None:
    """Create the login NAME if missing, and make it a member of its desk roles' groups."""
    refresh_privileges(conn)
    _create_role(conn, name, login=True)
    for role in roles:
        conn.execute(text(f"GRANT {_quote(group_name(conn, role))} TO {_quote(name)}"))


def groups_exist(conn: Connection) -> bool:
    return _role_exists(conn, group_name(conn, ADMIN))


def refresh_privileges(conn: Connection) -> None:
    """Create the desk's groups if missing and give each its privileges on every table."""
    schema = conn.execute(text("SELECT current_schema()")).scalar_one()
    tables = [
        row[0]
        for row in conn.execute(
            text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
        )
    ]
    groups = {role: group_name(conn, role) for role in ROLES}
    for group in groups.values():
        _create_role(conn, group, login=False)
    everyone = ", ".join(_quote(g) for g in groups.values())
    conn.execute(text(f"GRANT USAGE ON SCHEMA {_quote(schema)} TO {everyone}"))
    conn.execute(
        text(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {_quote(schema)} TO {everyone}")
    )
    for table in tables:
        conn.execute(text(f"REVOKE ALL ON {_quote(table)} FROM {everyone}"))
        conn.execute(text(f"GRANT SELECT ON {_quote(table)} TO {everyone}"))
        for role, group in groups.items():
            if table not in READ_ONLY_TABLES[role]:
                conn.execute(
                    text(f"GRANT INSERT, UPDATE, DELETE ON {_quote(table)} TO {_quote(group)}")
                )
    conn.execute(text(f"GRANT INSERT ON audit_log TO {everyone}"))
    _row_rules(conn, groups)


# Which rows of each table a translator or terminologist reads and writes: those of articles
# they may read (not restricted, imported by them, or assigned to them). Editors and admins read
# and write every row.
READABLE = "article_id IN (SELECT id FROM article)"  # article's own policy filters the subquery
ROW_RULES = {
    "article": (
        "NOT restricted OR created_by = current_user OR id IN "
        "(SELECT article_id FROM article_assignment WHERE user_name = current_user)"
    ),
    "article_version": READABLE,
    "segment": READABLE,
    "translation": READABLE,
    "approval": READABLE,
    "tm_restricted_unit": READABLE,
    "audit_log": f"article_id IS NULL OR {READABLE}",
    "revision": "translation_id IN (SELECT id FROM translation)",
    "finding": "translation_id IN (SELECT id FROM translation)",
}
POLICIES = ("tf_all", "tf_read", "tf_insert", "tf_update", "tf_delete", "tf_no_approval")


def _row_rules(conn: Connection, groups: dict[str, str]) -> None:
    """Row-level security: restricted articles' rows for those who may read them, and no
    approved translation made or changed by a translator."""
    privileged = ", ".join(_quote(groups[r]) for r in (EDITOR, ADMIN))
    limited = ", ".join(_quote(groups[r]) for r in (TRANSLATOR, TERMINOLOGIST))
    present = {
        row[0]
        for row in conn.execute(
            text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
        )
    }
    for table, rule in ROW_RULES.items():
        if table not in present:
            continue
        conn.execute(text(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY"))
        for policy in POLICIES:
            conn.execute(text(f"DROP POLICY IF EXISTS {policy} ON {table}"))
        statements = [
            f"CREATE POLICY tf_all ON {table} FOR ALL TO {privileged} USING (true) "
            "WITH CHECK (true)",
            f"CREATE POLICY tf_read ON {table} FOR SELECT TO {limited} USING ({rule})",
            f"CREATE POLICY tf_insert ON {table} FOR INSERT TO {limited} WITH CHECK ({rule})",
            f"CREATE POLICY tf_update ON {table} FOR UPDATE TO {limited} USING ({rule}) "
            f"WITH CHECK ({rule})",
            f"CREATE POLICY tf_delete ON {table} FOR DELETE TO {limited} USING ({rule})",
        ]
        for statement in statements:
            conn.execute(text(statement))
    translator = _quote(groups[TRANSLATOR])
    # Restrictive: on top of the rules above. A translator changes only translations that are
    # not approved into ones that are not, and adds no approving revision; a new translation of a
    # source update may carry an approved status over (`ingest --update` by a translator).
    conn.execute(
        text(
            f"CREATE POLICY tf_no_approval ON translation AS RESTRICTIVE FOR UPDATE "
            f"TO {translator} USING ({APPROVED}) WITH CHECK ({APPROVED})"
        )
    )
    conn.execute(
        text(
            f"CREATE POLICY tf_no_approval ON revision AS RESTRICTIVE FOR INSERT TO {translator} "
            f"WITH CHECK ({APPROVED} OR action = 'carry-over')"
        )
    )
