"""The built-in quality checks: one function per check, registered with @check.

Every check answers for one source/target pair and is a pure function of its inputs. A blank
target is reported once, by `empty`; the other checks stay silent on it so a missing
translation does not bury the desk under follow-up findings.
"""

from __future__ import annotations

import re

from translate_flow.langs import base_lang
from translate_flow.qa.base import CheckContext, Finding, check

# Languages written in Cyrillic. Serbian is listed because its default script is Cyrillic; a
# "sr-Latn" tag switches it to the Latin side (see _writes_cyrillic).
CYRILLIC_LANGS = frozenset(
    {"ru", "be", "uk", "bg", "sr", "mk", "kk", "ky", "tg", "mn", "tt", "ba", "cv", "sah", "os"}
)

_CYRILLIC_LETTER = r"\u0400-\u052f\u2de0-\u2dff\ua640-\ua69f"
_CYRILLIC_RE = re.compile(f"[{_CYRILLIC_LETTER}]")
# A run of Cyrillic words: Belarusian and Ukrainian write an apostrophe inside words (аб’ява),
# and a left-over phrase should be one finding, not one per word.
_CYRILLIC_RUN_RE = re.compile(
    f"[{_CYRILLIC_LETTER}]+(?:['’ʼ\\-]?[{_CYRILLIC_LETTER}]+)*"
    f"(?:[\\s\\-]+[{_CYRILLIC_LETTER}]+(?:['’ʼ\\-]?[{_CYRILLIC_LETTER}]+)*)*"
)
_LETTERS_BEFORE_RE = re.compile(r"[^\W\d_]*$")
_LETTERS_AFTER_RE = re.compile(r"[^\W\d_]*")
_LETTER_RE = re.compile(r"[^\W\d_]")
_SPACES_RE = re.compile(r"\s+")


def _writes_cyrillic(tag: str) -> bool:
    subtags = re.split(r"[-_]", tag.strip().lower())
    if "latn" in subtags:
        return False
    return "cyrl" in subtags or subtags[0] in CYRILLIC_LANGS


def _has_text(text: str | None) -> bool:
    return bool(text and text.strip())


def _normalise_spaces(text: str) -> str:
    return _SPACES_RE.sub(" ", text).strip()


def _cyrillic_share(text: str) -> float:
    letters = _LETTER_RE.findall(text)
    if not letters:
        return 0.0
    return sum(1 for letter in letters if _CYRILLIC_RE.match(letter)) / len(letters)


def _untranslated_reason(source: str, target: str, context: CheckContext) -> str | None:
    """Why the target looks untranslated, or None. Shared so `cyrillic` does not repeat it."""
    if not (_has_text(source) and _has_text(target)):
        return None
    if _normalise_spaces(source) == _normalise_spaces(target) and _LETTER_RE.search(source):
        # Names, acronyms and URLs in Latin letters legitimately pass through unchanged.
        if not (_writes_cyrillic(context.source_lang) and not _CYRILLIC_RE.search(source)):
            return "The translation is identical to the source"
    if not _writes_cyrillic(context.target_lang):
        share = _cyrillic_share(target)
        if share > 0.5:
            return f"The translation is mostly Cyrillic ({share:.0%} of its letters)"
    return None


@check("empty", "Empty translation", "error")
def check_empty(source: str, target: str, context: CheckContext) -> list[Finding]:
    """The translation is missing or blank although the source has text.

    A blank target would be exported as an empty sentence, so it blocks approval.
    """
    if _has_text(source) and not _has_text(target):
        return [Finding("empty", "error", "The translation is empty")]
    return []


@check("untranslated", "Untranslated text", "error")
def check_untranslated(source: str, target: str, context: CheckContext) -> list[Finding]:
    """The translation is a copy of the source, or is mostly Cyrillic in a Latin-script language.

    Both happen when a machine-translation engine fails quietly or a translator pastes the source
    to fill the segment in later. Texts without Cyrillic letters (names, acronyms, URLs) may
    stay identical. When this check fires, `cyrillic` stays silent on the same text.
    """
    reason = _untranslated_reason(source, target, context)
    if reason is None:
        return []
    return [Finding("untranslated", "error", reason, span=(0, len(target)))]


