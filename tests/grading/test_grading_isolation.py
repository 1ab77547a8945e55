"""The findings of issue 13, one test each: what a student's kernel can see and write,
a kernel that kills its parent, processes that outlive their row, filling the disk,
tampered result files, a MemoryError followed by later answers, and the grader's own
leftovers. Each of these failed on the grader before the supervisor and the narrower
sandbox."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from dataclasses import replace
from pathlib import Path

import nbformat
import pytest
from grading_helpers import LIMITS, read_csv, save, submission, write_roster, write_source

import mcourse
from mcourse.errors import CourseError
from mcourse.grading import run as run_module
from mcourse.grading import sandbox
from mcourse.grading.answers import ANSWER_MIME
from mcourse.grading.naming import file_key
from mcourse.grading.run import Options, grade, sign, verified
from mcourse.i18n import t

BLANK = {q: f"{q} = None" for q in ("q1", "q2", "q3")}
CHECKOUT = Path(mcourse.__file__).resolve().parents[1]
"""The folder holding the imported course package: the checkout, with an editable install."""


def _need_bwrap():
    usable, detail = sandbox.bwrap_status()
    if not usable:
        if os.environ.get("CI"):
            pytest.fail(f"CI must provide bubblewrap for the grading sandbox: {detail}")
        pytest.skip(f"bubblewrap is not usable here ({detail}); install it to run this test")


def _recorded(out: Path, name: str, question: str):
    """The value a submission's kernel recorded for ``question`` (from its executed copy)."""
    result = json.loads((out / "results" / f"{file_key(name)}.json").read_text("utf-8"))
    executed = nbformat.read(out / result["executed"], as_version=4)
    for cell in executed.cells:
        for output in cell.get("outputs", []):
            payload = output.get("data", {}).get(ANSWER_MIME)
            if isinstance(payload, dict) and payload.get("question") == question:
                return payload.get("value")
    raise AssertionError(f"{question} not recorded")


def _rows(out: Path) -> dict:
    return {row["id"]: row for row in read_csv(out / "status.csv")}


# 1. the sandbox shows the Python installation, the course package and data, nothing else

SPY = """\
import glob, json, os
import mcourse
from mcourse.data.catalogue import data_dir
checkout = {checkout!r}
found = []
for path in glob.glob(os.path.join(checkout, "**", "results", "*.json"), recursive=True,
                      include_hidden=True):
    try:
        data = json.load(open(path, encoding="utf-8"))
    except (OSError, ValueError):
        continue
    if not isinstance(data, dict) or "fingerprint" not in data:
        continue  # not a grading result (the Python installation has such files too)
    found.append(path)
    for item in data.get("scores") or []:
        if item.get("expected") is not None:
            answer(item["question"], item["expected"])
def writable(folder):
    try:
        with open(os.path.join(folder, ".probe"), "w") as handle:
            handle.write("x")
        os.remove(os.path.join(folder, ".probe"))
        return True
    except OSError:
        return False
seen = {{path: os.path.exists(path) for path in {private!r}}}
seen["results found"] = len(found)
seen["writable"] = sorted(f for f in ("/", "/usr", "/dev", mcourse.__path__[0]) if writable(f))
# The checkout itself: a checkout under /tmp shows up inside the kernel's own private /tmp,
# where writing is harmless. What matters is that nothing reaches the real checkout: leave
# a marker there and the test looks for it from outside.
try:
    with open(os.path.join(checkout, {marker!r}), "w") as handle:
        handle.write("x")
except OSError:
    pass
own = [os.getcwd(), os.environ["HOME"], "/tmp", "/dev/shm"]
answer("spy", json.dumps({{"hidden": seen, "package": os.path.isfile(mcourse.__file__),
                           "data": len(os.listdir(data_dir())),
                           "own writable": [writable(f) for f in own]}}))"""


def _private_paths(base: Path) -> list[str]:
    """The teacher's things a kernel must not see: the checkout's other files, the class
    folder inside it, and what the grader's home holds besides the way to Python."""
    bound = sandbox.python_paths()
    paths = [CHECKOUT / name for name in ("notebooks", "tests", "README.md", "pyproject.toml",
                                          ".git", "tools")]
    paths.append(base)
    home = Path(os.path.expanduser("~"))
    paths += sorted(p for p in home.iterdir()
                    if not any(f == str(p) or f.startswith(f"{p}/") for f in bound))[:20]
    return [str(p) for p in paths if p.exists()]


