"""Seconds to grade a class with ``mcourse grade`` (in parallel) against running the same
submissions one by one with plain papermill; prints the ratio, measured in one run.

    python benchmarks/bench_grading.py [--assignment A2] [--students 30] [--workers N]

``mcourse grade`` does more than papermill here: for each submission it also runs the
teacher's reference solution with that student's parameters (in a warm kernel per worker,
while the student's own kernel starts), scores the answers, and writes the gradebook and
the reports, with every submission in the sandbox under its supervisor. Every submission
holds the teacher's solution, so every honest score is the maximum: the benchmark fails
if one is not.
"""

from __future__ import annotations

import argparse
import csv
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import papermill

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from mcourse.grading.assignment import SOLUTION_TAG, load_assignment  # noqa: E402
from mcourse.grading.execute import Limits  # noqa: E402
from mcourse.grading.release import release  # noqa: E402
from mcourse.grading.run import Options, default_workers, grade  # noqa: E402
from mcourse.grading.sandbox import bwrap_status  # noqa: E402


def solved(path: Path, source) -> nbformat.NotebookNode:
    """A released notebook with the teacher's solution written in every answer cell."""
    solutions, cells = {}, source.nb.cells
    for i, cell in enumerate(cells):
        if SOLUTION_TAG in cell.metadata.get("tags", []):
            solutions[cells[i - 1].source.split("=")[0].strip()] = cell.source
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        name = cell.source.split("=")[0].strip()
        if cell.cell_type == "code" and cell.source.endswith("# ✏️") and name in solutions:
            cell.source = solutions[name]
    return nb


def _cpu() -> float:
    """Processor seconds of this process and of its waited-for descendants."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--assignment", default="A2")
    parser.add_argument("--students", type=int, default=30)
    parser.add_argument("--workers", type=int, default=default_workers())
    parser.add_argument("--trust-code", action="store_true",
                        help="run without bubblewrap where it is missing (trusted code)")
    args = parser.parse_args()
    if not bwrap_status()[0] and not args.trust_code:
        raise SystemExit(f"bubblewrap is not usable ({bwrap_status()[1]}): install it, or "
                         "pass --trust-code to time the grader without a sandbox")
    os.environ.setdefault("MPLBACKEND", "Agg")
    source = load_assignment(args.assignment)
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    with tempfile.TemporaryDirectory() as temp:
        temp = Path(temp)
        roster = temp / "roster.csv"
        rows = [f"s{n:03d},{'ar' if n % 2 else 'pl'}" for n in range(args.students)]
        roster.write_text("ID number,lang\n" + "\n".join(rows) + "\n", encoding="utf-8")
        submissions = temp / "submissions"
        submissions.mkdir()
        for path in release(source.path, roster, temp / "release"):
            nbformat.write(solved(path, source), submissions / path.name)
        files = sorted(submissions.glob("*.ipynb"))

        start, cpu = time.perf_counter(), _cpu()
        for path in files:
            papermill.execute_notebook(str(path), str(temp / f"pm_{path.name}"),
                                       kernel_name="python3", progress_bar=False,
                                       cwd=str(temp))
        serial, serial_cpu = time.perf_counter() - start, _cpu() - cpu

        start, cpu = time.perf_counter(), _cpu()
        summary = grade(submissions, roster, temp / "graded",
                        options=Options(limits=Limits(), workers=args.workers, progress=False),
                        trusted=args.trust_code)
        parallel, parallel_cpu = time.perf_counter() - start, _cpu() - cpu
        with (temp / "graded" / "gradebook.csv").open(encoding="utf-8") as handle:
            totals = [row[f"{source.id} total"] for row in csv.DictReader(handle)]

    print(f"assignment {source.id}, {len(files)} submissions, {os.cpu_count()} cores")
    print(f"papermill, one by one (submissions only): {serial:7.1f} s")
    print(f"mcourse grade, {args.workers} workers (submission + reference solution, scores, "
          f"gradebook, reports; isolation: {summary.isolation}): {parallel:7.1f} s")
    print(f"ratio papermill / mcourse grade: {serial / parallel:.2f}")
    print(f"processor time (this process and its kernels): papermill {serial_cpu:.1f} s, "
          f"mcourse grade {parallel_cpu:.1f} s; load average before: {load}")
    print(f"notebook runs per second: papermill {len(files) / serial:.2f}, "
          f"mcourse grade {2 * len(files) / parallel:.2f}")
    full = sum(1 for total in totals if total and float(total) == source.max_points)
    print(f"honest scores: {full} of {len(totals)} at {source.max_points:g}/"
          f"{source.max_points:g}")
    if full != len(files):
        raise SystemExit("some solved submissions did not get full marks")


if __name__ == "__main__":
    main()
