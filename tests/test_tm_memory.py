"""Translation memory: normalisation, exact and fuzzy lookup."""

from __future__ import annotations

from rapidfuzz import fuzz

from translate_flow.tm.memory import TMMatch, TranslationMemory, normalise, normalised_hash

VISIT_RU = "Лукашенко встретился с делегацией «Газпрома» в Минске."
VISIT_DE = "Lukaschenko traf in Minsk eine Delegation von Gazprom."
TALKS_RU = "Министры обсудили вопросы региональной безопасности."
TALKS_DE = "Die Minister erörterten Fragen der regionalen Sicherheit."


def desk_memory() -> TranslationMemory:
    return TranslationMemory([(VISIT_RU, VISIT_DE), (TALKS_RU, TALKS_DE)])


def test_exact_match_scores_100_and_gives_the_stored_translation() -> None:
    assert desk_memory().lookup(VISIT_RU) == [TMMatch(VISIT_RU, VISIT_DE, 100.0)]


def test_yo_and_ye_quotes_dashes_and_spaces_do_not_spoil_an_exact_match() -> None:
    memory = TranslationMemory([("Всё решено — «окончательно».", "Alles ist entschieden.")])
    typed = '  Все\u00a0решено - "окончательно".\n'

    matches = memory.lookup(typed)

    assert matches[0].score == 100.0
    assert matches[0].source == "Всё решено — «окончательно»."  # the stored form, untouched


def test_belarusian_apostrophe_variants_match_exactly() -> None:
    memory = TranslationMemory([("Сям'я прэзідэнта.", "Die Familie des Präsidenten.")])
    assert memory.lookup("Сямʼя прэзідэнта.")[0].score == 100.0
    assert memory.lookup("Сям’я прэзідэнта.")[0].score == 100.0


def test_case_is_kept_so_a_different_case_is_a_fuzzy_match() -> None:
    memory = TranslationMemory([("ВИЗИТ В МИНСК", "BESUCH IN MINSK")])
    assert memory.lookup("Визит в Минск", threshold=0) == [
        TMMatch("ВИЗИТ В МИНСК", "BESUCH IN MINSK", fuzz.ratio("ВИЗИТ В МИНСК", "Визит в Минск"))
    ]
    assert memory.lookup("Визит в Минск") == []  # far below 75 %


def test_fuzzy_score_is_the_plain_ratio_of_the_normalised_texts() -> None:
    changed = "Лукашенко встретился с делегацией «Роснефти» в Минске."

    matches = desk_memory().lookup(changed)

    assert matches == [
        TMMatch(VISIT_RU, VISIT_DE, fuzz.ratio(normalise(changed), normalise(VISIT_RU)))
    ]
    assert 75 <= matches[0].score < 100


def test_threshold_excludes_weaker_matches() -> None:
    changed = "Лукашенко встретился с делегацией «Роснефти» в Минске."
    score = desk_memory().lookup(changed)[0].score  # 87.03...

    assert desk_memory().lookup(changed, threshold=87) != []
    assert desk_memory().lookup(changed, threshold=88) == []
    assert 87 < score < 88


def test_a_score_equal_to_the_threshold_is_a_match() -> None:
    memory = TranslationMemory([("Указ", "Erlass")])
    assert memory.lookup("Укас") == [TMMatch("Указ", "Erlass", 75.0)]  # 3 of 4 letters in place


def test_matches_come_best_first_and_limit_caps_them() -> None:
    memory = TranslationMemory(
        [
            ("Переговоры в Минске завершились.", "A"),
            ("Переговоры в Минске продолжились.", "B"),
            ("Переговоры в Минске завершены.", "C"),
            ("Переговоры в Москве завершились.", "D"),
        ]
    )

    matches = memory.lookup("Переговоры в Минске завершились.", threshold=50)

    assert matches[0] == TMMatch("Переговоры в Минске завершились.", "A", 100.0)
    assert [m.score for m in matches] == sorted((m.score for m in matches), reverse=True)
    assert {m.target for m in matches} == {"A", "B", "C", "D"}
    assert len(memory.lookup("Переговоры в Минске завершились.", threshold=50, limit=2)) == 2
    assert memory.lookup("Переговоры в Минске завершились.", limit=1)[0].target == "A"


def test_a_newer_unit_with_the_same_source_replaces_the_older() -> None:
    memory = TranslationMemory([(TALKS_RU, "old"), (TALKS_RU.replace("ё", "е"), TALKS_DE)])
    memory.add("Министры  обсудили вопросы региональной безопасности.", "newest")

    assert len(memory) == 1
    assert memory.lookup(TALKS_RU, limit=5) == [
        TMMatch("Министры  обсудили вопросы региональной безопасности.", "newest", 100.0)
    ]


def test_empty_text_and_empty_memory_find_nothing() -> None:
    assert desk_memory().lookup("   ") == []
    assert TranslationMemory([]).lookup(VISIT_RU) == []
    assert len(TranslationMemory([("", "leer"), (" ", "leer")])) == 0


def test_normalised_hash_is_the_same_for_equivalent_texts() -> None:
    assert normalised_hash("Ещё «раз»") == normalised_hash('Еще "раз"')
    assert normalised_hash("Ещё раз") != normalised_hash("ещё раз")
