"""Input is read as the format it is: by the file's suffix, or --format for standard input,
which is plain text by default and never interpreted."""

from __future__ import annotations

from conftest import run_cli


def test_split_of_standard_input_keeps_markdown_like_characters():
    result = run_cli(["split", "-"], input="Он сказал **да**. Потом ушёл.\n")

    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == ["Он сказал **да**.", "Потом ушёл."]


def test_split_of_standard_input_reads_markdown_when_told():
    result = run_cli(["split", "-", "--format", "md"], input="# Визит\n\nОн сказал **да**.\n")

    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == ["Визит", "", "Он сказал да."]


def test_split_of_standard_input_reads_html_when_told():
    page = "<p>Посол <b>вручил</b> грамоты.</p><p>Визит завершён.</p>"

    result = run_cli(["split", "-", "--format", "html"], input=page)

    assert result.stdout.splitlines() == ["Посол вручил грамоты.", "", "Визит завершён."]


def test_split_refuses_an_unknown_format():
    result = run_cli(["split", "-", "--format", "docx"], input="Текст.")

    assert result.exit_code == 2
    assert "docx" in result.stderr


def _sources(cli, article: int) -> list[str]:
    shown = cli("show", article, "--lang", "de", "--json").json()
    return [s["source"] for p in shown["paragraphs"] for s in p["segments"]]


def test_ingest_of_standard_input_is_plain_text_by_default(cli):
    text = "# Не заголовок\n\nОн сказал **да**. Потом ушёл в <офис>.\n"

    [row] = cli("ingest", "-", "--json", input=text).json()

    assert row["format"] == "txt"
    assert _sources(cli, row["article"]) == [
        "# Не заголовок",
        "Он сказал **да**.",
        "Потом ушёл в <офис>.",
    ]


def test_ingest_of_standard_input_as_markdown(cli):
    text = "# Визит\n\nОн сказал **да**. Потом ушёл.\n"

    [row] = cli("ingest", "-", "--format", "md", "--json", input=text).json()

    assert (row["format"], row["title"]) == ("md", "Визит")
    assert _sources(cli, row["article"]) == ["Визит", "Он сказал да.", "Потом ушёл."]


def test_ingest_reads_a_file_by_its_suffix_and_format_overrides_it(cli, tmp_path):
    path = tmp_path / "note.md"
    path.write_text("# Визит\n\nОн сказал **да**.\n", encoding="utf-8")

    [as_md] = cli("ingest", path, "--json").json()
    [as_txt] = cli("ingest", path, "--format", "txt", "--json").json()

    assert _sources(cli, as_md["article"]) == ["Визит", "Он сказал да."]
    assert _sources(cli, as_txt["article"]) == ["# Визит", "Он сказал **да**."]