def test_kernel_sees_no_earlier_results_in_the_checkout():
    """The teacher keeps the class inside the checkout (as the README's relative commands
    suggest): an earlier run's results hold this student's expected answers; a blank
    notebook looks for them. It finds nothing, and sees only the package and data."""
    _need_bwrap()
    base = CHECKOUT / f".grading-test-{uuid.uuid4().hex[:8]}"
    marker = f".spy-marker-{uuid.uuid4().hex[:8]}"
    try:
        source = write_source(base / "teacher" / "T1_source.ipynb")
        roster = write_roster(base / "roster.csv", [("s1", "en")])
        save(submission("s1"), base / "submissions", "T1_s1.ipynb")
        grade(base / "submissions", roster, base / "graded", source,
              Options(limits=LIMITS, progress=False))
        assert list((base / "graded" / "results").glob("*.json"))

        spy = SPY.format(checkout=str(CHECKOUT), private=_private_paths(base), marker=marker)
        save(submission("s1", answers=BLANK, before=spy), base / "again", "T1_s1.ipynb")
        summary = grade(base / "again", roster, base / "graded-again", source,
                        Options(limits=LIMITS, progress=False))
        assert summary.isolation == "bubblewrap"
        row = _rows(base / "graded-again")["s1"]
        assert row["total"] == "0", row
        seen = json.loads(_recorded(base / "graded-again", "T1_s1.ipynb", "spy"))
        reached = (CHECKOUT / marker).exists()
    finally:
        shutil.rmtree(base, ignore_errors=True)
        (CHECKOUT / marker).unlink(missing_ok=True)
    assert not reached, "a kernel wrote into the real checkout"
    assert seen["package"] and seen["data"] > 10
    assert all(seen["own writable"]), seen
    assert len(seen["hidden"]) > 5 and not any(seen["hidden"].values()), seen


def test_sandbox_binds_the_package_and_data_not_the_checkout(tmp_path):
    folders = sandbox.python_paths()
    assert str(CHECKOUT) not in folders or CHECKOUT.name == "site-packages"
    package = os.path.realpath(os.path.dirname(mcourse.__file__))
    assert package in folders
    inside = tmp_path / "pkg" / "secret.json"
    inside.parent.mkdir()
    inside.write_text("{}")
    command = sandbox.bwrap_command(tmp_path, [str(inside), str(tmp_path / "missing")],
                                    folders=[str(tmp_path / "pkg")])
    bound = sandbox.bound_folders(command)
    assert str(tmp_path / "pkg") in bound and "/" not in bound
    pairs = list(zip(command, command[1:], command[2:], strict=False))
    assert ("--ro-bind", "/dev/null", str(inside)) in pairs
    assert command[command.index("--chdir") + 1] == str(tmp_path / "work")
    assert ("--remount-ro", "/") in set(zip(command, command[1:], strict=False))
    assert "--unshare-all" in command and "--die-with-parent" in command


def test_no_sandbox_means_no_student_code_unless_trusted(monkeypatch):
    monkeypatch.setattr(sandbox, "bwrap_status", lambda: (False, "bwrap not installed"))
    with pytest.raises(CourseError) as info:
        sandbox.choose("auto")
    assert info.value.key == "grading.sandbox.required"
    assert sandbox.choose("auto", trusted=True) == "process"
    with pytest.raises(CourseError) as info:
        sandbox.choose("none")
    assert info.value.key == "grading.sandbox.none_untrusted"
    assert sandbox.choose("none", trusted=True) == "process"
    for lang in ("ar", "pl", "en"):
        text = t("grading.sandbox.required", lang, detail="bwrap not installed")
        assert "apt-get install bubblewrap" in text and "--trust-code" in text
    assert "piaskownic" in t("grading.sandbox.required", "pl", detail="x")


# 2. a kernel that kills its parent (no sandbox, trusted code)

KILL_PARENT = "import os, signal\nos.kill(os.getppid(), signal.SIGKILL)"
KILL_GROUP = "import os, signal\nos.killpg(os.getpgid(os.getppid()), signal.SIGKILL)"
KILL_LATE = ("import os, signal\nos.kill(os.getppid(), signal.SIGSTOP)\n"
             "os.kill(os.getppid(), signal.SIGTERM)")
