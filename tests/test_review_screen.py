"""The translator's review screen: its state and actions on SQLite and PostgreSQL, and the real
program driven in tmux as a translator uses it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from conftest import EXAMPLES, GLOSSARY, REPO, run_cli
from mt_servers import libre_server

from translate_flow.cli.screen_draw import render
from translate_flow.services import claims
from translate_flow.services.context import Desk
from translate_flow.services.review_screen import ReviewScreen
from translate_flow.store.db import open_database

SEED_TMX = EXAMPLES / "seed-memory.ru-de.tmx"
ARTICLE = EXAMPLES / "ru-mfa-ict-security.txt"


def _prepare(cli) -> list[dict]:
    for args in (
        ("glossary", "import", GLOSSARY),
        ("tm", "import", SEED_TMX),
        ("ingest", ARTICLE),
        ("translate", "1", "--to", "de", "--engine", "tm"),
    ):
        result = cli(*args)
        assert result.exit_code == 0, result.stderr
    return cli("queue", "--lang", "de", "--json").json()


def _screen(cli, user: str = "anna", **kwargs) -> ReviewScreen:
    screen = ReviewScreen(Desk(open_database(cli.db_url), user), lang="de", **kwargs)
    screen.start()
    return screen


def _text(lines) -> str:
    return "\n".join("".join(text for _, text in line) for line in lines)


def test_screen_shows_first_segment_with_terms_and_memory(cli):
    queue = _prepare(cli)
    screen = _screen(cli)

    view = screen.current
    assert (view.index, view.total) == (1, len(queue))
    assert view.entry.segment == queue[0]["segment"]
    assert view.target == queue[0]["target"]
    assert view.source_terms  # Россия, Беларусь are glossary terms
    assert view.matches and view.matches[0].score == 100
    assert claims.holder(screen.desk, view.entry.translation) == "anna"


def test_accept_saves_and_moves_on_releasing_the_claim(cli):
    queue = _prepare(cli)
    screen = _screen(cli)
    first = screen.current.entry

    screen.accept()

    assert (
        cli("segment", "show", first.segment, "--lang", "de", "--json").json()["status"]
        == "translated"
    )
    assert claims.holder(screen.desk, first.translation) is None
    assert screen.current.entry.segment == queue[1]["segment"]
    assert screen.current.index == 2


def test_edit_stays_on_the_segment_and_shows_the_diff_to_the_machine_translation(cli):
    _prepare(cli)
    screen = _screen(cli)
    segment = screen.current.entry.segment

    screen.edit("Russland und Belarus wollen enger zusammenarbeiten")

    view = screen.current
    assert view.entry.segment == segment
    assert view.data.status == "translated"
    assert "machine translation" in view.diff_label
    assert any(op.tag != "equal" for op in view.diff)
    history = cli("segment", "history", segment, "--lang", "de", "--json").json()
    assert [r["action"] for r in history] == ["machine-translate", "edit"]


def test_comment_is_kept_as_a_revision_and_keeps_the_status(cli):
    _prepare(cli)
    screen = _screen(cli)
    segment = screen.current.entry.segment

    screen.comment("Titel mit der Redaktion abstimmen")

    history = cli("segment", "history", segment, "--lang", "de", "--json").json()
    assert history[-1]["action"] == "comment"
    assert history[-1]["comment"] == "Titel mit der Redaktion abstimmen"
    assert history[-1]["status"] == "machine-translated"


def test_deprecated_term_fix_replaces_the_span(cli):
    _prepare(cli)
    screen = _screen(cli)
    screen.edit("Russland und Weißrussland vereinbaren engere Zusammenarbeit")
    [fix] = [f for f in screen.current.fixes if f.span]

    assert screen.apply_fix(fix, fix.suggestions[0]) is None

    assert screen.current.target == "Russland und Belarus vereinbaren engere Zusammenarbeit"
    assert not [f for f in screen.current.fixes if f.span]


def _one_sentence(cli, tmp_path, source: str, target: str) -> ReviewScreen:
    article = tmp_path / "one.txt"
    article.write_text(f"Заявление\n\n{source}\n", encoding="utf-8")
    for args in (
        ("glossary", "import", GLOSSARY),
        ("ingest", article),
        ("segment", "edit", "2", "--lang", "de", "--text", target),
        ("segment", "reject", "2", "--lang", "de", "--comment", "Begriff fehlt"),
    ):
        result = cli(*args)
        assert result.exit_code == 0, result.stderr
    return _screen(cli, article_id=1)


def test_missing_term_is_placed_in_the_genitive_the_source_asks_for(cli, tmp_path):
    screen = _one_sentence(cli, tmp_path, "Позиция России неизменна.", "Die Position bleibt.")
    [missing] = [f for f in screen.current.fixes if f.span is None]

    placement = screen.apply_fix(missing, missing.suggestions[0])

    assert placement.text == "Die Position Russlands bleibt."
    assert placement.text[: placement.cursor].endswith("Russlands")
    assert "Russlands placed" in screen.message
    # Nothing is saved until the translator confirms it in the editor.
    history = cli("segment", "history", "2", "--lang", "de", "--json").json()
    assert history[-1]["action"] == "reject"


def test_missing_term_replaces_the_words_an_engine_left_untranslated(cli, tmp_path):
    screen = _one_sentence(
        cli, tmp_path, "Переговоры с Российской Федерацией завершены.",
        "Die Verhandlungen mit Российской Федерацией sind beendet.",
    )  # fmt: skip
    [missing] = [f for f in screen.current.fixes if f.span is None]

    placement = screen.apply_fix(missing, missing.suggestions[0])

    assert placement.replaced == "Российской Федерацией"
    assert placement.text == "Die Verhandlungen mit Russischen Föderation sind beendet."


def test_skip_and_back_walk_the_queue(cli):
    queue = _prepare(cli)
    screen = _screen(cli)
    screen.skip()
    screen.skip()
    assert screen.current.entry.segment == queue[2]["segment"]

    screen.back()

    assert screen.current.entry.segment == queue[1]["segment"]
    assert claims.holder(screen.desk, screen.current.entry.translation) == "anna"
    assert claims.holder(screen.desk, screen.visited[-1].translation) is None


def test_two_translators_on_one_queue_see_different_segments(cli):
    _prepare(cli)
    anna = _screen(cli, "anna")
    boris = _screen(cli, "boris")

    assert anna.current.entry.segment != boris.current.entry.segment
    anna.quit()
    assert claims.holder(anna.desk, anna.current.entry.translation) is None


def test_retranslate_with_an_unusable_engine_shows_why(cli, monkeypatch):
    _prepare(cli)
    monkeypatch.delenv("TRANSLATE_FLOW_LIBRE_URL", raising=False)
    screen = _screen(cli)
    before = screen.current.target

    assert screen.propose("libre") is None

    assert screen.error and "libre" in screen.message
    assert screen.current.target == before


VISIT = "Визит\n\nМинистр иностранных дел Республики Беларусь прибыл в Москву.\n"
PROTECTED = "⟦0⟧ ⟦1⟧ прибыл в ⟦2⟧."
FROM_LIBRE = "[de] Außenminister Republik Belarus прибыл в Moskau."


def _visit(cli, tmp_path, *ingest_options: str) -> None:
    article = tmp_path / "visit.txt"
    article.write_text(VISIT, encoding="utf-8")
    for args in (("glossary", "import", GLOSSARY), ("ingest", article, *ingest_options)):
        result = cli(*args)
        assert result.exit_code == 0, result.stderr
    result = cli("segment", "edit", "2", "--lang", "de", "--text", "Der Minister kam nach Moskau.")
    assert result.exit_code == 0, result.stderr


def test_retranslate_protects_terms_and_a_kept_proposal_is_the_engines_revision(
    cli, tmp_path, monkeypatch
):
    _visit(cli, tmp_path)
    with libre_server() as server:
        monkeypatch.setenv("TRANSLATE_FLOW_LIBRE_URL", server.url)
        screen = _screen(cli, article_id=1)
        assert screen.current.entry.segment == 2

        proposal = screen.propose("libre")
        assert server.texts_sent == [PROTECTED]
        assert proposal.text == FROM_LIBRE and not proposal.from_cache
        screen.keep(proposal, proposal.text)

        again = screen.propose("libre")  # the same sentence is answered from the cache
        assert again.from_cache and again.text == FROM_LIBRE
        assert server.texts_sent == [PROTECTED]

    history = cli("segment", "history", "2", "--lang", "de", "--json").json()
    last = history[-1]
    assert (last["action"], last["origin"]) == ("machine-translate", "libre")
    assert last["author"] == "anna"
    assert last["text"] == FROM_LIBRE and last["status"] == "machine-translated"
    assert screen.current.target == FROM_LIBRE


def test_text_typed_over_a_proposal_is_the_translators_in_report_and_log(
    cli, tmp_path, monkeypatch
):
    _visit(cli, tmp_path)
    mine = "Der Außenminister der Republik Belarus ist in Moskau eingetroffen."
    with libre_server() as server:
        monkeypatch.setenv("TRANSLATE_FLOW_LIBRE_URL", server.url)
        screen = _screen(cli, article_id=1)
        proposal = screen.propose("libre")
        screen.keep(proposal, mine)

    history = cli("segment", "history", "2", "--lang", "de", "--json").json()
    assert [(r["action"], r["origin"]) for r in history[-2:]] == [
        ("machine-translate", "libre"),
        ("edit", "human"),
    ]
    [row] = [r for r in cli("report", "--json").json()["segments"] if r["segment"] == 2]
    assert (row["engine"], row["translator"]) == ("libre", "anna")
    assert (row["machine"], row["final"]) == (FROM_LIBRE, mine)
    log = cli("log", "--article", "1", "--json").json()
    assert [e["action"] for e in log[:2]] == ["edit", "retranslate"]
    assert log[1]["after"]["origin"] == "libre" and log[1]["after"]["text"] == FROM_LIBRE
    assert log[0]["after"]["origin"] == "human" and log[0]["after"]["text"] == mine


def test_retranslate_of_a_restricted_article_refuses_a_cloud_engine(cli, tmp_path, monkeypatch):
    _visit(cli, tmp_path, "--restricted")
    with libre_server() as server:
        monkeypatch.setenv("TRANSLATE_FLOW_LIBRE_URL", server.url)
        screen = _screen(cli, article_id=1)

        assert screen.propose("libre") is None

    assert screen.error and "restricted" in screen.message
    assert server.texts_sent == []


@pytest.mark.parametrize("size", [(80, 24), (132, 40)])
def test_render_fits_the_terminal(cli, size):
    _prepare(cli)
    screen = _screen(cli)
    screen.skip()  # segment 2: long sentences
    screen.edit("MOSKAU – Außenminister Lawrow hat mit Ryschenkow verhandelt.")
    width, height = size

    lines = render(screen, width, height)

    assert len(lines) == height
    assert all(len("".join(t for _, t in line)) <= width for line in lines)
    text = _text(lines)
    assert "segment 2 of" in text and "Ryschenkow" in text and "terminology" in text
    assert "q quit" in text


def test_render_counts_emoji_and_wide_characters_as_two_columns(cli):
    from translate_flow.cli.editor import columns

    _prepare(cli)
    screen = _screen(cli)
    wide = "Treffen " + "🙂" * 46 + " שלום עליכם مرحبا " + "会议" * 24 + " Ende."
    screen.edit(wide)

    lines = render(screen, 80, 24)

    assert len(lines) == 24
    shown = ["".join(t for _, t in line) for line in lines]
    assert [line for line in shown if columns(line)[-1] > 80] == []
    assert shown[0].startswith(" segment 1 of")  # nothing scrolled the header away
    assert "".join(line.strip() for line in shown).count("🙂") >= 46  # the target, whole


# -- the real program in tmux -----------------------------------------------------------------


class Tmux:
    """A translate-flow process on an 80×24 tmux screen of its own (a private tmux server)."""

    def __init__(self, command: str, env: dict[str, str]) -> None:
        self.socket = f"tf-test-{uuid.uuid4().hex[:8]}"
        exports = " ".join(f"{k}={_quote(v)}" for k, v in env.items())
        self._tmux(
            "new-session", "-d", "-x", "80", "-y", "24",
            f"cd {_quote(str(REPO))} && env {exports} {command}; echo EXITED-$?; sleep 600",
        )  # fmt: skip

    def _tmux(self, *args: str) -> str:
        return subprocess.run(
            ["tmux", "-L", self.socket, *args], check=True, capture_output=True, text=True
        ).stdout

    def screen(self) -> str:
        return self._tmux("capture-pane", "-p")

    def keys(self, *keys: str, literal: bool = False) -> None:
        self._tmux("send-keys", *(["-l"] if literal else []), *keys)

    def wait_for(self, text: str, timeout: float = 30) -> str:
        deadline = time.monotonic() + timeout
        while True:
            shown = self.screen()
            if text in shown:
                return shown
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} did not appear on screen:\n{shown}")
            time.sleep(0.1)

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True)


def _quote(value: str) -> str:
    return "'" + value.replace("'", "'\\''") + "'"


@pytest.fixture
def tmux_available():
    if shutil.which("tmux") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("tmux is required in CI")
        pytest.skip("tmux is not installed")


def _run(db: str, env: dict[str, str], *args) -> subprocess.CompletedProcess:
    program = Path(sys.executable).with_name("translate-flow")
    return subprocess.run(
        [str(program), "--db", db, *map(str, args)],
        cwd=REPO, env={**os.environ, **env}, capture_output=True, text=True, check=True,
    )  # fmt: skip


def test_translator_reviews_in_tmux(tmp_path, tmux_available):
    db = f"sqlite:///{tmp_path / 'desk.db'}"
    env = {"TRANSLATE_FLOW_CONFIG": str(tmp_path / "none.toml"), "TRANSLATE_FLOW_USER": "anna"}
    _run(db, env, "init")
    _run(db, env, "glossary", "import", GLOSSARY)
    _run(db, env, "tm", "import", SEED_TMX)
    _run(db, env, "ingest", ARTICLE)
    _run(db, env, "translate", "1", "--to", "de", "--engine", "tm")
    queue = json.loads(_run(db, env, "queue", "--lang", "de", "--json").stdout)
    total = len(queue)

    def show(segment: int) -> dict:
        return json.loads(
            _run(db, env, "segment", "show", segment, "--lang", "de", "--json").stdout
        )

    program = Path(sys.executable).with_name("translate-flow")
    term = Tmux(f"{program} --db {_quote(db)} review --lang de", env)
    try:
        shown = term.wait_for(f"segment 1 of {total}")
        assert "Россия и Беларусь" in shown
        assert "Russland und Belarus vereinbaren" in shown
        assert "q quit" in shown

        term.keys("a")
        shown = term.wait_for(f"segment 2 of {total}")
        assert "МОСКВА" in shown
        assert show(queue[0]["segment"])["status"] == "translated"

        term.keys("e")
        term.wait_for("── translation (de)")
        term.keys("C-u")
        term.keys("MOSKAU – Außenminister Lawrow hat mit Ryschenkow verhandelt.", literal=True)
        term.keys("Enter")
        shown = term.wait_for("saved revision")
        assert "changes to the machine translation" in shown
        assert "{+verhandelt+}" in shown
        second = show(queue[1]["segment"])
        assert second["target"] == "MOSKAU – Außenminister Lawrow hat mit Ryschenkow verhandelt."
        assert second["history"][-1]["action"] == "edit"

        term.keys("c")
        term.wait_for("comment:")
        term.keys("Namen gekürzt", literal=True)
        term.keys("Enter")
        term.wait_for("comment saved")
        assert show(queue[1]["segment"])["history"][-1]["comment"] == "Namen gekürzt"

        term.keys("q")
        term.wait_for("EXITED-0")
        desk = Desk(open_database(db), "anna")
        for entry in queue[:3]:
            assert claims.holder(desk, _translation_id(db, entry["segment"])) is None
    finally:
        term.close()


def _translation_id(db: str, segment: int) -> int:
    from sqlmodel import Session, select

    from translate_flow.store.models import Translation

    with Session(open_database(db)) as session:
        return session.exec(
            select(Translation.id).where(
                Translation.segment_id == segment, Translation.target_lang == "de"
            )
        ).one()


LONG_SOURCE = (
    "Министр иностранных дел Республики Беларусь провёл в Минске переговоры с делегацией "
    "Российской Федерации, в ходе которых стороны обсудили подготовку к заседанию Совета "
    "министров иностранных дел государств – членов ОДКБ, вопросы обеспечения международной "
    "информационной безопасности, ход реализации совместных проектов в рамках Союзного "
    "государства и согласовали подробный план консультаций на следующий год."
)
LONG_TARGET = (
    "Der Außenminister der Republik Belarus hat in Minsk Gespräche mit einer Delegation der "
    "Russischen Föderation geführt, bei denen die Seiten die Vorbereitung der Sitzung des Rates "
    "der Außenminister der OVKS-Mitgliedstaaten und Fragen der internationalen "
    "Informationssicherheit sowie den Stand der gemeinsamen Projekte im Rahmen des Unionsstaates "
    "erörterten und einen Konsultationsplan für das nächste Jahr vereinbarten."
)


@pytest.fixture
def desk_for_tmux(tmp_path, monkeypatch, tmux_available):
    """An SQLite desk prepared in-process, and a way to start the real review screen on it."""
    from conftest import run_cli

    db = f"sqlite:///{tmp_path / 'desk.db'}"
    env = {"TRANSLATE_FLOW_CONFIG": str(tmp_path / "none.toml"), "TRANSLATE_FLOW_USER": "anna"}
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    screens: list[Tmux] = []

    def run(*args):
        result = run_cli(["--db", db, *args])
        assert result.exit_code == 0, result.stderr
        return result

    def review(*args: str, extra_env: dict[str, str] | None = None) -> Tmux:
        program = Path(sys.executable).with_name("translate-flow")
        command = f"{program} --db {_quote(db)} review " + " ".join(map(_quote, args))
        screens.append(Tmux(command, {**env, **(extra_env or {})}))
        return screens[-1]

    run("init")
    run.db, run.review, run.tmp_path = db, review, tmp_path
    yield run
    for screen in screens:
        screen.close()


def _long_pair(desk) -> int:
    article = desk.tmp_path / "long.txt"
    article.write_text(f"Переговоры в Минске\n\n{LONG_SOURCE}\n", encoding="utf-8")
    desk("ingest", article)
    # Only the long sentence gets a translation, so the screen shows it alone.
    desk("segment", "edit", 2, "--lang", "de", "--text", LONG_TARGET)
    assert desk("segment", "show", 2, "--lang", "de", "--json").json()["source"] == LONG_SOURCE
    return 2


def test_long_sentence_is_edited_with_up_down_undo_and_esc_in_tmux(desk_for_tmux):
    from translate_flow.cli.editor import layout

    assert len(LONG_SOURCE) > 400 and len(LONG_TARGET) > 400
    desk = desk_for_tmux
    segment = _long_pair(desk)
    term = desk.review("--article", "1", "--lang", "de")
    term.wait_for("segment 1 of 1")

    term.keys("e")
    shown = term.wait_for("── translation (de)")
    # The whole source stays above the editor, wrapped between words.
    assert "Министр иностранных дел" in shown and "на следующий год." in shown
    lines = [LONG_TARGET[s:e] for s, e in layout(LONG_TARGET, 79)]
    assert len(lines) >= 4
    for line in lines:
        assert line.rstrip() in shown

    term.keys("Up", "Up", "Home")
    term.keys("XYZ", literal=True)
    term.wait_for("XYZ" + lines[-3][:10])
    term.keys("C-z")  # undoes the word typed, writes nothing
    deadline = time.monotonic() + 10
    while "XYZ" in term.screen() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert "XYZ" not in term.screen()
    term.keys("neu ", literal=True)
    term.keys("Enter")
    term.wait_for("saved revision")

    start = sum(len(line) for line in lines[:-3])
    expected = LONG_TARGET[:start] + "neu " + LONG_TARGET[start:]
    saved = desk("segment", "show", segment, "--lang", "de", "--json").json()
    assert saved["target"] == expected
    assert "\x1a" not in saved["target"]

    term.keys("e")
    term.wait_for("── translation (de)")
    term.keys("Ändern", literal=True)
    term.keys("Escape")
    term.wait_for("edit cancelled")
    assert desk("segment", "show", segment, "--lang", "de", "--json").json()["target"] == expected


def test_external_editor_gets_the_source_as_a_comment_and_saves_the_target_in_tmux(
    desk_for_tmux,
):
    desk = desk_for_tmux
    segment = _long_pair(desk)
    seen = desk.tmp_path / "seen.txt"
    # A scripted $EDITOR: keeps a copy of what it was given and changes one word.
    script = desk.tmp_path / "edit.sh"
    script.write_text(f'#!/bin/sh\ncp "$1" {seen}\nsed -i "s/erörterten/besprachen/" "$1"\n')
    script.chmod(0o755)
    term = desk.review("--article", "1", "--lang", "de", extra_env={"EDITOR": str(script)})
    term.wait_for("segment 1 of 1")

    term.keys("E")
    term.wait_for("saved revision")

    given = seen.read_text(encoding="utf-8")
    assert given.startswith("# source:") and "# " in given and "ОДКБ" in given
    saved = desk("segment", "show", segment, "--lang", "de", "--json").json()["target"]
    assert saved == LONG_TARGET.replace("erörterten", "besprachen")


def test_retranslate_in_tmux_keeps_term_protection_and_is_recorded_as_machine_output(
    desk_for_tmux,
):
    desk = desk_for_tmux
    article = desk.tmp_path / "visit.txt"
    article.write_text(VISIT, encoding="utf-8")
    desk("glossary", "import", GLOSSARY)
    desk("ingest", article)
    desk("segment", "edit", "2", "--lang", "de", "--text", "Der Minister kam nach Moskau.")
    with libre_server() as server:
        term = desk.review(
            "--article", "1", "--lang", "de", extra_env={"TRANSLATE_FLOW_LIBRE_URL": server.url}
        )
        term.wait_for("segment 1 of 1")
        term.keys("r")
        term.wait_for("engine:")
        term.keys("libre", literal=True)
        term.keys("Enter")
        shown = term.wait_for("libre proposes this")
        assert FROM_LIBRE in shown and "Министр иностранных дел" in shown
        term.keys("Enter")
        term.wait_for("kept libre's proposal")
        assert server.texts_sent == [PROTECTED]

    last = desk("segment", "history", "2", "--lang", "de", "--json").json()[-1]
    assert (last["action"], last["origin"], last["text"]) == (
        "machine-translate",
        "libre",
        FROM_LIBRE,
    )


def _rejected(cli, tmp_path) -> None:
    _visit(cli, tmp_path)
    result = cli(
        "segment", "reject", "2", "--lang", "de", "--comment", "Außenminister, nicht Minister",
        user="eva",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    from translate_flow.services.review import comment_segment

    comment_segment(Desk(open_database(cli.db_url), "eva"), 2, "de", "bitte bis 12 Uhr")


def test_a_rejected_segment_leads_with_who_sent_it_back_and_why(cli, tmp_path):
    _rejected(cli, tmp_path)
    screen = _screen(cli, status="rejected")

    rejection, comment = screen.current.returned
    assert (rejection.author, rejection.comment) == ("eva", "Außenminister, nicht Minister")
    assert comment.comment == "bitte bis 12 Uhr"
    lines = _text(render(screen, 80, 24)).splitlines()
    assert lines[1].startswith("sent back by eva") and "Außenminister, nicht Minister" in lines[1]
    assert "eva: bitte bis 12 Uhr" in lines[2]


def test_a_source_changed_segment_shows_the_source_diff_above_the_draft(cli):
    from test_source_update import TITLE, V1, V2

    [row] = cli("ingest", "-", "--json", input=f"{TITLE}\n\n{V1}".encode()).json()
    draft = "Die Seiten erörterten die Zusammenarbeit im Rahmen der OVKS."
    assert cli("segment", "edit", "3", "--lang", "de", "--text", draft).exit_code == 0
    update = cli("ingest", "-", "--update", row["article"], input=f"{TITLE}\n\n{V2}".encode())
    assert update.exit_code == 0, update.stderr

    screen = _screen(cli, status="source-changed")

    assert screen.current.target == draft
    text = _text(render(screen, 80, 24))
    assert "source was: Стороны {+подробно +}обсудили" in text
    assert text.index("source was:") < text.index(draft[:20])


def test_a_rejection_with_its_comment_reaches_the_translators_screen_in_tmux(desk_for_tmux):
    desk = desk_for_tmux
    article = desk.tmp_path / "visit.txt"
    article.write_text(VISIT, encoding="utf-8")
    desk("ingest", article)
    desk("segment", "edit", "2", "--lang", "de", "--text", "Der Minister kam nach Moskau.")
    desk("--user", "eva", "segment", "reject", "2", "--lang", "de", "--comment", "Außenminister!")

    term = desk.review("--status", "rejected", "--lang", "de")
    shown = term.wait_for("segment 1 of 1")
    lines = shown.splitlines()
    assert lines[1].startswith("sent back by eva") and "Außenminister!" in lines[1]

    term.keys("e")  # the reason stays in sight while the translator edits
    shown = term.wait_for("── translation (de)")
    assert "sent back by eva" in shown and "Министр иностранных дел" in shown
    term.keys("Escape")


# -- key presses per action (docs/benchmarks.md counts them from these tests) ------------------


def _press(term: Tmux, keys: list[str], wait: str) -> int:
    """Press `keys` one after another (waiting for each screen), the last one shows `wait`; the
    number of keys pressed."""
    for key in keys[:-1]:
        before = term.screen()
        term.keys(key)
        deadline = time.monotonic() + 10
        while term.screen() == before and time.monotonic() < deadline:
            time.sleep(0.05)
    term.keys(keys[-1])
    term.wait_for(wait)
    return len(keys)


def test_a_missing_term_is_placed_with_f_and_confirmed_with_enter_in_tmux(desk_for_tmux):
    desk = desk_for_tmux
    article = desk.tmp_path / "one.txt"
    article.write_text("Заявление\n\nПозиция России неизменна.\n", encoding="utf-8")
    desk("glossary", "import", GLOSSARY)
    desk("ingest", article)
    desk("segment", "edit", "2", "--lang", "de", "--text", "Die Position bleibt.")
    term = desk.review("--article", "1", "--lang", "de")
    term.wait_for("segment 1 of 1")

    assert _press(term, ["f", "Enter"], "saved revision") == 2

    saved = desk("segment", "show", "2", "--lang", "de", "--json").json()
    assert saved["target"] == "Die Position Russlands bleibt."
    assert not [f for f in saved["findings"] if f["kind"] == "missing"]
    assert saved["history"][-1]["comment"] == "term fix: России → Russlands"


def test_a_deprecated_term_is_fixed_with_one_key_and_a_memory_match_used_with_one_in_tmux(
    desk_for_tmux,
):
    desk = desk_for_tmux
    for args in (("glossary", "import", GLOSSARY), ("tm", "import", SEED_TMX), ("ingest", ARTICLE)):
        desk(*args)
    desk("translate", "1", "--to", "de", "--engine", "tm")
    first, second = desk("queue", "--lang", "de", "--json").json()[:2]
    match = first["target"]
    deprecated = match.replace("Belarus", "Weißrussland")
    desk("segment", "edit", first["segment"], "--lang", "de", "--text", deprecated)
    desk("segment", "edit", second["segment"], "--lang", "de", "--text", "Ein anderer Text.")
    term = desk.review("--article", "1", "--lang", "de")
    shown = term.wait_for("segment 1 of")
    assert "1 TM 100%  Россия и Беларусь" in shown  # the memory's source and its score

    assert _press(term, ["f"], "saved revision") == 1
    fixed = desk("segment", "show", first["segment"], "--lang", "de", "--json").json()
    assert fixed["target"] == match

    assert _press(term, ["a"], "segment 2 of") == 1
    accepted = desk("segment", "show", first["segment"], "--lang", "de", "--json").json()
    assert accepted["status"] == "translated"

    assert _press(term, ["1"], "memory match 1 (100%) saved") == 1
    used = desk("segment", "show", second["segment"], "--lang", "de", "--json").json()
    assert used["target"] == second["target"]
    assert (used["history"][-1]["action"], used["history"][-1]["origin"]) == (
        "machine-translate",
        "tm",
    )


def test_keys_typed_ahead_are_not_dropped_and_help_lists_every_key_in_tmux(desk_for_tmux):
    from translate_flow.cli.screen_draw import HELP

    desk = desk_for_tmux
    desk("tm", "import", SEED_TMX)
    desk("ingest", ARTICLE)
    desk("translate", "1", "--to", "de", "--engine", "tm")
    term = desk.review("--lang", "de")
    term.wait_for("segment 1 of")

    term.keys("s", "s", "s")  # in one go, faster than the screen redraws
    term.wait_for("segment 4 of")
    term.keys("?")
    shown = term.wait_for("review: keys")
    for key, _ in HELP:
        assert any(line.startswith(key) for line in shown.splitlines()), key
    term.keys("x")
    term.wait_for("segment 4 of")


FALSE_POSITIVE = "Die Haltung Moskaus bleibt unverändert."  # Moskau stands for Russland here


def test_a_dismissed_finding_is_greyed_with_its_reason_and_blocks_no_more(cli, tmp_path):
    screen = _one_sentence(cli, tmp_path, "Позиция России неизменна.", FALSE_POSITIVE)
    [finding] = [f for f in screen.current.data.findings if f.kind == "missing"]

    screen.dismiss(finding.id, "Moskau steht hier für Russland")

    assert not [f for f in screen.current.data.findings if f.kind == "missing"]
    assert not screen.current.blocking
    text = _text(render(screen, 80, 24))
    assert "(dismissed by anna: Moskau steht hier für Russland)" in text.replace("\n    ", " ")


def test_a_false_positive_is_dismissed_with_d_and_the_article_approved_without_force_in_tmux(
    desk_for_tmux,
):
    desk = desk_for_tmux
    article = desk.tmp_path / "one.txt"
    article.write_text("Заявление\n\nПозиция России неизменна.\n", encoding="utf-8")
    desk("glossary", "import", GLOSSARY)
    desk("ingest", article)
    desk("segment", "edit", "1", "--lang", "de", "--text", "Erklärung")
    desk("segment", "edit", "2", "--lang", "de", "--text", FALSE_POSITIVE)
    refused = run_cli(["--db", desk.db, "approve", "1", "--lang", "de"])
    assert refused.exit_code == 1 and "blocking" in refused.stderr
    term = desk.review("--article", "1", "--lang", "de")
    term.wait_for("segment 1 of 2")
    term.keys("s")
    shown = term.wait_for("segment 2 of 2")
    assert "is not translated as Russland" in shown

    reason = "Moskau steht hier für Russland"
    keys = ["d", *reason, "Enter"]
    term.keys("d")
    term.wait_for("reason:")
    term.keys(reason, literal=True)
    term.keys("Enter")
    shown = term.wait_for("finding dismissed")
    assert f"dismissed by anna: {reason}" in shown.replace("\n    ", " ")
    assert len(keys) == 2 + len(reason)

    term.keys("q")
    term.wait_for("EXITED-0")
    approved = run_cli(["--db", desk.db, "approve", "1", "--lang", "de"])
    assert approved.exit_code == 0, approved.stderr


# -- correcting the segmentation from the screen ----------------------------------------------


def _wrong_break(cli) -> list[dict]:
    """The article of test_segment_corrections, whose segmenter broke after "10 ч." (hours),
    with every segment translated; its segments (from `show`) in order."""
    from test_segment_corrections import SOURCE, segments

    [row] = cli("ingest", "-", "--json", input=SOURCE).json()
    for s in segments(cli, row["article"]):
        result = cli(
            "segment", "edit", s["segment"], "--lang", "de", "--text", f"Satz {s['segment']}."
        )
        assert result.exit_code == 0, result.stderr
    return segments(cli, row["article"])


def test_j_joins_the_sentence_with_the_next_and_shows_the_joined_segment(cli):
    from test_segment_corrections import segments

    before = _wrong_break(cli)
    first, second, third = before[1], before[2], before[3]
    assert first["source"].endswith("10 ч.") and second["source"].startswith("Утра")
    screen = _screen(cli, article_id=1)
    screen.skip()  # the title, then the first sentence
    old_translation = screen.current.entry.translation
    assert screen.current.entry.segment == first["segment"]

    screen.join()

    after = segments(cli, 1)
    assert len(after) == len(before) - 1
    joined = after[1]
    assert joined["source"] == first["source"] + first["space_after"] + second["source"]
    assert joined["target"] == f"Satz {first['segment']}. Satz {second['segment']}."
    assert [s["source"] for s in after[2:]] == [s["source"] for s in before[3:]]
    view = screen.current
    assert not screen.error and "joined" in screen.message
    assert view.entry.segment == joined["segment"]
    assert view.data.source == joined["source"] and view.target == joined["target"]
    assert claims.holder(screen.desk, view.entry.translation) == "anna"
    assert claims.holder(screen.desk, old_translation) is None
    # The segment passed before is the title of the new version now.
    screen.back()
    assert screen.current.entry.segment == after[0]["segment"]
    screen.skip()
    screen.skip()
    assert screen.current.entry.segment == after[2]["segment"]
    assert after[2]["source"] == third["source"]

    # The last sentence of its paragraph has nothing to join: refused on the message line.
    screen.join()

    assert screen.error and "last sentence of its paragraph" in screen.message
    assert len(screen.message.splitlines()) == 1
    assert screen.current.entry.segment == after[2]["segment"]
    assert segments(cli, 1) == after


def test_j_is_refused_when_the_next_sentence_is_open_in_another_screen(cli):
    from test_segment_corrections import segments

    before = _wrong_break(cli)
    screen = _screen(cli, article_id=1)
    screen.skip()
    boris = Desk(open_database(cli.db_url), "boris")
    assert claims.claim_segment(boris, before[2]["segment"], "de") is not None

    screen.join()

    assert screen.error and "open in boris's review screen" in screen.message
    assert screen.current.entry.segment == before[1]["segment"]
    assert segments(cli, 1) == before


def test_x_splits_the_sentence_before_the_text_given_and_shows_the_first_part(cli):
    from test_segment_corrections import segments

    before = _wrong_break(cli)
    sentence = before[3]
    assert sentence["source"] == "Стороны обсудили ОДКБ и сотрудничество в сфере ИКТ."
    screen = _screen(cli, article_id=1)
    for _ in range(3):
        screen.skip()
    assert screen.current.entry.segment == sentence["segment"]

    screen.split("о")  # occurs many times: the service's refusal, nothing changed

    assert screen.error and "occurs" in screen.message
    assert segments(cli, 1) == before

    screen.split("и сотрудничество")

    after = segments(cli, 1)
    assert len(after) == len(before) + 1
    first, second = after[3], after[4]
    assert (first["source"], second["source"]) == (
        "Стороны обсудили ОДКБ",
        "и сотрудничество в сфере ИКТ.",
    )
    assert (first["target"], first["status"]) == (f"Satz {sentence['segment']}.", "source-changed")
    assert (second["target"], second["status"]) == (None, "new")
    assert not screen.error and "split" in screen.message
    assert screen.current.entry.segment == first["segment"]
    assert screen.current.data.source == "Стороны обсудили ОДКБ"
    screen.skip()
    assert screen.current.entry.segment == second["segment"]


def test_x_and_j_are_refused_on_an_approved_segment(cli):
    from test_segment_corrections import segments

    _wrong_break(cli)
    result = cli("approve", "1", "--lang", "de", "--force", "--reason", "numbers checked")
    assert result.exit_code == 0, result.stderr
    before = segments(cli, 1)
    assert {s["status"] for s in before} == {"approved"}
    screen = _screen(cli, article_id=1)
    screen.skip()

    screen.split("Минск")
    assert screen.error and "must reopen it first" in screen.message
    screen.join()
    assert screen.error and "must reopen it first" in screen.message

    assert segments(cli, 1) == before


def test_a_wrong_sentence_break_is_joined_with_j_in_tmux(desk_for_tmux):
    from test_segment_corrections import SOURCE

    desk = desk_for_tmux
    article = desk.tmp_path / "visit.txt"
    article.write_text(SOURCE, encoding="utf-8")
    desk("ingest", article)
    shown = desk("show", "1", "--lang", "de", "--json").json()
    for segment in [s["segment"] for p in shown["paragraphs"] for s in p["segments"]]:
        desk("segment", "edit", segment, "--lang", "de", "--text", "Satz.")
    before = desk("queue", "--article", "1", "--lang", "de", "--json").json()
    first, second = before[1]["segment"], before[2]["segment"]
    term = desk.review("--article", "1", "--lang", "de")
    shown = term.wait_for(f"segment 1 of {len(before)}")
    assert " j x " in shown.splitlines()[-1]  # the footer names the keys at 80 columns

    term.keys("s")
    term.wait_for(f"segment 2 of {len(before)}")
    term.keys("j")
    shown = term.wait_for("joined: this is segment")

    after = desk("queue", "--article", "1", "--lang", "de", "--json").json()
    assert len(after) == len(before) - 1
    joined = after[1]["segment"]
    assert joined not in (first, second)
    assert f"segment 2 of {len(after)}" in shown
    assert "10 ч. Утра он провёл" in shown
    stored = desk("segment", "show", joined, "--lang", "de", "--json").json()
    assert stored["source"] == "Министр прибыл в Минск 5 мая в 10 ч. Утра он провёл переговоры."
    assert (stored["target"], stored["status"]) == ("Satz. Satz.", "translated")
    assert stored["history"][-1]["comment"].startswith(f"segments {first} and {second} merged")
    assert [e["target"] for e in after] == ["Satz."] + ["Satz. Satz."] + ["Satz."] * 2
    assert [e["position"] for e in after] == list(range(len(after)))

    term.keys("q")
    term.wait_for("EXITED-0")
    anna = Desk(open_database(desk.db), "anna")
    assert claims.holder(anna, _translation_id(desk.db, joined)) is None


def test_an_edit_on_screen_after_a_source_update_is_refused_not_lost(cli):
    _prepare(cli)
    screen = _screen(cli)
    old = screen.current.entry.segment
    # Meanwhile a new version of the article arrives with another sentence reworded.
    text = ARTICLE.read_text(encoding="utf-8").replace("традиционно дружественной", "дружеской")
    assert cli("ingest", "-", "--update", "1", input=text).exit_code == 0

    screen.edit("Russland und Belarus wollen enger zusammenarbeiten")

    assert screen.error and "belongs to an earlier version of article 1" in screen.message
    first = cli("queue", "--article", "1", "--lang", "de", "--json").json()[0]
    assert first["segment"] != old and f"segment {first['segment']} replaced it" in screen.message
    history = cli("segment", "history", old, "--lang", "de", "--json").json()
    assert [r["action"] for r in history] == ["machine-translate"]


def test_accepting_on_screen_after_a_glossary_change_clears_the_mark(cli):
    _prepare(cli)
    screen = _screen(cli)
    segment = screen.current.entry.segment
    screen.edit("Russland und Belarus wollen enger zusammenarbeiten")
    changed = cli("glossary", "deprecate", "belarus", "de:Belarus", "--superseded")
    assert changed.exit_code == 0, changed.stderr
    marked = cli("queue", "--glossary-affected", "--json").json()
    assert segment in [r["segment"] for r in marked]
    screen.reload()

    screen.accept()

    assert segment not in [
        r["segment"] for r in cli("queue", "--glossary-affected", "--json").json()
    ]
    history = cli("segment", "history", segment, "--lang", "de", "--json").json()
    assert [r["action"] for r in history][-2:] == ["edit", "accept"]


def test_text_typed_while_someone_else_changed_the_segment_is_offered_again(cli):
    _prepare(cli)
    screen = _screen(cli)
    segment = screen.current.entry.segment
    # Meanwhile a colleague edits the same segment from the command line.
    theirs = "Russland und Belarus wollen enger zusammenarbeiten."
    assert cli("segment", "edit", segment, "--lang", "de", "--text", theirs).exit_code == 0
    mine = "Russland und Belarus vertiefen ihre Zusammenarbeit."

    screen.edit(mine)

    assert screen.error and f"someone else changed segment {segment} meanwhile" in screen.message
    assert screen.message.endswith("e brings back your text")
    assert screen.current.target == theirs  # the screen shows what the database holds now
    assert screen.edit_text() == mine
    screen.edit(screen.edit_text())  # Enter in the editor: saved over theirs, both kept
    history = cli("segment", "history", segment, "--lang", "de", "--json").json()
    assert [r["text"] for r in history][-2:] == [theirs, mine]
    assert screen.edit_text() == mine and screen.unsaved is None


def test_a_proposal_edited_while_someone_else_changed_the_segment_is_offered_again(cli):
    from translate_flow.services.translate import Proposal

    _prepare(cli)
    screen = _screen(cli)
    entry = screen.current.entry
    proposal = Proposal(entry.segment, entry.lang, "tm", "Russland und Belarus.", "tm", 100.0)
    theirs = "Russland und Belarus wollen enger zusammenarbeiten."
    assert cli("segment", "edit", entry.segment, "--lang", "de", "--text", theirs).exit_code == 0

    screen.keep(proposal, "Russland und Belarus vertiefen ihre Zusammenarbeit.")

    assert screen.error and "e brings back your text" in screen.message
    assert screen.edit_text() == "Russland und Belarus vertiefen ihre Zusammenarbeit."
    history = cli("segment", "history", entry.segment, "--lang", "de", "--json").json()
    assert history[-1]["text"] == theirs
