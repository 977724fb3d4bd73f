"""`article repair-titles`: the title segments old imports made up from the lead go, and no
one's translation is lost (issue 15)."""

from __future__ import annotations

LEAD = (
    "МОСКВА, 26 мая (БЕЛТА) – Министры иностранных дел стран СНГ обсудили в Москве "
    "сотрудничество в сфере безопасности. Встреча прошла в конструктивной атмосфере."
)
# What an import before the title fix made of LEAD: its first 80 characters, cut at a word.
MADE_UP = LEAD[:80].rsplit(" ", 1)[0] + " …"


def ok(result):
    assert result.exit_code == 0, result.stderr
    return result


def old_import(cli, lead: str = LEAD, title: str = MADE_UP) -> int:
    """An article as an old import stored it: the made-up title as paragraph 0, then the lead.

    Today a Markdown heading is the one way a title segment arises, so the old state is
    rebuilt through one.
    """
    source = f"# {title}\n\n{lead}\n\nВизит продлится два дня.\n"
    [row] = ok(cli("ingest", "-", "--format", "md", "--json", input=source)).json()
    return row["article"]


def segments(cli, article: int) -> list[dict]:
    shown = ok(cli("show", article, "--lang", "de", "--json")).json()
    return [dict(s, paragraph=p["paragraph"]) for p in shown["paragraphs"] for s in p["segments"]]


def test_made_up_title_goes_and_every_translation_stays(cli):
    article = old_import(cli)
    before = segments(cli, article)
    assert before[0]["paragraph"] == 0 and before[0]["source"] == MADE_UP
    title, lead = before[0]["segment"], before[1]["segment"]
    ok(cli("segment", "edit", title, "--lang", "de", "--text", "MOSKAU, 26. Mai – Die …"))
    ok(cli("segment", "edit", lead, "--lang", "de", "--text", "MOSKAU, 26. Mai – Die Minister."))

    result = ok(cli("article", "repair-titles", "--json")).json()

    assert result["repaired"] == [{"article": article, "version": 2, "title": MADE_UP}]
    after = segments(cli, article)
    assert [s["source"] for s in after] == [s["source"] for s in before[1:]]
    assert 0 not in {s["paragraph"] for s in after}
    assert after[0]["target"] == "MOSKAU, 26. Mai – Die Minister."
    exported = ok(cli("export", article, "--lang", "de", "--format", "txt", "--draft")).stdout
    assert "…" not in exported
    # The fragment's translation stays in the history of version 1.
    history = ok(cli("segment", "history", title, "--lang", "de", "--json")).json()
    assert history[-1]["text"] == "MOSKAU, 26. Mai – Die …"


def test_dry_run_lists_the_article_and_changes_nothing(cli):
    article = old_import(cli)

    output = ok(cli("article", "repair-titles", "--dry-run")).stdout

    assert f"article {article}: would remove the made-up title" in output
    assert "dry run, nothing changed: 1 articles repaired" in output
    assert segments(cli, article)[0]["source"] == MADE_UP


def test_a_headline_of_the_source_is_never_taken_for_a_made_up_one(cli):
    own = old_import(cli, title="Министры СНГ обсудили безопасность")
    # The old import copied a lead of 80 characters or less whole; a source whose headline
    # repeats its first paragraph looks the same, so that case is left alone.
    short = old_import(cli, lead="Встреча прошла в Москве.", title="Встреча прошла в Москве.")

    result = ok(cli("article", "repair-titles", "--json")).json()

    assert result["repaired"] == []
    assert segments(cli, own)[0]["paragraph"] == 0
    assert segments(cli, short)[0]["paragraph"] == 0


def test_an_approved_made_up_title_is_skipped_until_an_editor_reopens_it(cli):
    article = old_import(cli)
    for segment in segments(cli, article):
        ok(cli("segment", "edit", segment["segment"], "--lang", "de", "--text", "Satz."))
    ok(cli("approve", article, "--lang", "de", "--force", "--reason", "checked"))

    result = ok(cli("article", "repair-titles", "--json")).json()

    assert result["repaired"] == []
    [skipped] = result["skipped"]
    assert skipped["article"] == article and "must reopen it first" in skipped["reason"]
    assert segments(cli, article)[0]["source"] == MADE_UP


def test_the_made_up_titles_memory_unit_goes_with_it(cli):
    article = old_import(cli)
    title = segments(cli, article)[0]["segment"]
    for segment in segments(cli, article):
        ok(cli("segment", "edit", segment["segment"], "--lang", "de", "--text", "Satz eins."))
    ok(cli("approve", article, "--lang", "de", "--force", "--reason", "checked"))
    assert MADE_UP in ok(cli("tm", "export")).stdout
    ok(cli("segment", "reject", title, "--lang", "de", "--comment", "made up"))

    ok(cli("article", "repair-titles"))

    assert MADE_UP not in ok(cli("tm", "export")).stdout
    assert "Визит продлится два дня." in ok(cli("tm", "export")).stdout
