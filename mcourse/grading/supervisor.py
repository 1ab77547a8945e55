"""The grader's own supervisor of one kernel (run as a script, standard library only).

``python supervisor.py CONFIG_JSON -- command...`` is what the grader starts for every
kernel. The supervisor

* runs in a session of its own and asks Linux to hand it every process that its
  descendants orphan (``PR_SET_CHILD_SUBREAPER``), so detached processes
  (double fork, ``setsid``, ``nohup``...) stay its descendants;
* starts the command (the kernel, or bubblewrap around it) in yet another session, under
  the operating-system limits (memory, CPU time, file size...) and with ``PR_SET_PDEATHSIG``:
  a kernel that kills its parent kills only this supervisor, and dies with it, never the
  grader, which is neither its parent nor in its process group;
* passes the interrupt (SIGINT) on to the kernel's process group;
* watches the size of the kernel's folder (working folder, home, temporary folder,
  sockets) and stops everything when it goes over the disk limit (exit status
  :data:`DISK_EXIT`);
* when the kernel ends, or when the grader asks (SIGTERM), or when the grader dies,
  stops (SIGSTOP) then kills (SIGKILL) every process below it, waits for them, and only
  then exits: with the kernel's own status (the same signal if it was killed), so the
  grader can say what happened.

The grader writes a submission's row only after its supervisor has exited.
"""

import json
import os
import resource
import signal
import sys
import time

DISK_EXIT = 87
"""Exit status of a supervisor that stopped its kernel at the disk limit."""

PR_SET_PDEATHSIG = 1
PR_SET_CHILD_SUBREAPER = 36
TOKEN_VARIABLE = "MCOURSE_GRADING_JOB"


