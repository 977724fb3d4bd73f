"""The whole workflow through the command line, on SQLite and PostgreSQL."""

from __future__ import annotations

import polib
from conftest import EXAMPLES, GLOSSARY

SEED_TMX = EXAMPLES / "seed-memory.ru-de.tmx"
ICT_ARTICLE = EXAMPLES / "ru-mfa-ict-security.txt"


def _ingest(cli, *paths) -> list[int]:
    result = cli("ingest", *paths, "--json")
    assert result.exit_code == 0, result.stderr
    return [r["article"] for r in result.json()]


def _translated_article(cli) -> int:
    assert cli("glossary", "import", GLOSSARY).exit_code == 0
    assert cli("tm", "import", SEED_TMX).exit_code == 0
    [article] = _ingest(cli, ICT_ARTICLE)
    result = cli("translate", article, "--to", "de", "--engine", "tm", "--json")
    assert result.exit_code == 0, result.stderr
    return article


def test_article_goes_from_russian_file_to_approved_german_export(cli, tmp_path):
    article = _translated_article(cli)
    segments = cli("queue", "--article", article, "--lang", "de", "--json").json()
    assert segments and all(s["status"] == "machine-translated" for s in segments)
    assert [s["position"] for s in segments] == list(range(len(segments)))

    first = segments[1]
    edited = cli(
        "segment",
        "edit",
        first["segment"],
        "--lang",
        "de",
        "--text",
        first["target"] + " ",
        "--comment",
        "whitespace only",
        "--json",
    )
    assert edited.exit_code == 0, edited.stderr
    for s in segments[2:] + segments[:1]:
        accepted = cli("segment", "accept", s["segment"], "--lang", "de")
        assert accepted.exit_code == 0, accepted.stderr

    approved = cli("approve", article, "--lang", "de", "--json")
    assert approved.exit_code == 0, approved.stderr
    assert approved.json()["segments"] == len(segments)

    out = tmp_path / "article.de.md"
    exported = cli("export", article, "--lang", "de", "--format", "md", "-o", out)
    assert exported.exit_code == 0, exported.stderr
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# ")
    assert segments[0]["target"] in text.splitlines()[0]
    assert segments[-1]["target"] in text

    po = cli("export", article, "--lang", "de", "--format", "po")
    entries = polib.pofile(po.stdout)
    assert [e.msgctxt for e in entries] == [str(s["segment"]) for s in segments]
    assert all(not e.fuzzy for e in entries)

    history = cli("segment", "history", first["segment"], "--lang", "de", "--json").json()
    assert [h["action"] for h in history] == ["machine-translate", "edit", "approve"]
    assert history[1]["comment"] == "whitespace only"
    assert history[0]["origin"] == "tm" and history[1]["origin"] == "human"


def test_status_reports_articles_and_translation_progress(cli):
    article = _translated_article(cli)
    rows = cli("status", "--json").json()
    assert rows[0]["article"] == article
    statuses = rows[0]["languages"]["de"]["statuses"]
    assert statuses == {"machine-translated": rows[0]["segments"]}
    assert rows[0]["languages"]["de"]["approved"] is False


def test_approval_is_refused_while_segments_are_not_accepted(cli):
    article = _translated_article(cli)
    result = cli("approve", article, "--lang", "de")
    assert result.exit_code == 1
    assert "not accepted yet" in result.stderr
    assert "Traceback" not in result.stderr
    forced = cli("approve", article, "--lang", "de", "--force", "--reason", "deadline", "--json")
    assert forced.exit_code == 0, forced.stderr
    assert forced.json()["forced"] is True
    segment = cli("queue", "--article", article, "--lang", "de", "--json").json()[0]
    history = cli("segment", "history", segment["segment"], "--lang", "de", "--json").json()
    assert history[-1]["action"] == "force-approve"
    assert history[-1]["comment"] == "deadline"


def test_a_forced_approval_says_which_segments_it_went_past(cli):
    article = _translated_article(cli)
    rows = cli("queue", "--article", article, "--lang", "de", "--json").json()
    for row in rows[1:]:
        assert cli("segment", "accept", row["segment"], "--lang", "de").exit_code == 0

    forced = cli("approve", article, "--lang", "de", "--force", "--reason", "deadline")

    assert forced.exit_code == 0, forced.stderr
    lines = forced.stdout.splitlines()
    assert lines[0].endswith("(forced)")
    assert lines[1].startswith(f"  forced past segments not accepted: {rows[0]['segment']}")


def test_force_approval_needs_a_reason(cli):
    article = _translated_article(cli)
    result = cli("approve", article, "--lang", "de", "--force")
    assert result.exit_code == 1
    assert "--reason" in result.stderr


def test_export_of_unapproved_article_needs_draft(cli):
    article = _translated_article(cli)
    refused = cli("export", article, "--lang", "de", "--format", "txt")
    assert refused.exit_code == 1 and "not approved" in refused.stderr
    draft = cli("export", article, "--lang", "de", "--format", "txt", "--draft")
    assert draft.exit_code == 0
    assert len(draft.stdout.strip().split("\n\n")) >= 3


