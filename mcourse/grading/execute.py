"""Running one notebook in its own kernel, under limits, whatever its cells do.

Each run gets a fresh temporary folder (working directory, home, ``/tmp``, kernel sockets)
and a kernel started under the grader's own supervisor (:mod:`mcourse.grading.supervisor`),
which sets the memory, CPU-time and file-size limits of the operating system before the
kernel starts, watches the folder's size against the disk limit, and kills every process
the kernel started before the run ends (and, in the sandbox, the kernel runs inside
bubblewrap, see :mod:`mcourse.grading.sandbox`).

Cells run one by one with `nbclient <https://nbclient.readthedocs.io>`_, the engine under
papermill, and a failing cell never stops the run:

* an error is kept as the cell's output and the next cell runs;
* after a ``MemoryError`` (the memory limit) the kernel may still hold the memory, so it is
  restarted, the cells that had succeeded are replayed, and the run goes on;
* past the disk limit (everything the kernel wrote: working folder, home, ``/tmp``) the
  supervisor stops the kernel; its folder is emptied, the kernel restarted and the
  succeeded cells replayed;
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
import secrets
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
WATCH_SECONDS = 0.1
"""How often a running cell's supervisor is checked (dead, dying or stopped)."""

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


def stop_supervisor(process, token: str | None, seconds: float = 10.0) -> None:
    """End a kernel's supervisor and everything below it; return once all are gone.

    SIGTERM asks the supervisor to kill its whole tree and exit. If it does not (a
    submission stopped it with SIGSTOP, or killed it), the grader kills it, then every
    process still carrying the run's token in its environment (detached processes that
    lost their supervisor).
    """
    if process is not None and process.poll() is None:
        with contextlib.suppress(OSError):
            process.send_signal(signal.SIGCONT)
            process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + seconds
        while process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        if process.poll() is None:
            with contextlib.suppress(OSError):
                process.kill()
            with contextlib.suppress(Exception):
                process.wait(5)
    if token:
        kill_by_token(token)


def kill_by_token(token: str, seconds: float = 5.0) -> int:
    """Kill every process whose environment holds ``token``; returns how many were found."""
    from .supervisor import TOKEN_VARIABLE

    needle = f"{TOKEN_VARIABLE}={token}".encode()
    found = 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        pids = []
        for name in os.listdir("/proc") if os.path.isdir("/proc") else []:
            if not name.isdigit() or int(name) == os.getpid():
                continue
            try:
                with open(f"/proc/{name}/environ", "rb") as handle:
                    if needle in handle.read().split(b"\0"):
                        pids.append(int(name))
            except OSError:
                continue
        if not pids:
            break
        found += len(pids)
        for sig in (signal.SIGSTOP, signal.SIGKILL):
            for pid in pids:
                with contextlib.suppress(OSError):
                    os.kill(pid, sig)
        time.sleep(0.02)
    return found