def _prctl(option: int, value: int) -> bool:
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(option, value, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _limit(name: str, value: int) -> None:
    which = getattr(resource, name, None)
    if which is None:
        return
    _soft, hard = resource.getrlimit(which)
    # CPU time: SIGXCPU at the soft limit, SIGKILL 5 s later
    wanted_hard = value + 5 if name == "RLIMIT_CPU" else value
    if hard != resource.RLIM_INFINITY:
        value, wanted_hard = min(value, hard), min(wanted_hard, hard)
    try:
        resource.setrlimit(which, (value, wanted_hard))
    except (ValueError, OSError):
        resource.setrlimit(which, (min(value, hard) if hard != resource.RLIM_INFINITY
                                   else value, hard))


def children_of(pids: set[int]) -> dict[int, int]:
    """``{pid: parent}`` of every process whose parent is in ``pids`` (read from /proc)."""
    found = {}
    try:
        names = os.listdir("/proc")
    except OSError:
        return found
    for name in names:
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as handle:
                stat = handle.read()
        except OSError:
            continue
        fields = stat[stat.rfind(b")") + 2:].split()
        if len(fields) > 1 and int(fields[1]) in pids:
            found[int(name)] = int(fields[1])
    return found


def descendants(root: int) -> list[int]:
    """Every process below ``root`` (children first seen first)."""
    seen: list[int] = []
    level = {root}
    while level:
        kids = set(children_of(level)) - set(seen) - {root}
        seen.extend(sorted(kids))
        level = kids
    return seen


def _reap() -> list[tuple[int, int]]:
    done = []
    while True:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return done
        if pid == 0:
            return done
        done.append((pid, status))


def kill_tree(root: int, seconds: float = 10.0) -> bool:
    """Stop, then kill, every process below ``root``; ``True`` once none is left.

    Stopping first means a process that forks in a loop cannot outrun the killing; the
    children of a killed process come to ``root`` (a subreaper), so the loop finds them.
    """
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        pids = descendants(root)
        if not pids:
            return True
        for sig in (signal.SIGSTOP, signal.SIGKILL):
            for pid in pids:
                try:
                    os.kill(pid, sig)
                except OSError:
                    pass
        _reap()
        time.sleep(0.01)
    return not descendants(root)


def disk_usage(folders, max_entries: int) -> tuple[int, int]:
    """Bytes allocated and entries under ``folders`` (symbolic links not followed)."""
    total, entries = 0, 0
    stack = list(folders)
    while stack and entries <= max_entries:
        folder = stack.pop()
        try:
            with os.scandir(folder) as items:
                for item in items:
                    entries += 1
                    try:
                        info = item.stat(follow_symlinks=False)
                    except OSError:
                        continue
                    total += getattr(info, "st_blocks", 0) * 512 or info.st_size
                    if item.is_dir(follow_symlinks=False):
                        stack.append(item.path)
        except OSError:
            continue
    return total, entries


class Supervisor:
    def __init__(self, config: dict, command: list[str]):
        self.config = config
        self.command = command
        self.child = None
        self.status = None
        self.stop = False
        self.disk_hit = False

    # signals -------------------------------------------------------------------------
    def _on_interrupt(self, _sig, _frame):
        if self.child is not None:
            try:
                os.killpg(self.child, signal.SIGINT)
            except OSError:
                try:
                    os.kill(self.child, signal.SIGINT)
                except OSError:
                    pass

    def _on_stop(self, _sig, _frame):
        self.stop = True

    # the kernel ----------------------------------------------------------------------
    def start_child(self) -> None:
        me = os.getpid()
        pid = os.fork()
        if pid:
            self.child = pid
            return
        try:  # in the child: its own session, the limits, then the command
            os.setsid()
            _prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
            if os.getppid() != me:
                os._exit(1)
            for name in (signal.SIGTERM, signal.SIGHUP, signal.SIGCHLD, signal.SIGQUIT):
                signal.signal(name, signal.SIG_DFL)
            signal.signal(signal.SIGINT, signal.SIG_IGN if self.config.get("ignore_sigint")
                          else signal.SIG_DFL)
            signal.pthread_sigmask(signal.SIG_SETMASK, set())
            for name, value in self.config.get("rlimits", {}).items():
                _limit(name, int(value))
            env = dict(os.environ)
            env.pop("JPY_PARENT_PID", None)  # its parent is this supervisor, not the grader
            if self.config.get("token"):
                env[TOKEN_VARIABLE] = self.config["token"]
            os.execvpe(self.command[0], self.command, env)
        except BaseException:
            pass
        os._exit(127)

    def watch(self) -> None:
        folders = self.config.get("watch", [])
        limit = int(self.config.get("disk_bytes", 0))
        entries = int(self.config.get("disk_entries", 20000))
        poll = float(self.config.get("poll", 0.1))
        while not self.stop:
            for pid, status in _reap():
                if pid == self.child:
                    self.status = status
            if self.status is not None:
                return
            if limit and folders:
                used, count = disk_usage(folders, entries)
                if used >= limit or count > entries:
                    self.disk_hit = True
                    return
            time.sleep(poll)

    def finish(self) -> None:
        kill_tree(os.getpid())
        for pid, status in _reap():
            if pid == self.child and self.status is None:
                self.status = status
        if self.disk_hit:
            os._exit(DISK_EXIT)
        if self.stop or self.status is None:
            os._exit(0)
        if os.WIFSIGNALED(self.status):
            sig = os.WTERMSIG(self.status)
            try:  # die the way the kernel died, so the grader can name the signal
                signal.signal(sig, signal.SIG_DFL)
                signal.pthread_sigmask(signal.SIG_UNBLOCK, {sig})
                os.kill(os.getpid(), sig)
            except (OSError, ValueError):
                pass
            os._exit(128 + sig)
        os._exit(os.WEXITSTATUS(self.status) if os.WIFEXITED(self.status) else 1)


def main(argv: list[str]) -> None:
    config = json.loads(argv[1])
    command = argv[argv.index("--") + 1:]
    parent = int(config.get("parent", os.getppid()))
    if sys.platform.startswith("linux"):
        _prctl(PR_SET_PDEATHSIG, signal.SIGTERM)  # the grader died: clean up, then go
        if os.getppid() != parent:
            os._exit(1)
        _prctl(PR_SET_CHILD_SUBREAPER, 1)
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    supervisor = Supervisor(config, command)
    signal.signal(signal.SIGINT, supervisor._on_interrupt)
    for name in (signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT):
        signal.signal(name, supervisor._on_stop)
    try:
        supervisor.start_child()
        supervisor.watch()
    finally:
        supervisor.finish()


if __name__ == "__main__":
    main(sys.argv)
