"""``mcourse release``: one notebook per student from the teacher's source notebook.

Each student's copy has the solution cells (tagged ``solution``) removed, no outputs, the
grading table replaced by the assignment's id, and ``STUDENT_ID`` and ``LANG`` set in the
parameters cell, so opening it gives the student their own data in their own language.
It holds the prose of that language only: a student whose language is ``ar`` or ``pl`` gets
none of the other language's cells (tagged ``lang-pl`` / ``lang-ar``), as
``mcourse export --to notebook`` does; a student listed in ``en`` keeps both.
Files are named ``<assignment>_<id>.ipynb`` so the grader can match them back.

The class list is checked first: with one bad row nothing is written, and the notebooks
are written to a temporary folder and moved into place only once all are ready.
"""

from __future__ import annotations

import copy
import os
import shutil
import tempfile
from pathlib import Path

import nbformat

from ..export import LESSON_LANGS, select_language, set_parameters
from .assignment import SOLUTION_TAG, load_assignment
from .naming import release_name
from .roster import read_roster


def student_template(assignment):
    """The source notebook without solutions, outputs or grading table."""
    nb = copy.deepcopy(assignment.nb)
    nb.cells = [c for c in nb.cells if SOLUTION_TAG not in c.get("metadata", {}).get("tags", [])]
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        cell.metadata.pop("execution", None)
    nb.metadata = {key: value for key, value in nb.metadata.items()
                   if key in ("kernelspec", "language_info", "title")}
    nb.metadata["mcourse"] = {"assignment": assignment.id}
    return nb


def release(assignment, roster, out, id_column=None, default_lang=None) -> list[Path]:
    """Write every student's notebook into ``out``; returns the paths written."""
    source = load_assignment(assignment)
    class_list = read_roster(roster, id_column, default_lang)
    template = student_template(source)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".release-", dir=out))
    written = []
    try:
        for student in class_list.students.values():
            nb = copy.deepcopy(template)
            set_parameters(nb, STUDENT_ID=student.id, LANG=student.lang)
            if student.lang in LESSON_LANGS:  # one language on the page
                nb = select_language(nb, student.lang)
            nb.metadata["mcourse"]["student_id"] = student.id
            nbformat.write(nb, staging / release_name(source.id, student.id))
        for path in sorted(staging.iterdir()):
            os.replace(path, out / path.name)
            written.append(out / path.name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return written