def _kernel_manager_class():
    from jupyter_client.manager import AsyncKernelManager

    class SupervisedKernelManager(AsyncKernelManager):
        """Starts ``python -m ipykernel_launcher`` under the grader's supervisor (and sandbox).

        Killing the kernel means asking its supervisor to kill every process of the
        kernel and waiting until it has (never SIGKILL to the supervisor first, which
        would leave the kernel's children behind).
        """

        prefix: list[str] = []
        token: str | None = None

        def format_kernel_cmd(self, extra_arguments=None):
            kernel = [sys.executable, "-m", "ipykernel_launcher", "-f",
                      os.path.realpath(self.connection_file),
                      # no SQLite history in the kernel's home: less to start and write
                      "--HistoryManager.enabled=False"] + list(extra_arguments or [])
            return self.prefix + kernel

        async def _async_kill_kernel(self, restart: bool = False) -> None:
            if self.has_kernel:
                process = getattr(self.provisioner, "process", None)
                await asyncio.get_running_loop().run_in_executor(
                    None, stop_supervisor, process, self.token)
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(self._async_wait(), timeout=5.0)

        _kill_kernel = _async_kill_kernel

    return SupervisedKernelManager


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
        self.limits = limits
        self.isolation = isolation
        self.hide = hide
        self.jobdir = jobdir
        self.token = secrets.token_hex(16)
        self.client = None
        self.context = None
        self.use(nb)

    def use(self, nb) -> None:
        """Run ``nb`` next (a warm kernel runs one notebook after another)."""
        self.nb = nb
        self.events: list[Event] = []
        self.budget = _Budget(int(self.limits.output_kb * 1000), self._over_output)
        self.code_cells = [i for i, c in enumerate(nb.cells) if c.cell_type == "code"]
        self.numbers = self._student_numbers()
        if self.client is not None:
            self.client.nb = nb
            self.client.budget = self.budget
            self.client.code_cells_executed = 0

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

        from .supervisor import DISK_EXIT  # noqa: F401  (the script must import cleanly)

        rt = self.jobdir / "rt"
        self.context = zmq.asyncio.Context()
        self.context.setsockopt(zmq.MAXMSGSIZE, int(self.limits.output_kb * 1000) * 2 + 2**20)
        manager = _kernel_manager_class()(
            kernel_name="python3", transport="ipc", ip=str(rt / "k"),
            connection_file=str(rt / f"kernel-{time.monotonic_ns()}.json"),
            context=self.context)
        disk = int(self.limits.disk_mb * 2**20)
        config = {"parent": os.getpid(), "rlimits": self.limits.rlimits(), "token": self.token,
                  "ignore_sigint": self.isolation == "bubblewrap", "disk_bytes": disk,
                  "disk_entries": DISK_ENTRIES, "poll": DISK_POLL_SECONDS,
                  "watch": [str(self.jobdir / name) for name in WRITABLE]}
        prefix = [sys.executable, str(Path(__file__).with_name("supervisor.py")),
                  json.dumps(config), "--"]
        if self.isolation == "bubblewrap":
            from .sandbox import bwrap_command

            prefix += bwrap_command(self.jobdir, self.hide)
        manager.prefix = prefix
        manager.token = self.token
        client = _client_class()(
            self.nb, km=manager, allow_errors=True, timeout=None, record_timing=False,
            startup_timeout=max(1, int(timeout)), store_widget_state=False, iopub_timeout=2,
            shutdown_kernel="immediate", kernel_name="python3")
        client.budget = self.budget
        self.client = client
        log = (rt / "kernel.log").open("ab")
        try:
            await client.async_start_new_kernel(cwd=str(self.jobdir / "work"),
                                                env=kernel_env(self.jobdir),
                                                stdin=subprocess.DEVNULL,
                                                stdout=subprocess.DEVNULL, stderr=log)
        finally:
            log.close()
        await client.async_start_new_kernel_client()

    async def stop(self) -> None:
        """Stop the kernel and every process it started; returns once all are gone."""
        client, self.client = self.client, None
        if client is not None:
            if client.kc is not None:
                with contextlib.suppress(Exception):
                    client.kc.stop_channels()
            if client.km is not None:
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(client.km.shutdown_kernel(now=True), 30)
                process = getattr(client.km.provisioner, "process", None)
                # whatever happened above, nothing of this kernel outlives this call
                await asyncio.get_running_loop().run_in_executor(
                    None, stop_supervisor, process, self.token)
                with contextlib.suppress(Exception):
                    await client.km.cleanup_resources()
        else:
            await asyncio.get_running_loop().run_in_executor(None, kill_by_token, self.token)
        if self.context is not None:
            self.context.destroy(linger=0)
            self.context = None

    async def _interrupt(self) -> None:
        with contextlib.suppress(Exception):
            if self.client is not None and self.client.km is not None:
                await self.client.km.interrupt_kernel()

    async def _kill(self) -> None:
        km = self.client.km if self.client is not None else None
        process = getattr(getattr(km, "provisioner", None), "process", None)
        await asyncio.get_running_loop().run_in_executor(None, stop_supervisor, process,
                                                         self.token)

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

    def _exit_code(self):
        km = self.client.km if self.client is not None else None
        process = getattr(getattr(km, "provisioner", None), "process", None)
        return process.poll() if process is not None else None

    def _exit_status(self) -> str:
        code = self._exit_code()
        if code is None:
            return "?"
        if code < 0:
            with contextlib.suppress(ValueError):
                return signal.Signals(-code).name
        return str(code)

    def _dying(self) -> bool:
        """Whether the supervisor is gone or about to go (a fatal signal is pending).

        A cell that kills the supervisor gets its reply out before the kernel dies with
        it (the supervisor may wait for the processor a while before it exits): checked
        after every cell, so the death is charged to the cell that caused it.
        """
        km = self.client.km if self.client is not None else None
        process = getattr(getattr(km, "provisioner", None), "process", None)
        if process is None:
            return False
        if process.poll() is not None:
            return True
        fatal = {signal.SIGKILL, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT}
        try:
            with open(f"/proc/{process.pid}/status", encoding="ascii") as handle:
                for line in handle:
                    name, _, value = line.partition(":")
                    if name == "State" and value.split()[:1] in (["Z"], ["X"], ["T"], ["t"]):
                        return True  # gone, or stopped (its disk watch would stop too)
                    if name in ("SigPnd", "ShdPnd"):
                        mask = int(value.strip(), 16)
                        if any(mask & (1 << (sig - 1)) for sig in fatal):
                            return True
        except (OSError, ValueError):
            return False
        return False

    def _disk_limit_hit(self) -> bool:
        from .supervisor import DISK_EXIT

        return self._exit_code() == DISK_EXIT

    def empty_folders(self) -> None:
        """A fresh working folder, home and ``/tmp`` (after the disk limit)."""
        for name in WRITABLE:
            if name == "rt":
                continue
            shutil.rmtree(self.jobdir / name, ignore_errors=True)
            (self.jobdir / name).mkdir(mode=0o700, exist_ok=True)
        for leftover in (self.jobdir / "rt").iterdir():
            with contextlib.suppress(OSError):
                if leftover.name == "kernel.log":
                    leftover.write_bytes(b"")
                elif leftover.is_file():
                    leftover.unlink()
        _seed_home(self.jobdir)

    # cells --------------------------------------------------------------------------
    async def _wait(self, task, seconds: float) -> str:
        """Wait for ``task`` up to ``seconds``: ``done``, ``late``, or ``dead`` when the
        supervisor died or was stopped meanwhile (then everything of the kernel is killed)."""
        end = time.monotonic() + seconds
        while True:
            done, _ = await asyncio.wait({task}, timeout=max(0.0, min(WATCH_SECONDS,
                                                                       end - time.monotonic())))
            if done:
                return "done"
            if self._dying():
                await self._kill()
                task.cancel()
                await asyncio.wait({task}, timeout=5)
                if task.done() and not task.cancelled():
                    task.exception()  # retrieved: no "Task exception was never retrieved"
                return "dead"
            if time.monotonic() >= end:
                return "late"

    async def run_cell(self, index: int, limit: float) -> str:
        """Run one cell: ``ok``, ``error``, ``memory``, ``timeout``, ``output``, ``dead``, ``hung``."""
        client = self.client
        cell = self.nb.cells[index]
        task = asyncio.ensure_future(client.async_execute_cell(
            cell, index, execution_count=client.code_cells_executed + 1))
        state = await self._wait(task, limit)
        interrupted = False
        if state == "late":
            interrupted = True
            await self._interrupt()
            state = await self._wait(task, GRACE_SECONDS)
        if state == "dead":
            return "dead"
        if state == "late":
            await self._kill()
            done, _ = await asyncio.wait({task}, timeout=5)
            if not done:
                task.cancel()
                with contextlib.suppress(BaseException):
                    await task
            elif not task.cancelled():
                task.exception()
            return "hung"
        if task.exception() is not None:  # DeadKernelError, or a channel that broke with it
            return "dead"
        if self._dying():  # the cell killed the supervisor, whose death is not yet seen
            await self._kill()
            return "dead"
        if index in self.budget.exceeded:
            return "output"
        errors = [o for o in self.nb.cells[index].outputs if o.get("output_type") == "error"]
        if interrupted:
            return "timeout"
        if errors:
            return "memory" if errors[-1].get("ename") == "MemoryError" else "error"
        return "ok"

    async def replay(self, indices, deadline: float) -> tuple[bool, int | None]:
        """Run cells that had succeeded again in a new kernel; their outputs are discarded.

        Returns ``(True, None)``, or ``(False, index)`` of a replayed cell that killed the
        kernel (or hung), or ``(False, None)`` when the time ran out.
        """
        saved = {i: copy.deepcopy(self.nb.cells[i]) for i in indices}
        self.budget.paused = True
        try:
            for i in indices:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False, None
                if await self.run_cell(i, min(self.limits.cell_seconds, left)) in ("dead",
                                                                                    "hung"):
                    return False, i
            return True, None
        finally:
            self.budget.paused = False
            for i, cell in saved.items():
                self.nb.cells[i] = cell

    async def run(self, keep: bool = False) -> None:
        """Run every code cell (see the module docstring); ``keep``: a kernel already
        started by an earlier run is used, and left running."""
        limits = self.limits
        if self.client is None:
            try:
                await self.start(limits.startup_seconds)
            except Exception as exc:  # the kernel could not start: nothing ran
                self._event("kernel_start", None, detail=_short(exc))
                return
        deadline = time.monotonic() + limits.notebook_seconds
        succeeded: list[int] = []
        restarts = 0
        position = 0
        while position < len(self.code_cells):
            index = self.code_cells[position]
            left = deadline - time.monotonic()
            if left <= 0:
                self._event("notebook_timeout", index, seconds=limits.notebook_seconds)
                break
            outcome = await self.run_cell(index, min(limits.cell_seconds, left))
            if outcome == "ok":
                succeeded.append(index)
                position += 1
                continue
            error = next((o for o in reversed(self.nb.cells[index].outputs)
                          if o.get("output_type") == "error"), {})
            if outcome == "error":
                self._event("cell_error", index, ename=error.get("ename", ""),
                            evalue=error.get("evalue", "")[:300])
                position += 1
                continue
            if outcome == "output":
                self._event("output_limit", index, kb=limits.output_kb)
                position += 1
                continue
            if outcome == "timeout":
                if deadline - time.monotonic() <= GRACE_SECONDS + 0.5:
                    self._event("notebook_timeout", index, seconds=limits.notebook_seconds)
                    break
                self._event("cell_timeout", index, seconds=limits.cell_seconds)
                position += 1
                continue
            # from here on the kernel is restarted: after a MemoryError it may still hold
            # the memory; otherwise it is gone (hung past the interrupt, crashed, killed,
            # or stopped by its supervisor at the disk limit)
            if outcome == "memory":
                self._event("memory", index, ename=error.get("ename", ""),
                            evalue=error.get("evalue", "")[:300])
            elif outcome == "hung":
                self._event("cell_timeout", index, seconds=limits.cell_seconds)
            elif self._disk_limit_hit():
                self._event("disk_limit", index, mb=limits.disk_mb)
            else:
                self._event("kernel_died", index, status=self._exit_status(),
                            log=self._kernel_log())
            if time.monotonic() >= deadline - GRACE_SECONDS:
                self._event("notebook_timeout", index, seconds=limits.notebook_seconds)
                break
            if position == len(self.code_cells) - 1:
                break
            again = await self._restart(succeeded, deadline, restarts, blame=outcome == "dead")
            if again is None:
                self._event("not_run", self.code_cells[position + 1],
                            count=len(self.code_cells) - position - 1)
                break
            restarts, rerun = again
            # a cell whose reply came before the kernel's death is the culprit when its
            # replay kills the new kernel too: the cell blamed at first then runs again
            position += 0 if rerun else 1
        if keep and self.client is not None and await self._alive():
            return
        await self.stop()

    async def _restart(self, succeeded: list[int], deadline: float, restarts: int,
                       blame: bool):
        """A new kernel with the succeeded cells replayed: ``(restarts, rerun)`` or ``None``."""
        rerun = False
        while restarts < self.limits.restarts:
            restarts += 1
            disk = self._disk_limit_hit()
            await self.stop()
            if disk:
                self.empty_folders()
            try:
                await self.start(min(self.limits.startup_seconds, deadline - time.monotonic()))
                ok, bad = await self.replay(succeeded, deadline)
            except Exception as exc:  # a new kernel did not come up
                self._event("kernel_start", None, detail=_short(exc))
                return None
            if ok:
                return restarts, rerun
            if bad is None:
                return None
            succeeded.remove(bad)  # it kills the kernel whenever it runs: not replayed
            if blame and self.events and self.events[-1].code in ("kernel_died", "disk_limit"):
                self.events[-1].cell = self.numbers.get(bad)
                rerun = True
        return None

    async def _alive(self) -> bool:
        try:
            return bool(await self.client.km.is_alive())
        except Exception:
            return False


