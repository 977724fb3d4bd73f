"""Sentence segmentation of Russian and Belarusian news paragraphs.

The segmenter never changes the text: ``"".join(segment_paragraph(p, lang)) == p`` always holds.
It is rule-based and works on whitespace-separated tokens. A token that ends in terminal
punctuation (``. ! ? …``, possibly wrapped in closing quotes or brackets) is a candidate
boundary; the rules below decide whether the sentence really ends there, looking at the word
before the full stop, the token before that, the next word and the sentence read so far.

The hard cases of a diplomatic news desk are the reason for each rule: abbreviations
("ул. Кирова", "и т.д.", "2023 г."), initials ("С.В. Лавров"), datelines
("МОСКВА, 26 мая. /ТАСС/."), numbered lists ("1. Развивать ..."), quotations followed by an
attribution ("«Мы готовы!» – сказал он.") and dialogue dashes.
"""

from __future__ import annotations

import re

from translate_flow.errors import InputError
from translate_flow.text import abbreviations as abbr

LANGUAGES = ("ru", "be")

_TERMINALS = ".!?…"
_CLOSERS = '»“”")]'
_OPENERS = '«„“"‘([/'
_DASHES = "–—―-"
# Last character of a token that may close a sentence; a quick filter before the regex. ";"
# closes an item of a list whose next item opens with "2)" or "б)", "(" a smiley (":-(").
_CANDIDATE_LAST = set(_TERMINALS + _CLOSERS + ";(")

_TOKEN = re.compile(r"\S+")
_END_CLUSTER = re.compile(r"[.!?…»“”\")\]]*[.!?…][.!?…»“”\")\]]*$")
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_NEXT_IS_INITIAL = re.compile(r"[^\W\d_]\.")
# Roman numerals as Russian and Belarusian texts type them, Cyrillic Х and І included: "XXI в.".
_ROMAN = re.compile(r"[IVXLCDMХІ]+(?:[–—-][IVXLCDMХІ]+)?")
_LIST_MARKER = re.compile(r"§?\d{1,3}(?:\.\d{1,3})*|[IVXLCDMХІ]{1,5}")
# The day of a date opening a sentence: "1 января 49 г. до н. э. ...".
_DAY = re.compile(r"\d{1,2}")
# "2)", "б)": the next item of a list whose items end in ";".
_LIST_ITEM = re.compile(r"(?:\d{1,2}|[^\W\d_])\)")
# ":)", ";-)", ":((", "))": a smiley closes the sentence it ends, like a full stop.
_EMOTICON = re.compile(r"(?:[:;]-?[()]+|\){2,})$")
# "к.п.н", "д.т.н", "т.е": lower-case letters joined by full stops always abbreviate.
_DOTTED_ABBREVIATION = re.compile(r"[^\W\d_]{1,3}(?:\.[^\W\d_]{1,3})+")
# Emoji: pictographs, dingbats, flags, with their joiners and variation selectors.
_PICTOGRAPHS = re.compile("[\u2600-\u27bf\U0001f000-\U0001ffff\u200d\ufe0f]+")
# A closer or an emoji standing alone after a sentence's punctuation: "такие… »", "вечар. 🎧".
_DETACHED_TAIL = re.compile(
    r"[.!?…»“”\")\]]\s+(?:[»“”\")\]]+|[:;]-?[()]|[\u2600-\u27bf\U0001f000-\U0001ffff])"
)
# "$5 млрд": a currency sign before the number.
_CURRENCY_SIGNS = "$€£₽¥"
_LATIN_ROMAN_LETTERS = {"I", "V", "X"}
# "МОСКВА, 26 мая (БЕЛТА) –", "МІНСК, 3 ліпеня. /БЕЛТА/.": the dateline belongs to the first
# sentence, so no full stop inside it ends one.
_DATELINE = re.compile(
    r"\s*[A-ZА-ЯЁІЎ][A-ZА-ЯЁІЎ'’-]+(?:\s+[A-ZА-ЯЁІЎ][A-ZА-ЯЁІЎ'’-]+)*"
    r"(?:"
    r",\s+\d{1,2}\s+[^\W\d_]+\.?(?:\s+\d{4}(?:\s*г\.)?)?"
    r"(?:\s*(?:\([^()]{1,40}\)|/[^/]{1,40}/)\.?)?"
    r"|\s*(?:\([A-ZА-ЯЁІЎ][^()]{1,24}\)|/[A-ZА-ЯЁІЎ][^/]{1,24}/)\.?"
    r")"
)


