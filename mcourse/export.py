"""Monolingual export: one lesson, one language, a page or a notebook that works offline.

``mcourse export notebooks/04_customer_value.ipynb --lang pl -o build/`` runs the lesson
with ``LANG = "pl"`` (its parameters cell rewritten, so the page shows the code a Polish
reader runs), keeps the code cells and the prose cells of that language (cells tagged
``lang-ar`` / ``lang-pl``), and writes ``build/04_customer_value.pl.html`` with nbconvert.
The page

- shows what the lesson shows when run: tables, printed results and figures (embedded as
  images, so the page is one file);
- says its language and direction: ``<html lang="ar" dir="rtl">`` or ``lang="pl" dir="ltr"``;
- carries the course CSS (:mod:`mcourse.styles`), so Arabic paragraphs are right-aligned,
  while code, outputs and formulas stay left-to-right; wide tables scroll sideways instead
  of being clipped, and printed text wraps at spaces only;
- needs no network: ``$...$`` and ``$$...$$`` formulas are turned into MathML in Python
  (latex2mathml), which browsers draw themselves, so MathJax is not loaded from a CDN.

``--no-execute`` uses the outputs saved in the file instead; a notebook that was never run
(or was run in the other language) is refused with a message saying so, rather than
written as a page without tables and figures. ``--to notebook`` writes
``<lesson>.<lang>.ipynb`` instead: the lesson in one language, to hand out or to upload to
Moodle (without outputs unless ``--execute`` is given).

Grading reports reuse :func:`notebook_to_html` (same template, same rules).
"""

from __future__ import annotations

import ast
import copy
import os
import re
import sys
from contextlib import contextmanager
from pathlib import Path

from .errors import CourseError
from .i18n import t

LESSON_LANGS = ("ar", "pl")
"""Languages a lesson is written in (every prose cell exists in both)."""

DIRECTION = {"ar": "rtl", "pl": "ltr"}
"""Writing direction of each lesson language."""

FORMATS = ("html", "notebook")
"""What ``mcourse export`` writes: an HTML page or a monolingual ``.ipynb``."""

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
"""nbconvert templates shipped with the package; ``mcourse`` extends nbconvert's ``lab``."""

TEMPLATE_NAME = "mcourse"

RUN_SEED_ENV = {"PYTHONHASHSEED": "0"}
"""Environment of the kernel that runs a lesson for export: the same hashes (set order)
every run, on top of the lesson's own ``SEED``."""

_FENCE = re.compile(r"^(```|~~~).*?^\1[ \t]*$", re.M | re.S)
_CODE_SPAN = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.S)
_DISPLAY_MATH = re.compile(r"(?<!\\)\$\$(.+?)(?<!\\)\$\$", re.S)
# Pandoc's rule for inline math: no space after the opening $, none before the closing $,
# and no digit right after it, so "5 $ and 10 $" or "$5 and $10" stay plain text.
_INLINE_MATH = re.compile(r"(?<![\\$])\$(?=[^\s$])((?:[^$\n]|\n(?!\s*\n))+?)(?<=[^\s\\])\$(?!\d)")
# The marker `mcourse.start` displays: <div class="mcourse-lang mcourse-lang-ar" ...>.
_LANG_MARKER = re.compile(r"\bmcourse-lang-([a-z]{2})\b")
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def _check_lang(lang: str) -> str:
    code = str(lang).strip().lower()
    if code not in LESSON_LANGS:
        raise CourseError("export.error.lang", lang=lang, supported=", ".join(LESSON_LANGS))
    return code


def _tags(cell) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def _belongs(cell, lang: str) -> bool:
    """Whether a cell is kept in the ``lang`` page: untagged, or tagged ``lang-<lang>``."""
    return all(tag == f"lang-{lang}" or not tag.startswith("lang-") for tag in _tags(cell))


def select_language(nb, lang: str):
    """A copy of the notebook without the prose cells of the other language.

    A cell tagged ``lang-xx`` is kept only when ``xx`` is ``lang``; untagged cells (code,
    shared figures) are kept.
    """
    lang = _check_lang(lang)
    out = copy.deepcopy(nb)
    out.cells = [cell for cell in out.cells if _belongs(cell, lang)]
    return out


# Parameters ---------------------------------------------------------------------------

