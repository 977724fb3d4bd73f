"""Correcting the segmentation by hand: `segment merge A B` and `segment split A`, with their
translations, history, approvals and a later source update."""

from __future__ import annotations

HEADLINE = "Визит в Минск"
BODY = (
    "Министр прибыл в Минск 5 мая в 10 ч. Утра он провёл переговоры. Стороны обсудили ОДКБ и "
    "сотрудничество в сфере ИКТ.\n\nВизит продлится два дня.\n"
)
SOURCE = f"{HEADLINE}\n\n{BODY}"


def ok(result):
    assert result.exit_code == 0, result.stderr
    return result


def segments(cli, article: int) -> list[dict]:
    shown = ok(cli("show", article, "--lang", "de", "--json")).json()
    return [dict(s, paragraph=p["paragraph"]) for p in shown["paragraphs"] for s in p["segments"]]


def ingested(cli) -> tuple[int, list[dict]]:
    [row] = ok(cli("ingest", "-", "--json", input=SOURCE)).json()
    return row["article"], segments(cli, row["article"])


def version(cli, article: int) -> int:
    [row] = [r for r in ok(cli("status", "--json")).json() if r["article"] == article]
    return row["version"]


def edit(cli, segment: int, text: str) -> None:
    ok(cli("segment", "edit", segment, "--lang", "de", "--text", text))


def one_line_error(result, fragment: str) -> None:
    assert result.exit_code == 1, (result.stdout, result.stderr)
    assert len(result.stderr.strip().splitlines()) == 1 and fragment in result.stderr


def test_the_wrong_split_is_merged_with_the_translations_joined(cli):
    article, before = ingested(cli)
    first, second = before[1], before[2]
    # The segmenter took "ч." (hours) for the end of a sentence.
    assert first["source"].endswith("10 ч.") and second["source"].startswith("Утра")
    edit(cli, first["segment"], "Der Minister kam am 5. Mai um 10 Uhr")
    edit(cli, second["segment"], "morgens in Minsk an und führte Gespräche.")

    result = ok(cli("segment", "merge", first["segment"], second["segment"], "--json")).json()

    assert result["version"] == 2 and version(cli, article) == 2
    [merged] = result["segments"]
    after = segments(cli, article)
    assert len(after) == len(before) - 1
    assert after[1]["segment"] == merged
    assert after[1]["source"] == first["source"] + first["space_after"] + second["source"]
    assert after[1]["target"] == (
        "Der Minister kam am 5. Mai um 10 Uhr morgens in Minsk an und führte Gespräche."
    )
    assert after[1]["status"] == "translated"
    # The other segments carry their text over, the article's text is unchanged.
    assert [s["source"] for s in after[2:]] == [s["source"] for s in before[3:]]
    shown = ok(cli("segment", "show", merged, "--lang", "de", "--json")).json()
    assert shown["history"][-1]["comment"].startswith(
        f"segments {first['segment']} and {second['segment']} merged"
    )
    # The old segments keep their own history in version 1.
    old = ok(cli("segment", "history", second["segment"], "--lang", "de", "--json")).json()
    assert old[-1]["text"] == "morgens in Minsk an und führte Gespräche."


def test_a_merge_where_one_part_is_untranslated_leaves_a_draft(cli):
    article, before = ingested(cli)
    edit(cli, before[1]["segment"], "Der Minister kam an.")

    ok(cli("segment", "merge", before[1]["segment"], before[2]["segment"]))

    merged = segments(cli, article)[1]
    assert (merged["target"], merged["status"]) == ("Der Minister kam an.", "source-changed")


def test_merge_refuses_segments_that_are_not_neighbours_in_one_paragraph(cli):
    article, before = ingested(cli)

    one_line_error(
        cli("segment", "merge", before[1]["segment"], before[3]["segment"]), "not adjacent"
    )
    one_line_error(
        cli("segment", "merge", before[3]["segment"], before[4]["segment"]),
        "different paragraphs",
    )
    assert version(cli, article) == 1 and segments(cli, article) == before


