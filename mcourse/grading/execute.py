"""Running one notebook in its own kernel, under limits, whatever its cells do.

Each run gets a fresh temporary folder (working directory, home, kernel sockets) and a
kernel started through :mod:`mcourse.grading.launcher`, which sets the memory, CPU-time
and file-size limits of the operating system before the kernel starts (and, when
available, wraps it in bubblewrap, see :mod:`mcourse.grading.sandbox`).

Cells run one by one with `nbclient <https://nbclient.readthedocs.io>`_, the engine under
papermill, and a failing cell never stops the run:

* an error (or ``MemoryError`` at the memory limit) is kept as the cell's output and the
  next cell runs;
* a cell still running at the cell time limit is interrupted (``KeyboardInterrupt``); one
  that ignores the interrupt has its kernel killed;
* when the kernel dies (crash, ``os._exit``, killed), a new kernel replays the cells that
  had succeeded and the run goes on after the failed cell;
* output beyond the output limit is dropped and the cell interrupted;
* past the time limit for the whole notebook, the remaining cells are not run.

Every such event is returned as an :class:`Event` so the gradebook can say what happened.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import functools
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .answers import ANSWER_MIME

GRACE_SECONDS = 3.0
"""How long an interrupted cell may take to stop before its kernel is killed."""

MAX_ANSWER_OUTPUTS = 500
MAX_ANSWER_BYTES = 64_000
MAX_TRACEBACK_LINES = 40
MAX_LINE = 2_000


@dataclass(frozen=True)
class Limits:
    """Limits for one notebook run (seconds, megabytes, kilobytes)."""

    cell_seconds: float = 60.0
    notebook_seconds: float = 600.0
    memory_mb: int = 2048
    output_kb: int = 1024
    file_mb: float = 20.0
    disk_mb: int = 100
    startup_seconds: float = 60.0
    restarts: int = 2

    def rlimits(self) -> dict[str, int]:
        """Operating-system limits for the kernel process (see ``resource``)."""
        return {
            "RLIMIT_AS": int(self.memory_mb) * 2**20,
            "RLIMIT_CPU": int(self.notebook_seconds + self.startup_seconds + 10),
            "RLIMIT_FSIZE": int(self.disk_mb) * 2**20,
            "RLIMIT_CORE": 0,
            "RLIMIT_NOFILE": 1024,
        }

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class Event:
    """Something that happened during a run: ``code`` names it, ``cell`` is 1-based."""

    code: str
    cell: int | None = None
    values: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {"code": self.code, "cell": self.cell, "values": self.values}


@dataclass
class Execution:
    """The executed notebook and what happened while running it."""

    nb: object
    events: list[Event]
    isolation: str
    seconds: float


def _kernel_manager_class():
    from jupyter_client.manager import AsyncKernelManager

    class LimitedKernelManager(AsyncKernelManager):
        """Starts ``python -m ipykernel_launcher`` through the limits launcher (and sandbox)."""

        prefix: list[str] = []

        def format_kernel_cmd(self, extra_arguments=None):
            kernel = [sys.executable, "-m", "ipykernel_launcher", "-f",
                      os.path.realpath(self.connection_file)] + list(extra_arguments or [])
            return self.prefix + kernel

    return LimitedKernelManager


def _client_class():
    from nbclient import NotebookClient
    from nbformat.v4 import new_output

    class GradingClient(NotebookClient):
        """nbclient with an output budget shared by all cells of a run."""

        budget = None

        def output(self, outs, msg, display_id, cell_index):
            content = msg.get("content", {})
            kind = msg.get("msg_type")
            if kind in ("display_data", "execute_result") and ANSWER_MIME in content.get(
                    "data", {}):
                if (self.budget.answers >= MAX_ANSWER_OUTPUTS
                        or _size(content.get("data")) > MAX_ANSWER_BYTES):
                    return None
                self.budget.answers += 1
                return super().output(outs, msg, display_id, cell_index)
            if kind == "error":
                _trim_error(content)
                return super().output(outs, msg, display_id, cell_index)
            size = _size(content.get("data") if "data" in content else content.get("text"))
            if not self.budget.take(size, cell_index):
                if cell_index not in self.budget.noted:
                    self.budget.noted.add(cell_index)
                    outs.append(new_output("stream", name="stderr",
                                           text=f"[output limit: {self.budget.limit // 1000} kB]\n"))
                return None
            return super().output(outs, msg, display_id, cell_index)

        def _update_display_id(self, display_id, msg):
            data = msg.get("content", {}).get("data", {})
            if ANSWER_MIME not in data and not self.budget.take(_size(data), None):
                return None
            return super()._update_display_id(display_id, msg)

    return GradingClient


def _size(value) -> int:
    if value is None:
        return 0
    if isinstance(value, str):
        return len(value)
    if isinstance(value, list):
        return sum(_size(v) for v in value)
    if isinstance(value, dict):
        return sum(_size(v) + len(str(k)) for k, v in value.items())
    return len(json.dumps(value, default=str))


def _trim_error(content: dict) -> None:
    content["evalue"] = str(content.get("evalue", ""))[:MAX_LINE]
    lines = [str(line)[:MAX_LINE] for line in content.get("traceback", [])]
    if len(lines) > MAX_TRACEBACK_LINES:
        half = MAX_TRACEBACK_LINES // 2
        lines = lines[:half] + ["..."] + lines[-half:]
    content["traceback"] = lines


class _Budget:
    """Output bytes left for the whole run; asks for an interrupt when they run out."""

    def __init__(self, limit: int, on_exceeded):
        self.limit = limit
        self.used = 0
        self.answers = 0
        self.noted: set = set()
        self.exceeded: set = set()
        self.on_exceeded = on_exceeded
        self.paused = False  # replayed cells: their outputs are discarded anyway

    def take(self, size: int, cell_index) -> bool:
        if self.paused:
            return True
        if self.used + size <= self.limit:
            self.used += size
            return True
        if cell_index not in self.exceeded:
            self.exceeded.add(cell_index)
            self.on_exceeded()
        return False


def kernel_env(jobdir: Path) -> dict[str, str]:
    """Environment of a kernel: its own home and temp folder, one thread per library."""
    home = jobdir / "home"
    env = {
        "PATH": os.environ.get("PATH", "/usr/local/bin:/usr/bin:/bin"),
        "HOME": str(home),
        "TMPDIR": str(jobdir / "tmp"),
        "MPLBACKEND": "Agg",
        "MPLCONFIGDIR": str(home / ".config" / "matplotlib"),
        "IPYTHONDIR": str(home / ".ipython"),
        "JUPYTER_RUNTIME_DIR": str(jobdir / "rt"),
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "PYTHONIOENCODING": "utf-8",
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONHASHSEED": "0",
        "PYDEVD_DISABLE_FILE_VALIDATION": "1",
        "MALLOC_ARENA_MAX": "2",
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
        "NUMEXPR_NUM_THREADS": "1",
    }
    if os.environ.get("PYTHONPATH"):
        env["PYTHONPATH"] = os.environ["PYTHONPATH"]
    return env


@functools.cache
def _matplotlib_cache() -> Path | None:
    """The grader's matplotlib font cache, copied to each kernel so it is not rebuilt."""
    try:
        import matplotlib

        folder = Path(matplotlib.get_cachedir())
    except Exception:  # matplotlib missing or unusable: kernels build their own cache
        return None
    return folder if any(folder.glob("fontlist-*.json")) else None