@check("cyrillic", "Cyrillic letters in a Latin-script translation", "error")
def check_cyrillic(source: str, target: str, context: CheckContext) -> list[Finding]:
    """Cyrillic letters are left in a German, English or other non-Cyrillic translation.

    Each run of Cyrillic words is one finding with its span. A single Cyrillic letter inside a
    Latin word (a look-alike "о" in "Lukashenkо") is named too: it breaks search and spelling.
    Not checked for targets written in Cyrillic (ru, be, uk, bg, sr, mk, ...).
    """
    if _writes_cyrillic(context.target_lang) or not _has_text(target):
        return []
    if _untranslated_reason(source, target, context) is not None:
        return []
    findings = []
    for match in _CYRILLIC_RUN_RE.finditer(target):
        start, end = match.span()
        before = _LETTERS_BEFORE_RE.search(target, max(0, start - 40), start).group()
        after = _LETTERS_AFTER_RE.match(target, end).group()
        if before or after:
            word = before + match.group() + after
            message = (
                f"Cyrillic letter(s) «{match.group()}» inside the word «{word}»"
                " (a look-alike of a Latin letter?)"
            )
        else:
            message = f"Cyrillic text left in the translation: «{match.group()}»"
        findings.append(Finding("cyrillic", "error", message, span=(start, end)))
    return findings


_LEADING_RE = re.compile(r"^\s*")
_TRAILING_RE = re.compile(r"\s*$")
_DOUBLE_SPACE_RE = re.compile(r"(?<=\S)[ \u00a0]{2,}(?=\S)")


@check("whitespace", "Whitespace", "warning")
def check_whitespace(source: str, target: str, context: CheckContext) -> list[Finding]:
    """Leading or trailing whitespace differs from the source, or the translation has double spaces.

    Segments are joined back into paragraphs by their surrounding whitespace, so a difference
    there shows up as a glued or split sentence in the exported article.
    """
    if not _has_text(target):
        return []
    findings = []
    for where, pattern in (("Leading", _LEADING_RE), ("Trailing", _TRAILING_RE)):
        source_space = pattern.search(source).group()
        target_match = pattern.search(target)
        if source_space != target_match.group():
            findings.append(
                Finding(
                    "whitespace",
                    "warning",
                    f"{where} whitespace differs from the source",
                    span=target_match.span(),
                )
            )
    for match in _DOUBLE_SPACE_RE.finditer(target):
        findings.append(
            Finding("whitespace", "warning", "Double space in the translation", span=match.span())
        )
    return findings


_CLOSERS = "»«“”„\"'’)]"
_FINAL_PUNCT_RE = re.compile(r"[.?!…]+$")


def _final_marks(text: str) -> set[str]:
    """The sentence-final marks of a text, looking both before and after closing quotes."""
    marks: set[str] = set()
    stripped = text.rstrip()
    for candidate in (stripped, stripped.rstrip(_CLOSERS + " ")):
        match = _FINAL_PUNCT_RE.search(candidate)
        if match:
            run = match.group()
            marks |= {"…"} if run.endswith(("...", "…")) else set(run)
    return marks


@check("punctuation", "Final punctuation", "warning")
def check_punctuation(source: str, target: str, context: CheckContext) -> list[Finding]:
    """The source ends with ".", "?", "!" or an ellipsis and the translation ends differently.

    Closing quotes do not count: «...». , „...“. and "..." all end with a full stop, whichever
    side of the quote the stop stands on. "..." and "…" are the same ellipsis.
    """
    if not _has_text(target):
        return []
    source_marks = _final_marks(source)
    if not source_marks:
        return []
    target_marks = _final_marks(target)
    if source_marks & target_marks:
        return []
    end = len(target.rstrip())
    expected = " or ".join(repr(mark) for mark in sorted(source_marks))
    ending = " or ".join(repr(mark) for mark in sorted(target_marks)) or "no final punctuation"
    message = f"The source ends with {expected}, the translation with {ending}"
    return [Finding("punctuation", "warning", message, span=(end - 1, end))]


