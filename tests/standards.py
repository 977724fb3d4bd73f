"""Where the tests find the official schemas of the exchange formats (XLIFF, TMX, TBX).

The schemas are not ours to ship, so the repository does not hold them. A test that validates
against one asks `standard(NAME)`: the file is looked for in the folder TRANSLATE_FLOW_STANDARDS
names, then in ../shared/standards beside the repository. Where neither has it the test is
skipped with a reason saying where the official file comes from; under CI=true, where the files
are promised, a missing one fails the test instead.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

# Where each official file is published, for the skip message.
ORIGINS = {
    "xliff-core-2.0.xsd": "OASIS, https://docs.oasis-open.org/xliff/xliff-core/v2.0/os/schemas/",
    "xliff-core-1.2-transitional.xsd": "OASIS, https://docs.oasis-open.org/xliff/v1.2/os/",
    "xml.xsd": "W3C, https://www.w3.org/2001/xml.xsd",
    "tmx14.dtd": "LISA OSCAR TMX 1.4b, kept by GALA (https://www.gala-global.org/tmx-14b)",
    "TBXcoreStructV03_TBX-Basic_integrated.rng": "LTAC Global, https://github.com/LTAC-Global",
    "TBX-Basic_DCA.sch": "LTAC Global, https://github.com/LTAC-Global",
    "example-tbx-basic-dca.tbx": "LTAC Global, https://github.com/LTAC-Global",
    "example-tbx-basic-dct.tbx": "LTAC Global, https://github.com/LTAC-Global",
}

# Schemas that import another one by a relative schemaLocation: both must be in the folder.
NEEDS = {
    "xliff-core-2.0.xsd": ["xml.xsd"],
    "xliff-core-1.2-transitional.xsd": ["xml.xsd"],
}


def candidate_folders() -> list[Path]:
    """The folders looked in, in order: $TRANSLATE_FLOW_STANDARDS, then ../shared/standards."""
    folders = []
    configured = os.environ.get("TRANSLATE_FLOW_STANDARDS")
    if configured:
        folders.append(Path(configured).expanduser())
    folders.append((REPO / ".." / "shared" / "standards").resolve())
    return folders


def find_standard(name: str) -> Path | None:
    """The first folder's copy of NAME (with the files it imports beside it), or None."""
    for folder in candidate_folders():
        if all((folder / n).is_file() for n in [name, *NEEDS.get(name, [])]):
            return folder / name
    return None


def standard(name: str) -> Path:
    """The official file NAME; skips the calling test (fails it under CI=true) when absent."""
    found = find_standard(name)
    if found is not None:
        return found
    files = ", ".join([name, *NEEDS.get(name, [])])
    origin = ORIGINS.get(name, "its standard body")
    looked = " or ".join(str(f) for f in candidate_folders())
    reason = (
        f"official {files} not found in {looked}: get it from {origin} and put it in "
        "../shared/standards beside the repository or in the folder TRANSLATE_FLOW_STANDARDS names"
    )
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI promises the standards: {reason}")
    pytest.skip(reason)