def segment_spans(paragraph: str, lang: str) -> list[tuple[int, int]]:
    """Return (start, end) of each sentence of one paragraph, without surrounding whitespace."""
    _check_language(lang)
    tokens, words = _tokens(paragraph)
    if not tokens:
        return []
    dateline = _DATELINE.match(paragraph)
    dateline_end = dateline.end() if dateline else -1
    spans: list[tuple[int, int]] = []
    first = 0
    for i in range(len(words) - 1):
        word = words[i]
        if tokens[i][1] <= dateline_end or (
            word[-1] not in _CANDIDATE_LAST
            and (ord(word[0]) < 0x2600 or not _is_pictographic(word))
        ):
            continue
        if _ends_sentence(words, i, first, lang):
            spans.append((tokens[first][0], tokens[i][1]))
            first = i + 1
    spans.append((tokens[first][0], tokens[-1][1]))
    return spans


def _tokens(paragraph: str) -> tuple[list[tuple[int, int]], list[str]]:
    """Whitespace-separated tokens, as (start, end) spans and the words the rules read.

    A closing quote or bracket standing alone after a token that ends in punctuation
    ("такие… »", "сказал. )") is joined to that token, so that the sentence ends after the
    closer; so are emoji and smileys after a sentence's end ("Канцэрт пачынаецца. 🎧 🎶",
    "Заходзьце! :)"), which the rules then do not see; and a full stop typed apart from
    initials ("П . И . Ковалевский") is joined to them.
    """
    matches = list(_TOKEN.finditer(paragraph))
    if _DETACHED_TAIL.search(paragraph) is None and " ." not in paragraph:
        # Most paragraphs have nothing to join: one pass in C, not a loop in Python.
        return [m.span() for m in matches], [m.group() for m in matches]
    spans: list[tuple[int, int]] = []
    words: list[str] = []
    tail = False  # the last token has just taken an emoji or a smiley after a sentence's end
    for match in matches:
        text = match.group()
        after_end = tail or (bool(spans) and paragraph[spans[-1][1] - 1] in _TERMINALS + _CLOSERS)
        tail = False
        if after_end and not text.strip(_CLOSERS):
            words[-1] += text
        elif text == "." and words and _is_initials(words[-1]):
            # "П . И . Ковалевский": initials typed apart from their full stops are still
            # initials. (An ordinary word before a detached full stop is not joined to it: "о
            # нем ." ends a sentence, though "нем." abbreviates "немецкий".)
            words[-1] += text
        elif after_end and (_is_pictographic(text) or _EMOTICON.fullmatch(text)):
            tail = True
        else:
            spans.append(match.span())
            words.append(text)
            continue
        spans[-1] = (spans[-1][0], match.end())
    return spans, words


def _is_pictographic(text: str) -> bool:
    """Is the token only emoji (pictographs, flags, their joiners and variation selectors)?"""
    if ord(text[0]) < 0x2600:  # a word: one comparison
        return False
    return _PICTOGRAPHS.fullmatch(text) is not None


def segment_paragraph(paragraph: str, lang: str) -> list[str]:
    """Split one paragraph into sentences; each keeps the whitespace that follows it.

    Leading whitespace of the paragraph goes into the first sentence, so joining the result
    gives the paragraph back unchanged.

    >>> segment_paragraph("В 2023 г. Минск принял саммит. Затем стороны ...", "ru")
    ['В 2023 г. Минск принял саммит. ', 'Затем стороны ...']
    """
    spans = segment_spans(paragraph, lang)
    if not spans:
        return [paragraph] if paragraph else []
    starts = [0] + [start for start, _ in spans[1:]] + [len(paragraph)]
    return [paragraph[starts[k] : starts[k + 1]] for k in range(len(spans))]