class _Run:
    """One notebook run: kernel lifecycle, cell loop, restarts."""

    def __init__(self, nb, limits: Limits, isolation: str, hide, jobdir: Path):
        self.nb = nb
        self.limits = limits
        self.isolation = isolation
        self.hide = hide
        self.jobdir = jobdir
        self.events: list[Event] = []
        self.client = None
        self.context = None
        self.budget = _Budget(int(limits.output_kb * 1000), self._over_output)
        self.code_cells = [i for i, c in enumerate(nb.cells) if c.cell_type == "code"]
        self.numbers = self._student_numbers()

    def _student_numbers(self) -> dict[int, int]:
        """Cell index → the number a student sees (code cells, injected cell not counted)."""
        numbers, n = {}, 0
        for i in self.code_cells:
            if "injected-parameters" in self.nb.cells[i].metadata.get("tags", []):
                numbers[i] = max(n, 1)
                continue
            n += 1
            numbers[i] = n
        return numbers

    def _event(self, code: str, index: int | None = None, **values) -> None:
        self.events.append(Event(code, self.numbers.get(index) if index is not None else None,
                                 values))

    def _over_output(self) -> None:
        if self.client is not None and self.client.km is not None:
            asyncio.ensure_future(self._interrupt())

    # kernel lifecycle ---------------------------------------------------------------
    async def start(self, timeout: float) -> None:
        import zmq.asyncio

        rt = self.jobdir / "rt"
        self.context = zmq.asyncio.Context()
        self.context.setsockopt(zmq.MAXMSGSIZE, int(self.limits.output_kb * 1000) * 2 + 2**20)
        manager = _kernel_manager_class()(
            kernel_name="python3", transport="ipc", ip=str(rt / "k"),
            connection_file=str(rt / f"kernel-{time.monotonic_ns()}.json"),
            context=self.context)
        launcher = [sys.executable, str(Path(__file__).with_name("launcher.py")),
                    str(os.getpid()), json.dumps({"rlimits": self.limits.rlimits(),
                                                  "ignore_sigint": self.isolation == "bubblewrap"}),
                    "--"]
        if self.isolation == "bubblewrap":
            from .sandbox import bwrap_command

            launcher += bwrap_command(self.jobdir, self.hide, self.limits.disk_mb * 2**20)
        manager.prefix = launcher
        client = _client_class()(
            self.nb, km=manager, allow_errors=True, timeout=None, record_timing=False,
            startup_timeout=max(1, int(timeout)), store_widget_state=False, iopub_timeout=2,
            shutdown_kernel="immediate", kernel_name="python3")
        client.budget = self.budget
        self.client = client
        log = (self.jobdir / "rt" / "kernel.log").open("ab")
        try:
            await client.async_start_new_kernel(cwd=str(self.jobdir / "work"),
                                                env=kernel_env(self.jobdir),
                                                stdout=subprocess.DEVNULL, stderr=log)
        finally:
            log.close()
        await client.async_start_new_kernel_client()

    async def stop(self) -> None:
        client, self.client = self.client, None
        if client is not None and client.km is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(client._async_cleanup_kernel(), 10)
            if client.km is not None:
                with contextlib.suppress(Exception):
                    await client.km.shutdown_kernel(now=True)
        if self.context is not None:
            self.context.destroy(linger=0)
            self.context = None

    async def _interrupt(self) -> None:
        with contextlib.suppress(Exception):
            if self.client is not None and self.client.km is not None:
                await self.client.km.interrupt_kernel()

    async def _kill(self) -> None:
        km = self.client.km if self.client is not None else None
        if km is None or km.provisioner is None:
            return
        with contextlib.suppress(Exception):
            await km.provisioner.send_signal(signal.SIGKILL)
        with contextlib.suppress(Exception):
            await km.provisioner.kill()

    def _kernel_log(self) -> str:
        """Last lines the kernel wrote to stderr (e.g. "Fatal Python error")."""
        path = self.jobdir / "rt" / "kernel.log"
        try:
            with path.open("rb") as handle:
                handle.seek(max(0, path.stat().st_size - 600))
                tail = handle.read().decode("utf-8", "replace")
        except OSError:
            return ""
        lines = [line for line in tail.splitlines() if line.strip()][-3:]
        text = " | ".join(lines)[-300:]
        return f"; {text}" if text else ""

    def _exit_status(self) -> str:
        km = self.client.km if self.client is not None else None
        process = getattr(getattr(km, "provisioner", None), "process", None)
        code = process.poll() if process is not None else None
        if code is None:
            return "?"
        if code < 0:
            with contextlib.suppress(ValueError):
                return signal.Signals(-code).name
        return str(code)

    # cells --------------------------------------------------------------------------
    async def run_cell(self, index: int, limit: float) -> str:
        """Run one cell: ``ok``, ``error``, ``memory``, ``timeout``, ``output``, ``dead``, ``hung``."""
        client = self.client
        cell = self.nb.cells[index]
        task = asyncio.ensure_future(client.async_execute_cell(
            cell, index, execution_count=client.code_cells_executed + 1))
        done, _ = await asyncio.wait({task}, timeout=limit)
        interrupted = False
        if not done:
            interrupted = True
            await self._interrupt()
            done, _ = await asyncio.wait({task}, timeout=GRACE_SECONDS)
        if not done:
            await self._kill()
            done, _ = await asyncio.wait({task}, timeout=5)
            if not done:
                task.cancel()
                with contextlib.suppress(BaseException):
                    await task
            return "hung"
        if task.exception() is not None:  # DeadKernelError, or a channel that broke with it
            return "dead"
        if index in self.budget.exceeded:
            return "output"
        errors = [o for o in self.nb.cells[index].outputs if o.get("output_type") == "error"]
        if interrupted:
            return "timeout"
        if errors:
            return "memory" if errors[-1].get("ename") == "MemoryError" else "error"
        return "ok"

    async def replay(self, indices, deadline: float) -> bool:
        """Run cells that had succeeded again in a new kernel; their outputs are discarded."""
        saved = {i: copy.deepcopy(self.nb.cells[i]) for i in indices}
        self.budget.paused = True
        try:
            for i in indices:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                if await self.run_cell(i, min(self.limits.cell_seconds, left)) in ("dead", "hung"):
                    return False
            return True
        finally:
            self.budget.paused = False
            for i, cell in saved.items():
                self.nb.cells[i] = cell

    async def run(self) -> None:
        limits = self.limits
        try:
            await self.start(limits.startup_seconds)
        except Exception as exc:  # the kernel could not start: nothing ran
            self._event("kernel_start", None, detail=_short(exc))
            return
        deadline = time.monotonic() + limits.notebook_seconds
        succeeded: list[int] = []
        restarts = 0
        for position, index in enumerate(self.code_cells):
            left = deadline - time.monotonic()
            if left <= 0:
                self._event("notebook_timeout", index, seconds=limits.notebook_seconds)
                break
            outcome = await self.run_cell(index, min(limits.cell_seconds, left))
            if outcome == "ok":
                succeeded.append(index)
                continue
            error = next((o for o in reversed(self.nb.cells[index].outputs)
                          if o.get("output_type") == "error"), {})
            if outcome in ("error", "memory"):
                self._event("cell_error" if outcome == "error" else "memory", index,
                            ename=error.get("ename", ""), evalue=error.get("evalue", "")[:300])
                continue
            if outcome == "output":
                self._event("output_limit", index, kb=limits.output_kb)
                continue
            if outcome == "timeout":
                if deadline - time.monotonic() <= GRACE_SECONDS + 0.5:
                    self._event("notebook_timeout", index, seconds=limits.notebook_seconds)
                    break
                self._event("cell_timeout", index, seconds=limits.cell_seconds)
                continue
            # the kernel is gone: hung past the interrupt, crashed or killed
            status = self._exit_status()
            if outcome == "hung":
                self._event("cell_timeout", index, seconds=limits.cell_seconds)
            else:
                self._event("kernel_died", index, status=status, log=self._kernel_log())
            if time.monotonic() >= deadline - GRACE_SECONDS:
                self._event("notebook_timeout", index, seconds=limits.notebook_seconds)
                break
            if restarts >= limits.restarts or position == len(self.code_cells) - 1:
                if position < len(self.code_cells) - 1:
                    self._event("not_run", self.code_cells[position + 1],
                                count=len(self.code_cells) - position - 1)
                break
            restarts += 1
            await self.stop()
            try:
                await self.start(min(limits.startup_seconds, deadline - time.monotonic()))
                ok = await self.replay(succeeded, deadline)
            except Exception as exc:  # a new kernel did not come up
                self._event("kernel_start", index, detail=_short(exc))
                break
            if not ok:
                self._event("not_run", self.code_cells[position + 1] if position + 1 < len(
                    self.code_cells) else index, count=len(self.code_cells) - position - 1)
                break


def _short(exc: BaseException) -> str:
    text = " ".join(f"{type(exc).__name__}: {exc}".split())
    return text[:300]


async def run_notebook(nb, limits: Limits | None = None, isolation: str = "process",
                       hide=(), temp_root=None) -> Execution:
    """Execute ``nb`` (a notebook node, changed in place) and report what happened."""
    limits = limits or Limits()
    started = time.monotonic()
    jobdir = Path(tempfile.mkdtemp(prefix="mcg-", dir=temp_root))
    for name in ("work", "home", "tmp", "rt"):
        (jobdir / name).mkdir(mode=0o700)
    cache = _matplotlib_cache()
    if cache is not None:
        target = jobdir / "home" / ".config" / "matplotlib"
        target.mkdir(parents=True)
        for font_list in cache.glob("fontlist-*.json"):
            shutil.copy2(font_list, target / font_list.name)
    run = _Run(nb, limits, isolation, hide, jobdir)
    try:
        await run.run()
    finally:
        await asyncio.shield(run.stop())
        shutil.rmtree(jobdir, ignore_errors=True)
    return Execution(nb, run.events, isolation, round(time.monotonic() - started, 2))