def parameters_cell(nb):
    """The code cell tagged ``parameters`` (papermill's convention), or ``None``."""
    return next((c for c in nb.cells if c.cell_type == "code" and "parameters" in _tags(c)),
                None)


def set_parameters(nb, **values) -> None:
    """Set ``NAME = value`` lines in the ``parameters`` cell (the cell is added if missing).

    The line is rewritten where it is, so the cell reads as the author wrote it with the
    new value (``LANG = 'pl'``), instead of papermill's extra "injected" cell below it.
    """
    import nbformat

    cell = parameters_cell(nb)
    if cell is None:
        cell = nbformat.v4.new_code_cell("", metadata={"tags": ["parameters"]})
        nb.cells.insert(0, cell)
    source = cell.source
    for name, value in values.items():
        line = f"{name} = {value!r}"
        pattern = re.compile(rf"^{re.escape(name)}\s*=.*$", re.M)
        if pattern.search(source):
            source = pattern.sub(lambda _m, line=line: line, source, count=1)
        else:
            source = (source.rstrip("\n") + "\n" + line).lstrip("\n")
    cell.source = source


def literal_assignments(source: str) -> dict:
    """``NAME = literal`` assignments of a code cell (values read with ``ast.literal_eval``,
    never run); other statements are ignored."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return {}
    found = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(
                node.targets[0], ast.Name):
            try:
                found[node.targets[0].id] = ast.literal_eval(node.value)
            except ValueError:
                continue
    return found


def _fold_injected_parameters(nb) -> None:
    """A notebook run by papermill has the parameters twice (the author's cell and the
    ``injected-parameters`` cell below it): write the values that ran into the author's cell
    and drop the injected one, so a page shows each parameter once, as it ran."""
    injected = [c for c in nb.cells if "injected-parameters" in _tags(c)]
    if not injected:
        return
    values = {}
    for cell in injected:
        values.update(literal_assignments(cell.source))
    nb.cells = [c for c in nb.cells if "injected-parameters" not in _tags(c)]
    if parameters_cell(nb) is not None and values:
        set_parameters(nb, **values)


def run_language(nb) -> str | None:
    """The language a saved notebook was run in, from what it shows.

    The marker output of ``mcourse.start`` (``class="mcourse-lang mcourse-lang-pl"``) says it;
    without it, the ``LANG`` of the parameters cell (after papermill's injected cell);
    ``None`` when neither says.
    """
    for cell in nb.cells:
        for output in cell.get("outputs", []) if cell.cell_type == "code" else []:
            html = output.get("data", {}).get("text/html", "")
            match = _LANG_MARKER.search("".join(html) if isinstance(html, list) else html)
            if match:
                return match.group(1)
    for tag in ("injected-parameters", "parameters"):
        for cell in nb.cells:
            if cell.cell_type == "code" and tag in _tags(cell):
                lang = literal_assignments(cell.source).get("LANG")
                if isinstance(lang, str):
                    return lang
    return None


def never_run(nb) -> list[int]:
    """Numbers (1-based, as in the file) of the code cells that hold code but were never run."""
    return [n for n, cell in enumerate(nb.cells, start=1)
            if cell.cell_type == "code" and cell.source.strip()
            and cell.get("execution_count") is None]


# Math ---------------------------------------------------------------------------------

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


# Pages ----------------------------------------------------------------------------------

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
    ``lang``/``dir`` and the course CSS; a parameter papermill injected is shown once, in
    the parameters cell. ``nb`` is a ``nbformat`` notebook (read with
    ``nbformat.read(path, as_version=4)``), executed or not.
    """
    from nbconvert import HTMLExporter

    from .styles import course_css

    lang = _check_lang(lang)
    # Cell numbers as in the notebook file, so that an author finds a faulty formula.
    numbers = [n for n, cell in enumerate(nb.cells, start=1) if _belongs(cell, lang)]
    page = select_language(nb, lang)
    # The page loads no widget scripts, so a widget could not be drawn: without the saved
    # widget state nbconvert shows each widget output's static fallback (mcourse.widgets).
    page.metadata.pop("widgets", None)
    for number, cell in zip(numbers, page.cells, strict=True):
        if cell.cell_type == "markdown":
            cell.source = latex_to_mathml(cell.source, where=t("export.cell", number=number))
    _fold_injected_parameters(page)
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


def monolingual_notebook(nb, lang: str, *, keep_outputs: bool = True):
    """The lesson in one language as a notebook to hand out: the other language's prose
    cells dropped, ``LANG`` set in the parameters cell, papermill's traces removed, and
    (``keep_outputs=False``) no outputs, so a student runs it from a clean state."""
    lang = _check_lang(lang)
    out = select_language(nb, lang)
    _fold_injected_parameters(out)
    if parameters_cell(out) is not None:
        set_parameters(out, LANG=lang)
    for cell in out.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        if cell.cell_type == "code" and not keep_outputs:
            cell.outputs = []
            cell.execution_count = None
    out.metadata.pop("papermill", None)
    out.metadata.setdefault("mcourse", {})["lang"] = lang
    return out


# Running --------------------------------------------------------------------------------

@contextmanager
def _kernel_environment():
    """The kernel draws figures inline (even when MPLBACKEND=Agg is set for tests/make) and
    hashes the same way every run."""
    changes = {"MPLBACKEND": "", **RUN_SEED_ENV}  # MPLBACKEND="": ipykernel's inline backend
    saved = {name: os.environ.get(name) for name in changes}
    os.environ.update(changes)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def read_lesson(path: str | Path):
    """The notebook at ``path`` (a ``CourseError`` in the user's language if it is not one)."""
    import nbformat

    path = Path(path)
    if not path.is_file():
        raise CourseError("export.error.not_found", path=str(path))
    try:
        return nbformat.read(path, as_version=4)
    except Exception as exc:  # JSON and notebook-format errors
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise CourseError("export.error.not_notebook", path=str(path), reason=reason) from exc


def execute_lesson(nb, lang: str, *, cwd: str | Path, path: str | Path = "",
                   timeout: int = 300):
    """Run a copy of ``nb`` top to bottom with ``LANG = lang`` written into its parameters
    cell (the lesson's own ``SEED`` kept), in a fresh ``python3`` kernel started in ``cwd``.

    A cell that fails, a cell running longer than ``timeout`` seconds or a kernel that dies
    is a ``CourseError`` naming the cell (numbered as in the file) and the error.
    """
    from jupyter_client.kernelspec import NoSuchKernel
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    lang = _check_lang(lang)
    nb = copy.deepcopy(nb)
    _fold_injected_parameters(nb)
    if parameters_cell(nb) is not None:
        set_parameters(nb, LANG=lang)
    kernel = nb.metadata.get("kernelspec", {}).get("name") or "python3"
    # ipykernel's start-up warnings (e.g. about TCP) mean nothing to a teacher exporting.
    quiet = ["--IPKernelApp.log_level=ERROR"] if kernel == "python3" else []
    client = NotebookClient(nb, timeout=timeout, kernel_name=kernel, allow_errors=False,
                            extra_arguments=quiet, resources={"metadata": {"path": str(cwd)}})
    with _kernel_environment():
        try:
            client.execute()
        except NoSuchKernel as exc:
            raise CourseError("export.error.kernel", path=str(path), kernel=kernel) from exc
        except (CellExecutionError, CellTimeoutError, DeadKernelError) as exc:
            number = _failed_cell(nb)
            if isinstance(exc, CellTimeoutError):
                reason = t("export.error.timeout", seconds=timeout)
            elif isinstance(exc, DeadKernelError):
                reason = t("export.error.dead_kernel")
            else:
                reason = _error_line(nb, number) or type(exc).__name__
            raise CourseError("export.error.run", path=str(path), lang=lang,
                              cell=number or "?", reason=reason) from exc
    return nb


def _failed_cell(nb) -> int | None:
    """Number (1-based) of the cell with an error output, else the last cell that started."""
    started = None
    for n, cell in enumerate(nb.cells, start=1):
        if cell.cell_type != "code":
            continue
        if any(o.get("output_type") == "error" for o in cell.get("outputs", [])):
            return n
        if cell.get("execution_count") is not None or cell.get("outputs"):
            started = n
    return started


def _error_line(nb, number: int | None) -> str:
    if not number:
        return ""
    for output in nb.cells[number - 1].get("outputs", []):
        if output.get("output_type") == "error":
            return _ANSI.sub("", f"{output.get('ename', '')}: {output.get('evalue', '')}")
    return ""


def prepare(path: str | Path, lang: str, *, execute: bool = True, timeout: int = 300):
    """The lesson at ``path`` ready to show in ``lang``: run with that ``LANG`` (``execute``),
    or as saved, which must then have been run, and in that language."""
    lang = _check_lang(lang)
    path = Path(path)
    nb = read_lesson(path)
    if execute:
        return execute_lesson(nb, lang, cwd=path.parent, path=path, timeout=timeout)
    missing = never_run(nb)
    if missing:
        raise CourseError("export.error.not_run", path=str(path), first=missing[0])
    ran_in = run_language(nb)
    if ran_in is not None and ran_in != lang:
        raise CourseError("export.error.other_language", path=str(path), found=ran_in,
                          lang=lang)
    return nb


def export_notebook(path: str | Path, lang: str, out_dir: str | Path = "build", *,
                    execute: bool | None = None, to: str = "html", timeout: int = 300) -> Path:
    """Write the lesson at ``path`` in one language into ``out_dir``; return the file written.

    ``to="html"``: ``<lesson>.<lang>.html``, run first unless ``execute=False`` (then the
    saved outputs are used, and a notebook never run is refused). ``to="notebook"``:
    ``<lesson>.<lang>.ipynb``, without outputs unless ``execute=True``.
    """
    import nbformat

    lang = _check_lang(lang)
    if to not in FORMATS:
        raise CourseError("export.error.format", to=to, supported=", ".join(FORMATS))
    path = Path(path)
    out_dir = Path(out_dir)
    if to == "notebook":
        nb = prepare(path, lang, timeout=timeout) if execute else read_lesson(path)
        result = monolingual_notebook(nb, lang, keep_outputs=bool(execute))
        target = out_dir / f"{path.stem}.{lang}.ipynb"
        out_dir.mkdir(parents=True, exist_ok=True)
        nbformat.write(result, target)
        return target
    nb = prepare(path, lang, execute=execute is not False, timeout=timeout)
    html = notebook_to_html(nb, lang)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{path.stem}.{lang}.html"
    target.write_text(html, encoding="utf-8")
    return target


# Command line ---------------------------------------------------------------------------

def register(subparsers) -> None:
    """Add ``mcourse export NOTEBOOK --lang ar|pl [-o DIR] [--to html|notebook]
    [--execute | --no-execute] [--timeout S]``.

    ``--lang`` here is the language of the lesson; messages and help follow the user's
    language (``mcourse --lang pl export ...``, ``MCOURSE_LANG``, the system locale), so a
    Polish teacher exporting the Arabic lesson is answered in Polish.
    """
    from .cli import add_command

    parser = add_command(subparsers, "export", "export.help", "export.description",
                         lang_option=False)
    parser.add_argument("notebook", metavar="NOTEBOOK", help=t("export.notebook_help"))
    parser.add_argument("--lang", dest="export_lang", required=True, choices=LESSON_LANGS,
                        help=t("export.lang_help"))
    parser.add_argument("-o", "--output-dir", default="build", metavar="DIR",
                        help=t("export.output_help"))
    parser.add_argument("--to", choices=FORMATS, default="html", help=t("export.to_help"))
    run = parser.add_mutually_exclusive_group()
    run.add_argument("--execute", dest="execute", action="store_true", default=None,
                     help=t("export.execute_help"))
    run.add_argument("--no-execute", dest="execute", action="store_false",
                     help=t("export.no_execute_help"))
    parser.add_argument("--timeout", type=_positive_int, default=300, metavar="S",
                        help=t("export.timeout_help"))
    parser.set_defaults(func=_run)


def _positive_int(text: str) -> int:
    import argparse

    try:
        value = int(text)
    except ValueError:
        value = 0
    if value <= 0:
        raise argparse.ArgumentTypeError(t("export.error.positive", value=text))
    return value


def _run(args) -> int:
    runs = args.execute if args.to == "notebook" else args.execute is not False
    read_lesson(args.notebook)  # a missing or broken file is reported before anything runs
    if runs:
        print(t("export.running", path=args.notebook, lang=args.export_lang), file=sys.stderr,
              flush=True)
    target = export_notebook(args.notebook, args.export_lang, args.output_dir,
                             execute=runs, to=args.to, timeout=args.timeout)
    key = "export.written_notebook" if args.to == "notebook" else "export.written"
    print(t(key, path=str(target)))
    return 0
