"""Claims of the review screen, on SQLite and PostgreSQL: one segment, one translator at a time."""

from __future__ import annotations

import threading
from datetime import timedelta

from conftest import EXAMPLES

from translate_flow.services import claims
from translate_flow.services.context import Desk
from translate_flow.store.db import open_database
from translate_flow.store.models import utcnow


def _queue(cli) -> list[dict]:
    assert cli("tm", "import", EXAMPLES / "seed-memory.ru-de.tmx").exit_code == 0
    assert cli("ingest", EXAMPLES / "ru-mfa-ict-security.txt").exit_code == 0
    result = cli("translate", "1", "--to", "de", "--engine", "tm")
    assert result.exit_code == 0, result.stderr
    return cli("queue", "--lang", "de", "--json").json()


def _desk(cli, user: str) -> Desk:
    return Desk(open_database(cli.db_url), user)


def test_two_translators_get_different_segments(cli):
    queue = _queue(cli)
    anna, boris = _desk(cli, "anna"), _desk(cli, "boris")

    first = claims.claim_next(anna, lang="de")
    second = claims.claim_next(boris, lang="de")

    assert first.segment == queue[0]["segment"]
    assert first.claimed_by == "anna"
    assert second.segment == queue[1]["segment"]
    assert claims.holder(anna, first.translation) == "anna"
    assert claims.claim(boris, first.translation) is False


def test_a_translator_moving_on_passes_segments_claimed_by_others(cli):
    queue = _queue(cli)
    anna, boris = _desk(cli, "anna"), _desk(cli, "boris")
    first = claims.claim_next(anna, lang="de")
    claims.claim_next(boris, lang="de")

    key = (first.article, first.lang, first.position)
    nxt = claims.claim_next(anna, lang="de", after=key)

    assert nxt.segment == queue[2]["segment"]


def test_an_expired_claim_can_be_taken(cli):
    _queue(cli)
    anna, boris = _desk(cli, "anna"), _desk(cli, "boris")
    earlier = utcnow() - claims.LEASE - timedelta(minutes=1)
    stale = claims.claim_next(anna, lang="de", now=earlier)

    assert claims.holder(boris, stale.translation) is None
    taken = claims.claim_next(boris, lang="de")

    assert taken.translation == stale.translation
    assert taken.claimed_by == "boris"


def test_released_segment_goes_back_to_the_queue(cli):
    _queue(cli)
    anna, boris = _desk(cli, "anna"), _desk(cli, "boris")
    first = claims.claim_next(anna, lang="de")

    assert claims.release(boris, first.translation) is False  # not boris's claim
    assert claims.release(anna, first.translation) is True

    assert claims.holder(anna, first.translation) is None
    assert claims.claim_next(boris, lang="de").translation == first.translation


def test_own_claim_is_renewed_not_refused(cli):
    _queue(cli)
    anna = _desk(cli, "anna")
    first = claims.claim_next(anna, lang="de")

    assert claims.claim(anna, first.translation) is True
    assert claims.claim_next(anna, lang="de").translation == first.translation


def test_claims_respect_the_queue_filters(cli):
    queue = _queue(cli)
    anna = _desk(cli, "anna")

    assert claims.claim_next(anna, lang="en") is None
    assert claims.claim_next(anna, lang="de", status="approved") is None
    last = queue[-1]
    after_last = (last["article"], last["lang"], last["position"])
    assert claims.claim_next(anna, lang="de", after=after_last) is None


def test_concurrent_screens_never_share_a_segment(cli):
    queue = _queue(cli)
    users = ["anna", "boris", "clara", "dmitri"]
    taken: dict[str, list[int]] = {u: [] for u in users}
    errors: list[BaseException] = []

    def walk(user: str) -> None:
        desk = _desk(cli, user)
        after = None
        try:
            while (entry := claims.claim_next(desk, lang="de", after=after)) is not None:
                # Keep every claim: the next call must find a segment nobody holds.
                taken[user].append(entry.translation)
                after = entry.key
        except BaseException as exc:  # reported below, in the test's thread
            errors.append(exc)

    threads = [threading.Thread(target=walk, args=(u,)) for u in users]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)

    assert not errors, errors
    claimed = [tid for ids in taken.values() for tid in ids]
    assert len(claimed) == len(set(claimed)) == len(queue)
