"""Monolingual export: one lesson, one language, one HTML page that works offline.

``mcourse export notebooks/00_start_here.ipynb --lang pl -o build/`` keeps the code cells
and the prose cells of one language (cells tagged ``lang-ar`` / ``lang-pl``), and writes
``build/00_start_here.pl.html`` with nbconvert. The page

- says its language and direction: ``<html lang="ar" dir="rtl">`` or ``lang="pl" dir="ltr"``;
- carries the course CSS rule (:mod:`mcourse.styles`), so Arabic paragraphs are right-aligned,
  while code, outputs and formulas stay left-to-right;
- needs no network: ``$...$`` and ``$$...$$`` formulas are turned into MathML in Python
  (latex2mathml), which browsers draw themselves, so MathJax is not loaded from a CDN.

Grading reports reuse :func:`notebook_to_html` (same template, same rules).
"""

from __future__ import annotations

import copy
import os
import re
from contextlib import contextmanager
from pathlib import Path

from .errors import CourseError
from .i18n import t

LESSON_LANGS = ("ar", "pl")
"""Languages a lesson is written in (every prose cell exists in both)."""

DIRECTION = {"ar": "rtl", "pl": "ltr"}
"""Writing direction of each lesson language."""

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
"""nbconvert templates shipped with the package; ``mcourse`` extends nbconvert's ``lab``."""

TEMPLATE_NAME = "mcourse"

_FENCE = re.compile(r"^(```|~~~).*?^\1[ \t]*$", re.M | re.S)
_CODE_SPAN = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.S)
_DISPLAY_MATH = re.compile(r"(?<!\\)\$\$(.+?)(?<!\\)\$\$", re.S)
# Pandoc's rule for inline math: no space after the opening $, none before the closing $,
# and no digit right after it, so "5 $ and 10 $" or "$5 and $10" stay plain text.
_INLINE_MATH = re.compile(r"(?<![\\$])\$(?=[^\s$])((?:[^$\n]|\n(?!\s*\n))+?)(?<=[^\s\\])\$(?!\d)")


def _check_lang(lang: str) -> str:
    code = str(lang).strip().lower()
    if code not in LESSON_LANGS:
        raise CourseError("export.error.lang", lang=lang, supported=", ".join(LESSON_LANGS))
    return code


def _belongs(cell, lang: str) -> bool:
    """Whether a cell is kept in the ``lang`` page: untagged, or tagged ``lang-<lang>``."""
    return all(tag == f"lang-{lang}" or not tag.startswith("lang-")
               for tag in cell.get("metadata", {}).get("tags", []))


def select_language(nb, lang: str):
    """A copy of the notebook without the prose cells of the other language.

    A cell tagged ``lang-xx`` is kept only when ``xx`` is ``lang``; untagged cells (code,
    shared figures) are kept.
    """
    lang = _check_lang(lang)
    out = copy.deepcopy(nb)
    out.cells = [cell for cell in out.cells if _belongs(cell, lang)]
    return out


def _to_mathml(latex: str, display: str, where: str) -> str:
    from latex2mathml.converter import convert

    try:
        mathml = convert(latex.strip(), display=display)
    except Exception as exc:  # latex2mathml raises several types for unsupported LaTeX
        raise CourseError("export.error.math", where=where, formula=latex.strip(),
                          reason=str(exc) or type(exc).__name__) from exc
    unknown = re.search(r">[^<]*?(\\[A-Za-z]+)", mathml)
    if unknown:  # latex2mathml copies commands it does not know as plain text
        raise CourseError("export.error.math", where=where, formula=latex.strip(),
                          reason=unknown.group(1))
    # Formulas read left-to-right, also inside an Arabic paragraph.
    return mathml.replace("<math ", '<math dir="ltr" ', 1)


def latex_to_mathml(markdown: str, where: str = "") -> str:
    """Replace ``$$...$$`` (display) and ``$...$`` (inline) formulas by MathML.

    Code blocks and code spans are left alone, and so are escaped dollars (``\\$``) and
    prices such as "$5 and $10". A formula latex2mathml cannot read is a ``CourseError``
    naming ``where`` (e.g. the cell number) and the formula.
    """
    # Set code aside so that a "$" in code is never read as math.
    kept: list[str] = []

    def hide(match: re.Match) -> str:
        kept.append(match.group(0))
        return f"\x00{len(kept) - 1}\x00"

    text = _CODE_SPAN.sub(hide, _FENCE.sub(hide, markdown))
    text = _DISPLAY_MATH.sub(lambda m: _to_mathml(m.group(1), "block", where), text)
    text = _INLINE_MATH.sub(lambda m: _to_mathml(m.group(1), "inline", where), text)
    return re.sub("\x00(\\d+)\x00", lambda m: kept[int(m.group(1))], text)


