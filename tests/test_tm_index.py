"""The word-token index of the translation memory, on SQLite and PostgreSQL: the same answers as a
scan of every unit, duplicates, all-or-nothing imports, upgrades, and the tm engine using it."""

from __future__ import annotations

import random
from collections import Counter

import pytest
from sqlalchemy import text
from test_tm_ranking import loops  # noqa: F401 (a fixture: compiled or numpy loops)

from translate_flow.formats import tmx
from translate_flow.formats.tmx import TMEntry, write_tmx
from translate_flow.services import tm as tm_service
from translate_flow.store import tm_index, tm_write
from translate_flow.store.db import open_database, transaction
from translate_flow.store.tm_index import IndexedMemory
from translate_flow.tm.memory import TranslationMemory
from translate_flow.tm.tokens import length_band

SUBJECTS = [
    "Министр иностранных дел Беларуси",
    "Премьер-министр России",
    "Делегация Казахстана",
    "Посол Китая в Минске",
    "Председатель парламента Армении",
]
PREDICATES = [
    "обсудил вопросы торгового сотрудничества",
    "провёл переговоры о строительстве завода",
    "подписал соглашение о научном обмене",
    "выступил за развитие транспортного коридора",
    "предложил расширить поставки продовольствия",
]
ADJUNCTS = [
    "в ходе визита в Гродно.",
    "на полях форума регионов в Могилёве.",
    "после встречи с журналистами.",
    "в рамках межправительственной комиссии.",
]
ENDINGS = ["а", "у", "ом", "е", "ой", "ами"]


def _near_repeat(rng: random.Random, sentence: str) -> str:
    words = sentence.split()
    i = rng.randrange(len(words))
    if rng.random() < 0.5 and len(words[i]) > 4:
        words[i] = words[i][:-1] + rng.choice(ENDINGS)  # another ending: inflection
    else:
        words[i] = rng.choice(["также", "вновь", "2025", "Бресте", "союзного"])
    return " ".join(words)


def _memory_with_neighbours(count: int) -> list[tuple[str, str]]:
    """`count` units of news sentences, many of them near-repeats of one another."""
    rng = random.Random(5)
    units: list[tuple[str, str]] = []
    while len(units) < count:
        if units and rng.random() < 0.4:
            source = _near_repeat(rng, rng.choice(units)[0])
        else:
            parts = (rng.choice(SUBJECTS), rng.choice(PREDICATES), rng.choice(ADJUNCTS))
            source = " ".join(parts)
        units.append((source, f"Übersetzung {len(units)}"))
    return units


def _write(path, units, source_lang="ru", target_lang="de") -> str:
    write_tmx([TMEntry(source_lang, target_lang, s, t) for s, t in units], source_lang, str(path))
    return str(path)


def _lookup_all(db_url: str, queries: list[str], threshold: float = 75.0):
    with transaction(open_database(db_url)) as session:
        memory = IndexedMemory(session, "ru", "de")
        return [memory.lookup(q, threshold=threshold, limit=5) for q in queries]


@pytest.mark.parametrize("reader", ["in-process", "child process"])
@pytest.mark.usefixtures("loops")  # compiled and numpy
def test_indexed_search_finds_what_a_scan_of_every_unit_finds(cli, tmp_path, monkeypatch, reader):
    # Small batches, so the index holds several chunks per word as after a big import.
    if reader == "child process":  # as a big file is read
        monkeypatch.setattr(tmx, "BACKGROUND_BYTES", 0)
    monkeypatch.setattr(tm_service, "IMPORT_BATCH", 50)
    monkeypatch.setattr(tm_write, "POSTING_BATCH", 100)
    units = _memory_with_neighbours(400)
    assert cli("tm", "import", _write(tmp_path / "m.tmx", units)).exit_code == 0
    rng = random.Random(9)
    queries = [_near_repeat(rng, rng.choice(units)[0]) for _ in range(60)]
    queries += [units[3][0], "Совсем другой текст о погоде в Минске."]
    scan = TranslationMemory(units)

    found = _lookup_all(cli.db_url, queries)

    expected = [[m.score for m in scan.lookup(q, limit=5)] for q in queries]
    assert [[m.score for m in matches] for matches in found] == expected
    assert sum(1 for scores in expected if scores and scores[0] < 100) > 30  # fuzzy ones, mostly
    assert found[-2][0].score == 100.0 and found[-2][0].target == units[3][1]
    assert found[-1] == []


def test_inflected_and_retyped_sentence_is_found_as_a_fuzzy_match(cli, tmp_path):
    stored = "Министр иностранных дел Беларуси провёл переговоры с делегацией Казахстана."
    path = _write(tmp_path / "m.tmx", [(stored, "Der Minister.")])
    assert cli("tm", "import", path).exit_code == 0

    [matches] = _lookup_all(
        cli.db_url, ["Министры иностранных дел Беларуси провели переговоры с делегацией Китая."]
    )

    assert [m.source for m in matches] == [stored]
    assert 75 <= matches[0].score < 100


