"""The translation memory looked up in the database, for memories too big to load.

Exact matches come from the indexed hash of the normalised source (tm_unit.source_key). Fuzzy
candidates come from a trigram index over the normalised source (migration 0002: SQLite FTS5 with
the trigram tokenizer, PostgreSQL pg_trgm); the best few hundred are rescored with rapidfuzz's
ratio, exactly as the in-memory TranslationMemory scores, so both give the same kind of answer.
Without a trigram index (old SQLite, no pg_trgm) the in-memory scan is used.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlmodel import Session

from translate_flow.tm.memory import DEFAULT_THRESHOLD, TMMatch, normalise, normalised_hash

# How many trigram candidates are rescored. More raises recall and costs time; see
# benchmarks/tm_scale.py for the figures behind this choice.
CANDIDATES = 200
# pg_trgm's similarity (shared trigrams / all trigrams) of two sentences that score 75 by ratio
# stays well above this; lower lets more through the index for rescoring.
PG_SIMILARITY = 0.3
# An FTS5 trigram query needs words of at least three characters.
_MIN_WORD = 3
_QUERY_WORDS = 6


class IndexedMemory:
    """Exact and fuzzy lookup for one language pair, reading the database per query."""

    def __init__(self, session: Session, source_lang: str, target_lang: str) -> None:
        self.session = session
        self.source_lang = source_lang
        self.target_lang = target_lang
        self._dialect = session.get_bind().dialect.name
        self._trgm_schema: str | None = None
        self.indexed = self._has_index()
        self._fallback = None
        if not self.indexed:
            from translate_flow.tm.memory import TranslationMemory

            rows = session.execute(
                text(
                    "SELECT source, target FROM tm_unit WHERE source_lang = :s "
                    "AND target_lang = :t ORDER BY id"
                ),
                {"s": source_lang, "t": target_lang},
            ).all()
            self._fallback = TranslationMemory((s, t) for s, t in rows)

    def lookup(
        self, query: str, threshold: float = DEFAULT_THRESHOLD, limit: int = 5
    ) -> list[TMMatch]:
        """Up to `limit` matches scoring at least `threshold`, best first; an exact match is 100."""
        if self._fallback is not None:
            return self._fallback.lookup(query, threshold=threshold, limit=limit)
        from rapidfuzz import fuzz

        key = normalise(query)
        if not key or limit < 1:
            return []
        matches: list[TMMatch] = []
        exact_key = normalised_hash(query)
        exact = self._exact(exact_key)
        if exact is not None:
            matches.append(TMMatch(exact[0], exact[1], 100.0))
            if limit == 1:
                return matches
        # A later unit with the same normalised source replaces an earlier one, as in memory.
        best: dict[str, tuple[float, int, str, str]] = {}
        for unit_id, source, target, normal, source_key in self._candidates(key, threshold):
            if source_key == exact_key:
                continue
            score = fuzz.ratio(key, normal, score_cutoff=threshold)
            if score and (source_key not in best or unit_id > best[source_key][1]):
                best[source_key] = (score, unit_id, source, target)
        ranked = sorted(best.values(), key=lambda m: (-m[0], -m[1]))
        matches += [TMMatch(source, target, float(score)) for score, _, source, target in ranked]
        return matches[:limit]

    def _exact(self, key: str) -> tuple[str, str] | None:
        row = self.session.execute(
            text(
                "SELECT source, target FROM tm_unit WHERE source_lang = :s AND target_lang = :t "
                "AND source_key = :k ORDER BY id DESC LIMIT 1"
            ),
            {"s": self.source_lang, "t": self.target_lang, "k": key},
        ).first()
        return (row[0], row[1]) if row else None

    def _candidates(self, key: str, threshold: float) -> list[tuple]:
        # ratio = 2·common / (len a + len b): a score ≥ t needs the lengths within these bounds.
        share = max(threshold, 1.0) / 100
        bounds = {
            "lo": int(len(key) * share / (2 - share)),
            "hi": int(len(key) * (2 - share) / share) + 1,
        }
        params = {"s": self.source_lang, "t": self.target_lang, "n": CANDIDATES, **bounds}
        if self._dialect == "sqlite":
            # The longest words are the rarest: a few of them find the near-repeats, and every
            # further common word would make FTS5 rank many more rows.
            words = sorted({w for w in key.split() if len(w) >= _MIN_WORD}, key=lambda w: -len(w))
            if not words:
                return []
            params["q"] = " OR ".join(
                '"' + w.replace('"', '""') + '"' for w in words[:_QUERY_WORDS]
            )
            sql = (
                "SELECT u.id, u.source, u.target, u.source_normal, u.source_key "
                "FROM tm_unit_fts f JOIN tm_unit u ON u.id = f.rowid "
                "WHERE tm_unit_fts MATCH :q AND u.source_lang = :s AND u.target_lang = :t "
                "AND length(u.source_normal) BETWEEN :lo AND :hi "
                "ORDER BY f.rank LIMIT :n"
            )
        else:
            schema = self._trgm_schema
            self.session.execute(
                text("SELECT set_config('pg_trgm.similarity_threshold', :v, true)"),
                {"v": str(PG_SIMILARITY)},
            )
            params["q"] = key
            sql = (
                "SELECT id, source, target, source_normal, source_key FROM tm_unit "
                f"WHERE source_normal OPERATOR({schema}.%) :q "
                "AND source_lang = :s AND target_lang = :t "
                "AND length(source_normal) BETWEEN :lo AND :hi "
                f"ORDER BY {schema}.similarity(source_normal, :q) DESC LIMIT :n"
            )
        return list(self.session.execute(text(sql), params).all())

    def _has_index(self) -> bool:
        if self._dialect == "sqlite":
            found = self.session.execute(
                text("SELECT 1 FROM sqlite_master WHERE name = 'tm_unit_fts'")
            ).first()
            return found is not None
        if self._dialect == "postgresql":
            self._trgm_schema = self.session.execute(
                text(
                    "SELECT extnamespace::regnamespace::text FROM pg_extension "
                    "WHERE extname = 'pg_trgm'"
                )
            ).scalar()
            index = self.session.execute(
                text("SELECT to_regclass('ix_tm_unit_source_trgm')")
            ).scalar()
            return self._trgm_schema is not None and index is not None
        return False
