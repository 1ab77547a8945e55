"""Start a kernel under operating-system limits (run as a script, standard library only).

``python launcher.py PARENT_PID LIMITS_JSON -- command...`` sets the resource limits
(memory, CPU time, file size...) on itself, asks Linux to kill it if the grader dies,
then *becomes* the command (``exec``), so the kernel and everything it starts inherit the
limits. Run before the kernel, it cannot be undone by code in the notebook.
"""

import json
import os
import resource
import signal
import sys


def _die_with_parent(parent_pid: int) -> None:
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != parent_pid:  # the grader died before prctl took effect
        os._exit(1)


def _limit(name: str, value: int) -> None:
    which = getattr(resource, name, None)
    if which is None:
        return
    _soft, hard = resource.getrlimit(which)
    # CPU time: SIGXCPU at the soft limit, SIGKILL 5 s later
    wanted_hard = value + 5 if name == "RLIMIT_CPU" else value
    if hard != resource.RLIM_INFINITY:
        value, wanted_hard = min(value, hard), min(wanted_hard, hard)
    resource.setrlimit(which, (value, wanted_hard))


def main(argv: list[str]) -> None:
    parent_pid, limits = int(argv[1]), json.loads(argv[2])
    command = argv[argv.index("--") + 1:]
    if sys.platform.startswith("linux"):
        _die_with_parent(parent_pid)
    for name, value in limits.get("rlimits", {}).items():
        _limit(name, int(value))
    if limits.get("ignore_sigint"):
        # a sandbox wrapper must not die of the SIGINT that interrupts the kernel;
        # the kernel installs its own handler
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    os.execvp(command[0], command)


if __name__ == "__main__":
    main(sys.argv)