"""The parent's death is pending while later cells run: it must be charged to this cell."""


def _cli(base: Path, *extra: str, timeout: float = 240):
    command = [sys.executable, "-m", "mcourse.cli", "--lang", "en", "grade",
               str(base / "submissions"), "--roster", str(base / "roster.csv"), "-o",
               str(base / "out"), "--assignment", str(base / "teacher" / "T1_source.ipynb"),
               "--cell-timeout", "5", "--timeout", "40", "--memory", "512",
               "--output-kb", "64", "--no-progress", *extra]
    # its own session: on the old grader the killing cell reached the grader's group
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout,
                          start_new_session=True, env=dict(os.environ, TMPDIR=str(base / "t")))


def test_kernel_that_kills_its_parent_does_not_stop_the_batch(tmp_path):
    (tmp_path / "t").mkdir()
    source = write_source(tmp_path / "teacher" / "T1_source.ipynb")
    assert source.exists()
    subs = tmp_path / "submissions"
    save(submission("k1", extra={"q1": KILL_PARENT}), subs, "T1_k1.ipynb")
    save(submission("k2", extra={"q2": KILL_GROUP}), subs, "T1_k2.ipynb")
    save(submission("k3", extra={"q1": KILL_LATE}), subs, "T1_k3.ipynb")
    save(submission("h1"), subs, "T1_h1.ipynb")
    write_roster(tmp_path / "roster.csv", [("k1", "en"), ("k2", "pl"), ("k3", "en"),
                                           ("h1", "ar")])
    done = _cli(tmp_path, "--sandbox", "none", "--trust-code", "--workers", "2")
    assert done.returncode == 0, done.stderr
    rows = _rows(tmp_path / "out")
    assert rows["h1"]["total"] == "4"
    for sid, cell in (("k1", 5), ("k2", 7), ("k3", 5)):
        # the kernel died with its supervisor, in the cell that killed it; later answers count
        seen = json.dumps(rows[sid]) + done.stderr[-3000:]
        assert rows[sid]["status"] == "kernel_died", seen
        assert f"the kernel died in cell {cell} " in rows[sid]["what happened"], seen
        assert rows[sid]["total"] == "4", seen
        assert rows[sid]["isolation"] == "process"
    assert "Task exception was never retrieved" not in done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    assert not list((tmp_path / "t").glob("mcourse-grade-*"))


# 3. processes that outlive their row (no sandbox, trusted code)

DAEMON = """\
import os, sys, time
log, book, out = sys.argv[1:4]
for _ in range(300):
    with open(log, "a") as handle:
        handle.write(f"{os.getpid()} {time.time()}\\n")
    if os.path.exists(book):
        with open(book, "a") as handle:
            handle.write('"h1","4","4","4","12"\\n')
        open(os.path.join(out, "written-by-a-daemon"), "w").close()
    time.sleep(0.1)
"""

SPAWN = """\
import os, subprocess, sys, time
command = [sys.executable] + {args!r}
if os.fork() == 0:  # the classic daemon: fork, setsid, fork again
    os.setsid()
    if os.fork() == 0:
        os.execv(sys.executable, command)
    os._exit(0)
quiet = dict(stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
subprocess.Popen(command, start_new_session=True, **quiet)
subprocess.Popen(["/usr/bin/env", "-i"] + command, **quiet)  # without the run's token
time.sleep(0.5)"""


def test_no_process_of_a_submission_outlives_its_row(tmp_path):
    source = write_source(tmp_path / "teacher" / "T1_source.ipynb")
    subs, out = tmp_path / "submissions", tmp_path / "out"
    log = tmp_path / "alive.log"
    daemon = tmp_path / "daemon.py"
    daemon.write_text(DAEMON)
    code = SPAWN.format(args=[str(daemon), str(log), str(out / "gradebook.csv"), str(out)])
    save(submission("d1", extra={"q3": code}), subs, "T1_d1.ipynb")
    save(submission("h1"), subs, "T1_h1.ipynb")
    roster = write_roster(tmp_path / "roster.csv", [("d1", "en"), ("h1", "en")])
    summary = grade(subs, roster, out, source, Options(limits=LIMITS, sandbox="none",
                                                       progress=False), trusted=True)
    assert summary.isolation == "process"
    book = (out / "gradebook.csv").read_bytes()
    pids = {int(line.split()[0]) for line in log.read_text().splitlines()}
    assert len(pids) == 3  # all three daemons ran
    size = log.stat().st_size
    time.sleep(1.0)
    assert log.stat().st_size == size  # nobody writes any more
    for pid in pids:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
    assert (out / "gradebook.csv").read_bytes() == book
    assert not (out / "written-by-a-daemon").exists()
    assert _rows(out)["d1"]["total"] == "4"


