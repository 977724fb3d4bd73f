"""Turn the bytes of an article file into text, whatever encoding the desk received it in.

Sources arrive as UTF-8 (with or without a BOM), UTF-16 from Windows tools, and the two legacy
Cyrillic code pages, windows-1251 and KOI8-R. Generic detectors confuse the two code pages on short
texts, because every byte decodes to some Cyrillic letter in both; so the choice between them is
made here by asking which decoding reads like Russian or Belarusian (see `cyrillic_plausibility`).
charset-normalizer is only consulted for the rare non-Cyrillic legacy file.
"""

from __future__ import annotations

import codecs
import math
import re

from translate_flow.errors import InputError

# Letter frequencies (per 1000 letters) of Russian and Belarusian news prose taken together, so
# that both languages read as plausible. і and ў are Belarusian, и щ ъ Russian.
_LETTER_FREQUENCY = {
    "о": 95, "а": 85, "е": 75, "н": 65, "і": 25, "и": 50, "т": 55, "с": 50, "р": 47, "в": 40,
    "л": 42, "к": 34, "м": 31, "д": 30, "п": 27, "у": 27, "я": 22, "ы": 19, "ь": 17, "г": 17,
    "з": 16, "б": 16, "ч": 14, "й": 12, "х": 10, "ц": 8, "ж": 8, "ў": 8, "э": 6, "ш": 7,
    "ю": 6, "щ": 3, "ф": 3, "ё": 2, "ъ": 0.4,
}  # fmt: skip
# Typographic characters a Russian or Belarusian text legitimately contains above ASCII.
_TYPOGRAPHIC = set("«»„“”‘’ʼ—–…№\u00a0\u00ad•·°§©®™€‰")
_IMPLAUSIBLE_LOG = math.log(0.0001)
_CAPITALS_LOG = math.log(0.3)

_CONTROL_BYTES = frozenset(set(range(32)) - {9, 10, 11, 12, 13}) | {127}
# Share of control characters above which a file is taken for binary data, not text.
_MAX_CONTROL_SHARE = 0.02

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_NEWLINES = re.compile(r"\r\n?|\u2028|\u2029|\x85")


def decode_text(
    data: bytes, source: str = "the input", encoding: str | None = None
) -> tuple[str, str]:
    """Decode `data` and return (text, encoding name) with newlines normalised to ``\\n``.

    The encoding name is a Python codec name: "utf-8", "utf-8-sig", "utf-16", "utf-16-le",
    "utf-16-be", "cp1251", "koi8-r", or what charset-normalizer reports for other legacy files.
    `encoding`, when the user names one, is used as it is and every byte must be valid in it.
    Raises InputError (naming `source`) for binary data and for bytes no encoding explains,
    among them a UTF-8 file with a few invalid bytes (with the offset of the first one).
    """
    if encoding is not None:
        text, encoding = decode_strictly(data, encoding, source), _codec_name(encoding, source)
    else:
        text, encoding = _decode(data, source)
    if text.startswith("\ufeff"):
        text = text[1:]
    if _control_share(text) > _MAX_CONTROL_SHARE:
        raise InputError(f"{source} looks like a binary file, not an article")
    return _NEWLINES.sub("\n", text), encoding


def _decode(data: bytes, source: str) -> tuple[str, str]:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError:
                raise InputError(
                    f"{source} cannot be decoded: it starts with a {encoding.upper()} byte order "
                    f"mark but is not valid {encoding.upper().removesuffix('-SIG')}"
                ) from None
    utf16 = _bomless_utf16(data)
    if utf16 is not None:
        return utf16
    if b"\x00" in data or _control_byte_share(data) > _MAX_CONTROL_SHARE:
        raise InputError(f"{source} looks like a binary file, not an article")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as error:
        if mostly_utf8(data):
            raise InputError(
                f"{source} is not valid UTF-8: invalid byte 0x{data[error.start]:02x} at byte "
                f"offset {error.start}; repair the file or give its encoding with --encoding"
            ) from None
    cyrillic = _decode_cyrillic_code_page(data)
    if cyrillic is not None:
        return cyrillic
    return _decode_with_charset_normalizer(data, source)


def decode_strictly(data: bytes, encoding: str, source: str) -> str:
    """`data` decoded with the `encoding` a user or a file declared; any invalid byte is refused."""
    codec = _codec_name(encoding, source)
    try:
        return data.decode(codec)
    except UnicodeDecodeError as error:
        raise InputError(
            f"{source} is not valid {encoding}: invalid byte 0x{data[error.start]:02x} at byte "
            f"offset {error.start}"
        ) from None


def _codec_name(encoding: str, source: str) -> str:
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        raise InputError(f"{source}: unknown encoding {encoding!r}") from None


def mostly_utf8(data: bytes) -> bool:
    """True when the non-ASCII bytes are mostly well-formed UTF-8 sequences: a UTF-8 file with a
    damaged byte or two, which a legacy code page would "decode" into confident garbage.

    A genuine windows-1251 or KOI8-R text forms a valid UTF-8 sequence only by chance (a capital
    followed by one of the few letters in 0x80-0xBF), so its invalid bytes far outnumber them.
    """
    decoded = data.decode("utf-8", errors="surrogateescape")
    invalid = sum(1 for char in decoded if "\udc80" <= char <= "\udcff")
    valid = sum(1 for char in decoded if char > "\x7f") - invalid
    return valid > invalid


