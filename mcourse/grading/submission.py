"""Reading a submitted file as a notebook to run, whatever the student handed in.

A submission may be a good notebook, a PDF, an empty or truncated file, or hold null
bytes: :func:`read_submission` says which in words instead of failing. What is kept to
run is only the cells' *sources*: outputs, execution counts and metadata a student may have
edited by hand are dropped, because the grader runs the notebook itself.
"""

from __future__ import annotations

import ast
import copy
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_raw_cell

PYTHON3 = {"name": "python3", "display_name": "Python 3", "language": "python"}


@dataclass
class Submission:
    """One submitted file: its notebook (cleaned) or why it is not one."""

    path: Path
    relpath: str
    sha256: str
    nb: object | None = None
    problem: tuple[str, dict] | None = None
    params: dict = field(default_factory=dict)
    assignment: str | None = None


def read_submission(path, root, max_bytes: int = 20_000_000) -> Submission:
    """Read ``path`` (inside ``root``) into a :class:`Submission`; never raises on content."""
    path = Path(path)
    relpath = path.relative_to(root).as_posix()
    size = path.stat().st_size
    if size > max_bytes:
        digest = _sha256_file(path)
        return Submission(path, relpath, digest, problem=(
            "grading.file.too_large", {"size": round(size / 1e6, 1),
                                       "limit": round(max_bytes / 1e6, 1)}))
    data = path.read_bytes()
    sub = Submission(path, relpath, hashlib.sha256(data).hexdigest())
    sub.problem = _problem_with_bytes(data)
    if sub.problem:
        return sub
    text = data.decode("utf-8-sig")
    try:
        json.loads(text)
    except ValueError as exc:
        truncated = _ends_early(text)
        key = "grading.file.truncated" if truncated else "grading.file.not_json"
        sub.problem = (key, {"line": getattr(exc, "lineno", "?"),
                             "column": getattr(exc, "colno", "?")})
        return sub
    try:
        original = nbformat.reads(text, as_version=4)
        sub.nb = clean_notebook(original)
    except Exception as exc:  # any structure nbformat cannot read is "not a notebook"
        sub.problem = ("grading.file.not_notebook", {"detail": _short(exc)})
        return sub
    sub.params = literal_parameters(original)
    meta = original.get("metadata", {}).get("mcourse", {})
    if isinstance(meta, dict) and isinstance(meta.get("assignment"), str):
        sub.assignment = meta["assignment"]
    return sub


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _problem_with_bytes(data: bytes):
    if not data.strip():
        return ("grading.file.empty", {})
    if b"\x00" in data:
        return ("grading.file.null_bytes", {"position": data.index(b"\x00")})
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return ("grading.file.not_text", {"position": exc.start})
    return None


def _ends_early(text: str) -> bool:
    """Whether JSON text stops inside a string or with brackets still open (a cut file)."""
    depth, in_string, escaped = 0, False, False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "{[":
            depth += 1
        elif char in "}]":
            depth -= 1
    return text.lstrip().startswith(("{", "[")) and (in_string or depth > 0)


def _short(exc: Exception) -> str:
    text = " ".join(str(exc).split())
    return text[:200] + ("..." if len(text) > 200 else "")


def _source(cell) -> str:
    source = cell.get("source", "")
    if isinstance(source, list):
        source = "".join(s for s in source if isinstance(s, str))
    if not isinstance(source, str):
        raise ValueError("a cell's source is not text")
    return source


def clean_notebook(nb):
    """A fresh python3 notebook with only the cells' sources (and the parameters tag)."""
    cells = []
    for cell in nb.get("cells", []):
        kind = cell.get("cell_type")
        source = _source(cell)
        tags = cell.get("metadata", {}).get("tags", []) or []
        if "injected-parameters" in tags:
            continue
        if kind == "code":
            meta = {"tags": ["parameters"]} if "parameters" in tags else {}
            cells.append(new_code_cell(source, metadata=meta))
        elif kind == "markdown":
            cells.append(new_markdown_cell(source))
        else:
            cells.append(new_raw_cell(source))
    return new_notebook(cells=cells, metadata={"kernelspec": dict(PYTHON3),
                                               "language_info": {"name": "python"}})


def literal_parameters(nb) -> dict:
    """Names assigned a literal value in the ``parameters`` cell (read with ``ast``, not run).

    A left-over ``injected-parameters`` cell (from an earlier papermill run) is ignored:
    the grader drops it and injects its own.
    """
    params: dict = {}
    for cell in nb.get("cells", []):
        tags = cell.get("metadata", {}).get("tags", []) or []
        if cell.get("cell_type") != "code" or "parameters" not in tags:
            continue
        try:
            source = _source(cell)
            tree = ast.parse(source[:20_000])
        except (SyntaxError, ValueError, RecursionError):
            continue
        for node in tree.body:
            if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(
                    node.targets[0], ast.Name):
                try:
                    params[node.targets[0].id] = ast.literal_eval(node.value)
                except (ValueError, TypeError, SyntaxError, RecursionError, MemoryError):
                    continue
    return params


def inject_parameters(nb, params: dict):
    """A copy of ``nb`` with a cell setting ``params`` right after its parameters cell.

    As papermill does, the new cell is tagged ``injected-parameters``; it goes after the
    first code cell when that cell is tagged ``parameters``, else first, so no cell of
    the student's runs before the student's own identity is set.
    """
    nb = copy.deepcopy(nb)
    nb.cells = [c for c in nb.cells
                if "injected-parameters" not in c.get("metadata", {}).get("tags", [])]
    code = [i for i, c in enumerate(nb.cells) if c.cell_type == "code"]
    position = 0
    if code and "parameters" in nb.cells[code[0]].get("metadata", {}).get("tags", []):
        position = code[0] + 1
    lines = ["# Parameters"] + [f"{name} = {value!r}" for name, value in params.items()]
    nb.cells.insert(position, new_code_cell("\n".join(lines),
                                            metadata={"tags": ["injected-parameters"]}))
    return nb
