"""Which isolation a student's kernel gets, and the bubblewrap command that gives it.

Always (``process``): its own kernel, a fresh temporary working directory and home, and
operating-system limits set by :mod:`mcourse.grading.launcher`. Where bubblewrap
(``bwrap``, Linux) is installed and works, also (``bubblewrap``): no network, a private
``/tmp``, and a file system holding only the system, Python and the course's packages
read-only plus the kernel's own directory; the teacher's solution, the other submissions
and the grader's output folder are hidden.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from functools import cache
from pathlib import Path

from ..errors import CourseError

MODES = ("auto", "bwrap", "none")
SYSTEM_LINKS = ("/bin", "/lib", "/lib32", "/lib64", "/libx32", "/sbin")
ETC_FILES = ("/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d", "/etc/localtime",
             "/etc/fonts", "/etc/passwd", "/etc/group", "/etc/nsswitch.conf",
             "/etc/mime.types", "/etc/alternatives")


@cache
def bwrap_status() -> tuple[bool, str]:
    """``(usable, detail)``: whether ``bwrap`` is installed and can start a sandbox here."""
    path = shutil.which("bwrap")
    if not path:
        return False, "bwrap not installed"
    try:
        probe = subprocess.run([path, "--ro-bind", "/", "/", "--unshare-all", "--die-with-parent",
                                "true"], capture_output=True, timeout=20, text=True)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return False, f"bwrap failed: {exc}"
    if probe.returncode != 0:
        return False, f"bwrap failed: {probe.stderr.strip()[:200]}"
    return True, path


@cache
def bwrap_options() -> frozenset[str]:
    """Options this bwrap understands (``--size`` and ``--disable-userns`` came in 0.8)."""
    try:
        text = subprocess.run([shutil.which("bwrap") or "bwrap", "--help"], capture_output=True,
                              text=True, timeout=20).stdout
    except (OSError, subprocess.TimeoutExpired):
        return frozenset()
    return frozenset(word for word in text.split() if word.startswith("--"))


def choose(mode: str = "auto") -> str:
    """The isolation to use: ``"bubblewrap"`` or ``"process"`` (see module docstring)."""
    if mode not in MODES:
        raise CourseError("error.unknown_choice", value=mode, name="--sandbox",
                          choices=", ".join(MODES))
    if mode == "none":
        return "process"
    usable, detail = bwrap_status()
    if usable:
        return "bubblewrap"
    if mode == "bwrap":
        raise CourseError("grading.sandbox.unavailable", detail=detail)
    return "process"


@cache
def python_paths() -> tuple[str, ...]:
    """Folders the kernel's Python reads: its prefixes and every ``sys.path`` entry."""
    code = "import sys, json; print(json.dumps([sys.prefix, sys.base_prefix] + sys.path))"
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "PYTHONPATH", "HOME")}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=env, cwd="/", timeout=60, check=True).stdout
    paths = {os.path.realpath(p) for p in json.loads(out) if p and os.path.isdir(p)}
    paths.add(os.path.realpath(os.path.dirname(sys.executable)))
    paths.add(os.path.dirname(os.path.abspath(sys.executable)))
    return tuple(sorted(paths))


def _inside(path: str, folders) -> bool:
    return any(path == f or path.startswith(f.rstrip("/") + "/") for f in folders)


def bwrap_command(jobdir: Path, hide=(), tmp_bytes: int = 100 * 2**20) -> list[str]:
    """The ``bwrap`` arguments that run a command with only ``jobdir`` writable.

    ``hide``: files and folders that must not be visible even where a surrounding folder
    is (the teacher's solution, the submissions, the output folder, the class list); they
    are covered by an empty read-only folder (or ``/dev/null`` for files). ``/tmp`` is a
    private memory file system of at most ``tmp_bytes``.
    """
    known = bwrap_options()
    cmd = [shutil.which("bwrap") or "bwrap", "--die-with-parent", "--unshare-all",
           "--hostname", "mcourse",
           # the grader's pid is not visible in the sandbox: ipykernel would think its
           # parent died; --die-with-parent ends the kernel with the grader instead
           "--unsetenv", "JPY_PARENT_PID"]
    if "--disable-userns" in known:
        cmd += ["--unshare-user", "--disable-userns"]
    cmd += ["--ro-bind", "/usr", "/usr"]
    for link in SYSTEM_LINKS:
        if os.path.islink(link):
            cmd += ["--symlink", os.readlink(link), link]
        elif os.path.isdir(link):
            cmd += ["--ro-bind", link, link]
    for name in ETC_FILES:
        cmd += ["--ro-bind-try", name, name]
    cmd += ["--proc", "/proc", "--dev", "/dev"]
    if "--size" in known:
        cmd += ["--size", str(int(tmp_bytes))]
    cmd += ["--tmpfs", "/tmp"]
    bound: list[str] = ["/usr"]
    for folder in python_paths():
        if not _inside(folder, bound):
            cmd += ["--ro-bind", folder, folder]
            bound.append(folder)
    secrets = [os.path.realpath(h) for h in hide if h]
    for folder in bound:
        git = os.path.join(folder, ".git")
        if folder != "/usr" and os.path.isdir(git):
            secrets.append(git)
    empty = Path(jobdir) / "empty"
    empty.mkdir(mode=0o555, exist_ok=True)
    covered: list[str] = []
    for secret in sorted(set(secrets)):
        if not _inside(secret, bound) or _inside(secret, covered) or not os.path.exists(secret):
            continue
        if any(_inside(folder, [secret]) for folder in bound):
            continue  # hiding it would hide Python itself: hide its files one by one instead
        cover = str(empty) if os.path.isdir(secret) else "/dev/null"
        cmd += ["--ro-bind", cover, secret]
        covered.append(secret)
    job = str(jobdir)
    cmd += ["--bind", job, job, "--chdir", os.path.join(job, "work"), "--"]
    return cmd