def _bomless_utf16(data: bytes) -> tuple[str, str] | None:
    """Recognise UTF-16 without a BOM by its byte pattern.

    Every ASCII character, space and newline has a zero high byte, and every Cyrillic letter
    the high byte 0x04; in any other encoding such bytes are rare at one parity and absent at
    the other.
    """
    if len(data) < 4 or len(data) % 2 or b"\x00" not in data:
        return None
    even, odd = data[0::2], data[1::2]
    for high, low, encoding in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        high_share = (high.count(0) + high.count(4)) / len(high)
        if high_share >= 0.7 and low.count(0) / len(low) <= 0.1:
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError:
                return None
    return None


def _decode_cyrillic_code_page(data: bytes) -> tuple[str, str] | None:
    """Decode with windows-1251 or KOI8-R, whichever reads more like Russian or Belarusian.

    Returns None when the high bytes do not look like Cyrillic words in either code page (a
    Western European legacy file, say), so that a generic detector can have a go.
    """
    # Judging the first 64 KiB is plenty and keeps a 10 MB file fast.
    sample = data[:65536]
    candidates = []
    for encoding in ("cp1251", "koi8-r"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        candidates.append((text, encoding, sample.decode(encoding)))
    if not candidates or max(_cyrillic_word_share(head) for _, _, head in candidates) < 0.8:
        return None
    text, encoding, _ = max(candidates, key=lambda candidate: cyrillic_plausibility(candidate[2]))
    return text, encoding


def _decode_with_charset_normalizer(data: bytes, source: str) -> tuple[str, str]:
    import charset_normalizer

    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        raise InputError(f"{source} cannot be decoded: its encoding is not recognised")
    return str(best), best.encoding.replace("_", "-")


def cyrillic_plausibility(text: str) -> float:
    """Mean log-likelihood of the non-ASCII characters of `text` as Russian/Belarusian prose.

    Higher is more plausible. Letters score by their frequency; anything that is neither a
    Cyrillic letter nor common typography (box drawing, stray accented Latin letters) scores as
    nearly impossible. Words are then judged by shape, because the wrong code page swaps the case
    of most letters and scatters the vowels: a lowercase letter followed by a capital ("вИЗИТ"),
    a lowercase word without a vowel ("лхд") or five consonants in a row are nearly impossible.
    Short all-capital words stay plausible, since abbreviations (МИД, РФ, ОБСЕ) are.
    """
    total = 0.0
    count = 0
    for char in text:
        if char < "\x80":
            continue
        count += 1
        frequency = _LETTER_FREQUENCY.get(char.lower())
        if frequency is not None:
            total += math.log(frequency / 1000)
        elif char in _TYPOGRAPHIC:
            total += math.log(0.01)
        else:
            total += _IMPLAUSIBLE_LOG
    for word in _CYRILLIC_WORD.findall(text):
        if _LOWER_THEN_UPPER.search(word):
            total += _IMPLAUSIBLE_LOG
        elif len(word) > 1 and not word.isupper() and not _VOWEL.search(word):
            total += _IMPLAUSIBLE_LOG
        elif _CONSONANT_RUN.search(word):
            total += _IMPLAUSIBLE_LOG
        elif len(word) > 1 and word.isupper():
            # Abbreviations are short; long all-capital words are mostly a case-swapped decoding.
            total += _CAPITALS_LOG if len(word) <= 4 else _CAPITALS_LOG * 3
    return total / count if count else 0.0


_CYRILLIC_WORD = re.compile(r"[\u0400-\u04ff]+")
_LOWER_THEN_UPPER = re.compile(r"[а-яёіў].*[А-ЯЁІЎ]")
_VOWEL = re.compile(r"[аеёиоуыэюяіАЕЁИОУЫЭЮЯІ]")
# Five consonants in a row do not occur in real words (ь ъ й ignored: "тельств" has four).
_CONSONANT_RUN = re.compile(r"(?:[бвгджзклмнпрстфхцчшщўБВГДЖЗКЛМНПРСТФХЦЧШЩЎ][ьъйЬЪЙ]?){5}")


_WORD = re.compile(r"[^\W\d_]+")


def _cyrillic_word_share(text: str) -> float:
    """Share of the words with non-ASCII letters that are written wholly in Cyrillic."""
    words = [word for word in _WORD.findall(text) if not word.isascii()]
    if not words:
        return 0.0
    cyrillic = sum(1 for word in words if all("\u0400" <= char <= "\u04ff" for char in word))
    return cyrillic / len(words)


def _control_byte_share(data: bytes) -> float:
    sample = data[:65536]
    return sum(1 for byte in sample if byte in _CONTROL_BYTES) / len(sample) if sample else 0.0


def _control_share(text: str) -> float:
    sample = text[:65536]
    if not sample:
        return 0.0
    controls = sum(1 for char in sample if ord(char) in _CONTROL_BYTES)
    return controls / len(sample)
