"""The optional parts of the package and what to install for each.

`pip install translate-flow` brings the core; each extra below adds one feature's library
(pyproject.toml's [project.optional-dependencies]; `all` is every one of them). Code that needs
one imports it where it is used; a missing one reaches the user as one line naming the extra.
"""

from __future__ import annotations

# Top-level module → (extra, what needs it).
OPTIONAL_MODULES: dict[str, tuple[str, str]] = {
    "psycopg": ("postgres", "a PostgreSQL database"),
    "docx": ("docx", "reading or writing Word (.docx) files"),
    "prompt_toolkit": ("screen", "the review screen"),
    "spylls": ("be", "Belarusian morphology"),
}


def missing_extra_message(exc: ImportError) -> str | None:
    """The install hint for an optional module that is not installed, or None for any other."""
    name = (getattr(exc, "name", None) or "").split(".")[0]
    if name not in OPTIONAL_MODULES:
        return None
    extra, feature = OPTIONAL_MODULES[name]
    return (
        f"{feature} needs the Python package '{name}', which is not installed: "
        f"pip install 'translate-flow[{extra}]' (or [all])"
    )