def test_a_sentence_run_together_is_split_and_the_first_part_keeps_the_draft(cli):
    article, before = ingested(cli)
    merged = before[1]
    ok(cli("segment", "merge", before[1]["segment"], before[2]["segment"]))
    joined = segments(cli, article)[1]
    edit(cli, joined["segment"], "Der Minister kam an. Am Morgen führte er Gespräche.")

    result = ok(cli("segment", "split", joined["segment"], "--at-text", "Утра", "--json")).json()

    assert result["version"] == 3
    after = segments(cli, article)
    assert [s["source"] for s in after[1:3]] == [merged["source"], before[2]["source"]]
    assert after[1]["space_after"] == " "
    assert (after[1]["target"], after[1]["status"]) == (
        "Der Minister kam an. Am Morgen führte er Gespräche.",
        "source-changed",
    )
    assert (after[2]["target"], after[2]["status"]) == (None, "new")
    assert result["segments"] == [after[1]["segment"], after[2]["segment"]]


def test_split_at_an_offset_and_its_bad_offsets(cli):
    article, before = ingested(cli)
    target = before[3]
    offset = target["source"].index("и сотрудничество")

    one_line_error(cli("segment", "split", target["segment"], "--at", 0), "outside the segment")
    one_line_error(cli("segment", "split", target["segment"], "--at-text", "о"), "occurs")
    one_line_error(cli("segment", "split", target["segment"], "--at-text", "Лондон"), "does not")
    one_line_error(cli("segment", "split", target["segment"]), "--at OFFSET or --at-text")
    one_line_error(
        cli("segment", "split", target["segment"], "--at-text", "Стороны"),
        "--at-text 'Стороны' is where the segment starts",
    )
    assert version(cli, article) == 1

    ok(cli("segment", "split", target["segment"], "--at", offset))

    parts = [s["source"] for s in segments(cli, article)[3:5]]
    assert parts == ["Стороны обсудили ОДКБ", "и сотрудничество в сфере ИКТ."]


def test_approved_segments_are_refused_until_an_editor_reopens_them(cli):
    article, before = ingested(cli)
    for s in before:
        edit(cli, s["segment"], f"Satz {s['segment']}.")
    ok(cli("approve", article, "--lang", "de", "--force", "--reason", "numbers checked"))
    first, second = before[1]["segment"], before[2]["segment"]

    one_line_error(cli("segment", "merge", first, second), "must reopen it first")
    one_line_error(cli("segment", "split", first, "--at", 3), "must reopen it first")
    assert version(cli, article) == 1

    ok(cli("segment", "reject", first, "--lang", "de", "--comment", "wrong split"))
    ok(cli("segment", "reject", second, "--lang", "de", "--comment", "wrong split"))
    ok(cli("segment", "merge", first, second))

    merged = segments(cli, article)[1]
    assert (merged["target"], merged["status"]) == (f"Satz {first}. Satz {second}.", "rejected")


def test_export_after_corrections_rebuilds_the_same_text(cli):
    article, before = ingested(cli)
    ok(cli("segment", "merge", before[1]["segment"], before[2]["segment"]))
    ok(cli("segment", "split", segments(cli, article)[2]["segment"], "--at-text", "и сотр"))
    for s in segments(cli, article):
        edit(cli, s["segment"], s["source"])

    exported = ok(cli("export", article, "--lang", "de", "--draft", "--format", "txt")).stdout

    notice, text = exported.split("\n\n", 1)
    assert notice.startswith("DRAFT, not approved:")
    assert text == SOURCE


def test_merge_and_split_survive_a_source_update_of_another_paragraph(cli):
    article, before = ingested(cli)
    ok(cli("segment", "merge", before[1]["segment"], before[2]["segment"]))
    ok(cli("segment", "split", segments(cli, article)[2]["segment"], "--at-text", "и сотр"))
    for s in segments(cli, article):
        edit(cli, s["segment"], f"DE {s['source']}")
    corrected = segments(cli, article)
    updated = SOURCE.replace("два дня", "три дня")

    [summary] = ok(cli("ingest", "-", "--update", article, "--json", input=updated)).json()

    assert (summary["unchanged"], summary["changed"], summary["inserted"]) == (4, 1, 0)
    after = segments(cli, article)
    assert [s["source"] for s in after] == [
        s["source"].replace("два дня", "три дня") for s in corrected
    ]
    assert [s["status"] for s in after] == ["translated"] * 4 + ["source-changed"]
    assert after[1]["target"] == f"DE {corrected[1]['source']}"