# 4. the disk limit

FILL = """\
import os, tempfile, time
written = 0
for folder in (os.environ["HOME"], os.getcwd(), tempfile.gettempdir()):
    for n in range(60):
        try:
            with open(os.path.join(folder, f"fill{n}"), "wb") as handle:
                handle.write(b"x" * 2**21)
            written += 2
        except OSError:
            break
        time.sleep(0.01)
print("wrote", written, "MB")"""


@pytest.mark.parametrize("mode", ["bubblewrap", "trusted"])
def test_disk_limit(tmp_path, mode):
    if mode == "bubblewrap":
        _need_bwrap()
    source = write_source(tmp_path / "teacher" / "T1_source.ipynb")
    subs, out = tmp_path / "submissions", tmp_path / "out"
    save(submission("f1", extra={"q1": FILL}), subs, "T1_f1.ipynb")
    roster = write_roster(tmp_path / "roster.csv", [("f1", "en")])
    limits = replace(LIMITS, disk_mb=16)
    options = Options(limits=limits, progress=False,
                      sandbox="bwrap" if mode == "bubblewrap" else "none")
    grade(subs, roster, out, source, options, trusted=mode == "trusted")
    row = _rows(out)["f1"]
    assert "disk_limit" in row["status"] and "disk limit (16 MB" in row["what happened"], row
    assert row["total"] == "4", row  # the kernel was restarted; later answers count


# 5. tampered result files are graded again

def test_tampered_result_is_regraded_not_reused(tmp_path):
    source = write_source(tmp_path / "teacher" / "T1_source.ipynb")
    subs, out = tmp_path / "submissions", tmp_path / "out"
    save(submission("w1", answers=BLANK), subs, "T1_w1.ipynb")
    save(submission("h1"), subs, "T1_h1.ipynb")
    roster = write_roster(tmp_path / "roster.csv", [("w1", "en"), ("h1", "en")])
    options = Options(limits=LIMITS, progress=False)
    grade(subs, roster, out, source, options)
    assert _rows(out)["w1"]["total"] == "0"
    path = out / "results" / f"{file_key('T1_w1.ipynb')}.json"
    forged = json.loads(path.read_text("utf-8"))
    for score in forged["scores"]:
        score.update(points=score["max"], verdict="correct")
    forged["total"] = forged["max"]
    path.write_text(json.dumps(forged), "utf-8")
    again = grade(subs, roster, out, source, options)
    assert (again.graded, again.reused) == (1, 1)
    assert _rows(out)["w1"]["total"] == "0"
    assert {r["T1 total"] for r in read_csv(out / "gradebook.csv")} == {"0", "4"}


def test_result_integrity_check(tmp_path):
    key = run_module.result_key(tmp_path)
    assert (tmp_path / ".grading-key").stat().st_mode & 0o777 == 0o600
    assert run_module.result_key(tmp_path) == key
    result = sign({"total": 1, "scores": [{"points": 1}]}, key)
    assert verified(json.loads(json.dumps(result)), key)
    assert not verified({**result, "total": 4}, key)
    assert not verified({k: v for k, v in result.items() if k != "hmac"}, key)
    assert not verified(result, b"another key" * 4)


def test_file_that_stopped_the_grader_twice_is_not_run_again(tmp_path):
    source = write_source(tmp_path / "teacher" / "T1_source.ipynb")
    subs, out = tmp_path / "submissions", tmp_path / "out"
    save(submission("p1"), subs, "T1_p1.ipynb")
    roster = write_roster(tmp_path / "roster.csv", [("p1", "en")])
    options = Options(limits=LIMITS, progress=False)
    job = run_module._plan(run_module.list_files(subs), subs,
                           run_module.read_roster(roster), run_module.load_assignment(source),
                           LIMITS)[0]
    for _ in range(2):  # two runs died while running this file
        run_module._begin_attempt(out, job)
    summary = grade(subs, roster, out, source, options)
    assert summary.graded == 0
    row = _rows(out)["p1"]
    assert row["status"] == "grader_stopped" and row["total"] == ""
    assert "--regrade" in row["what happened"]
    grade(subs, roster, out, source, replace(options, regrade=True))
    assert _rows(out)["p1"]["total"] == "4"


