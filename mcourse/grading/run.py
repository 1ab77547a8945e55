"""Grading a folder of submissions: in parallel, resumable, one row for every file.

For each submitted file the grader finds the student (file name, else the notebook's
``STUDENT_ID``), computes that student's expected answers from the reference solution,
runs the submission with the student's parameters, scores the recorded answers and saves
the result as ``OUT/results/<key>.json`` (written atomically, the moment it is done).

The gradebook, the status table and the reports are then *assembled* from those result
files. A run stopped by Ctrl-C or killed therefore loses nothing already graded, and the
next run grades only the files that have no result yet (or whose file, solution or limits
changed), so no row is ever lost or repeated.

Each result file carries an HMAC (SHA-256) keyed by ``OUT/.grading-key`` (0600, in the
output folder, which no sandboxed kernel can see): a result whose HMAC does not match is
graded again, never reused. A file that was being graded when the grader died, twice, is
not run a third time: its row says so (``--regrade`` tries again). The temporary folders
of a killed run are removed by the next run.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import hashlib
import hmac
import json
import os
import secrets
import shutil
import signal
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from ..errors import CourseError
from ..i18n import SUPPORTED, get_lang, t
from . import sandbox as _sandbox
from .answers import read_answers
from .assignment import Assignment, load_assignment
from .execute import Limits, WarmKernel, run_notebook
from .files import read_json, remove_stale_temporaries, write_atomic, write_json
from .gradebook import format_points, gradebook_row, write_csv, write_gradebook
from .naming import file_key, id_from_filename
from .reference import expected_answers
from .roster import Roster, read_roster
from .score import score_all
from .submission import inject_parameters, read_submission

RESULT_FORMAT = 2
MAX_ATTEMPTS = 2
"""A file whose grading was cut short by the grader's death this many times is not run."""
KEY_FILE = ".grading-key"
TEMP_PREFIX = "mcourse-grade-"
SKIP_NAMES = {".ipynb_checkpoints", "__MACOSX", ".DS_Store", "Thumbs.db", "desktop.ini"}


@dataclass
class Options:
    """How to grade: limits, parallelism, isolation, outputs."""

    limits: Limits = field(default_factory=Limits)
    workers: int | None = None
    sandbox: str = "auto"
    bom: bool = False
    show_expected: bool | None = None
    regrade: bool = False
    progress: bool = True
    trusted: bool = False
    adjust: object = None
    """``adjust(results) -> results``, called on the results just before the gradebook, the
    status table and the reports are written (issue 14: Moodle folders, teacher overrides,
    late policy); the saved result files are not changed."""


@dataclass
class Summary:
    """What a run did, and where its files are."""

    graded: int
    reused: int
    rows: int
    isolation: str
    gradebook: Path
    status: Path
    reports: Path
    interrupted: bool = False


@dataclass
class _Job:
    path: Path
    relpath: str
    key: str
    submission: object
    student_id: str | None
    id_source: str | None
    notebook_id: str | None
    lang: str
    fingerprint: str


def default_workers() -> int:
    """Submissions graded at the same time: one more than the cores this process may use.

    A submission's time is not all processor time (a kernel starting, messages going
    back and forth), so one more than the cores keeps them busy: 30 A2 submissions on
    2 cores took 27 s with 2 workers and 21 s with 3 (``benchmarks/bench_grading.py``).
    """
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:
        cores = os.cpu_count() or 1
    return max(1, cores) + 1


def list_files(folder: Path) -> list[Path]:
    """Every regular file under ``folder`` except hidden and system files."""
    files = []
    for path in sorted(folder.rglob("*")):
        parts = path.relative_to(folder).parts
        if any(p.startswith(".") or p in SKIP_NAMES for p in parts) or not path.is_file():
            continue
        files.append(path)
    return files