# Quoted passages in a style the target language's news style does not use, with the fix.
_QUOTE_RULES = {
    "de": (re.compile(r"«([^«»]*)»|\"([^\"]*)\"|“([^“”„]*)”|[«»\"”]"), "„{}“", "„…“"),
    "en": (re.compile(r"«([^«»]*)»|„([^„“”]*)[“”]|[«»„]"), "“{}”", '“…” or "…"'),
}


@check("quotes", "Quotation marks", "warning")
def check_quotes(source: str, target: str, context: CheckContext) -> list[Finding]:
    """Quotation marks that do not follow the target's news style.

    German translations quote with „…“, so «…», "…" and “…” are reported with the corrected
    passage as a suggestion. English translations are reported for «…» and German „…“.
    Other target languages are not checked.
    """
    rule = _QUOTE_RULES.get(base_lang(context.target_lang))
    if rule is None or not _has_text(target):
        return []
    pattern, replacement, style = rule
    findings = []
    for match in pattern.finditer(target):
        inner = next((group for group in match.groups() if group is not None), None)
        suggestions = [replacement.format(inner)] if inner is not None else []
        findings.append(
            Finding(
                "quotes",
                "warning",
                f"Quotation marks {match.group()[0]}…{match.group()[-1]}: use {style}"
                if inner is not None
                else f"Quotation mark {match.group()}: use {style}",
                span=match.span(),
                suggestions=suggestions,
            )
        )
    return findings


_BRACKET_PAIRS = {"(": ")", "[": "]", "{": "}", "«": "»", "„": "“”", "“": "”"}
_BRACKET_KIND = {"(": "(", ")": "(", "[": "[", "]": "[", "{": "{", "}": "{"}


def _balance_problems(text: str) -> list[tuple[str, int, str]]:
    """(kind, index, message) for every bracket or quote without its partner."""
    stack: list[tuple[str, int]] = []
    problems = []

    def unclosed(opener: str, index: int) -> tuple[str, int, str]:
        return (_BRACKET_KIND.get(opener, "quote"), index, f"{opener!r} is never closed")

    for index, char in enumerate(text):
        if char == '"':
            if stack and stack[-1][0] == '"':
                stack.pop()
            else:
                stack.append((char, index))
            continue
        closes = [
            i for i, (opener, _) in enumerate(stack) if char in _BRACKET_PAIRS.get(opener, "")
        ]
        if closes:
            # Openers above the one this character closes were never closed themselves.
            depth = closes[-1]
            problems.extend(unclosed(opener, at) for opener, at in stack[depth + 1 :])
            del stack[depth:]
        elif char in _BRACKET_PAIRS:
            stack.append((char, index))
        elif char in ")]}»”":
            kind = _BRACKET_KIND.get(char, "quote")
            problems.append((kind, index, f"{char!r} has no opening partner"))
    problems.extend(unclosed(opener, at) for opener, at in stack)
    return sorted(problems, key=lambda problem: problem[1])


@check("brackets", "Unbalanced brackets and quotes", "warning")
def check_brackets(source: str, target: str, context: CheckContext) -> list[Finding]:
    """A bracket or quotation mark in the translation has no partner.

    A quotation often runs over several sentences, so a kind of mark that is already unbalanced
    in the source segment is not reported in the translation.
    """
    if not _has_text(target):
        return []
    unbalanced_in_source = {kind for kind, _, _ in _balance_problems(source)}
    return [
        Finding("brackets", "warning", message, span=(index, index + 1))
        for kind, index, message in _balance_problems(target)
        if kind not in unbalanced_in_source
    ]


MIN_LENGTH_FOR_RATIO = 20
LENGTH_RATIO_RANGE = (0.4, 2.5)