# 6. a MemoryError, then later answers

HOG = "hog = []"
FILL_MEMORY = "while True:\n    hog.append(bytearray(2**20))"
LATER = "import numpy\nq2 = float(numpy.float64(a) / b)"


def test_memory_error_then_later_answers_count(tmp_path):
    source = write_source(tmp_path / "teacher" / "T1_source.ipynb")
    subs, out = tmp_path / "submissions", tmp_path / "out"
    nb = submission("m1", answers={"q2": LATER}, extra={"q1": HOG})
    nb.cells.insert(next(i for i, c in enumerate(nb.cells) if c.source == HOG) + 1,
                    nbformat.v4.new_code_cell(FILL_MEMORY))
    save(nb, subs, "T1_m1.ipynb")
    roster = write_roster(tmp_path / "roster.csv", [("m1", "pl")])
    grade(subs, roster, out, source, Options(limits=LIMITS, progress=False))
    row = _rows(out)["m1"]
    assert "memory" in row["status"].split() or "kernel_died" in row["status"].split(), row
    assert row["q2"] == "2" and row["q3"] == "1" and row["total"] == "4", row


# 7. the grader's own leftovers

def test_temp_folders_of_killed_runs_are_removed(tmp_path):
    lock_holder = tmp_path / f"{run_module.TEMP_PREFIX}alive"
    lock_holder.mkdir()
    held = (lock_holder / ".lock").open("wb")
    import fcntl

    fcntl.flock(held, fcntl.LOCK_EX)
    killed = tmp_path / f"{run_module.TEMP_PREFIX}killed"
    (killed / "mcg-x" / "work").mkdir(parents=True)
    (killed / ".lock").touch()
    old = tmp_path / f"{run_module.TEMP_PREFIX}old"
    old.mkdir()
    os.utime(old, (time.time() - 7200, time.time() - 7200))
    removed = run_module.remove_stale_temp_folders(tmp_path)
    assert sorted(p.name for p in removed) == sorted([killed.name, old.name])
    assert lock_holder.exists() and not killed.exists() and not old.exists()
    held.close()


def test_supervisor_kills_the_whole_tree():
    """The supervisor, alone: a kernel stand-in that leaves a detached grandchild."""
    script = Path(sandbox.__file__).with_name("supervisor.py")
    code = ("import os, subprocess, sys, time\n"
            "p = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)'],"
            " start_new_session=True)\n"
            "print(p.pid, flush=True)\n"
            "os._exit(3)")
    config = json.dumps({"parent": os.getpid(), "rlimits": {}, "token": "t"})
    done = subprocess.run([sys.executable, str(script), config, "--", sys.executable, "-c",
                           code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 3
    grandchild = int(done.stdout.split()[0])
    with pytest.raises(ProcessLookupError):
        os.kill(grandchild, 0)
    killed = subprocess.run([sys.executable, str(script), config, "--", sys.executable, "-c",
                             "import os, signal; os.kill(os.getpid(), signal.SIGSEGV)"],
                            capture_output=True, timeout=60)
    assert killed.returncode == -signal.SIGSEGV


def test_dead_kernel_task_errors_are_not_printed():
    """nbclient's helper tasks that fail with DeadKernelError after a kernel died (already
    an event in the row) do not print "Task exception was never retrieved"; others do."""
    from nbclient.exceptions import DeadKernelError

    calls = []

    class Loop:
        def default_exception_handler(self, context):
            calls.append(context)

    dead = {"message": "Task exception was never retrieved",
            "exception": DeadKernelError("Kernel died")}
    run_module._quiet_dead_kernels(Loop(), dead)
    assert calls == []
    other = {"message": "Task exception was never retrieved", "exception": ValueError("x")}
    run_module._quiet_dead_kernels(Loop(), other)
    assert calls == [other]
