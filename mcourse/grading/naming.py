"""File names that carry a student's identifier, and reading it back.

``mcourse release`` names each notebook ``<assignment>_<id>.ipynb`` (characters a file
system may refuse are %-escaped). Moodle's "download all submissions" prefixes the
student's full name and its own numbers, so the grader looks for ``<assignment>_<id>`` at
the *end* of the name.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from urllib.parse import quote, unquote

SAFE = "@.+-_"


def safe_id(student_id: str) -> str:
    """``student_id`` usable in a file name on every system (reversible)."""
    return quote(str(student_id), safe=SAFE)


def release_name(assignment: str, student_id: str) -> str:
    """File name of a student's released notebook."""
    return f"{assignment}_{safe_id(student_id)}.ipynb"


def id_from_filename(path, assignment: str, known_ids) -> str | None:
    """The known identifier that names this file (longest match), or ``None``."""
    stem = unquote(Path(path).name)
    stem = re.sub(r"\.ipynb$", "", stem, flags=re.I)
    stem = re.sub(r"\s*(\(\d+\)|-\s*copy\d*|_copy\d*)$", "", stem, flags=re.I)
    best = None
    for student_id in known_ids:
        tail = f"{assignment}_{student_id}"
        if stem == tail or stem.endswith(tail) and stem[-len(tail) - 1] in "_- /":
            if best is None or len(student_id) > len(best):
                best = student_id
    return best


def file_key(relative_path: str) -> str:
    """Stable short key of a submission's path (names its result files)."""
    return hashlib.sha256(relative_path.encode("utf-8")).hexdigest()[:16]