def test_duplicates_are_skipped_within_a_file_and_against_the_memory(cli, tmp_path):
    units = [
        ("Всё решено — «окончательно».", "Alles ist entschieden."),
        ('Все решено - "окончательно".', "Alles ist entschieden."),  # the same, normalised
        ("Всё решено — «окончательно».", "Es ist alles entschieden."),  # another target: kept
        ("Переговоры завершились.", "Die Gespräche endeten."),
    ]
    first = cli("tm", "import", _write(tmp_path / "a.tmx", units), "--json").json()
    again = cli("tm", "import", _write(tmp_path / "b.tmx", units[3:] + units[:1]), "--json").json()

    assert (first["added"], first["duplicates"]) == (3, 1)
    assert (again["added"], again["duplicates"]) == (0, 2)
    assert cli("tm", "stats", "--json").json() == [
        {"source_lang": "ru", "target_lang": "de", "units": 3}
    ]


@pytest.mark.parametrize("reader", ["in-process", "child process"])
def test_a_tmx_file_broken_half_way_imports_nothing(cli, tmp_path, monkeypatch, reader):
    monkeypatch.setattr(tm_service, "IMPORT_BATCH", 20)  # several batches written before the break
    if reader == "child process":
        monkeypatch.setattr(tmx, "BACKGROUND_BYTES", 0)
    path = tmp_path / "broken.tmx"
    _write(path, _memory_with_neighbours(200))
    content = path.read_text(encoding="utf-8")
    path.write_text(content[: int(len(content) * 0.8)] + "<tu><tuv", encoding="utf-8")

    result = cli("tm", "import", path)

    assert result.exit_code != 0
    assert cli("tm", "stats", "--json").json() == []
    with transaction(open_database(cli.db_url)) as session:
        assert session.execute(text("SELECT count(*) FROM tm_posting")).scalar() == 0


def test_units_added_one_by_one_are_indexed_and_their_chunks_merged(db_url):
    engine = open_database(db_url)
    sentences = [f"Стороны обсудили вопросы сотрудничества номер {n}." for n in range(60)]
    with transaction(engine) as session:
        for sentence in sentences:
            assert tm_service.add_unit(session, "ru", "de", sentence, "Die Seiten.", "approval")
        assert not tm_service.add_unit(session, "ru", "de", sentences[0], "Die Seiten.", "approval")
    with transaction(engine) as session:
        chunks = session.execute(
            text("SELECT max(n) FROM (SELECT count(*) AS n FROM tm_posting GROUP BY token, band) c")
        ).scalar()
        matches = IndexedMemory(session, "ru", "de").lookup(
            "Стороны обсудили вопросы сотрудничества номер 7!"
        )

    assert chunks <= tm_write.MAX_SMALL_CHUNKS + 1
    assert matches[0].source == sentences[7]


def test_upgrading_a_database_indexes_the_units_it_already_has(db_url):
    from alembic import command
    from alembic.config import Config

    from translate_flow.store.db import MIGRATIONS_DIR, get_engine

    engine = get_engine(db_url)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0003")
    units = _memory_with_neighbours(50)
    with transaction(engine) as session:  # a memory written before the index existed
        for source, target in units:
            session.execute(
                text(
                    "INSERT INTO tm_unit (source_lang, target_lang, source, target, "
                    "source_normal, source_key, origin, created_by, at) VALUES ('ru', 'de', "
                    ":s, :t, :n, :k, 'old', '', CURRENT_TIMESTAMP)"
                ),
                {"s": source, "t": target, "n": source, "k": f"{hash(source):x}"},
            )

    open_database(db_url)  # upgrades to the newest schema

    assert _stored_lengths(db_url) == _actual_lengths(db_url)
    query = _near_repeat(random.Random(1), units[10][0])
    expected = [m.score for m in TranslationMemory(units).lookup(query) if m.score < 100]
    assert [m.score for m in _lookup_all(db_url, [query])[0] if m.score < 100] == expected
    assert expected


@pytest.fixture
def article_file(tmp_path):
    path = tmp_path / "ru-visit.txt"
    path.write_text(
        "Визит в Гродно\n\n"
        "Министр иностранных дел Беларуси провёл переговоры с делегацией Казахстана. "
        "Стороны обсудили вопросы торгового сотрудничества и транспортного коридора.\n",
        encoding="utf-8",
    )
    return path