def test_keep_segmentation_reuses_the_old_split_of_unchanged_paragraphs_only():
    from translate_flow.text.align import keep_segmentation

    old = [(1, "A b. C d.", ""), (2, "E f.", " "), (2, "G h.", "")]
    new = [(1, False, "A b.", " "), (1, False, "C d.", ""), (2, False, "E f. G h!", "")]

    assert keep_segmentation(old, new) == [(1, False, "A b. C d.", ""), (2, False, "E f. G h!", "")]


def test_a_segment_open_in_another_review_screen_is_refused(cli):
    from sqlmodel import select

    from translate_flow.services.claims import claim
    from translate_flow.services.context import Desk
    from translate_flow.store.db import open_database, transaction
    from translate_flow.store.models import Translation

    article, before = ingested(cli)
    for s in before:
        edit(cli, s["segment"], f"Satz {s['segment']}.")
    engine = open_database(cli.db_url)
    with transaction(engine) as session:
        translation = session.exec(
            select(Translation).where(Translation.segment_id == before[2]["segment"])
        ).one()
    assert claim(Desk(engine, "anna", {}), translation.id)

    result = cli("segment", "merge", before[1]["segment"], before[2]["segment"], user="boris")

    one_line_error(result, "open in anna's review screen")
    assert version(cli, article) == 1
    # The holder herself may correct it.
    ok(cli("segment", "merge", before[1]["segment"], before[2]["segment"], user="anna"))


# --- the memory after a correction ------------------------------------------------------------


def memory_pairs(cli) -> set[tuple[str, str]]:
    """The memory's (source, target) pairs, read from its TMX export."""
    from lxml import etree

    root = etree.fromstring(ok(cli("tm", "export")).stdout.encode("utf-8"))
    pairs = set()
    for unit in root.iter("tu"):
        texts = ["".join(seg.itertext()) for seg in unit.iter("seg")]
        pairs.add((texts[0], texts[1]))
    return pairs


def approved_everything(cli) -> tuple[int, list[dict]]:
    article, before = ingested(cli)
    for s in before:
        edit(cli, s["segment"], f"Satz {s['segment']}.")
    ok(cli("approve", article, "--lang", "de", "--force", "--reason", "numbers checked"))
    return article, before


def reopened(cli, *segment_ids: int) -> None:
    for segment in segment_ids:
        ok(cli("segment", "reject", segment, "--lang", "de", "--comment", "wrong cut"))


def test_merge_removes_the_fragments_pairs_from_the_memory_and_approval_adds_the_whole(cli):
    article, before = approved_everything(cli)
    first, second = before[1], before[2]
    fragments = {(s["source"], f"Satz {s['segment']}.") for s in (first, second)}
    others = {(s["source"], f"Satz {s['segment']}.") for s in before[3:]}
    assert fragments | others <= memory_pairs(cli)

    reopened(cli, first["segment"], second["segment"])
    [merged] = ok(cli("segment", "merge", first["segment"], second["segment"], "--json")).json()[
        "segments"
    ]

    assert not fragments & memory_pairs(cli)
    assert others <= memory_pairs(cli)
    edit(cli, merged, "Der Minister kam am 5. Mai um 10 Uhr morgens an.")
    ok(cli("approve", article, "--lang", "de", "--force", "--reason", "numbers checked"))
    joined = first["source"] + first["space_after"] + second["source"]
    assert (joined, "Der Minister kam am 5. Mai um 10 Uhr morgens an.") in memory_pairs(cli)


def test_split_removes_the_run_together_pair_from_the_memory(cli):
    article, before = approved_everything(cli)
    run_together = before[2]
    pair = (run_together["source"], f"Satz {run_together['segment']}.")
    assert pair in memory_pairs(cli)
    reopened(cli, run_together["segment"])

    ok(cli("segment", "split", run_together["segment"], "--at-text", "он провёл"))

    assert pair not in memory_pairs(cli)
    assert len(segments(cli, article)) == len(before) + 1