def detect_assignment(files: list[Path]) -> str:
    """The assignment id most submissions name in their metadata (written by release)."""
    counts: dict[str, int] = defaultdict(int)
    for path in files:
        if path.suffix.lower() != ".ipynb" or path.stat().st_size > 20_000_000:
            continue
        try:
            meta = json.loads(path.read_text(encoding="utf-8")).get("metadata", {})
            name = meta.get("mcourse", {}).get("assignment")
        except (ValueError, UnicodeDecodeError, AttributeError, OSError):
            continue
        if isinstance(name, str) and name:
            counts[name] += 1
    if not counts:
        raise CourseError("grading.assignment.undetected")
    return max(sorted(counts), key=counts.get)


def _fingerprint(sha: str, assignment: Assignment, limits: Limits, sid, lang) -> str:
    text = json.dumps([RESULT_FORMAT, sha, assignment.sha256, limits.as_dict(), sid, lang],
                      sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def _plan(files, folder, roster: Roster, assignment: Assignment, limits: Limits) -> list[_Job]:
    jobs = []
    max_bytes = int(limits.file_mb * 1e6)
    for path in files:
        sub = read_submission(path, folder, max_bytes)
        notebook_id = sub.params.get("STUDENT_ID")
        notebook_id = str(notebook_id).strip() if isinstance(notebook_id, str | int) else None
        from_name = id_from_filename(path, assignment.id, roster.students)
        if from_name:
            sid, source = from_name, "file"
        elif notebook_id:
            sid, source = notebook_id, "notebook"
        else:
            sid, source = None, None
        student = roster.get(sid) if sid else None
        lang = student.lang if student else str(sub.params.get("LANG", "")).lower()
        if lang not in SUPPORTED:
            lang = get_lang()
        jobs.append(_Job(path, sub.relpath, file_key(sub.relpath), sub, sid, source,
                         notebook_id, lang,
                         _fingerprint(sub.sha256, assignment, limits, sid, lang)))
    return jobs


def _hide_paths(assignment: Assignment, folder: Path, out: Path, roster: Roster) -> list[str]:
    return [str(assignment.path), str(assignment.path.parent), str(folder), str(out),
            roster.path]


# integrity of result files -----------------------------------------------------------------

def result_key(out: Path) -> bytes:
    """The HMAC key of ``out``'s result files (created, mode 0600, on first use)."""
    path = Path(out) / KEY_FILE
    try:
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        key = path.read_bytes().strip()
        if len(key) >= 32:
            return key
        path.unlink()  # empty or cut: a new key; every old result is graded again
        return result_key(out)
    with os.fdopen(handle, "wb") as key_file:
        key_file.write(secrets.token_hex(32).encode())
    return path.read_bytes().strip()


def _digest(result: dict, key: bytes) -> str:
    body = {k: v for k, v in result.items() if k != "hmac"}
    text = json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hmac.new(key, text.encode("utf-8"), hashlib.sha256).hexdigest()


def sign(result: dict, key: bytes) -> dict:
    """``result`` with its HMAC (field ``hmac``)."""
    result["hmac"] = _digest(result, key)
    return result


def verified(result, key: bytes) -> bool:
    """Whether ``result`` (read from a file) is one this grader wrote, unchanged."""
    return (isinstance(result, dict) and isinstance(result.get("hmac"), str)
            and hmac.compare_digest(result["hmac"], _digest(result, key)))


# files being graded when the grader died ------------------------------------------------------

def _attempts_file(out: Path, job: _Job) -> Path:
    return out / "results" / ".attempts" / f"{job.key}.json"


def _attempts(out: Path, job: _Job) -> int:
    data = read_json(_attempts_file(out, job))
    if isinstance(data, dict) and data.get("fingerprint") == job.fingerprint:
        return int(data.get("count", 0))
    return 0


def _begin_attempt(out: Path, job: _Job) -> None:
    write_json(_attempts_file(out, job), {"fingerprint": job.fingerprint,
                                          "count": _attempts(out, job) + 1})


def _end_attempt(out: Path, job: _Job) -> None:
    _attempts_file(out, job).unlink(missing_ok=True)


# temporary folders --------------------------------------------------------------------------

def remove_stale_temp_folders(parent=None) -> list[Path]:
    """Remove the temporary folders of grading runs that are no longer running.

    A running grader holds a lock on ``.lock`` in its folder; a folder whose lock can be
    taken (its grader was killed) is deleted, and so is one without a lock file that
    has not changed for an hour.
    """
    removed = []
    parent = Path(parent or tempfile.gettempdir())
    for folder in parent.glob(f"{TEMP_PREFIX}*"):
        try:
            info = folder.lstat()
            if not folder.is_dir() or folder.is_symlink() or info.st_uid != os.getuid():
                continue
            lock = folder / ".lock"
            if lock.exists():
                with lock.open("rb") as handle:
                    try:
                        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    except OSError:
                        continue  # a grader is using it
                    shutil.rmtree(folder, ignore_errors=True)
            elif time.time() - info.st_mtime > 3600:
                shutil.rmtree(folder, ignore_errors=True)
            else:
                continue
        except OSError:
            continue
        removed.append(folder)
    return removed


def compile_course() -> None:
    """Write the course package's bytecode where it is missing or stale.

    Every kernel imports the package; where Python does not write bytecode itself
    (``PYTHONDONTWRITEBYTECODE``, a read-only sandbox) each kernel would compile it again.
    Nothing happens where the package folder is not writable.
    """
    import compileall

    from .. import __file__ as package_init

    folder = os.path.dirname(package_init)
    if os.access(folder, os.W_OK):
        with contextlib.suppress(Exception):
            compileall.compile_dir(folder, quiet=2, workers=1)


def _new_temp_root():
    """A locked temporary folder for this run: ``(path, open lock file)``."""
    root = tempfile.mkdtemp(prefix=TEMP_PREFIX)
    lock = open(os.path.join(root, ".lock"), "wb")  # noqa: SIM115 (held for the whole run)
    fcntl.flock(lock, fcntl.LOCK_EX)
    return root, lock


def _new_result(job: _Job, assignment: Assignment) -> dict:
    """What a result file holds (JSON): who, which file, what happened, the scores."""
    return {"format": RESULT_FORMAT, "file": job.relpath, "key": job.key,
            "fingerprint": job.fingerprint, "student_id": job.student_id,
            "id_source": job.id_source, "notebook_id": job.notebook_id, "lang": job.lang,
            "events": [], "scores": None, "total": None, "max": assignment.max_points,
            "isolation": None, "seconds": 0.0, "executed": None}


async def _grade_one(job: _Job, assignment: Assignment, options: Options, isolation: str,
                     hide, temp_root, out: Path, kernels: asyncio.Queue | None = None) -> dict:
    result = _new_result(job, assignment)
    events = result["events"]
    sub = job.submission
    if job.notebook_id and job.student_id and job.notebook_id != job.student_id:
        events.append({"code": "id_mismatch", "cell": None,
                       "values": {"file_id": job.student_id, "notebook_id": job.notebook_id}})
    if sub.assignment and sub.assignment != assignment.id:
        events.append({"code": "other_assignment", "cell": None,
                       "values": {"found": sub.assignment, "graded": assignment.id}})
    if sub.problem:
        key, values = sub.problem
        events.append({"code": "not_notebook", "cell": None,
                       "values": {"reason_key": key, **values}})
        result["scores"], result["total"] = score_all(assignment, {}, {}, {})
        return result
    if not job.student_id:
        events.append({"code": "no_student_id", "cell": None, "values": {}})
        return result
    params = {**assignment.parameters, "STUDENT_ID": job.student_id, "LANG": job.lang}

    async def reference():
        kernel = await kernels.get() if kernels is not None else None
        try:
            return await expected_answers(assignment, params, options.limits, temp_root, kernel)
        finally:
            if kernel is not None:
                kernels.put_nowait(kernel)

    # the reference runs in the grader's warm kernel while the student's kernel starts
    expected_task = asyncio.ensure_future(reference())
    try:
        nb = inject_parameters(sub.nb, params)
        execution = await run_notebook(nb, options.limits, isolation, hide, temp_root)
    finally:
        if not expected_task.done():
            await asyncio.wait({expected_task})
    expected, problem = expected_task.result()
    if problem:
        key, values = problem
        events.append({"code": "reference_failed", "cell": None,
                       "values": {"reason_key": key, **values}})
        return result
    events.extend(e.as_dict() for e in execution.events)
    given, invalid = read_answers(execution.nb)
    result["scores"], result["total"] = score_all(assignment, expected, given, invalid)
    result["isolation"] = execution.isolation
    result["seconds"] = execution.seconds
    executed = Path("executed") / f"{job.key}.ipynb"
    write_atomic(out / executed, nbformat.writes(execution.nb))
    result["executed"] = executed.as_posix()
    return result


def _quiet_dead_kernels(loop, context) -> None:
    """Drop asyncio's "Task exception was never retrieved" for a kernel that died.

    nbclient leaves a helper task per cell that fails with ``DeadKernelError`` when a
    kernel dies; the grader has already handled that death (an event in the row).
    """
    exception = context.get("exception")
    if type(exception).__name__ in ("DeadKernelError", "CancelledError"):
        return
    loop.default_exception_handler(context)


async def _grade_all(todo, assignment, options, isolation, hide, temp_root, out, results,
                     bar, key: bytes) -> None:
    workers = options.workers or default_workers()
    limit = asyncio.Semaphore(workers)
    results_dir = out / "results"
    loop = asyncio.get_running_loop()
    loop.set_exception_handler(_quiet_dead_kernels)
    kernels: asyncio.Queue = asyncio.Queue()
    warm = [WarmKernel(options.limits, temp_root) for _ in range(min(workers, len(todo)))]
    for kernel in warm:
        kernels.put_nowait(kernel)

    async def one(job: _Job):
        async with limit:
            _begin_attempt(out, job)
            try:
                result = await _grade_one(job, assignment, options, isolation, hide,
                                          temp_root, out, kernels)
            except asyncio.CancelledError:
                _end_attempt(out, job)  # interrupted by the teacher, not killed by the file
                raise
            except Exception as exc:  # a grader failure still gives the file its row
                result = _new_result(job, assignment)  # (not saved: the next run retries)
                result["events"] = [{"code": "grader_error", "cell": None,
                                     "values": {"detail": f"{type(exc).__name__}: {exc}"[:300]}}]
                _end_attempt(out, job)
            else:
                write_json(results_dir / f"{job.key}.json", sign(result, key))
                _end_attempt(out, job)
            results[job.key] = result
            bar.update(1)

    main = asyncio.current_task()
    try:
        loop.add_signal_handler(signal.SIGTERM, main.cancel)
    except (RuntimeError, NotImplementedError, ValueError):
        pass
    try:
        await asyncio.gather(*(one(job) for job in todo))
    finally:
        for kernel in warm:
            with contextlib.suppress(Exception):
                await kernel.close()
        try:
            loop.remove_signal_handler(signal.SIGTERM)
        except (RuntimeError, NotImplementedError, ValueError):
            pass


def _stopped_result(job: _Job, assignment: Assignment, count: int) -> dict:
    result = _new_result(job, assignment)
    result["events"] = [{"code": "grader_stopped", "cell": None, "values": {"count": count}}]
    return result


def grade(submissions, roster, out, assignment=None, options: Options | None = None,
          id_column: str | None = None, default_lang: str | None = None, *,
          trusted: bool = False) -> Summary:
    """Grade every file in ``submissions`` against the class list ``roster`` into ``out``.

    ``assignment``: the teacher's source notebook (path or id such as ``A2``); by default
    the id that the submissions' metadata names. ``trusted`` (or ``options.trusted``):
    the teacher trusts the submitted code, so it may run without a sandbox where none
    works; otherwise a missing sandbox is an error. Returns a :class:`Summary`; raises
    ``KeyboardInterrupt`` again after saving what was done if the run is interrupted.
    """
    options = options or Options()
    trusted = trusted or options.trusted
    folder = Path(submissions)
    if not folder.is_dir():
        raise CourseError("grading.cli.no_folder", path=str(folder))
    out = Path(out)
    if out.resolve() == folder.resolve() or folder.resolve() in out.resolve().parents:
        raise CourseError("grading.cli.out_inside", out=str(out), folder=str(folder))
    class_list = read_roster(roster, id_column, default_lang)
    files = list_files(folder)
    source = load_assignment(assignment or detect_assignment(files))
    isolation = _sandbox.choose(options.sandbox, trusted)
    compile_course()
    (out / "results").mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(out / "results")
    remove_stale_temp_folders()
    key = result_key(out)
    jobs = _plan(files, folder, class_list, source, options.limits)
    results: dict[str, dict] = {}
    todo = []
    for job in jobs:
        if options.regrade:
            _end_attempt(out, job)
        old = read_json(out / "results" / f"{job.key}.json")
        if (not options.regrade and isinstance(old, dict) and verified(old, key)
                and old.get("fingerprint") == job.fingerprint and old.get("file") == job.relpath):
            results[job.key] = old
        elif (count := _attempts(out, job)) >= MAX_ATTEMPTS:
            result = sign(_stopped_result(job, source, count), key)
            write_json(out / "results" / f"{job.key}.json", result)
            _end_attempt(out, job)
            results[job.key] = result
        else:
            todo.append(job)
    from tqdm import tqdm

    interrupted = False
    temp_root, lock = _new_temp_root()
    bar = tqdm(total=len(jobs), initial=len(jobs) - len(todo), desc=t("grading.progress"),
               unit=t("grading.progress_unit"), file=sys.stderr, disable=not options.progress,
               dynamic_ncols=True)
    try:
        asyncio.run(_grade_all(todo, source, options, isolation,
                               _hide_paths(source, folder.resolve(), out.resolve(), class_list),
                               temp_root, out, results, bar, key))
    except (KeyboardInterrupt, asyncio.CancelledError):
        interrupted = True
    finally:
        bar.close()
        shutil.rmtree(temp_root, ignore_errors=True)
        lock.close()
    show = source.show_expected if options.show_expected is None else options.show_expected
    shown = options.adjust(dict(results)) if options.adjust is not None else results
    rows = assemble(jobs, shown, class_list, source, out, options.bom, show, isolation)
    summary = Summary(sum(1 for j in todo if j.key in results), len(jobs) - len(todo), rows,
                      isolation, out / "gradebook.csv", out / "status.csv", out / "reports",
                      interrupted)
    if interrupted:
        raise KeyboardInterrupt(summary)
    return summary


# assembling -----------------------------------------------------------------------------

def _answer_events(result: dict) -> list[dict]:
    events = []
    scores = result.get("scores") or []
    missing = [s["question"] for s in scores if s["verdict"] == "missing"]
    malformed = [s["question"] for s in scores if s["verdict"] in ("format", "invalid")]
    if missing and not any(e["code"] == "not_notebook" for e in result["events"]):
        events.append({"code": "answers_missing", "cell": None,
                       "values": {"questions": ", ".join(missing)}})
    if malformed:
        events.append({"code": "answers_malformed", "cell": None,
                       "values": {"questions": ", ".join(malformed)}})
    for verdict in ("wrong", "partial"):
        questions = [s["question"] for s in scores if s["verdict"] == verdict]
        if questions:
            events.append({"code": f"answers_{verdict}", "cell": None,
                           "values": {"questions": ", ".join(questions)}})
    return events


def describe(event: dict, lang: str | None = None) -> str:
    """An event in words, in ``lang`` (default: the active language)."""
    values = dict(event.get("values", {}))
    reason_key = values.pop("reason_key", None)
    if reason_key:
        values["reason"] = t(reason_key, lang, **values)
    values["cell"] = event.get("cell") if event.get("cell") is not None else "-"
    return t(f"grading.event.{event['code']}", lang, **values)


def all_events(result: dict, extra: list[dict]) -> list[dict]:
    """The events of a result, then the answer summary and the class-level ones."""
    return list(result.get("events", [])) + _answer_events(result) + extra


def assemble(jobs, results, roster: Roster, assignment: Assignment, out: Path, bom: bool,
             show_expected: bool, isolation: str) -> int:
    """Write gradebook.csv, status.csv and the reports from the results; returns row count."""
    from .report import report_name, write_report

    by_student: dict[str, list[_Job]] = defaultdict(list)
    for job in jobs:
        if job.key in results and results[job.key].get("student_id"):
            by_student[results[job.key]["student_id"]].append(job)
    qids = list(assignment.questions)
    status_header = ([t("grading.col.file"), t("grading.col.id"), t("grading.col.name"),
                      t("grading.col.lang"), t("grading.col.in_roster"), t("grading.col.status"),
                      t("grading.col.message")] + qids
                     + [t("grading.col.total"), t("grading.col.max"), t("grading.col.isolation"),
                        t("grading.col.report")])
    status_rows = []
    used_names: set[str] = set()
    for job in sorted(jobs, key=lambda j: (results.get(j.key, {}).get("student_id") or "\uffff",
                                           j.relpath)):
        result = results.get(job.key)
        if result is None:  # interrupted before this file was graded
            result = {"file": job.relpath, "student_id": job.student_id, "lang": job.lang,
                      "events": [{"code": "pending", "cell": None, "values": {}}],
                      "scores": None, "total": None, "max": assignment.max_points,
                      "isolation": None}
        sid = result.get("student_id")
        extra = []
        student = roster.get(sid) if sid else None
        if sid and student is None:
            extra.append({"code": "unknown_student", "cell": None, "values": {"id": sid}})
        others = [j.relpath for j in by_student.get(sid, []) if j.key != job.key] if sid else []
        if others:
            extra.append({"code": "duplicate", "cell": None,
                          "values": {"id": sid, "files": ", ".join(others)}})
        events = all_events(result, extra)
        codes = list(dict.fromkeys(e["code"] for e in events)) or ["ok"]
        message = "; ".join(describe(e) for e in events) or t("grading.event.ok")
        name = report_name(sid, job.relpath, job.key, unique=bool(sid) and not others
                           and student is not None, taken=used_names)
        write_report(out / "reports" / name, result, assignment, student,
                     show_expected, events)
        scores = {s["question"]: s["points"] for s in result.get("scores") or []}
        status_rows.append(
            [job.relpath, sid or "", student.name if student else "", result.get("lang", ""),
             t("grading.col.yes") if student else t("grading.col.no"), " ".join(codes), message]
            + [format_points(scores.get(q)) if result.get("scores") else "" for q in qids]
            + [format_points(result.get("total")), format_points(assignment.max_points),
               result.get("isolation") or "", f"reports/{name}"])
    for sid, student in roster.students.items():
        if sid not in by_student:
            event = {"code": "no_submission", "cell": None, "values": {}}
            status_rows.append([
                "", sid, student.name, student.lang, t("grading.col.yes"), "no_submission",
                describe(event)] + [""] * len(qids)
                + ["", format_points(assignment.max_points), "", ""])
    for stale in (out / "reports").glob("*.html"):
        if stale.name not in used_names:  # a file no longer in the folder: no report
            stale.unlink()
    write_csv(out / "status.csv", status_header, status_rows, bom)
    book = []
    for sid in roster.students:
        mine = by_student.get(sid, [])
        result = results.get(mine[0].key) if len(mine) == 1 else None
        if result and result.get("scores") is not None:
            scores = {s["question"]: s["points"] for s in result["scores"]}
            book.append(gradebook_row(sid, assignment, scores, result["total"]))
        else:
            book.append(gradebook_row(sid, assignment, None, None))
    write_gradebook(out / "gradebook.csv", roster.id_header, assignment, book, bom)
    return len(status_rows)
