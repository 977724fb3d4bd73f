"""Language codes: the one place that reduces a tag to its base language, and the one list of
languages the desk works in, against which every code a person types is checked.

A code is a BCP 47 tag (ISO 639-1 where the language has one: "de", "en", "be"; a region may
follow: "de-AT"). langcodes checks the tag and, for a name or a typo ("german", "Deutsch"),
finds the code to suggest; it is imported only when a code has to be checked.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from translate_flow.errors import InputError

# The languages of a desk with no [desk] languages in its config: the sources it reads and the
# targets a Russian/Belarusian news desk translates into most.
DEFAULT_LANGUAGES = ("ru", "be", "uk", "de", "en", "fr", "es", "it", "pl", "zh")
# Valid tags in standard form, known without asking langcodes, whose language tables take about
# 0.2 s to load: a command given `--lang de` does not pay for them.
_KNOWN_TAGS = frozenset(DEFAULT_LANGUAGES)


def base_lang(code: str) -> str:
    """The language without region or script, lower case: "ru-RU" -> "ru", "de_AT" -> "de"."""
    return code.strip().replace("_", "-").split("-", 1)[0].lower()


def desk_languages(config: Mapping[str, Any] | None) -> tuple[str, ...]:
    """The languages the desk works in: `[desk] languages` of the config, else the default set.

    The setting is a list (["ru", "be", "de", "en"]) or a comma-separated string.
    """
    setting = ((config or {}).get("desk") or {}).get("languages")
    if setting is None:
        return DEFAULT_LANGUAGES
    if isinstance(setting, str):
        setting = [part for part in setting.split(",") if part.strip()]
    if not isinstance(setting, list) or not setting or not all(isinstance(c, str) for c in setting):
        raise InputError('config: [desk] languages must be a list of codes, e.g. ["ru", "de"]')
    languages = []
    for code in setting:
        tag = _standard_tag(code)
        if tag is None:
            raise InputError(f"config: [desk] languages: {_unknown(code)}")
        languages.append(tag)
    return tuple(dict.fromkeys(languages))


def check_language(code: str, languages: Iterable[str], what: str = "language") -> str:
    """`code` in its standard form ("de_AT" -> "de-AT") if it is a valid tag of a language the
    desk works in (the tag itself or its base language is listed); else an InputError that says
    which code was meant ("german" -> "de") or which languages there are."""
    languages = tuple(languages)
    tag = _standard_tag(code)
    if tag is None:
        raise InputError(f"{what}: {_unknown(code)}; the desk works in {', '.join(languages)}")
    if tag not in languages and base_lang(tag) not in languages:
        raise InputError(
            f"{what} {tag!r} is not one the desk works in ({', '.join(languages)}); "
            "add it to [desk] languages in the config file"
        )
    return tag


def check_languages(value: str, languages: Iterable[str], what: str = "language") -> list[str]:
    """A comma-separated list of codes ("de,en"), each checked; duplicates dropped."""
    codes = [part.strip() for part in value.split(",") if part.strip()]
    if not codes:
        raise InputError(f"no {what} given (e.g. de or de,en)")
    return list(dict.fromkeys(check_language(code, languages, what) for code in codes))


def standard_tag(code: str) -> str | None:
    """The standard form of a valid BCP 47 language tag ("de_AT" -> "de-AT"), else None."""
    return _standard_tag(code)


def unknown_code(code: str) -> str:
    """The one-line complaint about a code that is no language, with a suggestion if one is
    found: "unknown language code 'german' (did you mean 'de', German?)"."""
    return _unknown(code)


def _standard_tag(code: str) -> str | None:
    """The standard form of a valid BCP 47 language tag, else None. Codes of three letters
    that have a two-letter form become it ("deu" -> "de"), as the desk stores ISO 639-1."""
    text = code.strip().replace("_", "-")
    if text.lower() in _KNOWN_TAGS:
        return text.lower()  # the everyday codes are answered without loading langcodes
    import langcodes

    if not text or not langcodes.tag_is_valid(text):
        return None
    language = langcodes.Language.get(text)
    if not language.language or language.language == "und":
        return None
    return langcodes.standardize_tag(text)


def _unknown(code: str) -> str:
    """ "unknown language code 'german' (did you mean 'de', German?)" or without a guess."""
    import langcodes

    message = f"unknown language code {code!r}"
    try:
        found = langcodes.find(code.strip())
    except (LookupError, ModuleNotFoundError):
        return message
    return f"{message} (did you mean {found.to_tag()!r}, {found.display_name()}?)"