def _check_language(lang: str) -> None:
    if lang not in LANGUAGES:
        raise InputError(f"sentence segmentation supports {', '.join(LANGUAGES)}, not {lang!r}")


def _ends_sentence(words: list[str], i: int, first: int, lang: str) -> bool:
    """Decide whether the sentence ends with token i; `first` is the sentence's first token."""
    token = words[i]
    if token[-1] == ";":
        return (
            i + 1 < len(words) and _LIST_ITEM.fullmatch(words[i + 1]) is not None
        ) or _opens_list_item(words, i + 1)
    following = _next_word(words, i + 1)
    if _EMOTICON.search(token) or _is_pictographic(token):
        # "Сустрэча прайшла выдатна :) Заўтра працягнем", "... канфіскату 😲 Ня можа быць!":
        # a smiley or an emoji before a capital stands for the full stop.
        return bool(following) and following[0].isupper()
    cluster = _END_CLUSTER.search(token)
    if cluster is None:
        return False
    core = token[: cluster.start()]
    bare = core.lstrip(_OPENERS)

    if not following or following[0].islower():
        # "готовы... к диалогу", "«Мы готовы!» – сказал он.": the sentence goes on. A dash
        # before a capital ("– Да, – ответил он. – А вы?") opens a new line of dialogue.
        return False
    if not bare:
        if (
            token == ".."
            and _is_number(words[i - 1] if i > first else "")
            and _is_number(following)
        ):
            # "от +8 .. +13 °С", "5 .. 7 дней": two full stops between numbers write a range.
            return False
        # An omission or a doubt inside brackets, "[…]", "(?)", is part of the sentence; a bare
        # ellipsis or "?!" standing alone ends it, and so does a full stop after brackets
        # already closed ("Сиддал (). Этот").
        return not token.startswith(("(", "[")) or cluster.group()[0] in ")]"

    marks = cluster.group()
    if marks == ".." and _is_number(bare) and _is_number(following):
        return False  # "+8.. +13 °С", "+8 .. +13 °С": a range, as in the branch above
    if (following[0].isdigit() or _bracket_closes_soon(words, i)) and _inside_brackets(
        words, i, first
    ):
        # "(М., 2023. 312 с.)", "(ад каранавірусу. — РС)": a reference or a note inside
        # brackets, not two sentences.
        return False
    if not marks.startswith(".") or sum(marks.count(c) for c in _TERMINALS) > 1:
        # "?", "!", "…", "?!", or a full stop after a closing quote ("…». Затем"): a true end.
        return True
    return _full_stop_ends_sentence(words, i, first, bare, following, lang)


def _is_number(word: str) -> bool:
    """Does the token start a number, signed or not ("13", "+8", "−5°С")?"""
    digits = word.lstrip("+-−–")
    return bool(digits) and digits[0].isdigit()


def _inside_brackets(words: list[str], i: int, first: int) -> bool:
    text = " ".join(words[first : i + 1])
    return text.count("(") > text.count(")")


def _bracket_closes_soon(words: list[str], i: int) -> bool:
    """Does a dash open a note that closes the bracket within three tokens ("— Ред.)")?"""
    if words[i + 1] not in _DASHES:
        return False
    return any(")" in word for word in words[i + 2 : i + 5])


def _next_word(words: list[str], j: int) -> str:
    """Return the next token without opening quotes, brackets and dialogue dashes."""
    while j < len(words):
        stripped = words[j].lstrip(_OPENERS + _DASHES)
        if stripped:
            return stripped
        j += 1
    return ""


