"""Which isolation a student's kernel gets, and the bubblewrap command that gives it.

``bubblewrap`` (``bwrap``, Linux): the kernel runs with no network, in its own process
and mount namespaces, and sees read-only only

* the system libraries (``/usr``...) and a few files of ``/etc``,
* the Python installation (its prefixes and site-packages),
* the course package folder and the course datasets folder (with an editable install
  these are folders *inside* the checkout, bound one by one: the rest of the checkout,
  where a teacher may keep the roster, the release, the submissions or earlier
  results, is not there),

and, writable, only its own folder (working folder, home, ``/tmp`` and ``/dev/shm`` are
all inside it, so the grader's disk watcher sees every byte written; the rest of the
file system is read-only). Files the teacher names in ``hide`` that fall inside one of
the bound folders are covered as well.

Without a working sandbox the grader refuses to run student code unless the teacher
says the code is trusted (``--trust-code``): then kernels run as plain processes
(``process``), still under the grader's supervisor and limits, but able to read and
write whatever the teacher's account can.
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


def choose(mode: str = "auto", trusted: bool = False) -> str:
    """The isolation to use: ``"bubblewrap"`` or ``"process"``.

    ``process`` only when the teacher trusts the code (``trusted``); otherwise a missing
    sandbox is an error that says how to get one.
    """
    if mode not in MODES:
        raise CourseError("error.unknown_choice", value=mode, name="--sandbox",
                          choices=", ".join(MODES))
    if mode == "none":
        if not trusted:
            raise CourseError("grading.sandbox.none_untrusted")
        return "process"
    usable, detail = bwrap_status()
    if usable:
        return "bubblewrap"
    if mode == "bwrap":
        raise CourseError("grading.sandbox.unavailable", detail=detail)
    if not trusted:
        raise CourseError("grading.sandbox.required", detail=detail)
    return "process"


def _inside(path: str, folders) -> bool:
    return any(path == f or path.startswith(f.rstrip("/") + "/") for f in folders)


@cache
def python_paths() -> tuple[str, ...]:
    """Folders of the Python installation the kernel runs on, plus the course's own.

    The installation: its prefixes and the ``sys.path`` entries inside them or in a
    site-packages folder. Any other ``sys.path`` entry (an editable install's checkout,
    ``PYTHONPATH``) is *not* bound; from there only the course package folder and the
    datasets folder are.
    """
    code = ("import sys, json, site\n"
            "try:\n    sites = site.getsitepackages() + [site.getusersitepackages()]\n"
            "except Exception:\n    sites = []\n"
            "print(json.dumps({'prefixes': [sys.prefix, sys.base_prefix, sys.exec_prefix,"
            " sys.base_exec_prefix], 'path': sys.path, 'sites': sites}))")
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "PYTHONPATH", "HOME")}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=env, cwd="/", timeout=60, check=True).stdout
    info = json.loads(out)
    never = {"/", os.path.realpath(os.path.expanduser("~"))}
    roots = {os.path.realpath(p) for p in info["prefixes"] if p}
    roots = {p for p in roots if p not in never and os.path.isdir(p)}
    sites = {os.path.realpath(p) for p in info["sites"] if p}
    folders = set(roots)
    for entry in info["path"]:
        if not entry:
            continue
        real = os.path.realpath(entry)
        if os.path.isdir(real) and (_inside(real, roots) or real in sites):
            folders.add(real)
    folders.add(os.path.realpath(os.path.dirname(sys.executable)))
    executable_dir = os.path.dirname(os.path.abspath(sys.executable))
    if executable_dir not in never:
        folders.add(executable_dir)
    folders.update(course_paths())
    return tuple(sorted(folders))


@cache
def course_paths() -> tuple[str, ...]:
    """The course package folder and the course datasets folder (real paths)."""
    import mcourse
    from mcourse.data.catalogue import data_dir

    paths = {os.path.realpath(os.path.dirname(mcourse.__file__))}
    data = data_dir()
    if data.is_dir():
        paths.add(os.path.realpath(data))
    return tuple(sorted(paths))


def bwrap_command(jobdir: Path, hide=(), folders=None) -> list[str]:
    """The ``bwrap`` arguments that run a command with only ``jobdir`` writable.

    ``jobdir`` holds ``work`` (the working folder), ``home``, ``tmp`` (mounted on
    ``/tmp``), ``shm`` (on ``/dev/shm``) and ``rt`` (the kernel's sockets); everything
    else is read-only and holds only the folders of :func:`python_paths` (or
    ``folders``). ``hide``: files and folders that must not be visible even where a bound
    folder holds them (the teacher's solution, the submissions, the output folder, the
    class list); they are covered by an empty read-only folder (or ``/dev/null``).
    """
    known = bwrap_options()
    jobdir = Path(jobdir)
    cmd = [shutil.which("bwrap") or "bwrap", "--die-with-parent", "--unshare-all",
           "--hostname", "mcourse",
           # the grader's pid is not visible in the sandbox: ipykernel would think its
           # parent died; --die-with-parent ends the kernel with its supervisor instead
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
    cmd += ["--proc", "/proc", "--dev", "/dev",
            "--bind", str(jobdir / "shm"), "/dev/shm",
            "--bind", str(jobdir / "tmp"), "/tmp"]
    bound: list[str] = ["/usr"]
    for folder in sorted(folders if folders is not None else python_paths()):
        if not _inside(folder, bound):
            cmd += ["--ro-bind", folder, folder]
            bound.append(folder)
    empty = jobdir / "empty"
    empty.mkdir(mode=0o555, exist_ok=True)
    covered: list[str] = []
    for secret in sorted({os.path.realpath(h) for h in hide if h}):
        if not _inside(secret, bound) or _inside(secret, covered) or not os.path.exists(secret):
            continue
        if any(_inside(folder, [secret]) for folder in bound):
            continue  # hiding it would hide Python itself
        cover = str(empty) if os.path.isdir(secret) else "/dev/null"
        cmd += ["--ro-bind", cover, secret]
        covered.append(secret)
    job = str(jobdir)
    cmd += ["--bind", job, job,
            "--remount-ro", "/dev", "--remount-ro", "/",
            "--chdir", os.path.join(job, "work"), "--"]
    return cmd


def bound_folders(command: list[str]) -> list[str]:
    """The folders a ``bwrap`` command shows read-only (for tests and reports)."""
    return [command[i + 2] for i, word in enumerate(command[:-2]) if word == "--ro-bind"
            and command[i + 1] == command[i + 2]]