WRITABLE = ("work", "home", "tmp", "shm", "rt")
"""The folders of a run a kernel can write to (watched for the disk limit)."""

DISK_POLL_SECONDS = 0.1
DISK_ENTRIES = 20_000
"""More files and folders than this in a run's folders counts as the disk limit."""


def _seed_home(jobdir: Path) -> None:
    """The grader's matplotlib font cache, copied so each kernel does not rebuild it."""
    cache = _matplotlib_cache()
    if cache is None:
        return
    target = jobdir / "home" / ".config" / "matplotlib"
    target.mkdir(parents=True, exist_ok=True)
    for font_list in cache.glob("fontlist-*.json"):
        shutil.copy2(font_list, target / font_list.name)


def new_jobdir(temp_root=None) -> Path:
    """A fresh folder for one run: working folder, home, tmp, shm, sockets (all 0700)."""
    jobdir = Path(tempfile.mkdtemp(prefix="mcg-", dir=temp_root))
    for name in WRITABLE:
        (jobdir / name).mkdir(mode=0o700)
    _seed_home(jobdir)
    return jobdir


def _short(exc: BaseException) -> str:
    text = " ".join(f"{type(exc).__name__}: {exc}".split())
    return text[:300]


async def run_notebook(nb, limits: Limits | None = None, isolation: str = "process",
                       hide=(), temp_root=None) -> Execution:
    """Execute ``nb`` (a notebook node, changed in place) and report what happened.

    When this returns, the kernel and every process it started are gone and its folder
    is deleted.
    """
    limits = limits or Limits()
    started = time.monotonic()
    jobdir = new_jobdir(temp_root)
    run = _Run(nb, limits, isolation, hide, jobdir)
    try:
        await run.run()
    finally:
        await asyncio.shield(run.stop())
        shutil.rmtree(jobdir, ignore_errors=True)
    return Execution(nb, run.events, isolation, round(time.monotonic() - started, 2))