def _full_stop_ends_sentence(
    words: list[str], i: int, first: int, bare: str, following: str, lang: str
) -> bool:
    # "1. Развивать ...", "IV. Заключительные положения", "§2. Предмет", "следующие: 1. ...":
    # a list marker.
    if (i == first or words[i - 1].endswith(":")) and _LIST_MARKER.fullmatch(bare):
        return False
    if _is_initials(bare):
        return _initials_end_sentence(words, i, first, following, lang)
    if _opens_list_item(words, i + 1):
        # "... принят в 2010 г. 2. Сочетание методов ...": the next item of a numbered list
        # opens a sentence, unless the number belongs to the word before ("согласно ст. 5.");
        # after initials "І." is one more initial ("Дз. І. Мяцеліца"), not a Roman one.
        kind = abbr.abbreviation_kind(bare.lower(), lang)
        return kind != "prefix" and not (kind is None and len(bare) == 1 and bare.islower())
    if words[i][:1] in "([" and bare.isalpha() and bare.islower() and len(bare) <= 6:
        # "(итал. Galileo", "(рэж. Галіна", "(букв. «весенний»": a word abbreviated right
        # after an opening bracket glosses what follows; a sentence never ends there.
        return False

    abbreviation = bare.lower()
    before = i - 1
    kind = abbr.abbreviation_kind(abbreviation, lang)
    previous = words[i - 1] if i > first else ""
    if previous.endswith(".") and 1 < len(previous) <= 4:
        # Spaced spellings: "т. д.", "і г. д.", "г. зн.", "н. э.".
        joined = previous[:-1].lower().lstrip(_OPENERS) + "." + abbreviation
        joined_kind = abbr.abbreviation_kind(joined, lang)
        if joined_kind is not None:
            abbreviation, kind, before = joined, joined_kind, i - 2
    if kind is None and _DOTTED_ABBREVIATION.fullmatch(bare) and bare.islower():
        # "к.п.н. И. П. Карташов", "д.т.н. Иванов": letters joined by full stops abbreviate a
        # title or a phrase; only a word that opens sentences shows an end after them.
        return _opens_new_sentence(following, lang)
    if kind is None:
        # A single lower-case letter with a full stop is always an abbreviation ("п.", "д.");
        # any other word, number, acronym, URL or e-mail address simply ends the sentence.
        # The pronoun "я" is the one word of a single letter that ends sentences.
        return not (len(bare) == 1 and bare.islower() and bare != "я")

    if abbreviation in ("др", "пр") and (
        before < first or words[before].lower() not in ("и", "і", "й")
    ):
        # Without "и" before it, "др." is "доктор" and "пр." is "проспект": both prefixes.
        kind = "prefix"
    if kind == "prefix":
        if (
            abbreviation in abbr.PRONOUN_PREFIXES
            and previous.lower() in abbr.PRONOUN_PREPOSITIONS[lang]
        ):
            return True
        return abbreviation in abbr.WORD_LIKE_PREFIXES and _opens_new_sentence(following, lang)
    if abbreviation in abbr.ERA_WORDS:
        # "до н. э." closes a date, like "г.": "49 года до н. э. Марк Антоний ..." goes on.
        return _suffix_ends_sentence(words, i, first, before, abbreviation, following, lang)
    if kind == "list_end":
        # "и т.д. Далее", "і інш. Затым": an enumeration is rarely followed by a proper name.
        return True
    if kind == "after_number" and not _follows_number(words, before, first):
        # "г. Минск", "ст. 5", "в. Ждановічы": the same letters read as a prefix.
        return False
    if kind == "place" and not (
        before >= first and words[before][:1].isupper() and words[before][-1].isalpha()
    ):
        # "на пл. Независимости" is a prefix; "на Смоленской пл." closes the name.
        return False
    return _suffix_ends_sentence(words, i, first, before, abbreviation, following, lang)


def _opens_list_item(words: list[str], j: int) -> bool:
    """Is token j a list marker with a full stop ("2.", "§3.", "IV.") before a capital?"""
    if j + 1 >= len(words) or not words[j].endswith("."):
        return False
    if _LIST_MARKER.fullmatch(words[j][:-1]) is None:
        return False
    following = _next_word(words, j + 1)
    return bool(following) and following[0].isupper()


def _is_initials(bare: str) -> bool:
    """Capital letters joined by full stops: С, С.В, A.G, Дж, М.Дз (not a Roman I or V)."""
    if bare in _LATIN_ROMAN_LETTERS:
        return False
    parts = bare.split(".")
    return all(
        part in abbr.TWO_LETTER_INITIALS or (len(part) == 1 and part.isalpha() and part.isupper())
        for part in parts
    )


