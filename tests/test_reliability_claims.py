"""Review-screen claims from parallel processes: every free segment goes to exactly one screen,
and no screen is told the queue is empty while a segment is free (issue 17; docs/reliability.md).
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import EXAMPLES
from mt_servers import libre_server
from reliability_support import REPO, environment

# One review screen: claim `rounds` segments one after the other (services.claims.claim_next,
# moving on past the last one as the screen does), print what it got; None: "the queue is empty".
SCREEN = """
import json, sys
from translate_flow.services.context import Desk
from translate_flow.services.claims import claim_next
from translate_flow.store.db import open_database

url, user, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
desk = Desk(open_database(url), user)
got, after = [], None
for _ in range(rounds):
    entry = claim_next(desk, lang="de", after=after)
    got.append(None if entry is None else entry.translation)
    if entry is not None:
        after = entry.key
print(json.dumps(got))
"""


@pytest.fixture
def translated(cli, monkeypatch, tmp_path):
    assert cli("ingest", EXAMPLES / "ru-mfa-ict-security.txt").exit_code == 0
    with libre_server() as server:
        monkeypatch.setenv("TRANSLATE_FLOW_LIBRE_URL", server.url)
        assert cli("translate", "1", "--to", "de", "--engine", "libre").exit_code == 0
    return cli


def test_parallel_screens_share_the_queue_without_an_empty_answer_or_a_double_claim(
    translated, tmp_path
):
    screens, rounds = 8, 2  # 16 claims for the 22 free segments: none may come back empty
    env = environment(tmp_path)
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", SCREEN, translated.db_url, f"screen{i}", str(rounds)],
            cwd=REPO,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in range(screens)
    ]
    claimed: list[int | None] = []
    for process in processes:
        out, err = process.communicate(timeout=300)
        assert process.returncode == 0, err
        claimed.extend(json.loads(out))
    assert None not in claimed
    assert len(set(claimed)) == screens * rounds