RESET = """\
get_ipython().run_line_magic("reset", "-f")
import gc as __gc, os as __os, sys as __sys
if "matplotlib.pyplot" in __sys.modules:
    __sys.modules["matplotlib.pyplot"].close("all")
__os.chdir({work!r})
__gc.collect()
del __gc, __os, __sys
"""


class WarmKernel:
    """A trusted kernel that runs one notebook after another (the teacher's reference).

    Imports stay loaded from one notebook to the next (that is the time saved); the
    user namespace, figures and the working folder are emptied before each. A notebook
    that has any problem here is run again in a fresh kernel by the caller, so a warm
    kernel can never make a reference fail that a fresh one would not. Never used for
    students' code.
    """

    def __init__(self, limits: Limits | None = None, temp_root=None, uses: int = 100):
        self.limits = limits or Limits()
        self.temp_root = temp_root
        self.uses_left = uses
        self.jobdir: Path | None = None
        self.run: _Run | None = None
        self.count = 0

    async def execute(self, nb) -> Execution:
        started = time.monotonic()
        if self.run is not None and (self.uses_left <= 0 or self.run.client is None):
            await self.close()
        if self.run is None:
            self.jobdir = new_jobdir(self.temp_root)
            self.run = _Run(nb, self.limits, "process", (), self.jobdir)
        else:
            self.count += 1
            work = self.jobdir / "work" / f"run-{self.count}"  # a fresh working folder
            work.mkdir(mode=0o700)
            reset = nbformat_cell(RESET.format(work=str(work)))
            self.run.use(_notebook_of(reset))  # nbclient writes the cell back into its notebook
            try:
                reply = await asyncio.wait_for(
                    self.run.client.async_execute_cell(reset, 0, store_history=False), 30)
                failed = reply is None or any(o.get("output_type") == "error"
                                              for o in reset.outputs)
            except Exception:
                failed = True
            for old in (self.jobdir / "work").iterdir():
                if old != work:
                    shutil.rmtree(old, ignore_errors=True) if old.is_dir() else old.unlink()
            if failed:
                await self.close()
                return await self.execute(nb)
            self.run.use(nb)
        self.uses_left -= 1
        await self.run.run(keep=True)
        events = list(self.run.events)
        if events or self.run.client is None:  # the caller runs it again in a fresh kernel
            await self.close()
        return Execution(nb, events, "process", round(time.monotonic() - started, 2))

    async def close(self) -> None:
        run, self.run = self.run, None
        if run is not None:
            await asyncio.shield(run.stop())
        if self.jobdir is not None:
            shutil.rmtree(self.jobdir, ignore_errors=True)
            self.jobdir = None


def nbformat_cell(source: str):
    from nbformat.v4 import new_code_cell

    return new_code_cell(source)


def _notebook_of(cell):
    from nbformat.v4 import new_notebook

    return new_notebook(cells=[cell])
