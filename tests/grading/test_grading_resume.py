"""A grading run stopped by Ctrl-C, then killed, then finished gives the same gradebook as
an uninterrupted run, never runs an already graded submission again, and cleans up what
the killed run left behind."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time

import pytest
from grading_helpers import read_csv, save, submission, write_roster, write_source

STUDENTS = [("r1", "en"), ("r2", "pl"), ("r3", "ar"), ("r4", "en"), ("r5", "pl"), ("r6", "en")]


def _command(subs, roster, source, out, workers):
    return [sys.executable, "-m", "mcourse.cli", "--lang", "en", "grade", str(subs),
            "--roster", str(roster), "-o", str(out), "--assignment", str(source),
            "--workers", str(workers), "--cell-timeout", "5", "--timeout", "40",
            "--memory", "512", "--output-kb", "64", "--no-progress"]


def _stop_after(command, results, count: int, sig, env) -> int:
    """Start a run, send ``sig`` once ``count`` results are saved; return its exit code."""
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, env=env)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if len(list(results.glob("*.json"))) >= count:
            os.kill(process.pid, sig)
            break
        time.sleep(0.05)
    process.communicate(timeout=120)
    return process.returncode


def _snapshot(results):
    return {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in results.glob("*.json")}


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    base = tmp_path_factory.mktemp("resume")
    source = write_source(base / "teacher" / "T1_source.ipynb")
    subs = base / "submissions"
    for n, (sid, lang) in enumerate(STUDENTS):
        answers = {"q1": "q1 = a - b"} if n % 2 else {}
        if n == 3:
            answers = {"q2": "q2 = 1 / 0"}
        save(submission(sid, lang, answers), subs, f"T1_{sid}.ipynb")
    roster = write_roster(base / "roster.csv", STUDENTS + [("r7", "ar")])
    env = dict(os.environ, TMPDIR=str(base / "t"))  # what a killed run leaves stays here
    (base / "t").mkdir()
    whole = subprocess.run(_command(subs, roster, source, base / "whole", 2),
                           capture_output=True, text=True, timeout=300, env=env)
    assert whole.returncode == 0, whole.stderr

    out = base / "resumed"
    results = out / "results"
    command = _command(subs, roster, source, out, 1)
    ctrl_c = _stop_after(command, results, 2, signal.SIGINT, env)
    after_ctrl_c = read_csv(out / "status.csv")
    killed = _stop_after(command, results, 4, signal.SIGKILL, env)
    before = _snapshot(results)
    left_by_kill = sorted(p.name for p in (base / "t").glob("mcourse-grade-*"))
    final = subprocess.run(command, capture_output=True, text=True, timeout=300, env=env)
    assert final.returncode == 0, final.stderr
    return {"whole": base / "whole", "out": out, "ctrl_c": ctrl_c, "killed": killed,
            "after_ctrl_c": after_ctrl_c, "before": before, "after": _snapshot(results),
            "final": final.stdout, "stderr": whole.stderr + final.stderr,
            "left_by_kill": left_by_kill,
            "left_after": sorted(p.name for p in (base / "t").glob("mcourse-grade-*"))}


def test_interruptions_happened(runs):
    assert runs["ctrl_c"] == 130
    assert runs["killed"] == -signal.SIGKILL
    assert 2 <= len(runs["before"]) < len(STUDENTS)


def test_ctrl_c_saves_what_was_done(runs):
    rows = runs["after_ctrl_c"]
    assert len([r for r in rows if r["file"]]) == len(STUDENTS)
    pending = [r for r in rows if r["status"] == "pending"]
    graded = [r for r in rows if r["file"] and r["status"] != "pending"]
    assert pending and len(graded) >= 2
    assert all("run the command again" in r["what happened"] for r in pending)


def test_same_gradebook_as_uninterrupted_run(runs):
    for name in ("gradebook.csv", "status.csv"):
        assert (runs["out"] / name).read_bytes() == (runs["whole"] / name).read_bytes(), name
    reports = sorted(p.name for p in (runs["out"] / "reports").iterdir())
    assert reports == sorted(p.name for p in (runs["whole"] / "reports").iterdir())


def test_nothing_graded_twice(runs):
    for name, stamp in runs["before"].items():
        assert runs["after"][name] == stamp, name  # untouched: not run again
    graded, reused = map(int, re.search(r"Graded (\d+) files \((\d+) reused",
                                        runs["final"]).groups())
    assert reused == len(runs["before"])
    assert graded == len(STUDENTS) - len(runs["before"])
    assert len(runs["after"]) == len(STUDENTS)


def test_killed_runs_temp_folder_removed_by_the_next_run(runs):
    assert len(runs["left_by_kill"]) == 1  # SIGKILL leaves the grader no time to clean up
    assert runs["left_after"] == []


def test_no_stray_tracebacks(runs):
    assert "Task exception was never retrieved" not in runs["stderr"]
    assert "Traceback" not in runs["stderr"], runs["stderr"]