def test_translate_with_the_tm_engine_fills_exact_and_fuzzy_matches_from_the_index(
    cli, tmp_path, article_file
):
    units = [
        ("Визит в Гродно", "Besuch in Grodno"),
        (
            "Министр иностранных дел Беларуси провёл переговоры с делегацией Узбекистана.",
            "Der Außenminister von Belarus verhandelte mit einer Delegation Usbekistans.",
        ),
        *_memory_with_neighbours(300),
    ]
    assert cli("tm", "import", _write(tmp_path / "m.tmx", units)).exit_code == 0
    article = cli("ingest", article_file, "--json").json()[0]["article"]

    result = cli("translate", article, "--to", "de", "--engine", "tm", "--json")

    assert result.exit_code == 0, result.stderr
    rows = cli("queue", "--article", article, "--lang", "de", "--json").json()
    targets = {row["source"]: row.get("target") for row in rows}
    assert targets["Визит в Гродно"] == "Besuch in Grodno"
    fuzzy = "Министр иностранных дел Беларуси провёл переговоры с делегацией Казахстана."
    assert targets[fuzzy] == units[1][1]


def test_a_short_unit_sharing_most_words_outranks_a_long_one_sharing_all(db_url, monkeypatch):
    query = "Министр иностранных дел Беларуси провёл переговоры с делегацией Казахстана в Минске."
    short = query.replace("Казахстана", "Узбекистана")
    long = query[:-1] + " и обсудил транспортные коридоры, поставки зерна и научный обмен."
    engine = open_database(db_url)
    with transaction(engine) as session:
        for sentence in (short, long):
            assert tm_service.add_unit(session, "ru", "de", sentence, "Der Minister.", "approval")
    monkeypatch.setattr(tm_index, "CANDIDATES", 50)
    with transaction(engine) as session:
        [matches] = [IndexedMemory(session, "ru", "de").lookup(query, limit=1)]

    # Counting shared words alone would rescore only the long unit (it holds every query word).
    assert [m.source for m in matches] == [short]


def test_lookups_rescoring_few_candidates_find_nearly_what_a_scan_finds(cli, tmp_path, monkeypatch):
    units = _memory_with_neighbours(3000)
    assert cli("tm", "import", _write(tmp_path / "m.tmx", units)).exit_code == 0
    rng = random.Random(11)
    queries = [_near_repeat(rng, rng.choice(units)[0]) for _ in range(40)]
    scan = TranslationMemory(units)
    monkeypatch.setattr(tm_index, "CANDIDATES", 50)

    found = _lookup_all(cli.db_url, queries)

    expected = [[m.score for m in scan.lookup(q, limit=5)] for q in queries]
    found_scores = [[m.score for m in matches] for matches in found]
    hits = sum(
        len(list((Counter(f) & Counter(e)).elements()))
        for f, e in zip(found_scores, expected, strict=True)
    )
    assert hits / sum(len(e) for e in expected) >= 0.97  # 0.995 at the time of writing


def _stored_lengths(db_url: str) -> dict[int, int]:
    with transaction(open_database(db_url)) as session:
        lengths = IndexedMemory(session, "ru", "de").unit_lengths()
    return {unit_id: int(length) for unit_id, length in enumerate(lengths) if length}


def _actual_lengths(db_url: str) -> dict[int, int]:
    with transaction(open_database(db_url)) as session:
        rows = session.execute(text("SELECT id, length(source_normal) FROM tm_unit")).all()
    return {unit_id: length for unit_id, length in rows}


def test_every_unit_length_is_kept_after_imports_and_approvals(cli, tmp_path, monkeypatch):
    monkeypatch.setattr(tm_service, "IMPORT_BATCH", 700)  # batches across tm_length's blocks
    assert (
        cli("tm", "import", _write(tmp_path / "m.tmx", _memory_with_neighbours(2500))).exit_code
        == 0
    )
    with transaction(open_database(cli.db_url)) as session:
        tm_service.add_unit(
            session, "ru", "de", "Переговоры продолжатся завтра.", "Morgen.", "approval"
        )

    stored = _stored_lengths(cli.db_url)

    assert stored == _actual_lengths(cli.db_url)
    assert len(stored) == 2501
    assert max(stored) >= 2 * tm_write.BLOCK_UNITS


def test_of_units_sharing_the_same_words_the_one_nearer_in_length_is_rescored(db_url, monkeypatch):
    query = "Министр иностранных дел Беларуси провёл переговоры в Минске с коллегами."
    near = query.replace("провёл", "провела")
    # More words, none of them the query's: the same shared words, a longer unit, the newer one.
    far = near[:-1] + " у дверей."
    assert length_band(len(near)) == length_band(len(far))  # the band alone cannot tell them apart
    engine = open_database(db_url)
    with transaction(engine) as session:
        for sentence in (near, far):
            assert tm_service.add_unit(session, "ru", "de", sentence, "Der Minister.", "approval")
    monkeypatch.setattr(tm_index, "CANDIDATES", 1)

    [matches] = _lookup_all(db_url, [query])

    assert [m.source for m in matches[:1]] == [near]