def test_a_sentence_another_article_also_has_keeps_its_memory_unit(cli):
    article, before = approved_everything(cli)
    first, second = before[1], before[2]
    ok(cli("ingest", "-", "--json", input=f"{first['source']}\n"))
    reopened(cli, first["segment"], second["segment"])

    ok(cli("segment", "merge", first["segment"], second["segment"]))

    pairs = memory_pairs(cli)
    assert (first["source"], f"Satz {first['segment']}.") in pairs
    assert (second["source"], f"Satz {second['segment']}.") not in pairs


def test_merge_removes_the_fragments_pairs_from_the_restricted_memory_too(cli):
    [row] = ok(cli("ingest", "-", "--restricted", "--json", input=SOURCE)).json()
    article = row["article"]
    before = segments(cli, article)
    for s in before:
        edit(cli, s["segment"], f"Satz {s['segment']}.")
    ok(cli("approve", article, "--lang", "de", "--force", "--reason", "numbers checked"))
    first, second = before[1], before[2]
    restricted = ok(cli("tm", "export", "--restricted")).stdout
    assert first["source"] in restricted and before[3]["source"] in restricted
    reopened(cli, first["segment"], second["segment"])

    ok(cli("segment", "merge", first["segment"], second["segment"]))

    restricted = ok(cli("tm", "export", "--restricted")).stdout
    assert first["source"] not in restricted and second["source"] not in restricted
    assert before[3]["source"] in restricted


def test_a_dismissal_on_an_untouched_segment_survives_a_merge_elsewhere(cli):
    article, before = ingested(cli)
    last = before[-1]
    edit(cli, last["segment"], "Der Besuch dauert zwei Tage")  # no full stop: a finding
    shown = ok(cli("segment", "show", last["segment"], "--lang", "de", "--json")).json()
    [finding] = [f for f in shown["findings"] if f["check"] == "punctuation"]
    ok(cli("finding", "dismiss", finding["id"], "--reason", "a headline style line"))

    ok(cli("segment", "merge", before[1]["segment"], before[2]["segment"]))

    carried = segments(cli, article)[-1]
    assert carried["segment"] != last["segment"] and carried["source"] == last["source"]
    shown = ok(cli("segment", "show", carried["segment"], "--lang", "de", "--json")).json()
    assert [f["check"] for f in shown["findings"]] == []
    [kept] = shown["dismissed_findings"]
    assert (kept["check"], kept["dismissed_reason"]) == ("punctuation", "a headline style line")


def test_approving_after_a_merge_removed_the_newest_memory_units_works(cli):
    # The last paragraph's two sentences are approved last, so their memory units are the newest.
    text = "Заявление\n\nВстреча прошла успешно.\n\nМинистры прибыли. Они обсудили безопасность.\n"
    [row] = ok(cli("ingest", "-", "--json", input=text)).json()
    article = row["article"]
    before = segments(cli, article)
    for segment, target in zip(
        before,
        ["Erklärung", "Gut.", "Die Minister kamen.", "Sie besprachen Sicherheit."],
        strict=True,
    ):
        edit(cli, segment["segment"], target)
    ok(cli("approve", article, "--lang", "de"))
    for segment in before[2:]:
        ok(cli("segment", "reject", segment["segment"], "--lang", "de", "--comment", "ein Satz"))
    ok(cli("segment", "merge", before[2]["segment"], before[3]["segment"]))
    # Another article with one of the removed sentences, translated anew and approved.
    [other] = ok(cli("ingest", "-", "--json", input="Они обсудили безопасность.\n")).json()
    [sentence] = segments(cli, other["article"])
    edit(cli, sentence["segment"], "Sie redeten über Sicherheit.")

    approved = cli("approve", other["article"], "--lang", "de")

    assert approved.exit_code == 0, approved.stderr
    found = cli(
        "tm", "search", "Они обсудили безопасность.", "--from", "ru", "--to", "de", "--json"
    )
    assert [m["target"] for m in found.json()[0]["matches"]] == ["Sie redeten über Sicherheit."]