@check("length", "Length ratio", "warning")
def check_length(source: str, target: str, context: CheckContext) -> list[Finding]:
    """The translation is much shorter or longer than the source.

    German and English run roughly as long as Russian and Belarusian; a translation under 40 %
    or over 250 % of the source's length usually lost or repeated a clause. Sources of 20
    characters or fewer (headlines, datelines) are not checked.
    """
    source_length = len(source.strip())
    if source_length <= MIN_LENGTH_FOR_RATIO or not _has_text(target):
        return []
    ratio = len(target.strip()) / source_length
    low, high = LENGTH_RATIO_RANGE
    if low <= ratio <= high:
        return []
    direction = "shorter" if ratio < low else "longer"
    return [
        Finding(
            "length",
            "warning",
            f"The translation is unusually {direction} than the source ({ratio:.0%} of its length)",
        )
    ]


# --- numbers ---------------------------------------------------------------------------------
# A number is compared by its value, not its spelling: each text is read with its own language's
# conventions (decimal comma or point, thousands groups, scale words, month names), and the
# values are matched as multisets. Dates become a (month, day) value plus the year as a plain
# number, so "01.01.2023", "1. Januar 2023" and "January 1, 2023" all agree.

_SPACE = " \u00a0\u202f\u2009"
_NOT_LETTER_AFTER = r"(?![^\W\d_])"
_NOT_LETTER_BEFORE = r"(?<![^\W\d_])"

_MONTH_NAMES = {
    # Russian and Belarusian genitive (the form after a day), German, English; abbreviations
    # end in a dot here, which is optional in the text.
    1: "января студзеня Januar Jänner January Jan.",
    2: "февраля лютага Februar February Feb.",
    3: "марта сакавіка März March Mär. Mar.",
    4: "апреля красавіка April Apr.",
    5: "мая May Mai",
    6: "июня чэрвеня Juni June Jun.",
    7: "июля ліпеня Juli July Jul.",
    8: "августа жніўня August Aug.",
    9: "сентября верасня September Sept. Sep.",
    10: "октября кастрычніка Oktober October Okt. Oct.",
    11: "ноября лістапада November Nov.",
    12: "декабря снежня Dezember December Dez. Dec.",
}
_MONTH_OF = {
    name.lower().rstrip("."): month
    for month, names in _MONTH_NAMES.items()
    for name in names.split()
}
# Latin month names are capitalised in German and English; that keeps "may" the verb out.
_MONTH_ALTERNATION = "|".join(
    f"(?i:{name})" if _CYRILLIC_RE.match(name) else name.replace(".", "\\.?")
    for name in sorted(" ".join(_MONTH_NAMES.values()).split(), key=len, reverse=True)
)
_MONTH = f"(?P<month>{_MONTH_ALTERNATION}){_NOT_LETTER_AFTER}"

_NUMERIC_DATE_RE = re.compile(r"(?<!\d)(?P<day>\d{1,2})\.(?P<mon>\d{1,2})\.(?P<year>\d{4})(?!\d)")
_ISO_DATE_RE = re.compile(r"(?<!\d)(?P<year>\d{4})-(?P<mon>\d{2})-(?P<day>\d{2})(?!\d)")
_GERMAN_SHORT_DATE_RE = re.compile(r"(?<!\d)(?P<day>\d{1,2})\.(?P<mon>\d{1,2})\.(?![\d])")
_DAY_MONTH_RE = re.compile(
    f"(?<!\\d)(?P<day>\\d{{1,2}})(?:\\.|st|nd|rd|th)?(?:[{_SPACE}]+of)?[{_SPACE}]+{_MONTH}"
)
_MONTH_DAY_RE = re.compile(
    f"{_NOT_LETTER_BEFORE}{_MONTH}[{_SPACE}]+(?P<day>\\d{{1,2}})(?:st|nd|rd|th)?(?!\\d)"
)
_TIME_RE = re.compile(r"(?<!\d)(?P<hour>\d{1,2}):(?P<minute>\d{2})(?!\d)")
_GERMAN_TIME_RE = re.compile(
    f"(?<!\\d)(?P<hour>\\d{{1,2}})\\.(?P<minute>\\d{{2}})[{_SPACE}]?Uhr{_NOT_LETTER_AFTER}"
)