def test_a_unit_added_after_the_lengths_were_read_is_still_found(db_url):
    engine = open_database(db_url)
    first = "Стороны обсудили вопросы торгового сотрудничества."
    later = "Стороны обсудили вопросы научного сотрудничества."
    with transaction(engine) as session:
        tm_service.add_unit(session, "ru", "de", first, "Handel.", "approval")
    with transaction(engine) as session:
        memory = IndexedMemory(session, "ru", "de")
        assert [m.source for m in memory.lookup(later)] == [first]
        tm_service.add_unit(session, "ru", "de", later, "Wissenschaft.", "approval")

        matches = memory.lookup("Стороны обсудили вопросы научного сотрудничества!")

    assert [m.source for m in matches] == [later, first]


def test_two_writers_adding_units_to_one_block_keep_both_lengths(db_url):
    import threading
    import time

    engine = open_database(db_url)
    first_added, second_started = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def first() -> None:
        try:
            with transaction(engine) as session:
                tm_service.add_unit(session, "ru", "de", "Первое заявление.", "Eins.", "approval")
                first_added.set()
                second_started.wait(5)
                time.sleep(0.5)  # the second writer is now waiting for this one to commit
        except BaseException as error:  # reported by the main thread
            errors.append(error)
            first_added.set()

    def second() -> None:
        first_added.wait(5)
        second_started.set()
        try:
            with transaction(engine) as session:
                tm_service.add_unit(
                    session, "ru", "de", "Второе заявление МИД.", "Zwei.", "approval"
                )
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    assert errors == []
    assert sorted(_stored_lengths(db_url).values()) == [17, 21]


def test_lengths_are_read_across_blocks_with_no_units(db_url):
    # Ids can jump whole blocks: a PostgreSQL import that was rolled back used up its ids.
    engine = open_database(db_url)
    with transaction(engine) as session:
        tm_write.record_lengths(session.connection(), [5, 5000], [40, 70])
    with transaction(engine) as session:
        lengths = IndexedMemory(session, "ru", "de").unit_lengths()

    assert (lengths[5], lengths[5000], lengths[6], lengths[2000]) == (40, 70, 0, 0)
    assert len(lengths) == 6 * tm_write.BLOCK_UNITS


def test_lookups_find_every_unit_after_its_rows_moved_without_a_reindex(cli, tmp_path):
    # On PostgreSQL an UPDATE writes a new version of each row elsewhere, as VACUUM FULL, CLUSTER
    # or a restore moves them: the index holds only ids, so nothing needs writing again.
    units = _memory_with_neighbours(300)
    assert cli("tm", "import", _write(tmp_path / "m.tmx", units)).exit_code == 0
    with transaction(open_database(cli.db_url)) as session:
        session.execute(text("UPDATE tm_unit SET origin = origin"))
    rng = random.Random(4)
    queries = [_near_repeat(rng, rng.choice(units)[0]) for _ in range(30)]

    found = _lookup_all(cli.db_url, queries)

    scan = TranslationMemory(units)
    assert [[m.score for m in matches] for matches in found] == [
        [m.score for m in scan.lookup(q, limit=5)] for q in queries
    ]


def test_the_row_places_table_is_gone_after_the_upgrade(db_url):
    engine = open_database(db_url)
    with transaction(engine) as session:
        tables = set(session.connection().dialect.get_table_names(session.connection()))

    assert "tm_place" not in tables
    assert {"tm_unit", "tm_posting", "tm_length"} <= tables


def test_reindexing_repairs_a_damaged_index(cli, tmp_path):
    units = _memory_with_neighbours(200)
    assert cli("tm", "import", _write(tmp_path / "m.tmx", units)).exit_code == 0
    rng = random.Random(6)
    queries = [_near_repeat(rng, rng.choice(units)[0]) for _ in range(20)]
    with transaction(open_database(cli.db_url)) as session:
        session.execute(text("DELETE FROM tm_posting WHERE band % 2 = 0"))
        session.execute(text("DELETE FROM tm_length WHERE block = 0"))
    scan = [[m.score for m in TranslationMemory(units).lookup(q, limit=5)] for q in queries]
    assert [[m.score for m in found] for found in _lookup_all(cli.db_url, queries)] != scan

    result = cli("tm", "reindex")

    assert (result.exit_code, result.stdout) == (0, "reindexed 200 units\n"), result.stderr
    assert [[m.score for m in found] for found in _lookup_all(cli.db_url, queries)] == scan
    assert _stored_lengths(cli.db_url) == _actual_lengths(cli.db_url)
