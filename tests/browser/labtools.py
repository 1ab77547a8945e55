"""What the browser tests share: Chromium as DESIGN.md says, JupyterLab servers, lessons.

Not a test module: imported by ``conftest.py`` and the tests next to it.
"""

from __future__ import annotations

import copy
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
ARTIFACTS = ROOT / "build" / "browser-artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
TALL = {"width": 1280, "height": 2400}
"""JupyterLab scrolls inside its notebook panel: a tall window shows more cells at once."""

ARABIC = re.compile("[\u0600-\u06ff]")


def artifact(name: str) -> str:
    """Path of a screenshot kept by CI (build/browser-artifacts/)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return str(ARTIFACTS / name)


def tags(cell) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def prose_lang(cell) -> str | None:
    """``ar`` / ``pl`` for a prose cell tagged ``lang-ar`` / ``lang-pl``, else ``None``."""
    for tag in tags(cell):
        if tag in ("lang-ar", "lang-pl"):
            return tag[5:]
    return None


# Lessons -----------------------------------------------------------------------------------

def lesson_in(lang: str, name: str, folder: Path, extra_cells=()) -> tuple[Path, object]:
    """A copy of lesson ``name`` in ``folder``, ``LANG`` set to ``lang`` in its parameters
    cell (what a student edits) and ``extra_cells`` appended; returns its path
    (``<stem>.<lang>.ipynb``) and the notebook."""
    from mcourse.export import set_parameters

    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    set_parameters(nb, LANG=lang)
    for cell in extra_cells:
        nb.cells.append(copy.deepcopy(cell))
    path = folder / f"{Path(name).stem}.{lang}.ipynb"
    nbformat.write(nb, path)
    return path, nb


# Servers ----------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _clean_env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    env.update(extra)
    return env


class Server:
    """A Jupyter server started for a test, stopped with its whole process group."""

    def __init__(self, command: list[str], cwd: Path, env: dict, log_path: Path, port: int,
                 token: str):
        self.port, self.token, self.log_path = port, token, log_path
        self.base = f"http://127.0.0.1:{port}"
        self._log = open(log_path, "w", encoding="utf-8")  # closed by stop()
        try:
            self.proc = subprocess.Popen(command, cwd=cwd, env=env, stdout=self._log,
                                         stderr=subprocess.STDOUT, start_new_session=True)
        except FileNotFoundError:
            self._log.close()
            pytest.fail(f"cannot start {command[0]!r}")

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8")

    def wait(self, timeout: float = 120) -> Server:
        url = f"{self.base}/api/status?token={self.token}"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"the server exited with {self.proc.returncode}:\n"
                                     + self.log()[-3000:])
            try:
                with urllib.request.urlopen(url, timeout=2) as answer:
                    if answer.status == 200:
                        return self
            except OSError:
                time.sleep(0.5)
        raise AssertionError(f"JupyterLab did not answer on port {self.port} within "
                             f"{timeout:.0f} s:\n{self.log()[-3000:]}")

    def url(self, path: str) -> str:
        sep = "&" if "?" in path else "?"
        return f"{self.base}{path}{sep}token={self.token}"

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)
        self._log.close()


def start_make_lab(log_path: Path) -> Server:
    """``make lab`` as the README says (setup assumed done), on a free port."""
    port, token = free_port(), secrets.token_hex(16)
    lab_args = f"--no-browser --ServerApp.ip=127.0.0.1 --IdentityProvider.token={token}"
    command = ["make", "--no-print-directory", "-o", "setup", "lab", f"PORT={port}",
               f"VENV={sys.prefix}", f"LAB_ARGS={lab_args}"]
    return Server(command, ROOT, _clean_env(), log_path, port, token)


def start_lab_on(folder: Path, log_path: Path, workspaces: Path) -> Server:
    """JupyterLab with the configuration of ``make lab`` (the project's jupyter_config/,
    this environment's kernel, inline plots) serving ``folder`` instead of notebooks/, so
    the tests run lesson copies without touching the lessons."""
    port, token = free_port(), secrets.token_hex(16)
    env = _clean_env(JUPYTER_CONFIG_DIR=str(ROOT / "jupyter_config"),
                     JUPYTER_PATH=str(Path(sys.prefix) / "share" / "jupyter"), MPLBACKEND="")
    command = [str(Path(sys.prefix) / "bin" / "jupyter"), "lab", "--no-browser",
               f"--ServerApp.root_dir={folder}", f"--port={port}", "--ServerApp.ip=127.0.0.1",
               f"--IdentityProvider.token={token}", f"--LabApp.workspaces_dir={workspaces}"]
    if os.geteuid() == 0:
        command.append("--allow-root")
    return Server(command, folder, env, log_path, port, token)


# Pages ------------------------------------------------------------------------------------

CELLS = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell"


def wait_for_notebook(page, n_cells: int, timeout: float = 90_000) -> None:
    """The active notebook has all its cells, every Markdown cell rendered."""
    page.wait_for_selector(f"{CELLS}.jp-MarkdownCell .jp-RenderedMarkdown", state="attached",
                           timeout=timeout)
    page.wait_for_function(
        f"(n) => document.querySelectorAll({CELLS!r}).length === n", arg=n_cells,
        timeout=60_000)
    page.wait_for_function(
        f"() => [...document.querySelectorAll({CELLS!r})].filter(c => "
        "c.classList.contains('jp-MarkdownCell')).every(c => "
        "c.querySelector('.jp-RenderedMarkdown:not(.lm-mod-hidden)'))", timeout=60_000)


def run_all_cells(page) -> None:
    """Run > Run All Cells, from the menu bar (JupyterLab and Notebook 7 have it)."""
    page.click(".lm-MenuBar-itemLabel:text-is('Run')")
    page.click(".lm-Menu-itemLabel:text-is('Run All Cells')")


def wait_until_run(page, timeout: float = 180_000) -> None:
    """Every code cell of the active notebook has run (a number in its prompt, no ``*``)."""
    page.wait_for_function(
        f"""() => {{
          const prompts = [...document.querySelectorAll({CELLS!r})]
            .filter(c => c.classList.contains('jp-CodeCell'))
            .map(c => (c.querySelector('.jp-InputPrompt') || {{}}).textContent || '');
          return prompts.length > 0 && prompts.every(p => /\\[\\d+\\]/.test(p));
        }}""", timeout=timeout)
    page.wait_for_timeout(500)  # the last outputs and the layout pass


PROSE_STATE_JS = f"""
() => [...document.querySelectorAll({CELLS!r})].map((cell) => {{
  const md = cell.classList.contains('jp-MarkdownCell');
  return {{markdown: md, visible: cell.checkVisibility(),
           text: md ? (cell.querySelector('.jp-RenderedMarkdown') || cell).innerText.trim()
                        .slice(0, 60) : ''}};
}})
"""


def prose_on_screen(page, nb) -> dict[str, list[tuple[bool, str]]]:
    """Per language, (visible, first words) of each of its prose cells, in notebook order."""
    states = page.evaluate(PROSE_STATE_JS)
    assert len(states) == len(nb.cells)
    found: dict[str, list] = {"ar": [], "pl": []}
    for state, cell in zip(states, nb.cells, strict=True):
        lang = prose_lang(cell)
        if lang:
            found[lang].append((state["visible"], state["text"]))
    return found


def export_page(notebook: Path, lang: str, out_dir: Path) -> Path:
    """``mcourse export NOTEBOOK --lang xx -o DIR``, the README's command (it runs the lesson)."""
    result = subprocess.run([sys.executable, "-m", "mcourse.cli", "export", str(notebook),
                             "--lang", lang, "-o", str(out_dir)], cwd=ROOT,
                            capture_output=True, text=True, env=_clean_env(MCOURSE_LANG="en"))
    assert result.returncode == 0, result.stderr
    return out_dir / f"{notebook.stem}.{lang}.html"


def offline_page(browser, path: Path, viewport=None):
    """Open a file:// page; returns it and the requests that would have left the file system
    (they are blocked and recorded)."""
    page = browser.new_page(viewport=viewport or {"width": 1100, "height": 1600})
    remote: list[str] = []

    def record(route):
        if route.request.url.startswith(("file:", "data:")):
            return route.continue_()
        remote.append(route.request.url)
        return route.abort()

    page.route("**/*", record)
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    return page, remote