_CYRILLIC_SCALES = {
    3: r"тыс|тысяч\w*",
    6: r"млн|миллион\w*|мільён\w*|мільйон\w*",
    9: r"млрд|миллиард\w*|мільярд\w*",
    12: r"трлн|триллион\w*|трыльён\w*|трильйон\w*",
}
_SCALES = {
    # German "Billion" is 10^12: the false friend of English "billion" is exactly what to catch.
    "de": {3: r"Tsd|tausend", 6: r"Mio|Million\w*", 9: r"Mrd|Milliarde\w*", 12: r"Bio|Billion\w*"},
    "en": {3: r"thousand\w*", 6: r"mln|million\w*", 9: r"bn|billion\w*", 12: r"trillion\w*"},
}
# Languages that write a decimal point and group thousands with commas.
_DECIMAL_POINT_LANGS = frozenset({"en", "ga", "mt", "he", "hi", "ja", "ko", "th", "zh"})

_ROMAN_RE = re.compile(f"{_NOT_LETTER_BEFORE}[IVXLC]+{_NOT_LETTER_AFTER}")
_VALID_ROMAN_RE = re.compile(r"(?=.)C{0,3}(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}

_RU_ENDINGS = "ый|ой|ий|ая|ое|ые|ого|ому|ым|ом|ую|ых|ыми|ья|ье|ьи|ьего|ьей|ьему|ьим|ьем|ью|ьих"
_BE_ENDINGS = "ы|і|ая|ае|ое|ыя|ія|ога|ому|ым|ім|ой|ую|ых|іх|ымі|імі|яя|яе|юю"
# Small numbers written as words (cardinals and ordinals, 1-12). They may stand in for a digit
# on the other side but are never reported themselves: "один из" often becomes "a" or "ein".
_NUMBER_WORDS = {
    "ru": (
        "один одна одно одного одной одному одним одну одном|два две двух двум двумя"
        "|три трёх трех трём трем тремя|четыре четырёх четырех четырём четырем четырьмя"
        "|пять пяти пятью|шесть шести шестью|семь семи|восемь восьми восемью"
        "|девять девяти девятью|десять десяти десятью|одиннадцать одиннадцати"
        "|двенадцать двенадцати",
        "перв|втор|трет|четв[её]рт|пят|шест|седьм|восьм|девят|десят|одиннадцат|двенадцат",
        _RU_ENDINGS,
    ),
    "be": (
        "адзін адна адно аднаго адной аднаму адным адну|два дзве двух двум двума"
        "|тры трох тром трыма|чатыры чатырох чатыром чатырма|пяць пяці пяццю|шэсць шэсці"
        "|сем сямі|восем васьмі|дзевяць дзевяці|дзесяць дзесяці|адзінаццаць адзінаццаці"
        "|дванаццаць дванаццаці",
        "перш|друг|трэц|чацв[её]рт|пят|шост|сём|восьм|дзявят|дзясят|адзінаццат|дванаццат",
        _BE_ENDINGS,
    ),
    "de": (
        "eins|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf|zwölf",
        "erst|zweit|dritt|viert|fünft|sechst|sieb(?:en)?t|acht|neunt|zehnt|elft|zwölft",
        "e|en|er|es|em",
    ),
    "en": (
        "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve",
        "first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth",
        "",
    ),
}


def _number_words_re(lang: str) -> re.Pattern[str] | None:
    words = _NUMBER_WORDS.get(lang)
    if words is None:
        return None
    cardinals, ordinal_stems, endings = words
    groups = []
    for value, (forms, stem) in enumerate(
        zip(cardinals.split("|"), ordinal_stems.split("|"), strict=True), start=1
    ):
        ordinal = f"(?:{stem})(?:{endings})" if endings else stem
        groups.append(f"(?P<v{value}>{'|'.join(forms.split())}|{ordinal})")
    return re.compile(f"{_NOT_LETTER_BEFORE}(?:{'|'.join(groups)}){_NOT_LETTER_AFTER}", re.I)


_NUMBER_WORD_RES = {lang: _number_words_re(lang) for lang in _NUMBER_WORDS}


class NumberToken:
    """One number found in a text: its comparable value, where it stands, and how it is written."""

    __slots__ = ("value", "loose", "span", "text", "required")

    def __init__(
        self,
        value: tuple,
        span: tuple[int, int],
        text: str,
        loose: tuple | None = None,
        required: bool = True,
    ) -> None:
        self.value = value
        # A date or a time may be matched by its day or hour alone ("26-27 мая" = "May 26-27").
        self.loose = loose or value
        # Number words and lone-letter numerals are optional: they can match, never be reported.
        self.span = span
        self.text = text
        self.required = required


def _canonical(integer: str, fraction: str, exponent: int) -> str:
    """ "2", "5", 6 -> "2500000": a decimal string without float rounding."""
    digits = integer + fraction
    point = len(integer) + exponent
    digits += "0" * max(0, point - len(digits))
    whole = digits[:point].lstrip("0") or "0"
    rest = digits[point:].rstrip("0")
    return f"{whole}.{rest}" if rest else whole


def _number_re(lang: str) -> re.Pattern[str]:
    if lang in _DECIMAL_POINT_LANGS:
        groups, decimal = ",", r"\."
    elif lang in CYRILLIC_LANGS:
        # Russian and Belarusian never group with a point, so a point can only be decimal.
        groups, decimal = "", "[,.]"
    else:
        groups, decimal = ".'’", ","
    scales = _SCALES.get(lang, _CYRILLIC_SCALES if lang in CYRILLIC_LANGS else _SCALES["en"])
    scale = "|".join(f"(?P<e{exponent}>{words})" for exponent, words in scales.items())
    return re.compile(
        f"(?<!\\d)(?P<int>\\d{{1,3}}(?:[{_SPACE}{groups}]\\d{{3}})+(?!\\d)|\\d+)"
        f"(?:{decimal}(?P<frac>\\d+))?(?!\\d)"
        f"(?:[{_SPACE}]?(?i:{scale}){_NOT_LETTER_AFTER}\\.?)?"
    )


def _roman_value(numeral: str) -> int:
    values = [_ROMAN_VALUES[letter] for letter in numeral]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def extract_numbers(text: str, lang: str) -> list[NumberToken]:
    """Every number, date and time in a text, read with the conventions of `lang`."""
    lang_code = base_lang(lang)
    if _writes_cyrillic(lang) and lang_code not in CYRILLIC_LANGS:
        lang_code = "ru"
    claimed: list[tuple[int, int]] = []
    tokens: list[NumberToken] = []

    def free(span: tuple[int, int]) -> bool:
        return all(span[1] <= start or span[0] >= end for start, end in claimed)

    def add(value: tuple, match: re.Match[str], group: str | int = 0, **kw) -> None:
        tokens.append(NumberToken(value, match.span(group), match.group(group), **kw))

    date_patterns = [_NUMERIC_DATE_RE, _ISO_DATE_RE, _DAY_MONTH_RE]
    if lang_code == "de":
        date_patterns.insert(2, _GERMAN_SHORT_DATE_RE)
    if lang_code == "en":
        date_patterns.append(_MONTH_DAY_RE)
    for pattern in date_patterns:
        for match in pattern.finditer(text):
            named = match.groupdict()
            month = (
                int(named["mon"])
                if named.get("mon")
                else _MONTH_OF[named["month"].lower().rstrip(".")]
            )
            day = int(match.group("day"))
            if not (1 <= month <= 12 and 1 <= day <= 31) or not free(match.span()):
                continue
            claimed.append(match.span())
            if pattern is _ISO_DATE_RE:
                date_span = (match.end("year") + 1, match.end())
            elif named.get("year"):
                date_span = (match.start(), match.start("year") - 1)
            else:
                date_span = match.span()
            date_text = text[date_span[0] : date_span[1]]
            tokens.append(
                NumberToken(("date", month, day), date_span, date_text, loose=("num", str(day)))
            )
            if named.get("year"):
                add(("num", str(int(named["year"]))), match, "year")

    time_patterns = [_TIME_RE] + ([_GERMAN_TIME_RE] if lang_code == "de" else [])
    for pattern in time_patterns:
        for match in pattern.finditer(text):
            hour, minute = int(match.group("hour")), int(match.group("minute"))
            if hour <= 24 and minute < 60 and free(match.span()):
                claimed.append(match.span())
                add(("time", hour, minute), match, loose=("num", str(hour)))

    for match in _number_re(lang_code).finditer(text):
        if not free(match.span()):
            continue
        claimed.append(match.span())
        integer = re.sub(r"\D", "", match.group("int"))
        exponent = next(
            (
                int(name[1:])
                for name, found in match.groupdict().items()
                if name[0] == "e" and found
            ),
            0,
        )
        add(("num", _canonical(integer, match.group("frac") or "", exponent)), match)

    latin = not _writes_cyrillic(lang)
    for match in _ROMAN_RE.finditer(text):
        numeral = match.group()
        # A lone letter may be a numeral ("V Форум", "Mr X", "°C"): it can stand in for a
        # number on the other side but is never reported itself, like a number word.
        single = len(numeral) == 1
        if single and (numeral in "CL" or latin and numeral == "I"):
            continue
        if _VALID_ROMAN_RE.fullmatch(numeral) and free(match.span()):
            claimed.append(match.span())
            add(("num", str(_roman_value(numeral))), match, required=not single)

    words_re = _NUMBER_WORD_RES.get(lang_code)
    if words_re is not None:
        for match in words_re.finditer(text):
            if free(match.span()):
                add(("num", match.lastgroup[1:]), match, required=False)
    return sorted(tokens, key=lambda token: token.span)


def _pair_off(wanted: list[NumberToken], offered: list[NumberToken], loose: bool) -> None:
    """Remove from both lists the tokens that match each other, first come first served."""
    for token in list(wanted):
        key = token.loose if loose else token.value
        partner = next((o for o in offered if (o.loose if loose else o.value) == key), None)
        if partner is not None:
            wanted.remove(token)
            offered.remove(partner)


@check("numbers", "Numbers, dates and times", "error")
def check_numbers(source: str, target: str, context: CheckContext) -> list[Finding]:
    """A number, date or time of the source is missing or changed in the translation.

    Numbers are compared by value in each language's notation: "3,2%" = "3,2 %" = "3.2 per
    cent"; "1 500" = "1.500" = "1,500"; "15 млн" = "15 Mio." = "15 million" (German "Billion"
    is 10^12, not a billion); "01.01.2023" = "1. Januar 2023" = "January 1, 2023"; "XXI века" =
    "21. Jahrhunderts". A digit may be written as a word (1-12) on the other side.
    A source number without its counterpart is an error (span in the source); a number that
    only the translation has is a warning (span in the translation).
    """
    if not _has_text(target):
        return []
    source_tokens = extract_numbers(source, context.source_lang)
    target_tokens = extract_numbers(target, context.target_lang)
    missing = [token for token in source_tokens if token.required]
    extra = [token for token in target_tokens if token.required]
    source_words = [token for token in source_tokens if not token.required]
    target_words = [token for token in target_tokens if not token.required]
    _pair_off(missing, extra, loose=False)
    _pair_off(missing, extra, loose=True)
    _pair_off(missing, target_words, loose=False)
    _pair_off(extra, source_words, loose=False)
    findings = [
        Finding(
            "numbers",
            "error",
            f"«{token.text}» from the source is missing or changed in the translation",
            span=token.span,
            side="source",
        )
        for token in missing
    ]
    findings += [
        Finding(
            "numbers",
            "warning",
            f"«{token.text}» in the translation is not in the source",
            span=token.span,
        )
        for token in extra
    ]
    return findings
