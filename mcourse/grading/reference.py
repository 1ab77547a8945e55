"""The answers a student should have given, from the teacher's reference solution.

The grader runs the teacher's source notebook, solution cells included, with the
student's own parameters (``STUDENT_ID``, ``LANG``), so the expected answers are computed
on that student's data by the same code the teacher wrote. This happens in the grader's
own kernels, never in a student's: a *warm* kernel per worker (:class:`~mcourse.grading.
execute.WarmKernel`, its imports already loaded, its namespace emptied before each
student) and, whenever anything goes wrong there, a fresh kernel, whose answer is the one
kept. The answers live in the grader's memory and in its output folder, which no
student's kernel can see; the released notebooks hold no solution cells and nothing a
student can import returns these answers.
"""

from __future__ import annotations

import copy

from .answers import read_answers
from .execute import Limits, WarmKernel, run_notebook
from .submission import clean_notebook, inject_parameters


def reference_notebook(assignment, params: dict):
    """The teacher's notebook, solutions included, with ``params`` injected."""
    return inject_parameters(clean_notebook(assignment.nb), params)


def merged(nb):
    """The notebook's code cells as one cell, in order (``None`` if one is a cell magic).

    In the warm kernel the reference runs as one cell: the same code in the same order
    in one namespace, without the cost of each cell's round trip and of displaying each
    cell's last value. Any problem there sends the reference to a fresh kernel, cell by
    cell, where the failing cell is named.
    """
    from nbformat.v4 import new_code_cell, new_notebook

    sources = [c.source for c in nb.cells if c.cell_type == "code"]
    if any(source.lstrip().startswith("%%") for source in sources):
        return None
    merged_nb = new_notebook(cells=[new_code_cell("\n".join(sources))],
                             metadata=copy.deepcopy(nb.metadata))
    return merged_nb


def _check(assignment, execution):
    values, invalid = read_answers(execution.nb)
    if execution.events:
        event = execution.events[0]
        detail = " ".join(str(v) for v in event.values.values() if v)[:300]
        return values, ("grading.reference.failed",
                        {"cell": event.cell or "-", "what": event.code, "detail": detail})
    missing = [q for q in assignment.questions if q not in values]
    if missing or invalid:
        return values, ("grading.reference.incomplete",
                        {"questions": ", ".join(missing + sorted(invalid))})
    return values, None


async def expected_answers(assignment, params: dict, limits: Limits, temp_root=None,
                           kernel: WarmKernel | None = None):
    """``(answers, problem)``: the reference answers, or why they could not be computed.

    ``kernel``: a warm kernel to try first. ``problem`` is ``None`` or a message key and
    its values; it names the cell that failed or the questions the reference did not
    answer (in a fresh kernel).
    """
    nb = reference_notebook(assignment, params)
    if kernel is not None:
        warm = merged(nb) or copy.deepcopy(nb)
        values, problem = _check(assignment, await kernel.execute(warm))
        if problem is None:
            return values, None
    execution = await run_notebook(nb, limits, isolation="process", temp_root=temp_root)
    return _check(assignment, execution)
