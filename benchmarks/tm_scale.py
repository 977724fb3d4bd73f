"""The database-indexed translation memory at scale: import time, lookup time, recall.

    .venv/bin/python benchmarks/tm_scale.py [--size N] [--db sqlite] [--db postgresql]
                                            [--queries N] [--workdir DIR] [--keep DIR]
                                            [--candidates N ...] [--query-seed N] [--cold]
                                            [--trigrams SIMILARITY ...]

Generates N (default 1,000,000) Russian news sentences with German stand-in targets from
templates, word lists and inflected phrases (pymorphy3), so that near-repeats exist as they do on a
news desk; writes them as a TMX file; times `translate-flow tm import` of that file into a fresh
database (SQLite file, or a PostgreSQL database on 127.0.0.1 created and dropped here); then runs
queries: stored sentences changed by one to three edits (a word replaced, an ending changed, a typo,
a word dropped or added, a number changed), new sentences from the same templates and unrelated
text. Prints the median and 95th percentile of a top-5 lookup at ≥ 75 % and the recall against an
exhaustive rapidfuzz scan (process.extract, fuzz.ratio, score_cutoff 75) over every unit, for
each number of rescored candidates given, with the load average of the machine. With --trigrams,
PostgreSQL's pg_trgm (Weblate's way) is measured beside it on the same units and queries: its
index build, lookup times and recall.
"""

from __future__ import annotations

import argparse
import bisect
import functools
import itertools
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from rapidfuzz import fuzz, process  # noqa: E402

from translate_flow.formats.tmx import TMEntry, iter_tmx_texts, write_tmx  # noqa: E402
from translate_flow.store import tm_index  # noqa: E402
from translate_flow.store.db import close_database, open_database, transaction  # noqa: E402
from translate_flow.store.tm_index import IndexedMemory  # noqa: E402
from translate_flow.tm.memory import normalise  # noqa: E402