def _initials_end_sentence(words: list[str], i: int, first: int, following: str, lang: str) -> bool:
    # Initials almost always come before or after a surname in the same sentence. Only a
    # surname, the initials and then a word that opens sentences ("...Лавровым С.В. Затем")
    # show an end; so does a lone capital letter after an ordinary word, which names a class
    # or a grade, not a person ("...к спектральному классу S. В соответствии с этим").
    if not _opens_new_sentence(following, lang):
        return False
    k = i - 1
    while k >= first and words[k].endswith(".") and _is_initials(words[k][:-1]):
        k -= 1
    if k < first:
        return False
    surname = words[k]
    if k == i - 1 and len(words[i]) == 2 and surname.isalpha() and surname.islower():
        return True
    return surname[:1].isupper() and surname[1:].islower()


def _follows_number(words: list[str], before: int, first: int) -> bool:
    """Is the token at `before` a number ("2023", "1990-х", "XXI"), perhaps "5 млн"?"""
    if before < first:
        return False
    word = words[before].strip(_OPENERS + _CLOSERS + _CURRENCY_SIGNS + ",")
    if word.rstrip(".").lower() in abbr.QUANTITY_WORDS and before > first:
        word = words[before - 1].strip(_OPENERS + _CLOSERS + _CURRENCY_SIGNS + ",")
    return bool(word) and (word[0].isdigit() or _ROMAN.fullmatch(word) is not None)


def _suffix_ends_sentence(
    words: list[str],
    i: int,
    first: int,
    before: int,
    abbreviation: str,
    following: str,
    lang: str,
) -> bool:
    # After "2023 г.", "XXI в.", "5 млн руб.", "Минской обл." a capital may open a new sentence
    # ("...в 2023 г. Затем") or continue a short adverbial that opened this one
    # ("В 2023 г. Беларусь председательствовала в ОДКБ.", "1 января 49 г. до н. э. Цезарь
    # ..."). A word that opens sentences decides for an end; otherwise a sentence of at most
    # six words (a spaced "н. э." is one) that began with a preposition or a day's number is
    # such an adverbial, and anything longer has ended.
    if following[0].isdigit():
        return False
    if _opens_new_sentence(following, lang):
        return True
    word = _WORD.match(following)
    if abbreviation in abbr.CURRENCIES and word and word.group() in abbr.CURRENCY_COUNTRIES:
        return False  # "5 млрд долл. США"
    length = before - first + 2
    if length <= 2:
        return False
    opening = words[first].lstrip(_OPENERS + _DASHES).lower()
    if (opening in abbr.PREPOSITIONS[lang] or _DAY.fullmatch(opening)) and length <= 6:
        return False
    return not _opens_clause_with_date(words, i, first, lang)


def _opens_clause_with_date(words: list[str], i: int, first: int, lang: str) -> bool:
    """Is "в 1306 г." an adverbial that opens a clause, so a capital after it is a name?

    "Однако в 1306 г. Филипп IV ...", "Позднее, в 1306 г. Филипп IV ...": the preposition comes
    after a comma or after nothing but linking words ("однако", "затем"); "Он родился в 1306 г.
    Филипп ..." ends instead, and so does an elliptic clause after a dash ("а студия Б — в
    1916 г. Самым ...").
    """
    k = i - 1
    if k > first and words[k].rstrip(".").lower() in abbr.QUANTITY_WORDS:
        k -= 1
    preposition = k - 1
    if preposition < first or words[preposition].lower() not in abbr.PREPOSITIONS[lang]:
        return False
    if preposition == first or words[preposition - 1].endswith(","):
        return True
    lead = [w.strip(",").lower() for w in words[first:preposition]]
    return len(lead) <= 2 and all(w in abbr.LINKING_WORDS[lang] for w in lead)


def _opens_new_sentence(following: str, lang: str) -> bool:
    """Is the next word one that opens sentences, and not an initial ("С. Лавров")?"""
    if _NEXT_IS_INITIAL.match(following):
        return False
    word = _WORD.match(following)
    return word is not None and word.group().lower() in abbr.SENTENCE_STARTERS[lang]
