"""Abbreviations and function words the sentence segmenter consults, for Russian and Belarusian.

Every abbreviation is stored lower-case, without its final full stop; inner full stops stay
("т.д", "г.зн"). The segmenter rebuilds the spaced spellings ("т. д.", "і г. д.") before the
look-up, so only the compact form is listed.

An abbreviation falls into one of four groups, because the groups decide differently whether
the full stop after them may also end the sentence:

- ``prefix``: always followed by the word it qualifies ("см. ниже", "т.е.", "нам. міністра",
  "ст. 5"), so its full stop does not end a sentence.
- ``list_end``: closes an enumeration ("и т.д.", "и др.", "і інш."); before a capital letter the
  sentence has ended, since an enumeration is almost never followed by a proper name.
- ``after_number``: a unit or a date word that follows a number ("2023 г.", "XXI в.",
  "5 млн руб.", "у XXI ст."); after a number it ends the sentence only when the context says so
  (see ``segment.py``); without a number before it, it is read as a prefix ("г. Минск",
  "в. Ждановічы").
- ``place``: a street, square or region word that comes before the name ("ул. Кирова",
  "на пл. Независимости") or after it ("на Смоленской пл.", "Минской обл."); after a
  capitalised word it behaves like ``after_number``, otherwise like a prefix.
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_COMMON_PREFIX = _words(
    # Latin, seen in both languages' diplomatic texts.
    "cf dr e.g i.e mr mrs ms no vs"
    # Language names in etymology brackets: "(англ. Collective Security Treaty Organization)".
    " англ араб бел груз исп кит лат нем рус укр фр франц итал греч польск яп тур лит"
    " акад вып ген гл д изд им каб кв корп напр п пос пп проф рис сб св стр табл тел тов факс ч"
    # "оз. Нарочь", "пгт. Лиозно", "PS. Ответ": places and notes named after the abbreviation.
    " оз пгт ps pps"
)

_PREFIX = {
    "ru": _COMMON_PREFIX
    | _words("г-жа г-н гос дер доц зам и.о нач полк ред см ср ст т.е т.к т.н т.о т.ч тт"),
    "be": _COMMON_PREFIX
    | _words(
        "арт в.а вёс г.зн дац дзярж зб ім мал нам пар параўн праф рэд с сп-р т.зв тэл"
        " рэж ням італ грэч лац польск воз"
    ),
}

_LIST_END = {
    # "н.э." closes a date ("в 988 г. н.э."), which behaves like a closed enumeration.
    "ru": _words("т.д т.п др пр проч н.э etc"),
    "be": _words("г.д інш др пр т.п н.э etc"),
}

_AFTER_NUMBER_COMMON = _words(
    "г гг тыс млн млрд трлн руб долл коп км кг м т ч мин с р шт экз чел ед га куб кв"
)

_AFTER_NUMBER = {
    "ru": _AFTER_NUMBER_COMMON | _words("в вв сек тонн"),
    # Belarusian writes the century as "ст." ("у XXI ст."), the dollar as "дол.".
    "be": _AFTER_NUMBER_COMMON | _words("ст стст дол чал адз гадз хв сек ц"),
}

_PLACE = {
    "ru": _words("ул пл просп пр-т пер наб обл губ р-на"),
    "be": _words("вул пл прасп пр-т зав наб вобл губ р-на"),
}

# Prefix abbreviations spelled like an ordinary word: the pronouns "им", "ім", "нам", "нем", the
# nouns "полк", "пар", "кит". Before a word that opens sentences ("Это помогло им. Затем ...")
# the full stop is the word's, and it ends the sentence.
WORD_LIKE_PREFIXES = _words("им ім нам нем полк пар кит араб ген тел")

# Of those, the pronouns: right after a preposition ("сустрэцца з ім.", "говорили о нем.") they
# are the pronoun, whatever word follows, and their full stop ends the sentence.
PRONOUN_PREFIXES = _words("им ім нам нем")
PRONOUN_PREPOSITIONS = {
    "ru": _words("с со к ко о об обо при по за над под перед между у от для без"),
    "be": _words("з са к да аб пры па за над пад перад паміж у ў ад для без ля каля"),
}

CURRENCIES = _words("руб долл дол коп р")

# An era closes a date like "г." does ("49 г. до н. э. Цезарь ..."), so it is read like one.
ERA_WORDS = _words("н.э")

# Initials written with two letters: "Чарльз Дж. Филлипс", "М. Дз. Зялінскі".
TWO_LETTER_INITIALS = _words("Дж Дз Ch Sh Th")

# Words that may come before a date adverbial opening a clause ("Однако в 1306 г. Филипп IV").
LINKING_WORDS = {
    "ru": _words("а и но однако затем потом позднее позже ранее тогда уже еще ещё лишь только"),
    "be": _words("а і але аднак затым потым пазней раней тады ужо яшчэ толькі"),
}

# A currency abbreviation followed by this capitalised word is "долл. США", not a sentence end.
CURRENCY_COUNTRIES = _words("США ЗША РФ РБ")

# Words that, written after a number ("5 млн руб."), still count as part of the number.
QUANTITY_WORDS = _words(
    "тыс млн млрд трлн тысяч тысячи тысячы миллионов мільёнаў миллиардов мільярдаў"
)

# Words with which a new sentence commonly opens. A capitalised one of these after an ambiguous
# abbreviation ("в 2023 г. Затем", "Лавровым С.В. Он") shows that a sentence has just ended.
SENTENCE_STARTERS = {
    "ru": _words(
        "а и но в во на по с со к о об у за из от до при для после перед между"
        " как так также кроме однако затем потом далее позднее позже ранее еще ещё"
        " сейчас теперь тогда сегодня вчера завтра это этот эта эти он она оно они мы вы я"
        " его ее её их там здесь вместе поэтому причем причём напомним отметим помимо"
        " впрочем итак всего стороны кстати"
    ),
    "be": _words(
        "а і але у ў на па з са да ад аб пры для пасля перад паміж"
        " як так таксама акрамя апроч аднак затым потым далей пазней раней яшчэ"
        " зараз цяпер тады сёння учора заўтра гэта гэты гэтая гэтыя ён яна яно яны мы вы я"
        " яго яе іх там тут разам таму нагадаем адзначым сярод паводле усяго бакі"
    ),
}

# Prepositions that open a short adverbial of time or amount ("В 2023 г.", "С 1 января 2024 г.",
# "Да 2030 г."), after which a capitalised proper name continues the same sentence.
PREPOSITIONS = {
    "ru": _words(
        "в во с со к ко до после по на за около более менее свыше от начиная уже только лишь"
    ),
    "be": _words("у ў в з са да пасля па на за каля больш менш звыш ад пачынаючы ужо толькі"),
}


def abbreviation_kind(abbreviation: str, lang: str) -> str | None:
    """Return the group of a lower-case abbreviation without its final full stop, or None.

    Groups: "prefix", "list_end", "after_number", "place" (see the module docstring).
    """
    if abbreviation in _LIST_END[lang]:
        return "list_end"
    if abbreviation in _AFTER_NUMBER[lang]:
        return "after_number"
    if abbreviation in _PLACE[lang]:
        return "place"
    if abbreviation in _PREFIX[lang]:
        return "prefix"
    return None