PG_ADMIN = os.environ.get("TRANSLATE_FLOW_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
THRESHOLD = 75.0
# Units and queries of the scan that measures the machine's speed beside the lookups.
SPEED_SAMPLE = 100_000
SPEED_QUERIES = 20
# What the memory is made of: free sentences (an example article's sentence with new nouns and
# adjectives), formulas that recur (templates) and sentences built from a subject, a predicate and
# an adjunct; a quarter of the units are then edited copies of earlier ones (updated articles).
FREE_SHARE = 0.5
FORMULA_SHARE = 0.15

FIRST_NAMES = (
    "Александр Сергей Владимир Андрей Дмитрий Николай Михаил Игорь Максим Виктор Павел Юрий "
    "Олег Алексей Иван Роман Геннадий Анатолий Валентин Леонид"
).split()
SURNAME_STEMS = (
    "Лукашенк Рыженк Лавр Головченк Волфович Мишустин Шойгу Кочанов Макей Сивак Петрович "
    "Снопков Кубраков Хренин Турчин Матвиенк Шуваев Карпенк Савиных Крутой"
).split()
CITIES = (
    ("Минск", "Минске"),
    ("Москва", "Москве"),
    ("Гродно", "Гродно"),
    ("Брест", "Бресте"),
    ("Гомель", "Гомеле"),
    ("Витебск", "Витебске"),
    ("Могилёв", "Могилёве"),
    ("Пекин", "Пекине"),
    ("Астана", "Астане"),
    ("Ташкент", "Ташкенте"),
    ("Баку", "Баку"),
    ("Ереван", "Ереване"),
    ("Бишкек", "Бишкеке"),
    ("Душанбе", "Душанбе"),
    ("Казань", "Казани"),
    ("Сочи", "Сочи"),
    ("Новосибирск", "Новосибирске"),
    ("Тегеран", "Тегеране"),
    ("Ханой", "Ханое"),
    ("Каракас", "Каракасе"),
    ("Гавана", "Гаване"),
    ("Абу-Даби", "Абу-Даби"),
    ("Каир", "Каире"),
)
COUNTRIES = (
    "России Беларуси Китая Казахстана Узбекистана Азербайджана Армении Кыргызстана Таджикистана "
    "Ирана Вьетнама Венесуэлы Кубы Египта Индии Пакистана Монголии Сербии Турции Бразилии "
    "Зимбабве Никарагуа Лаоса Мьянмы Омана Катара Алжира Эфиопии Кении Уганды"
).split()
TITLES = (
    ("министр иностранных дел", "министром иностранных дел"),
    ("премьер-министр", "премьер-министром"),
    ("президент", "президентом"),
    ("посол", "послом"),
    ("заместитель министра", "заместителем министра"),
    ("председатель парламента", "председателем парламента"),
    ("глава делегации", "главой делегации"),
    ("министр экономики", "министром экономики"),
)
ADJECTIVES = (
    "международный региональный торговый экономический энергетический военный гуманитарный "
    "информационный транспортный научный культурный промышленный финансовый инвестиционный "
    "таможенный аграрный образовательный технический стратегический двусторонний многосторонний "
    "пограничный космический цифровой медицинский экологический туристический банковский "
    "логистический правовой оборонный железнодорожный молодёжный спортивный нефтяной газовый "
    "атомный химический фармацевтический продовольственный миграционный кадровый визовый "
    "налоговый бюджетный валютный промышленно-торговый лесной водный"
).split()
NOUNS = (
    "сотрудничество безопасность торговля проект соглашение программа инициатива договор "
    "партнёрство производство развитие интеграция форум платформа коридор комплекс центр "
    "обмен поставка строительство модернизация кооперация союз рынок диалог механизм "
    "стандарт инфраструктура исследование технология контракт перевозка предприятие завод "
    "выставка конференция маршрут регион кластер фонд банк кредит объект сектор отрасль "
    "реформа контроль мониторинг перечень реестр"
).split()
MONTHS = (
    "января февраля марта апреля мая июня июля августа сентября октября ноября декабря"
).split()
VERBS_MET = "встретился провёл переговоры обсудил вопросы побеседовал".split()
TEMPLATES = (
    "{CITY}, {day} {month} (БЕЛТА) – {title} {country} {person} {met} с {title_i} {country2} "
    "{person_i}.",
    "Стороны обсудили вопросы {topic_g} и {topic_g2}.",
    "В ходе встречи особое внимание было уделено {topic_d} в {year} году.",
    "{title_cap} {country} {person} принял участие в заседании {org} в {city_p}.",
    "По итогам переговоров подписано соглашение о {topic_p} между {country_i} и {country_i2}.",
    "{person} подчеркнул важность {topic_g} для {country}.",
    "Следующее заседание {org} запланировано на {day} {month} {year} года в {city_p}.",
    "Делегация {country} во главе с {title_i} {person_i} прибыла в {city}.",
    "{title_cap} {country} выразил заинтересованность в развитии {topic_g} с {country_i}.",
    "Участники форума обсудили перспективы {topic_g} и {topic_g2} на период до {year} года.",
    "На встрече в {city_p} {person} и {person2} договорились о {topic_p}.",
    "{org_cap} одобрила программу {topic_g} на {year}–{year2} годы.",
    "Как сообщили в пресс-службе МИД {country}, визит продлится {days} дня.",
    # Sentences that differ in their figures only: the hardest case for a word index.
    "Объём товарооборота между странами за {months} месяцев {year} года составил {amount} млн "
    "долларов, увеличившись на {percent} %.",
)
OPENERS = (
    "По словам {person_g},",
    "Как отметил {person},",
    "Кроме того,",
    "Вместе с тем",
    "При этом",
    "Как сообщает пресс-служба {org},",
    "В {month_p} {year} года",
    "Как ранее сообщало БЕЛТА,",
    "По информации МИД {country},",
    "Напомним, что",
    "Также",
    "В этой связи",
)
TAILS = (
    "в рамках {topic_g}",
    "на период до {year} года",
    "с участием {country} и {country2}",
    "в {city_p}",
    "при поддержке {org}",
    "в {year}–{year2} годах",
    "до конца {year} года",
    "по линии {topic_g}",
    "на уровне экспертов",
    "в соответствии с достигнутыми договорённостями",
)
# Free sentences: subject, predicate, object and an adjunct drawn apart, as most of a desk's
# sentences are built; the templates above are the formulas that recur.
SUBJECTS = (
    "{title_cap} {country} {person}",
    "Делегация {country}",
    "Правительство {country}",
    "{org_cap}",
    "Эксперты {country} и {country2}",
    "Представители деловых кругов {country}",
    "Министерство экономики {country}",
    "Посольство {country} в {city_p}",
    "{person}",
    "Председатель правления банка {person}",
    "Губернатор региона {person}",
)
PREDICATES = (
    "обсудил{a} перспективы {topic_g}",
    "выступил{a} за развитие {topic_g}",
    "предложил{a} расширить {topic_a}",
    "подписал{a} меморандум о {topic_p}",
    "представил{a} проект {topic_g}",
    "высоко оценил{a} уровень {topic_g}",
    "заявил{a} о готовности к {topic_d}",
    "провёл{a} консультации по вопросам {topic_g}",
    "сообщил{a} о завершении {topic_g}",
    "поддержал{a} инициативу по {topic_d}",
    "обратил{a} внимание на проблемы {topic_g}",
    "уделил{a} особое внимание {topic_d}",
)
ADJUNCTS = (
    "в ходе визита в {city}",
    "на полях форума в {city_p}",
    "{day} {month} {year} года",
    "по итогам заседания {org}",
    "в присутствии журналистов",
    "в режиме видеоконференции",
    "после переговоров с {title_i} {country} {person_i}",
    "в интервью телеканалу «{media}»",
    "на пресс-конференции в {city_p}",
    "в рамках рабочей поездки по {region}",
)
MEDIA = "Беларусь 1, ОНТ, СТВ, Мир, Россия 24, CGTN, Хабар, Euronews, РТР, Звезда".split(", ")
REGIONS = (
    "Минской области, Брестской области, Гомельской области, Гродненской области, "
    "Витебской области, Могилёвской области, Сибири, Поволжью, Уралу, Дальнему Востоку"
).split(", ")
MONTHS_P = (
    "январе феврале марте апреле мае июне июле августе сентябре октябре ноябре декабре"
).split()
ORGS = (
    ("Совета министров иностранных дел СНГ", "Совет министров иностранных дел СНГ"),
    ("Высшего Евразийского экономического совета", "Высший Евразийский экономический совет"),
    ("Совета коллективной безопасности ОДКБ", "Совет коллективной безопасности ОДКБ"),
    ("Совета глав государств ШОС", "Совет глав государств ШОС"),
    ("межправительственной комиссии", "Межправительственная комиссия"),
    ("Форума регионов", "Форум регионов"),
    ("Постоянного комитета Союзного государства", "Постоянный комитет Союзного государства"),
)


class Zipf:
    """Draws items with Zipfian frequencies: a few fill most sentences, most are rare."""

    def __init__(self, items: list, rng: random.Random, exponent: float = 1.0) -> None:
        self.items = items
        self.rng = rng
        self.cumulative = list(
            itertools.accumulate(1 / (rank + 1) ** exponent for rank in range(len(items)))
        )

    def __call__(self):
        x = self.rng.random() * self.cumulative[-1]
        return self.items[bisect.bisect(self.cumulative, x)]


CASES = ("gent", "datv", "loct", "accs")


def _forms(parse, cases: tuple[str, ...], extra: frozenset = frozenset()) -> tuple[str, ...] | None:
    forms = []
    for case in cases:
        inflected = parse.inflect({case} | extra)
        if inflected is None:
            return None
        forms.append(inflected.word)
    return tuple(forms)


def _slot(parse) -> tuple | None:
    """(part of speech, case, number, gender, the word) of a noun or adjective worth replacing."""
    tag = parse.tag
    if tag.POS not in ("NOUN", "ADJF") or {"Name", "Surn", "Geox", "Orgn", "Abbr"} & set(
        tag.grammemes
    ):
        return None
    if tag.case is None or tag.number is None:
        return None
    gender = tag.gender if tag.number == "sing" else None
    return (tag.POS, tag.case, tag.number, gender, parse.word)


def example_sentences() -> list[str]:
    texts = []
    for path in sorted((REPO / "examples").glob("ru-*.*")):
        raw = path.read_bytes()
        try:
            texts.append(raw.decode("utf-8"))
        except UnicodeDecodeError:
            texts.append(raw.decode("cp1251"))  # one example is in the legacy Windows encoding
    text = " ".join(texts)
    text = re.sub(r"<[^>]+>|[#*_]", " ", text)
    sentences = re.split(r"(?<=[.!?])\s+(?=[А-ЯЁ])", " ".join(text.split()))
    return [s for s in sentences if 40 <= len(s) <= 300]


def _first_parse(morph, word: str):
    return morph.parse(word)[0]


def dictionary_words(morph) -> tuple[list, list, list, list]:
    """Nouns, adjectives, male first names and surnames (their parses) from the dictionary."""
    nouns, adjectives, first_names, surnames = {}, {}, {}, {}
    for letter in "абвгдежзиклмнопрстуфхцчшэюя":
        for parse in itertools.islice(morph.iter_known_word_parses(letter), 40_000):
            tag = parse.tag
            if parse.word != parse.normal_form or "sing" not in tag or "nomn" not in tag:
                continue
            if "ADJF" in tag and "masc" in tag:
                adjectives.setdefault(parse.word, parse)
            elif "NOUN" not in tag:
                continue
            elif "Surn" in tag and "masc" in tag:
                surnames.setdefault(parse.word, parse)
            elif "Name" in tag and "masc" in tag:
                first_names.setdefault(parse.word, parse)
            elif "inan" in tag and not {"Geox", "Orgn", "Trad", "Abbr", "Surn", "Name"} & set(
                tag.grammemes
            ):
                nouns.setdefault(parse.word, parse)
    return (
        list(nouns.values()),
        list(adjectives.values()),
        list(first_names.values()),
        list(surnames.values()),
    )


class NewsGenerator:
    """News sentences: formulas that recur (templates) and freely built ones, over a vocabulary
    with a long tail: the desk's frequent words first, then thousands of nouns, adjectives, first
    names and surnames from pymorphy3's dictionary, drawn with Zipfian frequencies."""

    def __init__(self, seed: int) -> None:
        import pymorphy3

        self.rng = rng = random.Random(seed)
        morph = pymorphy3.MorphAnalyzer()
        nouns, adjectives, first_names, surnames = dictionary_words(morph)
        rng.shuffle(nouns)
        rng.shuffle(adjectives)
        rng.shuffle(first_names)
        rng.shuffle(surnames)
        parse = functools.partial(_first_parse, morph)
        self.nouns = Zipf(
            [
                f
                for f in ((n.tag.gender, _forms(n, CASES)) for n in [*map(parse, NOUNS), *nouns])
                if f[1] and f[0]
            ],
            rng,
        )
        adjective_forms = []
        for adjective in [*map(parse, ADJECTIVES), *adjectives]:
            by_gender = {}
            for gender in ("masc", "femn", "neut"):
                # Accusative of an inanimate masculine noun is its nominative.
                forms = _forms(adjective, CASES, frozenset({gender}))
                if forms is None:
                    break
                if gender == "masc":
                    forms = (*forms[:3], adjective.word)
                by_gender[gender] = forms
            if len(by_gender) == 3:
                adjective_forms.append(by_gender)
        self.adjectives = Zipf(adjective_forms, rng)
        self.first_names = Zipf(
            [f for f in (_forms(n, ("nomn", "ablt", "gent")) for n in first_names) if f], rng
        )
        self.surnames = Zipf(
            [
                tuple(w.capitalize() for w in f)
                for f in (_forms(n, ("nomn", "ablt", "gent")) for n in surnames)
                if f
            ],
            rng,
        )
        self.opener = Zipf(list(OPENERS), rng, exponent=0.5)
        self.tail = Zipf(list(TAILS), rng, exponent=0.5)
        self.city = Zipf(list(CITIES), rng)
        self.country = Zipf(COUNTRIES, rng)
        self.title = Zipf(list(TITLES), rng)
        self.org = Zipf(list(ORGS), rng)
        self.template = Zipf(list(TEMPLATES), rng)
        self._free_init(morph, nouns, adjectives)

    def _free_init(self, morph, nouns: list, adjectives: list) -> None:
        """Patterns from the example articles' sentences, their nouns and adjectives as slots."""
        patterns = []
        wanted: set[tuple] = set()
        for sentence in example_sentences():
            pattern = []
            for piece in re.findall(r"\w+|[^\w]+", sentence):
                parse = morph.parse(piece)[0] if piece[0].isalpha() else None
                slot = _slot(parse) if parse is not None and len(piece) > 3 else None
                if slot and piece[0].islower():
                    pattern.append(slot)
                    wanted.add(slot[:4])
                else:
                    pattern.append(piece)
            patterns.append(pattern)
        # Phrases of four to seven words cut from those sentences; a free sentence joins two to
        # four of them, so it has a skeleton of its own, as most of a desk's sentences do.
        self.phrases = []
        for pattern in patterns:
            words = 0
            phrase: list = []
            for piece in pattern:
                phrase.append(piece)
                if isinstance(piece, tuple) or piece[0].isalnum():
                    words += 1
                if words >= 4 and not (isinstance(piece, tuple) or piece[0].isalnum()):
                    if words <= 7 or len(phrase) > 1:
                        self.phrases.append(phrase)
                    phrase, words = [], 0
        pools: dict[tuple, list[str]] = {slot: [] for slot in wanted}
        for part, lemmas in (("NOUN", nouns[:6000]), ("ADJF", adjectives[:4000])):
            kinds = {slot[1:4] for slot in wanted if slot[0] == part}
            for parse in lemmas:
                for case, number, gender in kinds:
                    if part == "NOUN" and gender not in (parse.tag.gender, None):
                        continue
                    grammemes = {case, number} | ({gender} if part == "ADJF" and gender else set())
                    form = parse.inflect(grammemes)
                    if form is not None:
                        pools[part, case, number, gender].append(form.word)
        self.pools = {slot: Zipf(forms, self.rng) for slot, forms in pools.items() if forms}

    def free_sentence(self) -> str:
        """Phrases of the example articles, most nouns and adjectives replaced: unique text."""
        rng = self.rng
        pieces = []
        for phrase in rng.sample(self.phrases, rng.randint(2, 4)):
            for piece in phrase:
                if isinstance(piece, tuple):
                    pool = self.pools.get(piece[:4])
                    piece = pool() if pool and rng.random() < 0.8 else piece[4]
                pieces.append(piece)
        text = " ".join("".join(pieces).split()).strip(" ,.;:–-")
        return text[0].upper() + text[1:] + "."

    def topic(self) -> tuple[str, ...]:
        gender, noun = self.nouns()
        adjective = self.adjectives()[gender]
        return tuple(f"{a} {n}" for a, n in zip(adjective, noun, strict=True))

    def person(self) -> tuple[str, str, str]:
        first, surname = self.first_names(), self.surnames()
        return tuple(f"{f.capitalize()} {s}" for f, s in zip(first, surname, strict=True))

    def sentence(self) -> str:
        rng = self.rng
        kind = rng.random()
        if kind < FREE_SHARE:
            return self.free_sentence()
        values = self._values()
        if kind < FREE_SHARE + FORMULA_SHARE:
            sentence = self.template().format(**values)
        else:
            subject = rng.choice(SUBJECTS).format(**values)
            plural = subject.split()[0] in ("Эксперты", "Представители")
            neuter = subject.split()[0] in ("Правительство", "Министерство", "Посольство")
            feminine = subject.startswith("Делегац")
            ending = "и" if plural else "о" if neuter else "а" if feminine else ""
            predicate = rng.choice(PREDICATES).format(a=ending, **values)
            if ending and predicate.startswith("провёл"):
                predicate = "провел" + predicate[len("провёл") :]
            sentence = f"{subject} {predicate} {rng.choice(ADJUNCTS).format(**values)}."
        if rng.random() < 0.4:
            tail = self.tail().format(**values)
            sentence = f"{sentence[:-1]} {tail}."
        if rng.random() < 0.4 and not sentence[:3].isupper():
            opener = self.opener().format(**values)
            sentence = f"{opener} {sentence[0].lower()}{sentence[1:]}"
        return sentence

    def _values(self) -> dict:
        rng = self.rng
        person, person_i, person_g = self.person()
        topics = [self.topic() for _ in range(4)]
        title, title_i = self.title()
        city, city_p = self.city()
        org_g, org_n = self.org()
        country_i = self.country().replace("ии", "ией").replace("ы", "ой")
        return {
            "CITY": city.upper(),
            "city": city,
            "city_p": city_p,
            "day": rng.randint(1, 28),
            "month": rng.choice(MONTHS),
            "months": rng.randint(2, 11),
            "year": rng.randint(1995, 2030),
            "year2": rng.randint(2031, 2040),
            "days": rng.randint(2, 4),
            "amount": f"{rng.randint(1, 999)},{rng.randint(0, 9)}",
            "percent": f"{rng.randint(1, 60)},{rng.randint(0, 9)}",
            "title": title,
            "title_cap": title[0].upper() + title[1:],
            "title_i": title_i,
            "country": self.country(),
            "country2": self.country(),
            "country_i": country_i,
            "country_i2": self.country().replace("ии", "ией").replace("ы", "ой"),
            "person": person,
            "person_i": person_i,
            "person_g": person_g,
            "month_p": rng.choice(MONTHS_P),
            "person2": self.person()[0],
            "met": rng.choice(VERBS_MET),
            "org": org_g,
            "org_cap": org_n,
            "topic_g": topics[0][0],
            "topic_g2": topics[1][0],
            "topic_d": topics[2][1],
            "topic_p": topics[3][2],
            "topic_a": topics[0][3],
            "media": rng.choice(MEDIA),
            "region": rng.choice(REGIONS),
        }


ENDINGS = ("а", "у", "ом", "е", "ы", "ой", "ам", "ами", "ах", "ия", "ии", "ый", "ого")


def perturb(rng: random.Random, text: str, words: list[str], edits: int = 3) -> str:
    """A near-repeat: one to `edits` edits of the kinds a desk's new sentences show."""
    tokens = text.split()
    for _ in range(rng.randint(1, edits)):
        i = rng.randrange(len(tokens))
        kind = rng.randrange(6)
        word = tokens[i]
        if kind == 0:
            tokens[i] = rng.choice(words)
        elif kind == 1 and len(word) > 4:
            tokens[i] = word[: -rng.randint(1, 2)] + rng.choice(ENDINGS)
        elif kind == 2 and len(word) > 3:
            j = rng.randrange(len(word))
            dropped, added = word[:j] + word[j + 1 :], word[:j] + "о" + word[j:]
            tokens[i] = dropped if rng.random() < 0.5 else added
        elif kind == 3 and len(tokens) > 4:
            del tokens[i]
        elif kind == 4:
            tokens.insert(i, rng.choice(words))
        else:
            tokens[i] = str(rng.randint(1, 2030))
    return " ".join(tokens)


def unrelated(rng: random.Random, words: list[str]) -> str:
    return " ".join(rng.choice(words) for _ in range(rng.randint(6, 18))).capitalize() + "."


def example_words() -> list[str]:
    found: set[str] = set()
    for path in (REPO / "examples").glob("ru-*"):
        found.update(re.findall(r"[А-Яа-яЁё]{2,}", path.read_text(errors="ignore")))
    return sorted(found)


def make_memory(size: int, tmx: Path) -> list[str]:
    """Write `size` distinct units to `tmx`; return their sources."""
    generator = NewsGenerator(20240501)
    rng = random.Random(11)
    words = example_words()
    seen: set[str] = set()
    sources: list[str] = []
    while len(sources) < size:
        if sources and rng.random() < 0.25:
            # An updated article: an earlier sentence with an edit or two.
            sentence = perturb(rng, rng.choice(sources[-50_000:]), words, edits=2)
        else:
            sentence = generator.sentence()
        key = normalise(sentence)
        if key not in seen:
            seen.add(key)
            sources.append(sentence)
    entries = (
        TMEntry("ru", "de", source, f"Übersetzung {n}: {source[:40]}")
        for n, source in enumerate(sources)
    )
    write_tmx(entries, "ru", str(tmx))
    return sources


def make_queries(sources: list[str], count: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    words = example_words()
    random.Random(seed - 4).shuffle(sources := list(sources))
    fresh = NewsGenerator(seed + 92)
    queries = [perturb(rng, rng.choice(sources), words) for _ in range(count * 3 // 4)]
    queries += [fresh.sentence() for _ in range(count // 8)]
    queries += [unrelated(rng, words) for _ in range(count - len(queries))]
    return queries


def query_kinds(count: int) -> list[str]:
    """What each of make_queries' queries is, in the same order."""
    edited, new = count * 3 // 4, count // 8
    return ["edited"] * edited + ["new"] * new + ["unrelated"] * (count - edited - new)


def exhaustive(queries: list[str], sources: list[str]) -> list[list[float]]:
    """The top-5 scores ≥ 75 of each query over every unit (the ground truth)."""
    normals = [normalise(s) for s in sources]
    truth = []
    for query in queries:
        found = process.extract(
            normalise(query), normals, scorer=fuzz.ratio, score_cutoff=THRESHOLD, limit=5
        )
        truth.append([score for _c, score, _i in found])
    return truth


def database(kind: str, workdir: Path) -> tuple[str, str | None]:
    """A fresh database URL, and the PostgreSQL database name to drop afterwards."""
    if kind == "sqlite":
        return f"sqlite:///{workdir / f'tm-{uuid.uuid4().hex[:6]}.db'}", None
    import psycopg

    name = f"tf_bench_{os.getpid()}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    base = PG_ADMIN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://", 1)
    return f"{base}/{name}", name


def peak_memory(process: subprocess.Popen) -> int:
    """Wait for `process`; return the largest resident memory, in KiB, that it and its children
    held together (sampled every 20 ms from /proc).

    The kernel's own maximum (getrusage) is no use here: a child forked from this big process
    counts this process's memory until it starts the import.
    """

    def resident(pid: int) -> int:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
            children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        except OSError:
            return 0  # it has just ended
        rss = re.search(r"^VmRSS:\s+(\d+) kB", status, re.MULTILINE)
        return (int(rss.group(1)) if rss else 0) + sum(resident(int(c)) for c in children)

    peak = 0
    while process.poll() is None:
        peak = max(peak, resident(process.pid))
        time.sleep(0.02)
    return peak


def drop_database(name: str) -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run(
    kind: str,
    tmx: Path,
    queries: list[str],
    truth: list[list[float]],
    workdir: Path,
    candidates: list[int],
    warm_caches: bool = True,
    trigram_thresholds: tuple[float, ...] = (),
) -> None:
    url, pg_name = database(kind, workdir)
    try:
        open_database(url)  # the schema first: the import times the import only
        close_database(url)
        env = {**os.environ, "TRANSLATE_FLOW_CONFIG": str(workdir / "none.toml")}
        command = [str(REPO / ".venv/bin/translate-flow"), "--db", url, "tm", "import", str(tmx)]
        started = time.perf_counter()
        importing = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
        peak_mb = peak_memory(importing) / 1024
        imported = time.perf_counter() - started
        if importing.returncode:
            raise SystemExit(f"tm import failed (exit code {importing.returncode})")
        engine = open_database(url)
        with transaction(engine) as session:
            units = session.connection().exec_driver_sql("SELECT count(*) FROM tm_unit").scalar()
            postings = (
                session.connection().exec_driver_sql("SELECT count(*) FROM tm_posting").scalar()
            )
        print(f"--- {kind}")
        if kind == "postgresql":
            with transaction(engine) as session:
                buffers = session.connection().exec_driver_sql("SHOW shared_buffers").scalar()
            print(f"server shared_buffers        {buffers}")
        print(f"units                        {units:,} ({postings:,} posting chunks)")
        print(f"import (tm import)           {imported:.1f} s ({units / imported:,.0f} units/s)")
        print(f"import peak memory (RSS)     {peak_mb:.0f} MB (the import and its TMX reader)")
        print(f"caches                       {warm(engine, url) if warm_caches else 'cold'}")
        with transaction(engine) as session:
            sample = list(
                session.connection()
                .exec_driver_sql(f"SELECT source_normal FROM tm_unit LIMIT {SPEED_SAMPLE}")
                .scalars()
            )
        for count in candidates:
            tm_index.CANDIDATES = count
            with transaction(engine) as session:
                measure(IndexedMemory(session, "ru", "de"), queries, truth, count)
            print(
                "machine speed now            exhaustive scan "
                f"{scan_time(queries, sample, units):,.0f} ms per query "
                "(the issue's machines: about 1,700 at 1,000,000 units)"
            )
        if kind == "postgresql":
            for similarity in trigram_thresholds:
                trigrams(engine, queries, truth, similarity)
        close_database(url)
    finally:
        if pg_name:
            drop_database(pg_name)


def trigrams(engine, queries: list[str], truth: list[list[float]], similarity: float) -> None:
    """pg_trgm, as Weblate finds its memory's matches: a GIN trigram index on the normalised
    source, the rows above a trigram similarity (the `%` operator) best first, then rescored
    with rapidfuzz's ratio as our lookup scores (exact matches included: they are similar too)."""
    with transaction(engine) as session:
        connection = session.connection()
        connection.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        exists = connection.exec_driver_sql(
            "SELECT 1 FROM pg_class WHERE relname = 'tm_unit_trgm'"
        ).scalar()
        if not exists:
            started = time.perf_counter()
            connection.exec_driver_sql(
                "CREATE INDEX tm_unit_trgm ON tm_unit USING gin (source_normal gin_trgm_ops)"
            )
            built = time.perf_counter() - started
            size = connection.exec_driver_sql("SELECT pg_relation_size('tm_unit_trgm')").scalar()
            print("--- pg_trgm (GIN index on tm_unit.source_normal)")
            print(f"index build                  {built:.1f} s, {size / 1e6:,.0f} MB")
    with transaction(engine) as session:
        connection = session.connection()
        connection.exec_driver_sql("SELECT pg_prewarm('tm_unit_trgm')")
        connection.exec_driver_sql(f"SET pg_trgm.similarity_threshold = {similarity}")
        cursor = connection.connection.driver_connection.cursor()

        def lookup(query: str) -> list[float]:
            key = normalise(query)
            cursor.execute(
                "SELECT source_normal FROM tm_unit WHERE source_normal %% %s "
                "ORDER BY similarity(source_normal, %s) DESC LIMIT 100",
                (key, key),
            )
            found = process.extract(
                key,
                [row[0] for row in cursor.fetchall()],
                scorer=fuzz.ratio,
                score_cutoff=THRESHOLD,
                limit=5,
            )
            return [score for _n, score, _i in found]

        print(f"pg_trgm similarity ≥ {similarity}, best 100 rescored")
        report(lookup, queries, truth)


def warm(engine, url: str) -> str:
    """Bring the memory into the caches a desk's long-running server would have it in; say how.

    After an import PostgreSQL's buffers hold little of it (COPY and VACUUM go through a small
    ring of buffers), and a lookup of 1,000 candidates then reads most of their rows from the
    operating system's cache or the disk.
    """
    if engine.dialect.name == "postgresql":
        with transaction(engine) as session:
            connection = session.connection()
            connection.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_prewarm")
            pages = connection.exec_driver_sql(
                "SELECT sum(pg_prewarm(c.oid)) FROM pg_class c "
                "WHERE c.relname IN ('tm_unit', 'tm_unit_pkey', 'tm_posting', 'tm_posting_pkey', "
                "'tm_length', 'tm_length_pkey') "
                "OR c.oid IN (SELECT reltoastrelid FROM pg_class WHERE relname = 'tm_posting') "
                "OR c.oid IN (SELECT indexrelid FROM pg_index WHERE indrelid = "
                "(SELECT reltoastrelid FROM pg_class WHERE relname = 'tm_posting'))"
            ).scalar()
        return f"warm (pg_prewarm: {pages * 8 / 1024:,.0f} MB of the memory's tables and indexes)"
    path = Path(url.removeprefix("sqlite:///"))
    with path.open("rb") as file:
        while file.read(1 << 24):
            pass
    return f"warm (the {path.stat().st_size / 1e6:,.0f} MB database file read once)"


def scan_time(queries: list[str], sample: list[str], units: int) -> float:
    """What an exhaustive scan of `units` units takes per query, in ms, timed on a sample of them:
    the machine's speed at the moment, to set the lookup times beside (the CPU of a shared virtual
    machine may run at different speeds from one minute to the next)."""
    started = time.perf_counter()
    for query in queries[:SPEED_QUERIES]:
        key = normalise(query)
        process.extract(key, sample, scorer=fuzz.ratio, score_cutoff=THRESHOLD, limit=5)
    elapsed = (time.perf_counter() - started) / min(len(queries), SPEED_QUERIES)
    return elapsed * 1000 * units / max(len(sample), 1)


def measure(
    memory: IndexedMemory, queries: list[str], truth: list[list[float]], candidates: int
) -> None:
    """Time the lookups in one transaction and compare them with the exhaustive results."""
    print(f"rescored candidates          {candidates:,}")
    report(lambda query: [m.score for m in memory.lookup(query, THRESHOLD, 5)], queries, truth)


def report(
    lookup: Callable[[str], list[float]], queries: list[str], truth: list[list[float]]
) -> float:
    """Time `lookup` (a query -> the scores of its top-5 matches ≥ 75) on every query after 20
    warm-up ones, print the median, 95th percentile and recall against the exhaustive results;
    return the median in ms."""
    for query in queries[:20]:  # warm the caches as a desk's long-running use would
        lookup(query)
    times, best_hits, found_total, expected_total = [], 0, 0, 0
    by_kind: dict[str, list[int]] = {}
    for query, expected, query_kind in zip(queries, truth, query_kinds(len(queries)), strict=True):
        tally = by_kind.setdefault(query_kind, [0, 0])
        started = time.perf_counter()
        found = lookup(query)
        times.append(time.perf_counter() - started)
        got = [round(score, 6) for score in found]
        if not expected or (got and got[0] == round(expected[0], 6)):
            best_hits += 1
        # Scores, not ids: equal sentences at equal scores are equally good answers.
        remaining = list(got)
        for score in expected:
            expected_total += 1
            tally[1] += 1
            if round(score, 6) in remaining:
                remaining.remove(round(score, 6))
                found_total += 1
                tally[0] += 1
    times.sort()
    print(f"lookup top 5 ≥ 75 %, median  {statistics.median(times) * 1000:.1f} ms")
    print(f"lookup, 95th percentile      {times[int(len(times) * 0.95) - 1] * 1000:.1f} ms")
    print(f"best match found             {best_hits / len(queries):.3f} of {len(queries)} queries")
    print(
        f"top-5 matches found (recall) {found_total / max(expected_total, 1):.4f} "
        f"of {expected_total}"
    )
    for query_kind, (found, expected) in by_kind.items():
        share = f"{found / expected:.4f} of {expected}" if expected else "none to find"
        print(f"  {query_kind + ' queries':<26} {share}")
    print(f"load average                 {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    sys.stdout.flush()
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_000_000, help="units in the memory")
    parser.add_argument("--db", action="append", choices=("sqlite", "postgresql"))
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument(
        "--query-seed",
        type=int,
        default=7,
        help="another seed draws other queries (and scans for them): a check that settings "
        "chosen on the default queries hold on queries they were not chosen on",
    )
    parser.add_argument(
        "--candidates",
        type=int,
        action="append",
        help=f"units rescored per lookup (tm_index.CANDIDATES, default {tm_index.CANDIDATES}); "
        "repeat to measure several on one import",
    )
    parser.add_argument(
        "--cold",
        action="store_true",
        help="measure straight after the import, without first reading the memory into the "
        "database's (PostgreSQL) or the system's (SQLite) cache",
    )
    parser.add_argument(
        "--trigrams",
        type=float,
        action="append",
        metavar="SIMILARITY",
        help="on PostgreSQL, also measure pg_trgm (a GIN trigram index, rows above this trigram "
        "similarity rescored); repeat for several",
    )
    parser.add_argument("--workdir", help="for the TMX file and SQLite database (default /tmp)")
    parser.add_argument(
        "--keep",
        metavar="DIR",
        help="keep the TMX file, queries and exhaustive results in DIR and reuse them next time "
        "(the generation and the exhaustive scan take minutes at a million units)",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.workdir) as tmp:
        workdir = Path(tmp)
        kept = Path(args.keep) if args.keep else None
        seed = args.query_seed
        truth_name = "truth.json" if seed == 7 else f"truth-{seed}.json"
        if kept and (kept / truth_name).exists():
            tmx = kept / "memory.tmx"
            queries, truth = json.loads((kept / truth_name).read_text(encoding="utf-8"))
            print(f"reusing {tmx} and the exhaustive results of {len(queries)} queries")
        else:
            tmx = (kept or workdir) / "memory.tmx"
            if kept:
                kept.mkdir(parents=True, exist_ok=True)
            reuse = tmx if kept and tmx.exists() else None
            queries, truth = prepare(args.size, args.queries, tmx, seed, reuse)
            if kept:
                (kept / truth_name).write_text(json.dumps([queries, truth]), encoding="utf-8")
        for kind in args.db or ["sqlite"]:
            run(
                kind,
                tmx,
                queries,
                truth,
                workdir,
                args.candidates or [tm_index.CANDIDATES],
                warm_caches=not args.cold,
                trigram_thresholds=tuple(args.trigrams or ()),
            )


def prepare(
    size: int, count: int, tmx: Path, seed: int, reuse: Path | None
) -> tuple[list[str], list[list[float]]]:
    """Write the memory as TMX (or read the kept one); return the queries and their exhaustive
    top-5 scores."""
    started = time.perf_counter()
    if reuse:
        sources = [source for _s, _t, source, _target in iter_tmx_texts(str(reuse))]
        print(f"read {len(sources):,} units of {reuse}")
    else:
        sources = make_memory(size, tmx)
        print(
            f"generated {len(sources):,} units ({tmx.stat().st_size / 1e6:.0f} MB TMX) "
            f"in {time.perf_counter() - started:.0f} s"
        )
    queries = make_queries(sources, count, seed)
    started = time.perf_counter()
    truth = exhaustive(queries, sources)
    scan = (time.perf_counter() - started) / len(queries)
    with_matches = sum(1 for t in truth if t)
    print(
        f"exhaustive scan              {scan * 1000:.0f} ms per query; "
        f"{with_matches} of {len(queries)} queries have matches ≥ 75 %"
    )
    return queries, truth


if __name__ == "__main__":
    main()