def test_rejected_segment_returns_to_the_queue_with_the_comment(cli):
    article = _translated_article(cli)
    seg = cli("queue", "--article", article, "--lang", "de", "--json").json()[3]
    assert cli("segment", "accept", seg["segment"], "--lang", "de").exit_code == 0
    rejected = cli(
        "segment",
        "reject",
        seg["segment"],
        "--lang",
        "de",
        "--comment",
        "OVKS, nicht Rat für kollektive Sicherheit",
    )
    assert rejected.exit_code == 0, rejected.stderr
    waiting = cli("queue", "--lang", "de", "--status", "rejected", "--json").json()
    assert [w["segment"] for w in waiting] == [seg["segment"]]
    shown = cli("segment", "show", seg["segment"], "--lang", "de", "--json").json()
    assert shown["history"][-1]["comment"] == "OVKS, nicht Rat für kollektive Sicherheit"


def test_approved_translation_feeds_the_memory(cli):
    assert cli("glossary", "import", GLOSSARY).exit_code == 0
    [article] = _ingest(cli, EXAMPLES / "ru-csto-meeting.md")
    segs = cli("queue", "--article", article, "--lang", "de", "--json").json()
    assert segs == []  # nothing translated yet: no German rows
    source = "Министры иностранных дел стран ОДКБ провели встречу в Минске."
    ingest = cli("ingest", "-", "--json", input=f"Кратко\n\n{source}")
    assert ingest.exit_code == 0, ingest.stderr
    short = ingest.json()[0]["article"]
    rows = cli("queue", "--article", short, "--lang", "de", "--json").json()
    assert rows == []
    # Give every segment of the short article a human translation, approve, then search the TM.
    translated = cli("translate", short, "--to", "de", "--engine", "tm", "--json")
    assert translated.exit_code == 0
    for row in cli("queue", "--article", short, "--lang", "de", "--json").json():
        text = (
            "Kurz"
            if row["position"] == 0
            else ("Die Außenminister der OVKS-Staaten trafen sich in Minsk.")
        )
        assert cli("segment", "edit", row["segment"], "--lang", "de", "--text", text).exit_code == 0
    assert cli("approve", short, "--lang", "de").exit_code == 0
    found = cli("tm", "search", source, "--from", "ru", "--to", "de", "--json").json()
    assert found[0]["matches"][0]["score"] == 100
    assert (
        found[0]["matches"][0]["target"]
        == "Die Außenminister der OVKS-Staaten trafen sich in Minsk."
    )


def test_a_comment_on_an_untranslated_segment_keeps_why_the_engine_failed(cli):
    assert cli("tm", "import", SEED_TMX).exit_code == 0
    [article] = _ingest(cli, EXAMPLES / "ru-un-oewg.txt")  # the memory knows hardly any of it
    assert cli("translate", article, "--to", "de", "--engine", "tm").exit_code == 0
    rows = cli("queue", "--article", article, "--lang", "de", "--json").json()
    failed = next(r for r in rows if r["status"] == "new" and r["mt_error"])

    result = cli(
        "segment", "comment", failed["segment"], "--lang", "de", "--text", "Wer macht das?"
    )

    assert result.exit_code == 0, result.stderr
    shown = cli("segment", "show", failed["segment"], "--lang", "de", "--json").json()
    assert (shown["status"], shown["mt_error"]) == ("new", failed["mt_error"])
    assert shown["comments"][-1]["text"] == "Wer macht das?"


def test_a_corrected_approved_translation_replaces_its_old_pair_in_the_memory(cli, tmp_path):
    from editors_tools import translated_article

    article, segments = translated_article(cli, tmp_path)
    security = segments[2]

    def memory() -> str:
        exported = tmp_path / "memory.tmx"
        result = cli("tm", "export", "--from", "ru", "--to", "de", "-o", exported)
        assert result.exit_code == 0, result.stderr
        return exported.read_text(encoding="utf-8")

    cli("segment", "edit", security, "--lang", "de", "--text", "Sie erörterten die Sicherheit.")
    for segment in segments:
        cli("segment", "accept", segment, "--lang", "de")
    assert cli("approve", article, "--lang", "de").exit_code == 0
    assert "Sie erörterten die Sicherheit." in memory()  # approved: in the memory
    # The editor reopens the sentence; it is corrected and approved again.
    cli("segment", "reject", security, "--lang", "de", "--comment", "zu steif")
    cli("segment", "edit", security, "--lang", "de", "--text", "Sie sprachen über Sicherheit.")

    approved = cli("approve", article, "--lang", "de", "--json")

    assert approved.exit_code == 0, approved.stderr
    assert approved.json()["tm_units_removed"] == 1
    units = memory()
    assert "Sie erörterten die Sicherheit." not in units
    assert "Sie sprachen über Sicherheit." in units
    # The imported memory's own pair stays: only what the article's approval put there goes.
    assert "Sie besprachen Sicherheit." in units


def test_line_breaks_in_an_edit_become_spaces_and_the_export_keeps_the_paragraphs(cli):
    article = _translated_article(cli)
    rows = cli("queue", "--article", article, "--lang", "de", "--json").json()
    draft = cli("export", article, "--lang", "de", "--format", "txt", "--draft").stdout
    segment = rows[2]["segment"]

    edited = cli(
        "segment", "edit", segment, "--lang", "de", "--text", "Zeile eins.\n\n Zeile zwei."
    )

    assert edited.exit_code == 0, edited.stderr
    shown = cli("segment", "show", segment, "--lang", "de", "--json").json()
    assert shown["target"] == "Zeile eins. Zeile zwei."
    after = cli("export", article, "--lang", "de", "--format", "txt", "--draft").stdout
    assert after.count("\n\n") == draft.count("\n\n")