def _first_heading(nb) -> str:
    """Text of the first Markdown heading (the page title)."""
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        match = re.search(r"^#{1,6}\s+(.+?)\s*#*\s*$", cell.source, flags=re.M)
        if match:
            return re.sub(r"[*_`]|<[^>]+>", "", match.group(1)).strip()
    return ""


def notebook_to_html(nb, lang: str, *, title: str | None = None) -> str:
    """The notebook as one self-contained HTML page in ``lang`` ("ar" or "pl").

    Only that language's prose cells are kept; formulas become MathML; the page carries
    ``lang``/``dir`` and the course CSS. ``nb`` is a ``nbformat`` notebook (read with
    ``nbformat.read(path, as_version=4)``), executed or not.
    """
    from nbconvert import HTMLExporter

    from .styles import course_css

    lang = _check_lang(lang)
    page = select_language(nb, lang)
    # Cell numbers as in the notebook file, so that an author finds a faulty formula.
    numbers = [n for n, cell in enumerate(nb.cells, start=1) if _belongs(cell, lang)]
    for number, cell in zip(numbers, page.cells, strict=True):
        if cell.cell_type == "markdown":
            cell.source = latex_to_mathml(cell.source, where=t("export.cell", number=number))
    page.metadata["title"] = title or _first_heading(page) or page.metadata.get("title", "")
    if not page.metadata["title"]:
        del page.metadata["title"]

    exporter = HTMLExporter(template_name=TEMPLATE_NAME,
                            extra_template_basedirs=[str(TEMPLATE_DIR)],
                            language_code=lang)
    resources = {"mcourse": {"dir": DIRECTION[lang], "css": course_css()},
                 "metadata": {"name": page.metadata.get("title", "notebook")}}
    html, _ = exporter.from_notebook_node(page, resources=resources)
    return html


@contextmanager
def _inline_plots():
    """Let the kernel draw figures inline even when MPLBACKEND=Agg is set for tests/make."""
    saved = os.environ.get("MPLBACKEND")
    os.environ["MPLBACKEND"] = ""  # ipykernel then picks its inline backend
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop("MPLBACKEND", None)
        else:
            os.environ["MPLBACKEND"] = saved


def run_in_language(path: str | Path, lang: str, *, execute: bool = False, timeout: int = 300):
    """Read a lesson with ``LANG`` set to ``lang``; run it (papermill) when ``execute``.

    Without running, the parameters are still injected, so the page shows the code a
    reader of that language runs (``LANG = "pl"``).
    """
    import papermill as pm
    from papermill.iorw import load_notebook_node

    lang = _check_lang(lang)
    path = Path(path)
    if not path.is_file():
        raise CourseError("export.error.not_found", path=str(path))
    try:
        nb = load_notebook_node(str(path))  # nbformat.read plus papermill's metadata
    except Exception as exc:  # JSON and notebook-format errors
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise CourseError("export.error.not_notebook", path=str(path), reason=reason) from exc
    has_parameters = any("parameters" in cell.metadata.tags for cell in nb.cells)
    if not execute:
        if has_parameters:
            from papermill.parameterize import parameterize_notebook

            nb = parameterize_notebook(nb, {"LANG": lang})
        return nb
    with _inline_plots():
        return pm.execute_notebook(nb, None, parameters={"LANG": lang} if has_parameters else {},
                                   cwd=str(path.parent), kernel_name="python3",
                                   progress_bar=False, execution_timeout=timeout)


def export_notebook(path: str | Path, lang: str, out_dir: str | Path = "build", *,
                    execute: bool = False) -> Path:
    """Write ``<out_dir>/<lesson>.<lang>.html`` holding the lesson in one language."""
    lang = _check_lang(lang)
    nb = run_in_language(path, lang, execute=execute)
    html = notebook_to_html(nb, lang)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{Path(path).stem}.{lang}.html"
    target.write_text(html, encoding="utf-8")
    return target


def register(subparsers) -> None:
    """Add ``mcourse export NOTEBOOK --lang ar|pl [-o DIR] [--execute]``."""
    from .cli import add_command

    parser = add_command(subparsers, "export", "export.help", "export.description",
                         lang_option=False)
    parser.add_argument("notebook", metavar="NOTEBOOK", help=t("export.notebook_help"))
    parser.add_argument("--lang", dest="export_lang", required=True, choices=LESSON_LANGS,
                        help=t("export.lang_help"))
    parser.add_argument("-o", "--output-dir", default="build", help=t("export.output_help"))
    parser.add_argument("--execute", action="store_true", help=t("export.execute_help"))
    parser.set_defaults(func=_run)


def _run(args) -> int:
    target = export_notebook(args.notebook, args.export_lang, args.output_dir,
                             execute=args.execute)
    print(t("export.written", path=str(target)))
    return 0
