"""A title is a segment only when the source has one; otherwise the article gets a display name
for lists that is never translated or exported. --title sets that name and removes nothing."""

from __future__ import annotations

LEAD = (
    "МОСКВА, 26 мая (БЕЛТА) – Министры иностранных дел Беларуси и России обсудили в Москве ход "
    "подготовки к заседанию Высшего Государственного Совета Союзного государства. Встреча "
    "прошла в Доме приёмов МИД России."
)
SECOND = "Стороны также обменялись мнениями о ситуации в регионе."
LEAD_ONLY = f"{LEAD}\n\n{SECOND}\n"
HEADLINE = "Министры обсудили подготовку к заседанию"


def ok(result):
    assert result.exit_code == 0, result.stderr
    return result


def ingest(cli, text: str, *args: str) -> dict:
    [row] = ok(cli("ingest", "-", "--json", *args, input=text)).json()
    return row


def sources(cli, article: int) -> list[tuple[int, bool, str]]:
    shown = ok(cli("show", article, "--lang", "de", "--json")).json()
    return [
        (p["paragraph"], p["is_title"], s["source"])
        for p in shown["paragraphs"]
        for s in p["segments"]
    ]


def draft_txt(cli, article: int) -> str:
    """The German draft with only the last sentence translated (the rest shown as [source])."""
    last = sources(cli, article)[-1][2]
    queue = ok(cli("translate", article, "--to", "de", "--engine", "tm", "--json"))
    assert queue.exit_code == 0
    rows = ok(cli("queue", "--article", article, "--lang", "de", "--json")).json()
    [row] = [r for r in rows if r["source"] == last]
    ok(cli("segment", "edit", row["segment"], "--lang", "de", "--text", "Übersetzt."))
    exported = ok(cli("export", article, "--lang", "de", "--draft")).stdout
    notice, text = exported.split("\n\n", 1)  # a draft opens with its notice
    assert notice.startswith("DRAFT, not approved:")
    return text


def test_lead_only_article_has_no_title_segment_and_no_invented_fragment(cli):
    row = ingest(cli, LEAD_ONLY)

    segments = sources(cli, row["article"])
    assert not any(is_title for _, is_title, _ in segments)
    assert not any("…" in source for _, _, source in segments)
    assert "".join(source for _, _, source in segments).replace(" ", "") == (
        (LEAD + SECOND).replace(" ", "")
    )
    assert {paragraph for paragraph, _, _ in segments} == {1, 2}


def test_lead_only_article_gets_a_display_name_without_the_dateline(cli):
    row = ingest(cli, LEAD_ONLY)

    assert row["title"].startswith("Министры иностранных дел Беларуси и России")
    assert "МОСКВА" not in row["title"] and len(row["title"]) <= 82
    [listed] = ok(cli("status", "--json")).json()
    assert listed["title"] == row["title"]


def test_lead_only_export_rebuilds_the_source_paragraphs_without_a_title_line(cli):
    row = ingest(cli, LEAD_ONLY)

    exported = draft_txt(cli, row["article"])

    blocks = exported.strip().split("\n\n")
    assert len(blocks) == 2
    assert blocks[0].startswith("[МОСКВА, 26 мая (БЕЛТА)")
    assert blocks[1] == "Übersetzt."
    assert row["title"] not in exported


def test_headline_of_the_source_is_the_title_segment_and_exported_first(cli):
    row = ingest(cli, f"{HEADLINE}\n\n{LEAD_ONLY}")

    segments = sources(cli, row["article"])
    assert segments[0] == (0, True, HEADLINE)
    assert row["title"] == HEADLINE
    assert draft_txt(cli, row["article"]).startswith(f"[{HEADLINE}]\n\n[МОСКВА")


def test_title_option_sets_the_display_name_and_keeps_the_headline(cli):
    row = ingest(cli, f"{HEADLINE}\n\n{LEAD_ONLY}", "--title", "Визит в Москву")

    assert row["title"] == "Визит в Москву"
    segments = sources(cli, row["article"])
    assert segments[0] == (0, True, HEADLINE)
    assert "Визит в Москву" not in [source for _, _, source in segments]
    [listed] = ok(cli("status", "--json")).json()
    assert listed["title"] == "Визит в Москву"


def test_title_option_on_a_lead_only_article_adds_no_segment(cli):
    row = ingest(cli, LEAD_ONLY, "--title", "Визит в Москву")

    segments = sources(cli, row["article"])
    assert not any(is_title for _, is_title, _ in segments)
    assert "Визит в Москву" not in draft_txt(cli, row["article"])


def test_update_of_a_lead_only_article_aligns_without_a_title(cli):
    row = ingest(cli, LEAD_ONLY)
    changed = LEAD_ONLY.replace("регионе", "Европе")

    [update] = ok(cli("ingest", "-", "--update", row["article"], "--json", input=changed)).json()

    assert (update["unchanged"], update["changed"], update["inserted"]) == (2, 1, 0)
    assert not any(is_title for _, is_title, _ in sources(cli, row["article"]))


def test_update_without_a_title_keeps_the_name_given_with_title(cli):
    row = ingest(cli, LEAD_ONLY, "--title", "Визит в Москву")
    changed = LEAD_ONLY.replace("регионе", "Европе")

    ok(cli("ingest", "-", "--update", row["article"], input=changed))

    [listed] = ok(cli("status", "--json")).json()
    assert listed["title"] == "Визит в Москву"


def test_exchange_files_name_the_source_title_never_the_display_name(cli):
    untitled = ingest(cli, LEAD_ONLY)
    titled = ingest(cli, f"{HEADLINE}\n\n{SECOND}\n", "--title", "Ярлык для списка")
    exported = {}
    for row in (untitled, titled):
        shown = ok(cli("show", row["article"], "--lang", "de", "--json")).json()
        first = shown["paragraphs"][0]["segments"][0]["segment"]
        ok(cli("segment", "edit", first, "--lang", "de", "--text", "Erster Satz."))
        for fmt in ("xliff", "po"):
            result = cli("export", row["article"], "--lang", "de", "--draft", "--format", fmt)
            exported[row["article"], fmt] = ok(result).stdout

    for fmt in ("xliff", "po"):
        assert untitled["title"] not in exported[untitled["article"], fmt]
        assert "Ярлык для списка" not in exported[titled["article"], fmt]
        assert HEADLINE in exported[titled["article"], fmt]
