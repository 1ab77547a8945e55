"""Writing files so that a crash never leaves half a file: temporary file, then rename.

``os.replace`` swaps the finished file in at once, so a reader (Moodle, a spreadsheet, the
next ``mcourse grade`` run) sees either the old file or the new one, never a mix.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path


def write_atomic(path, data: bytes | str, encoding: str = "utf-8") -> Path:
    """Write ``data`` to ``path`` through a temporary file in the same folder."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode(encoding)
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return path


def write_json(path, value) -> Path:
    """Write ``value`` as UTF-8 JSON, atomically."""
    return write_atomic(path, json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True))


def read_json(path):
    """Read a JSON file; ``None`` if it is missing or unreadable (e.g. cut by a crash)."""
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def remove_stale_temporaries(folder) -> None:
    """Delete temporary files a killed run left behind in ``folder``."""
    for leftover in Path(folder).glob(".*.tmp"):
        leftover.unlink(missing_ok=True)
